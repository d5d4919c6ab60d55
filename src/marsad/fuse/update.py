"""Fusion stage, incremental: ids of newly stored articles in; incidents in the store revised (ids kept) out."""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.fuse import ParentOf, parent_lookup
from marsad.fuse.cluster import FuseMemo, fuse_clusters
from marsad.fuse.compare import Report, date_interval
from marsad.fuse.config import FuseSettings, fuse_settings
from marsad.fuse.dedup import SCHEME, ArticleText, DupIndex, near_duplicates, signature
from marsad.fuse.record import EVIDENCE_FIELDS, build_incident
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


def _span_of(iso: str | None, spans: list[tuple[str, str]], ends: list[str]) -> int | None:
    """Index of the first of the disjoint ISO spans (sorted by date) whose store date filter
    (``since``/``until``) ``iso`` passes, or None.

    ``date >= since[:len(date)] and date <= until`` (a partial date matches when its period
    overlaps), as ``SQLiteStore.events`` applies it; ``ends`` are the spans' ``until``s. Only
    the first span whose ``until`` is not before ``iso`` can match: a later one starts later.
    """
    if not iso:
        return None
    k = bisect_left(ends, iso)
    if k == len(spans):
        return None
    since, _ = spans[k]
    return k if iso >= since[: len(iso)] else None


def _in_window(iso: str | None, spans: list[tuple[str, str]], ends: list[str]) -> bool:
    """Whether ``iso`` passes the store's date filter of one of the spans (``_span_of``)."""
    return _span_of(iso, spans, ends) is not None


def _neighbours(store: Any, events: list[Event], meta: dict[str, tuple[str | None, str | None]],
                cfg: FuseSettings) -> list[str]:
    """Ids of stored events that could be the same incident as ``events`` (same kind/country, dates overlap).

    The same ids, in the same order, as one ``store.events(kind, since, until)`` query per kind
    and merged date span (spans in date order) kept when an event's window for its kind and
    country (or for its kind without country) holds its date; read with one light query
    (id, country, date) per kind over all its spans, then sorted by span and filtered in memory.
    """
    windows: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
    for ev in events:
        lo, hi, _ = date_interval(ev.date, meta.get(ev.article_id, (None, None))[0], cfg)
        if lo is None or hi is None:
            continue
        # widen by a year-precision partner's reach: partial dates are matched by the store filter
        key = (ev.kind, ev.country.upper() if ev.country else None)
        windows.setdefault(key, []).append((lo - cfg.date_window_days, hi + cfg.date_window_days))
    spans: dict[tuple[str, str | None], tuple[list[tuple[str, str]], list[str]]] = {}
    for key, ivs in windows.items():
        iso = [(_iso(lo), _iso(hi)) for lo, hi in _merge(ivs)]
        spans[key] = (iso, [u for _, u in iso])
    found: list[str] = []
    for kind in sorted({k for k, _ in windows}):
        merged = [(_iso(lo), _iso(hi)) for lo, hi in
                  _merge(iv for (k, _), ivs in windows.items() if k == kind for iv in ivs)]
        ends = [u for _, u in merged]
        anywhere = spans.get((kind, None))
        rows: list[tuple[int, int, str]] = []  # (span, position in the query's order, id)
        for n, (eid, _aid, country, day) in enumerate(
                store.event_keys(kind=kind, since=merged[0][0], until=merged[-1][1])):
            span = _span_of(day, merged, ends)
            if span is None:
                continue
            here = spans.get((kind, country.upper())) if country else None
            if (anywhere is not None and _in_window(day, *anywhere)) or (here is not None and _in_window(day, *here)):
                rows.append((span, n, eid))
        found += [eid for _, _, eid in sorted(rows)]
    return list(dict.fromkeys(found))


def _stored_events(store: Any, ids: Iterable[str], memo: FuseMemo) -> dict[str, Event]:
    """event id → stored Event for ``ids`` (in their order), read once per pass (``memo.events``)."""
    ids = list(ids)
    missing = [eid for eid in ids if eid not in memo.events]
    if missing:  # fusion reads no explanation lines and only the evidence of the tolls
        memo.events.update(store.events_by_id(missing, fields=EVIDENCE_FIELDS, explain=False))
    return {eid: memo.events[eid] for eid in ids if eid in memo.events}


