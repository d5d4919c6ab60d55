"""Fusion stage, clustering: reports (events with article metadata) in, incidents with stable ids out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from marsad.fuse.compare import Features, ParentOf, Report, features, link_score, veto
from marsad.fuse.config import FuseSettings
from marsad.fuse.dedup import DupIndex
from marsad.fuse.record import build_incident, chronological, incident_id
from marsad.model import Event, Incident

__all__ = ["FuseMemo", "cluster", "fuse", "fuse_clusters"]


class FuseMemo:
    """Features, pair scores and store reads kept across calls of one fusion pass (e.g. store batches).

    Keys are event ids, so a memo is only valid while the events, their article metadata,
    ``cfg`` and ``parent_of`` stay the same (one ``fuse_pending``/``rebuild_incidents`` call).
    Pair scores are keyed by the two event ids and the near-duplicate flag. Each ``cluster``
    call keeps only its own reports' entries, so the memo stays the size of one pool.
    ``marsad.fuse.update`` also keeps here the stored events it read (``events``, trimmed
    like the features), article metadata (``meta``), the near-duplicate index (``near``),
    the stored near-duplicate links (``links``) and the store's ``change_mark`` they match.
    """

    __slots__ = ("events", "features", "links", "mark", "meta", "near", "scores")

    def __init__(self) -> None:
        self.features: dict[str, Features] = {}
        self.scores: dict[tuple[str, str, bool], float] = {}
        self.events: dict[str, Event] = {}
        self.meta: dict[str, tuple[str | None, str | None]] = {}
        self.near: DupIndex | None = None
        self.links: dict[str, str] = {}
        self.mark: tuple[int, ...] | None = None

    def retain(self, ids: set[str]) -> None:
        """Forget every event not in ``ids`` (and each pair score involving one)."""
        self.features = {k: v for k, v in self.features.items() if k in ids}
        self.scores = {k: v for k, v in self.scores.items() if k[0] in ids and k[1] in ids}
        self.events = {k: v for k, v in self.events.items() if k in ids}


def _candidate_pairs(feats: Sequence[Features]) -> set[tuple[int, int]]:
    """Blocking: pairs of the same kind and country (or no country) whose date intervals overlap."""
    blocks: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        blocks[(f.kind, f.country)].append(i)
    pairs: set[tuple[int, int]] = set()
    for (kind, country), members in blocks.items():
        group = members + (blocks.get((kind, None), []) if country is not None else [])
        dated = sorted((i for i in group if feats[i].lo is not None), key=lambda i: feats[i].lo or 0)
        for pos, i in enumerate(dated):
            hi = feats[i].hi or 0
            for j in dated[pos + 1 :]:
                if (feats[j].lo or 0) > hi:
                    break
                pairs.add((min(i, j), max(i, j)))
        for i in group:
            if feats[i].lo is None:
                pairs.update((min(i, j), max(i, j)) for j in group if j != i)
    return pairs


def cluster(
    reports: Sequence[Report],
    cfg: FuseSettings,
    *,
    parent_of: ParentOf | None = None,
    duplicates: Mapping[str, str] | None = None,
    memo: FuseMemo | None = None,
) -> list[list[int]]:
    """Group reports into incidents; returns clusters as lists of indexes into ``reports``.

    Candidate pairs (blocking on kind, country and date window) scoring at least
    ``cfg.link_threshold`` are merged best first; a merge is refused when any pair across the
    two clusters is impossible (two events of one article, other country, dates apart) or
    scores below ``cfg.veto_floor`` (different cities, incompatible tolls), so two bombings in
    one city on one day stay apart. ``duplicates`` maps a near-copy article id to its original.
    ``memo`` reuses features and pair scores computed by earlier calls (same events and cfg).
    """
    if memo is None:
        feats = [features(r, cfg, parent_of) for r in reports]
    else:
        known = memo.features
        feats = []
        for r in reports:
            f = known.get(r.id)
            if f is None or f.report != r:
                if f is not None:  # the event changed: its remembered pair scores are stale
                    memo.scores.clear()
                f = known[r.id] = features(r, cfg, parent_of)
            feats.append(f)
    if memo is not None:
        memo.retain({r.id for r in reports})
    pair_scores = memo.scores if memo is not None else None
    dup = dict(duplicates or {})

    def root_article(aid: str) -> str:
        seen = set()
        while aid in dup and aid not in seen:
            seen.add(aid)
            aid = dup[aid]
        return aid

    roots = [root_article(r.article_id) for r in reports]
    rid = [r.id for r in reports]
    cache: dict[tuple[int, int], float] = {}

    def score(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        value = cache.get(key)
        if value is None:
            same_story = roots[i] == roots[j] and reports[i].article_id != reports[j].article_id
            if pair_scores is None:
                value = link_score(feats[key[0]], feats[key[1]], cfg, duplicate=same_story)
            else:
                a, b = rid[key[0]], rid[key[1]]
                long_key = (a, b, same_story) if a < b else (b, a, same_story)
                value = pair_scores.get(long_key)
                if value is None:
                    value = pair_scores[long_key] = link_score(
                        feats[key[0]], feats[key[1]], cfg, duplicate=same_story)
            cache[key] = value
        return value

    scored = [(score(i, j), i, j) for i, j in sorted(_candidate_pairs(feats))]
    scored = [s for s in scored if s[0] >= cfg.link_threshold]
    scored.sort(key=lambda s: (-s[0], rid[s[1]], rid[s[2]]))
    owner = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    articles: dict[int, set[str]] = {i: {reports[i].article_id} for i in range(len(reports))}
    for _, i, j in scored:
        a, b = owner[i], owner[j]
        if a == b or articles[a] & articles[b]:
            continue
        if any(
            veto(s := score(x, y)) or s <= cfg.veto_floor for x in members[a] for y in members[b]
        ):
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for x in members[b]:
            owner[x] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    return [sorted(m) for m in members.values()]


def _assign_ids(groups: list[list[Report]], previous: Mapping[str, str]) -> list[str]:
    """Keep an existing incident id where the cluster holds its reports; else derive a fresh one."""
    chronos = [chronological(g) for g in groups]
    order = sorted(range(len(groups)), key=lambda g: (-len(groups[g]), chronos[g][0].id))
    used: set[str] = set()
    taken = set(previous.values())
    ids = [""] * len(groups)
    for g in order:
        chrono = chronos[g]
        votes = Counter(previous[r.id] for r in chrono if r.id in previous)
        first_seen = {previous[r.id]: n for n, r in reversed(list(enumerate(chrono))) if r.id in previous}
        for iid, _ in sorted(votes.items(), key=lambda kv: (-kv[1], first_seen[kv[0]])):
            if iid not in used:
                ids[g] = iid
                break
        if not ids[g]:
            fresh, n = incident_id(chrono[0].id), 1
            while fresh in used or fresh in taken and fresh not in votes:
                n += 1
                fresh = f"{incident_id(chrono[0].id)}-{n}"
            ids[g] = fresh
        used.add(ids[g])
    return ids


def fuse_clusters(
    reports: Sequence[Report],
    cfg: FuseSettings | None = None,
    *,
    parent_of: ParentOf | None = None,
    duplicates: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
    memo: FuseMemo | None = None,
) -> list[tuple[str, list[Report]]]:
    """``fuse`` without building the records: (incident id, its reports) per cluster, by id.

    For callers that build only some records (incremental fusion skips clusters whose
    reports are those already stored). Arguments and errors as ``fuse``.
    """
    cfg = cfg or FuseSettings()
    ids = [r.id for r in reports]
    if len(set(ids)) != len(ids):
        raise ValueError("report event ids must be unique")
    clusters = cluster(reports, cfg, parent_of=parent_of, duplicates=duplicates, memo=memo)
    groups = [[reports[i] for i in c] for c in clusters]
    names = _assign_ids(groups, previous or {})
    return sorted(zip(names, groups, strict=True), key=lambda ng: ng[0])


def fuse(
    reports: Sequence[Report],
    cfg: FuseSettings | None = None,
    *,
    parent_of: ParentOf | None = None,
    duplicates: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
    memo: FuseMemo | None = None,
) -> list[Incident]:
    """Fuse reports of many articles into incidents (the fusion stage's one public function).

    Args:
        reports: events with their article's publication date and outlet (ids must be set and
            unique).
        cfg: thresholds and weights (``fuse_settings(settings)``); defaults when None.
        parent_of: canonical group → parent group (the gazetteer's group registry), optional.
        duplicates: near-copy article id → original article id (``near_duplicates``).
        previous: event id → incident id from an earlier run; clusters keep these ids so that
            re-running never changes an id needlessly.
        memo: features and pair scores to reuse across calls over the same events (``FuseMemo``).
    Returns:
        Incidents ordered by id, each with best estimates, rules, history and report ids.
    Raises:
        ValueError: two reports share an event id.

    Example: the three Kerman reports (3, 4 and 5 Jan 2024) fuse into one incident with
    killed 89 (latest report) and 103, 84 and 89 in its history.
    """
    named = fuse_clusters(reports, cfg, parent_of=parent_of, duplicates=duplicates, previous=previous, memo=memo)
    return [build_incident(n, g) for n, g in named]
