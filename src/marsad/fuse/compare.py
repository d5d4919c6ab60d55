"""Fusion stage, pair scoring: two reports (events with article metadata) in, a same-incident score with reasons out."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from marsad.fuse.config import FuseSettings
from marsad.fuse.similarity import partial_below
from marsad.model import Count, Event
from marsad.text.normalize import normalize_phrase

__all__ = [
    "Features", "ParentOf", "Report", "branch_parent", "date_interval", "features", "link_score", "score_pair",
    "veto",
]

ParentOf = Callable[[str], "str | None"]

# Perpetrator values that name no group (event-format.md, ``perpetrators``).
_NO_GROUP = frozenset({"unknown", ""})
_LONE = "individual"
_VETO = -1e9
# Reasons that corroborate a pair beyond date, area and attack/target type (shared by many
# incidents: two bombings in one city on one day).
_CORROBORATING = (
    "same spot", "same group", "lone attacker", "same toll", "close tolls", "compatible tolls", "toll rose",
    "similar evidence", "related evidence", "near-duplicate",
)


@dataclass(frozen=True, slots=True)
class Report:
    """One event as one article reported it, with the article metadata fusion needs.

    ``event.id`` and ``event.article_id`` must be set; ``published`` is the article's ISO date.
    """

    event: Event
    published: str | None = None
    outlet: str | None = None

    @property
    def id(self) -> str:
        """The event id."""
        return self.event.id

    @property
    def article_id(self) -> str:
        """The id of the article that reported the event."""
        return self.event.article_id


@dataclass(frozen=True, slots=True)
class Features:
    """Precomputed comparison features of one report (dates as proleptic ordinals)."""

    report: Report
    kind: str
    country: str | None
    lo: int | None
    hi: int | None
    day: int | None
    month: str | None
    city: str | None
    admin1: str | None
    place: str
    lat: float | None
    lon: float | None
    groups: frozenset[str]
    families: frozenset[str]
    lone: bool
    killed: tuple[int, int] | None
    published: int | None
    attack_types: frozenset[str]
    target_types: frozenset[str]
    evidence: str
    # the evidence's whitespace tokens sorted and re-joined (what token_sort_ratio compares)
    evidence_sorted: str = ""
    # math.radians(lat) and its cosine (what the haversine distance needs), 0 without coordinates
    phi: float = 0.0
    cos_phi: float = 0.0


def branch_parent(canonical: str) -> str | None:
    """Parent of a branch named "<Group> – <Branch>" (the spec's canonical branch titles), else None.

    Example: ``branch_parent("Islamic State – Khorasan Province") == "Islamic State"``.
    """
    for sep in (" – ", " - ", " — "):
        if sep in canonical:
            return canonical.split(sep, 1)[0].strip()
    return None


def _parse_date(iso: str | None) -> tuple[int, int, int | None] | None:
    """(first ordinal, last ordinal, day ordinal or None) of an ISO day/month/year, None if unparsable."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2])).toordinal()
            return d, d, d
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            first = date(y, m, 1)
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1, None
        y = int(parts[0])
        return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal(), None
    except ValueError:
        return None


def _count_bounds(value: Count) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _types(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset({v for v in values if v and v != "unknown"})


def date_interval(
    event_date: str | None, published: str | None, cfg: FuseSettings
) -> tuple[int | None, int | None, int | None]:
    """(first, last, day) proleptic ordinals of the days a report's incident may lie on.

    The event date widened by ``cfg.date_window_days`` at day precision (``day`` its ordinal),
    the whole month/year when partial (``day`` None), [published − ``cfg.undated_lookback_days``,
    published] when undated, and (None, None, None) when neither date parses.
    """
    parsed = _parse_date(event_date)
    if parsed is not None:
        w = cfg.date_window_days
        return parsed[0] - w, parsed[1] + w, parsed[2]
    pub = _parse_date(published)
    if pub is not None:
        return pub[0] - cfg.undated_lookback_days, pub[1], None
    return None, None, None


def features(report: Report, cfg: FuseSettings, parent_of: ParentOf | None = None) -> Features:
    """Precompute what ``score_pair`` compares; ``parent_of`` maps a canonical group to its parent.

    The date interval is the event date widened by ``cfg.date_window_days`` at day precision,
    the whole month/year when partial, and [published − lookback, published] when undated.
    """
    ev = report.event
    lo, hi, day = date_interval(ev.date, report.published, cfg)
    groups = frozenset(g for g in ev.perpetrators if g not in _NO_GROUP and g != _LONE)
    families = set(groups)
    for g in groups:
        parent = (parent_of(g) if parent_of else None) or branch_parent(g)
        if parent:
            families.add(parent)
    return Features(
        report=report,
        kind=ev.kind,
        country=ev.country,
        lo=lo,
        hi=hi,
        day=day,
        month=ev.date[:7] if ev.date and len(ev.date) >= 7 else None,
        city=normalize_phrase(ev.city) if ev.city else None,
        admin1=normalize_phrase(ev.admin1) if ev.admin1 else None,
        place=normalize_phrase(ev.place) if ev.place else "",
        lat=ev.lat,
        lon=ev.lon,
        groups=groups,
        families=frozenset(families),
        lone=_LONE in ev.perpetrators,
        killed=_count_bounds(ev.killed),
        published=pub[0] if (pub := _parse_date(report.published)) and pub[2] is not None else None,
        attack_types=_types(ev.attack_types),
        target_types=_types(ev.target_types),
        evidence=(evidence := normalize_phrase(ev.evidence) if ev.evidence else ""),
        evidence_sorted=" ".join(sorted(evidence.split())),
        phi=(phi := math.radians(ev.lat) if ev.lat is not None else 0.0),
        cos_phi=math.cos(phi),
    )


def _km(a: Features, b: Features) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = a.phi, b.phi  # math.radians(lat), computed once per report
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + a.cos_phi * b.cos_phi * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _date_score(a: Features, b: Features, cfg: FuseSettings) -> tuple[float, str] | None:
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return 0.0, "date unknown"
    if a.hi < b.lo or b.hi < a.lo:
        return None
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        if gap == 0:
            return cfg.w_same_day, "same day"
        if gap == 1:
            return cfg.w_day_apart, "one day apart"
        return cfg.w_days_apart, f"{gap} days apart"
    if a.month and b.month and a.month == b.month:
        return cfg.w_same_month, "same month"
    return 0.0, "dates compatible"


def _place_score(a: Features, b: Features, cfg: FuseSettings) -> tuple[float | None, list[str]]:
    """Score of the places; None (impossible) for different cities or admin1, or far coordinates.

    Coordinates may be a city's centroid, so nearness only stands in for a same-city match
    (names spelled differently, a suburb); only the ``place`` strings tell the spot.
    """
    km = _km(a, b)
    if km is not None and km > cfg.far_km:
        return None, [f"{km:.0f} km apart"]
    near = km is not None and km <= cfg.near_km
    score, why = 0.0, []
    if a.city and b.city:
        if a.city != b.city and not near:
            return None, ["different cities"]
        score, why = cfg.w_same_city, ["same city" if a.city == b.city else f"nearby cities ({km:.0f} km)"]
    elif a.admin1 and b.admin1:
        if a.admin1 != b.admin1 and not near:
            return None, ["different admin1"]
        score, why = (cfg.w_same_city, ["nearby places"]) if near else (cfg.w_same_admin1, ["same admin1"])
    elif near:
        score, why = cfg.w_same_city, ["nearby places"]
    if a.place and b.place:
        sim = fuzz.token_set_ratio(a.place, b.place)
        if sim >= cfg.evidence_high:
            score += cfg.w_place_same
            why.append("same spot")
        elif sim < cfg.evidence_mid:
            score += cfg.w_place_differs
            why.append("different spots")
    return score, why


def _group_score(a: Features, b: Features, cfg: FuseSettings) -> tuple[float, str]:
    if a.groups and b.groups:
        if a.groups & b.groups:
            return cfg.w_group_same, "same group"
        if a.families & b.families:
            return cfg.w_group_family, "same group family"
        return cfg.w_group_differs, "different groups"
    if a.lone and b.lone:
        return cfg.w_group_family, "lone attacker in both"
    return 0.0, ""


def _toll_score(a: Features, b: Features, cfg: FuseSettings) -> tuple[float, str]:
    if a.killed is None or b.killed is None:
        return 0.0, ""
    lo = max(a.killed[0], b.killed[0])
    hi = min(a.killed[1], b.killed[1])
    if lo <= hi:
        return cfg.w_toll_close, "same toll"
    if a.killed[1] < b.killed[0]:
        (low, high), (low_pub, high_pub) = (a.killed[1], b.killed[0]), (a.published, b.published)
    else:
        (low, high), (low_pub, high_pub) = (b.killed[1], a.killed[0]), (b.published, a.published)
    if high - low <= cfg.toll_slack or high <= 1.25 * low:
        return cfg.w_toll_close, "close tolls"
    if low > 0 and high <= cfg.toll_ratio * low:
        return cfg.w_toll_compatible, "compatible tolls"
    if low_pub is not None and high_pub is not None and low_pub < high_pub:
        return cfg.w_toll_compatible, "toll rose in a later report"
    return cfg.w_toll_incompatible, "incompatible tolls"


def _types_score(x: frozenset[str], y: frozenset[str], cfg: FuseSettings, what: str) -> tuple[float, str]:
    if not x or not y:
        return 0.0, ""
    if x & y:
        return cfg.w_types_overlap, f"shared {what}"
    return cfg.w_types_disjoint, f"different {what}"


def _evidence_sim(a: Features, b: Features, floor: float, enough: float = math.inf) -> float:
    """max(token_sort_ratio, partial_ratio when both are ≥ 30 chars) of the evidence strings.

    Exact when the result is ≥ ``floor``; below it the result may be 0 (callers only compare
    it with thresholds ≥ ``floor``), which lets rapidfuzz stop early (``score_cutoff``).
    token_sort_ratio = ratio of the whitespace tokens sorted and re-joined, precomputed once
    per report in ``Features.evidence_sorted``. When token_sort_ratio reaches ``enough`` (the
    caller needs no more), partial_ratio is not computed; it is also skipped when
    ``partial_below`` proves it below the score it would have to beat (same result).
    """
    ea, eb = a.evidence, b.evidence
    if not ea or not eb:
        return 0.0
    sim = fuzz.ratio(a.evidence_sorted, b.evidence_sorted, score_cutoff=floor)
    if sim < enough and len(ea) >= 30 and len(eb) >= 30:
        cutoff = max(sim, floor)
        if not partial_below(ea, eb, cutoff):
            sim = max(sim, fuzz.partial_ratio(ea, eb, score_cutoff=cutoff))
    return sim


def _base_score(a: Features, b: Features, cfg: FuseSettings) -> tuple[float, list[str]]:
    """Score and reasons of everything but evidence, near-duplicates and corroboration; _VETO when impossible."""
    if a.kind != b.kind or a.report.article_id == b.report.article_id:
        return _VETO, ["different kind or same article"]
    if a.country and b.country and a.country != b.country:
        return _VETO, ["different countries"]
    dated = _date_score(a, b, cfg)
    if dated is None:
        return _VETO, ["dates too far apart"]
    total, reasons = dated[0], [dated[1]]
    place, why = _place_score(a, b, cfg)
    if place is None:
        return _VETO, why
    total += place
    reasons += why
    for part in (
        _group_score(a, b, cfg),
        _toll_score(a, b, cfg),
        _types_score(a.attack_types, b.attack_types, cfg, "attack types"),
        _types_score(a.target_types, b.target_types, cfg, "target types"),
    ):
        total += part[0]
        if part[1]:
            reasons.append(part[1])
    return total, reasons


def _evidence_level(sim: float, cfg: FuseSettings) -> int:
    """2 for similar evidence, 1 for related, 0 otherwise."""
    return 2 if sim >= cfg.evidence_high else 1 if sim >= cfg.evidence_mid else 0


def _final_score(total: float, corroborated: bool, level: int, duplicate: bool, cfg: FuseSettings) -> float:
    """``total`` plus the evidence, near-duplicate and no-corroboration terms, in score_pair's order."""
    if level:
        total += cfg.w_evidence_high if level == 2 else cfg.w_evidence_mid
        corroborated = True
    if duplicate and total >= 0:
        total += cfg.w_near_duplicate
        corroborated = True
    if not corroborated:
        total += cfg.w_uncorroborated
    return total


def score_pair(
    a: Features, b: Features, cfg: FuseSettings, *, duplicate: bool = False
) -> tuple[float, tuple[str, ...]]:
    """Score how likely two reports describe one incident (higher = more likely).

    Kinds, countries, cities (or admin1) must agree, date intervals overlap, and two events of
    one article are never one incident (the spec's granularity rule); otherwise the score is
    ``-1e9``. Cities that differ by name but lie within ``cfg.near_km`` (coordinates) agree.
    ``duplicate`` marks reports from near-duplicate articles. Returns (score, reasons).

    Example: the Kerman reports of 3 and 4 Jan 2024 (same day, same city, 103 vs 84 dead)
    score ≈ 5 (same day + same city + close tolls + shared attack type).
    """
    total, reasons = _base_score(a, b, cfg)
    if total <= _VETO:
        return _VETO, tuple(reasons)
    corroborated = any(r.startswith(_CORROBORATING) for r in reasons)
    sim = _evidence_sim(a, b, min(cfg.evidence_mid, cfg.evidence_high))
    level = _evidence_level(sim, cfg)
    if level == 2:
        reasons.append(f"similar evidence ({sim:.0f})")
    elif level == 1:
        reasons.append(f"related evidence ({sim:.0f})")
    with_evidence = total + (cfg.w_evidence_high if level == 2 else cfg.w_evidence_mid) if level else total
    if duplicate and with_evidence >= 0:
        reasons.append("near-duplicate articles")
    if not any(r.startswith(_CORROBORATING) for r in reasons):
        reasons.append("nothing but date, place and types in common")
    return _final_score(total, corroborated, level, duplicate, cfg), tuple(reasons)


def link_score(a: Features, b: Features, cfg: FuseSettings, *, duplicate: bool = False) -> float:
    """``score_pair``'s score where clustering needs it exactly, else a stand-in it treats alike.

    Clustering only asks whether a score is a veto, ≤ ``cfg.veto_floor``, or ≥
    ``cfg.link_threshold`` (and orders the latter). When every evidence level would leave the
    score strictly between the floor and the threshold, the costly evidence similarity is
    skipped and the score without similar evidence is returned (also in that range).
    """
    total, reasons = _base_score(a, b, cfg)
    if total <= _VETO:
        return _VETO
    corroborated = any(r.startswith(_CORROBORATING) for r in reasons)
    f0 = _final_score(total, corroborated, 0, duplicate, cfg)
    f1 = _final_score(total, corroborated, 1, duplicate, cfg)
    f2 = _final_score(total, corroborated, 2, duplicate, cfg)
    lo, hi = cfg.veto_floor, cfg.link_threshold
    if lo < f0 < hi and lo < f1 < hi and lo < f2 < hi:
        return f0
    sim = _evidence_sim(a, b, min(cfg.evidence_mid, cfg.evidence_high), max(cfg.evidence_mid, cfg.evidence_high))
    level = _evidence_level(sim, cfg)
    return f2 if level == 2 else f1 if level == 1 else f0


def veto(score: float) -> bool:
    """True for the score ``score_pair`` gives pairs that can never be one incident."""
    return score <= _VETO