def _article_meta(conn: Any, ids: Iterable[str], memo: FuseMemo) -> dict[str, tuple[str | None, str | None]]:
    """article id → (published, outlet), read once per pass (``memo.meta``)."""
    ids = list(dict.fromkeys(ids))
    memo.meta.update(db.article_meta(conn, [a for a in ids if a not in memo.meta]))
    return {a: memo.meta[a] for a in ids if a in memo.meta}


def _near_state(conn: Any, memo: FuseMemo, cfg: FuseSettings) -> tuple[DupIndex, dict[str, str]]:
    """The near-duplicate index of every stored signature and the stored near-duplicate links.

    Read from the store on a pass's first batch, and again whenever the store's
    ``change_mark`` shows that someone else wrote either table since this pass last did.
    """
    mark = db.change_mark(conn)
    if memo.near is None or memo.mark != mark:
        index = DupIndex(cfg)
        for aid, pub, values in db.load_signatures(conn, SCHEME, cfg.minhash_perm):
            index.add(ArticleText(aid, "", pub), values)
        memo.near, memo.links, memo.mark = index, db.load_duplicates(conn), mark
    return memo.near, memo.links


def update_incidents(
    store: Any,
    article_ids: Iterable[str],
    *,
    settings: Settings | None = None,
    gazetteer: object | None = None,
    memo: FuseMemo | None = None,
    rewrite: bool = False,
) -> FusionResult:
    """Fuse the events of newly stored articles into the store's incidents, incrementally.

    Links near-copies of earlier articles (MinHash), then re-fuses the new events together
    with every stored event of the same kind and country whose date window overlaps and with
    all reports of the incidents those belong to; incidents keep their ids (a cluster that
    grows keeps its id; merged incidents are removed; a new one gets an id derived from its
    earliest report). Only incidents whose reports changed are rebuilt and written (stored
    events and articles never change, so neither does the record of an unchanged cluster);
    ``rewrite`` rebuilds and writes every incident touched (after a change of fusion rules).
    Called by ``marsad run`` after storing.

    Args:
        store: an open ``marsad.store.SQLiteStore``.
        article_ids: ids of the articles just stored (their events are read from the store).
        settings: read for the ``[fuse]`` section; gazetteer: for group parents (optional).
        memo: features, pair scores and store reads kept from earlier batches of the same
            pass (optional; only while no other process fuses into the store meanwhile).
        rewrite: write every incident re-fused, changed or not.
    Returns:
        FusionResult (``updated``: stored incidents whose reports changed).
        Raises: StoreError when the database stays locked.

    Example:
        >>> update_incidents(store, ["dev-039", "dev-010", "dev-040"]).created
        ['inc-…']  # one Kerman incident
    """
    cfg = fuse_settings(settings)
    parent_of: ParentOf | None = parent_lookup(gazetteer) if gazetteer is not None else None
    memo = memo if memo is not None else FuseMemo()
    conn = store.conn
    result = FusionResult()
    arts = db.article_texts(conn, article_ids)
    index, links = _near_state(conn, memo, cfg)
    sigs = {aid: signature(text, cfg) for aid, text, _ in arts}
    dups = near_duplicates([ArticleText(*a) for a in arts], cfg, signatures=sigs, index=index)
    result.duplicates = [(d.article_id, d.original_id, d.similarity) for d in dups]

    new_events = list(_stored_events(store, store.event_ids_of_articles([aid for aid, _, _ in arts]), memo).values())
    meta = _article_meta(conn, [aid for aid, _, _ in arts], memo)
    pool = {ev.id: ev for ev in new_events}
    pool.update(_stored_events(store, (e for e in _neighbours(store, new_events, meta, cfg) if e not in pool), memo))
    previous = db.incident_ids_for_events(conn, pool)
    # sorted: the pool's order breaks ties between equal scores, so it must not follow set order
    members = db.report_ids(conn, sorted(set(previous.values())))
    extra = [e for pairs in members.values() for e, _ in pairs if e not in pool]
    pool.update(_stored_events(store, extra, memo))
    previous = db.incident_ids_for_events(conn, pool)
    meta = _article_meta(conn, (ev.article_id for ev in pool.values()), memo)
    reports = [Report(ev, *meta.get(ev.article_id, (None, None))) for ev in pool.values()]
    duplicates = dict(links)
    duplicates.update({d.article_id: d.original_id for d in dups})
    named = fuse_clusters(reports, cfg, parent_of=parent_of, duplicates=duplicates, previous=previous, memo=memo)
    stored = {iid: {e for e, _ in pairs} for iid, pairs in members.items()}
    incidents = [build_incident(iid, group) for iid, group in named
                 if rewrite or iid not in stored or stored[iid] != {r.id for r in group}]
    kept = {iid for iid, _ in named}
    old = set(previous.values())
    result.incidents = incidents
    result.created = sorted(kept - old)
    result.updated = sorted({inc.id for inc in incidents} & old)
    result.removed = sorted(old - kept)
    result.reports = len(reports)
    report_articles = {ev.id: ev.article_id for ev in pool.values()}

    def write(c: Any) -> None:
        db.save_duplicates(c, result.duplicates)
        db.save_signatures(c, sigs, SCHEME)
        db.save_incidents(c, incidents, result.removed, report_articles)
        memo.mark = db.change_mark(c)

    try:
        store.write(write)
    except BaseException:
        memo.near = memo.mark = None  # the index holds this batch's signatures, the store does not
        raise
    links.update({d.article_id: d.original_id for d in dups})
    return result


