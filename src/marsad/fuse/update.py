"""Fusion stage, incremental: ids of newly stored articles in; incidents in the store revised (ids kept) out."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.fuse import ParentOf, parent_lookup
from marsad.fuse.cluster import FuseMemo, fuse
from marsad.fuse.compare import Report, features
from marsad.fuse.config import FuseSettings, fuse_settings
from marsad.fuse.dedup import SCHEME, ArticleText, near_duplicates, signature
from marsad.model import Event, Incident
from marsad.settings import Settings
from marsad.store import incidents as db

__all__ = ["FusionResult", "fuse_pending", "rebuild_incidents", "update_incidents"]


@dataclass(slots=True)
class FusionResult:
    """What one fusion update did.

    ``incidents`` are the incidents written (created or revised); ``created``/``updated``/
    ``removed`` their ids by fate (``removed``: merged into another); ``duplicates`` the
    (copy, original, similarity) near-duplicate links found; ``reports`` the events fused.
    """

    incidents: list[Incident] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    reports: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "incidents": len(self.incidents), "created": len(self.created), "updated": len(self.updated),
            "removed": len(self.removed), "duplicates": len(self.duplicates), "reports": self.reports,
        }


def _iso(ordinal: int) -> str:
    return date.fromordinal(max(1, ordinal)).isoformat()


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of closed ordinal intervals as sorted disjoint intervals (touching ones joined)."""
    out: list[list[int]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _in_window(iso: str | None, spans: list[tuple[str, str]], ends: list[str]) -> bool:
    """The store's date filter (``since``/``until``) over disjoint ISO spans sorted by date.

    ``date >= since[:len(date)] and date <= until`` (a partial date matches when its period
    overlaps), as ``SQLiteStore.events`` applies it; ``ends`` are the spans' ``until``s.
    """
    if not iso:
        return False
    k = bisect_left(ends, iso)
    if k == len(spans):
        return False
    since, _ = spans[k]
    return iso >= since[: len(iso)]


def _neighbours(store: Any, events: list[Event], meta: dict[str, tuple[str | None, str | None]],
                cfg: FuseSettings) -> dict[str, Event]:
    """Stored events that could be the same incident as ``events`` (same kind/country, dates overlap).

    The same set as one ``store.events(kind, country, since, until)`` query per event window,
    but read with one query per kind and merged date span, then filtered in memory.
    """
    windows: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
    for ev in events:
        f = features(Report(ev, meta.get(ev.article_id, (None, None))[0]), cfg)
        if f.lo is None or f.hi is None:
            continue
        # widen by a year-precision partner's reach: partial dates are matched by the store filter
        key = (ev.kind, ev.country.upper() if ev.country else None)
        windows.setdefault(key, []).append((f.lo - cfg.date_window_days, f.hi + cfg.date_window_days))
    spans: dict[tuple[str, str | None], tuple[list[tuple[str, str]], list[str]]] = {}
    for key, ivs in windows.items():
        iso = [(_iso(lo), _iso(hi)) for lo, hi in _merge(ivs)]
        spans[key] = (iso, [u for _, u in iso])
    found: dict[str, Event] = {}
    for kind in sorted({k for k, _ in windows}):
        merged = _merge(iv for (k, _), ivs in windows.items() if k == kind for iv in ivs)
        for lo, hi in merged:
            for ev in store.events(kind=kind, since=_iso(lo), until=_iso(hi)):
                if ev.id in found:
                    continue
                keys = [(kind, None)]
                if ev.country:
                    keys.append((kind, ev.country.upper()))
                if any(key in spans and _in_window(ev.date, *spans[key]) for key in keys):
                    found[ev.id] = ev
    return found


def _report_events(store: Any, pairs: Iterable[tuple[str, str]]) -> dict[str, Event]:
    by_article: dict[str, set[str]] = {}
    for eid, aid in pairs:
        by_article.setdefault(aid, set()).add(eid)
    out: dict[str, Event] = {}
    for aid, eids in by_article.items():
        for ev in store.events(article_id=aid):
            if ev.id in eids:
                out[ev.id] = ev
    return out


def update_incidents(
    store: Any,
    article_ids: Iterable[str],
    *,
    settings: Settings | None = None,
    gazetteer: object | None = None,
    memo: FuseMemo | None = None,
) -> FusionResult:
    """Fuse the events of newly stored articles into the store's incidents, incrementally.

    Links near-copies of earlier articles (MinHash), then re-fuses the new events together
    with every stored event of the same kind and country whose date window overlaps and with
    all reports of the incidents those belong to; incidents keep their ids (a cluster that
    grows keeps its id; merged incidents are removed; a new one gets an id derived from its
    earliest report). Called by ``marsad run`` after storing.

    Args:
        store: an open ``marsad.store.SQLiteStore``.
        article_ids: ids of the articles just stored (their events are read from the store).
        settings: read for the ``[fuse]`` section; gazetteer: for group parents (optional).
        memo: features and pair scores kept from earlier batches of the same pass (optional).
    Returns:
        FusionResult. Raises: StoreError when the database stays locked.

    Example:
        >>> update_incidents(store, ["dev-039", "dev-010", "dev-040"]).created
        ['inc-…']  # one Kerman incident
    """
    cfg = fuse_settings(settings)
    parent_of: ParentOf | None = parent_lookup(gazetteer) if gazetteer is not None else None
    conn = store.conn
    new_ids = list(dict.fromkeys(article_ids))
    result = FusionResult()
    arts = [a for a in (store.article(aid) for aid in new_ids) if a is not None]
    known = [(ArticleText(aid, "", pub), values) for aid, pub, values in db.load_signatures(conn, SCHEME, cfg.minhash_perm)]
    texts = [ArticleText(a.id, a.text, a.published) for a in arts]
    sigs = {a.id: signature(a.text, cfg) for a in arts}
    dups = near_duplicates(texts, cfg, known, signatures=sigs)
    result.duplicates = [(d.article_id, d.original_id, d.similarity) for d in dups]

    new_events = [ev for a in arts for ev in store.events(article_id=a.id)]
    meta = db.article_meta(conn, [a.id for a in arts])
    pool = {ev.id: ev for ev in new_events}
    pool.update(_neighbours(store, new_events, meta, cfg))
    previous = db.incident_ids_for_events(conn, pool)
    # sorted: the pool's order breaks ties between equal scores, so it must not follow set order
    members = db.report_ids(conn, sorted(set(previous.values())))
    extra = [(e, a) for pairs in members.values() for e, a in pairs if e not in pool]
    pool.update(_report_events(store, extra))
    previous = db.incident_ids_for_events(conn, pool)
    meta.update(db.article_meta(conn, {ev.article_id for ev in pool.values()} - set(meta)))
    reports = [Report(ev, *meta.get(ev.article_id, (None, None))) for ev in pool.values()]
    duplicates = db.load_duplicates(conn)
    duplicates.update({d.article_id: d.original_id for d in dups})
    incidents = fuse(reports, cfg, parent_of=parent_of, duplicates=duplicates, previous=previous, memo=memo)
    kept = {inc.id for inc in incidents}
    old = set(previous.values())
    result.incidents = incidents
    result.created = sorted(kept - old)
    result.updated = sorted(kept & old)
    result.removed = sorted(old - kept)
    result.reports = len(reports)
    report_articles = {ev.id: ev.article_id for ev in pool.values()}

    def write(c: Any) -> None:
        db.save_duplicates(c, result.duplicates)
        db.save_signatures(c, sigs, SCHEME)
        db.save_incidents(c, incidents, result.removed, report_articles)

    store.write(write)
    return result


def fuse_pending(
    store: Any, *, settings: Settings | None = None, gazetteer: object | None = None, batch: int = 500
) -> FusionResult:
    """Fuse every stored article that is not fused yet (``batch`` at a time, oldest first).

    ``marsad run`` calls this after storing, so a run interrupted between storing and fusing
    is completed by the next run.
    """
    return _fuse_batches(store, db.unfused_article_ids(store.conn), settings, gazetteer, batch)


def _fuse_batches(
    store: Any, ids: list[str], settings: Settings | None, gazetteer: object | None, batch: int
) -> FusionResult:
    total = FusionResult()
    memo = FuseMemo()  # events are immutable once stored: features and pair scores carry over
    for i in range(0, len(ids), batch):
        step = update_incidents(store, ids[i : i + batch], settings=settings, gazetteer=gazetteer, memo=memo)
        total.created = sorted((set(total.created) | set(step.created)) - set(step.removed))
        total.removed += step.removed
        total.duplicates += step.duplicates
        total.reports += step.reports
    return total


def rebuild_incidents(
    store: Any, *, settings: Settings | None = None, gazetteer: object | None = None, batch: int = 500
) -> FusionResult:
    """Fuse every stored article (in publication order, ``batch`` articles at a time); ids kept."""
    ids = [a for a, _ in sorted(
        ((row[0], row[1] or "") for row in store.conn.execute("SELECT id, published FROM articles")),
        key=lambda x: (x[1], x[0]),
    )]
    total = _fuse_batches(store, ids, settings, gazetteer, batch)
    total.incidents = db.load_incidents(store.conn)
    total.updated = sorted({i.id for i in total.incidents} - set(total.created))
    return total