def fuse_pending(
    store: Any, *, settings: Settings | None = None, gazetteer: object | None = None, batch: int = 500
) -> FusionResult:
    """Fuse every stored article that is not fused yet (``batch`` at a time, oldest first).

    ``marsad run`` calls this after storing, so a run interrupted between storing and fusing
    is completed by the next run.
    """
    return _fuse_batches(store, db.unfused_article_ids(store.conn), settings, gazetteer, batch, False)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (reference counting still frees memory).

    A fusion pass allocates ~100 acyclic objects per report (events, features, history
    values); each allocation burst triggered collections that traversed every live object,
    the pipeline's resources included: a tenth of fusion's CPU time at 2,000 articles
    (issue 7). The collector's earlier state is restored on exit, even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fuse_batches(
    store: Any, ids: list[str], settings: Settings | None, gazetteer: object | None, batch: int, rewrite: bool
) -> FusionResult:
    with _collector_paused():
        return _fuse_batches_now(store, ids, settings, gazetteer, batch, rewrite)


def _fuse_batches_now(
    store: Any, ids: list[str], settings: Settings | None, gazetteer: object | None, batch: int, rewrite: bool
) -> FusionResult:
    total = FusionResult()
    memo = FuseMemo()  # events are immutable once stored: features, pair scores and reads carry over
    for i in range(0, len(ids), batch):
        step = update_incidents(store, ids[i : i + batch], settings=settings, gazetteer=gazetteer, memo=memo,
                                rewrite=rewrite)
        total.created = sorted((set(total.created) | set(step.created)) - set(step.removed))
        total.updated = sorted((set(total.updated) | set(step.updated)) - set(step.removed) - set(total.created))
        total.removed += step.removed
        total.duplicates += step.duplicates
        total.reports += step.reports
    return total


def rebuild_incidents(
    store: Any, *, settings: Settings | None = None, gazetteer: object | None = None, batch: int = 500
) -> FusionResult:
    """Fuse every stored article (in publication order, ``batch`` articles at a time); ids kept.

    Every incident is rebuilt and written again (``update_incidents(rewrite=True)``), so
    records follow the current fusion rules.
    """
    ids = [a for a, _ in sorted(
        ((row[0], row[1] or "") for row in store.conn.execute("SELECT id, published FROM articles")),
        key=lambda x: (x[1], x[0]),
    )]
    total = _fuse_batches(store, ids, settings, gazetteer, batch, True)
    total.incidents = db.load_incidents(store.conn)
    total.updated = sorted({i.id for i in total.incidents} - set(total.created))
    return total
