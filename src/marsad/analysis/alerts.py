"""Alerts: fused incidents (the whole history) in, alerts that fired in a window, each with the incidents that fired it, out."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from marsad.analysis.base import (
    AnalysisSettings,
    ParentLookup,
    Regions,
    count_low,
    incident_day,
    incident_groups,
    load_regions,
    select,
)
from marsad.analysis.trends import in_window
from marsad.model import Incident

__all__ = ["ALERT_KINDS", "Alert", "detect_alerts"]

ALERT_KINDS: tuple[str, ...] = (
    "new_theatre",
    "surge_week",
    "surge_month",
    "targeting_shift",
    "mass_casualty",
    "new_claimant",
)


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert.

    ``kind`` is one of ALERT_KINDS; ``key`` is stable across runs (kind + subject + period)
    so storing twice stores once; ``date`` the ISO day it refers to (the incident's date, or
    the last day of the surge week/month/quarter); ``incidents`` the ids of the incidents that
    fired it; ``score`` its strength (ratio for surges, share change for shifts, killed for
    mass casualty, days since last seen for claims); ``params`` the numbers behind it, as
    used by the report's message templates (resources/<lang>/analysis.yaml).
    """

    kind: str
    key: str
    date: str
    incidents: tuple[str, ...]
    group: str | None = None
    country: str | None = None
    admin1: str | None = None
    region: str | None = None
    target_type: str | None = None
    score: float = 0.0
    params: tuple[tuple[str, Any], ...] = ()

    def param(self, name: str, default: Any = None) -> Any:
        """One of ``params`` by name."""
        return dict(self.params).get(name, default)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field (params as an object)."""
        return {
            "kind": self.kind, "key": self.key, "date": self.date, "incidents": list(self.incidents),
            "group": self.group, "country": self.country, "admin1": self.admin1, "region": self.region,
            "target_type": self.target_type, "score": self.score, "params": dict(self.params),
        }


def _start(iso: str | None) -> dt.date | None:
    """First day of a (possibly partial) ISO date: "2024-03" → 2024-03-01."""
    if not iso or len(iso) < 4:
        return None
    full = iso[:10] if len(iso) >= 10 else f"{iso[:7]}-01" if len(iso) >= 7 else f"{iso[:4]}-01-01"
    try:
        return dt.date.fromisoformat(full)
    except ValueError:
        return None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _new_theatre(incs: list[Incident], since: str | None, until: str, cfg: AnalysisSettings,
                 parent: ParentLookup | None) -> list[Alert]:
    """A group's incident in a country where it had none in the previous N years (or ever)."""
    seen: dict[tuple[str, str], list[tuple[dt.date, str]]] = defaultdict(list)
    for inc in incs:
        day = _start(inc.date)
        if day and inc.country:
            for g in incident_groups(inc, parent, ancestors=True):
                seen[(g, inc.country)].append((day, inc.id))
    out = []
    for (group, country), items in seen.items():
        items.sort()
        by_day: dict[dt.date, list[str]] = defaultdict(list)
        for day, iid in items:
            by_day[day].append(iid)
        days = sorted(by_day)
        for n, day in enumerate(days):
            if not in_window(day.isoformat(), since, until):
                continue
            floor = _years_before(day, cfg.new_theatre_gap_years)
            if n and days[n - 1] >= floor:
                continue
            out.append(Alert(
                "new_theatre", f"new_theatre:{group}:{country}:{day}", day.isoformat(), tuple(by_day[day]),
                group=group, country=country, score=float((day - days[n - 1]).days if n else 0),
                params=(("years", cfg.new_theatre_gap_years), ("previous", days[n - 1].isoformat() if n else None)),
            ))
    return out


def _surges(incs: list[Incident], since: str | None, until: str, cfg: AnalysisSettings, monthly: bool) -> list[Alert]:
    """ACLED's surge rule per country and per admin1, on ISO weeks or calendar months."""
    units: dict[tuple[str, str | None], list[tuple[dt.date, str]]] = defaultdict(list)
    for inc in incs:
        day = incident_day(inc) if not monthly else _start(inc.date if inc.date and len(inc.date) >= 7 else None)
        if day and inc.country:
            units[(inc.country, None)].append((day, inc.id))
            if inc.admin1:
                units[(inc.country, inc.admin1)].append((day, inc.id))
    end = dt.date.fromisoformat(until[:10])
    first = _start(since) if since else None
    out = []
    for (country, admin1), items in units.items():
        bucket: dict[int, list[str]] = defaultdict(list)
        for day, iid in items:
            bucket[_index(day, monthly)].append(iid)
        lo = _index(first, monthly) if first else min(bucket)
        lookback = cfg.surge_baseline_months if monthly else cfg.surge_baseline_weeks
        ratio = cfg.surge_month_ratio if monthly else cfg.surge_ratio
        minimum = cfg.surge_min_monthly_avg if monthly else cfg.surge_min_weekly_avg
        for idx in range(lo, _index(end, monthly) + 1):
            count = len(bucket.get(idx, ()))
            if not count:
                continue
            baseline = sum(len(bucket.get(idx - k, ())) for k in range(1, lookback + 1)) / lookback
            if baseline < minimum or count < ratio * baseline:
                continue
            label, last_day = _label(idx, monthly)
            unit = f"{country}/{admin1}" if admin1 else country
            kind = "surge_month" if monthly else "surge_week"
            out.append(Alert(
                kind, f"{kind}:{unit}:{label}", last_day, tuple(bucket[idx]), country=country, admin1=admin1,
                score=round(count / baseline, 2),
                params=(("count", count), ("baseline", round(baseline, 1)), ("period", label),
                        ("weeks" if not monthly else "months", lookback)),
            ))
    return out


def _index(day: dt.date, monthly: bool) -> int:
    """Calendar month number, or ISO-week number counted from 0001-01-01 (a Monday)."""
    return day.year * 12 + day.month - 1 if monthly else (day.toordinal() - 1) // 7


def _label(idx: int, monthly: bool) -> tuple[str, str]:
    """(period label, ISO last day): ("2024-03", "2024-03-31") or ("2024-03-04", "2024-03-10")."""
    if monthly:
        y, m = divmod(idx, 12)
        nxt = dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1)
        return f"{y:04d}-{m + 1:02d}", (nxt - dt.timedelta(days=1)).isoformat()
    monday = dt.date.fromordinal(idx * 7 + 1)
    return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()


def _quarter(day: dt.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _targeting_shift(incs: list[Incident], since: str | None, until: str, cfg: AnalysisSettings,
                     parent: ParentLookup | None, regions: Regions) -> list[Alert]:
    """A group's share of a target type in a region this quarter rises over its past share."""
    cells: dict[tuple[str, str], list[tuple[dt.date, Incident]]] = defaultdict(list)
    for inc in incs:
        day = _start(inc.date if inc.date and len(inc.date) >= 7 else None)
        region = regions.region(inc.country)
        if day and region:
            for g in incident_groups(inc, parent, ancestors=True):
                cells[(g, region)].append((day, inc))
    end = dt.date.fromisoformat(until[:10])
    first = _start(since) if since else None
    out = []
    for (group, region), items in cells.items():
        quarters = sorted({_quarter(d) for d, _ in items})
        for q in quarters:
            q_start = dt.date(q // 4, (q % 4) * 3 + 1, 1)
            if q > _quarter(end) or (first and q < _quarter(first)):
                continue
            floor = _years_before(q_start, cfg.shift_past_years)
            cur = [i for d, i in items if _quarter(d) == q]
            past = [i for d, i in items if floor <= d < q_start]
            if len(cur) < cfg.shift_min_incidents or len(past) < cfg.shift_min_past_incidents:
                continue
            for target in sorted({t for i in cur for t in i.target_types} - {"unknown"}):
                hits = [i.id for i in cur if target in i.target_types]
                share = len(hits) / len(cur)
                past_share = sum(target in i.target_types for i in past) / len(past)
                if share - past_share < cfg.shift_min_change:
                    continue
                label = f"{q // 4}-Q{q % 4 + 1}"
                last = dt.date(q // 4 + (q % 4 == 3), ((q % 4 + 1) * 3) % 12 + 1, 1) - dt.timedelta(days=1)
                out.append(Alert(
                    "targeting_shift", f"targeting_shift:{group}:{region}:{target}:{label}", last.isoformat(),
                    tuple(hits), group=group, region=region, target_type=target, score=round(share - past_share, 3),
                    params=(("quarter", label), ("count", len(cur)), ("share", round(100 * share)),
                            ("past_count", len(past)), ("past_share", round(100 * past_share)),
                            ("past_years", cfg.shift_past_years)),
                ))
    return out


def _mass_casualty(incs: list[Incident], since: str | None, until: str, cfg: AnalysisSettings) -> list[Alert]:
    """An incident with killed (lower bound) or killed + wounded at or above the thresholds."""
    out = []
    for inc in incs:
        if not in_window(inc.date, since, until):
            continue
        killed, wounded = count_low(inc.killed), count_low(inc.wounded)
        day = _start(inc.date)
        if day and (killed >= cfg.mass_casualty_killed or killed + wounded >= cfg.mass_casualty_casualties):
            out.append(Alert(
                "mass_casualty", f"mass_casualty:{inc.id}", day.isoformat(), (inc.id,), country=inc.country,
                admin1=inc.admin1, group=(inc.perpetrators or (None,))[0], score=float(killed),
                params=(("killed", killed), ("wounded", wounded if inc.wounded is not None else None)),
            ))
    return out


def _new_claimant(incs: list[Incident], since: str | None, until: str, cfg: AnalysisSettings) -> list[Alert]:
    """A claimed incident by a group with no incident in the previous ``new_claimant_gap_days``."""
    seen: dict[str, list[tuple[dt.date, Incident]]] = defaultdict(list)
    for inc in incs:
        day = _start(inc.date)
        if day:
            for g in incident_groups(inc):
                seen[g].append((day, inc))
    out = []
    gap = dt.timedelta(days=cfg.new_claimant_gap_days)
    for group, items in seen.items():
        items.sort(key=lambda x: x[0])
        days = [d for d, _ in items]
        fired: dict[dt.date, list[Incident]] = defaultdict(list)
        for day, inc in items:
            if inc.claimed is not True or not in_window(inc.date, since, until):
                continue
            first_same_day = bisect.bisect_left(days, day)
            if first_same_day and days[first_same_day - 1] >= day - gap:
                continue
            fired[day].append(inc)
        for day, claimed in fired.items():
            prior = days[: bisect.bisect_left(days, day)]
            out.append(Alert(
                "new_claimant", f"new_claimant:{group}:{day}", day.isoformat(), tuple(i.id for i in claimed),
                group=group, country=claimed[0].country, admin1=claimed[0].admin1,
                score=float((day - prior[-1]).days if prior else 0),
                params=(("days", cfg.new_claimant_gap_days), ("previous", prior[-1].isoformat() if prior else None)),
            ))
    return out


def detect_alerts(
    incidents: Iterable[Incident],
    *,
    since: str | None = None,
    until: str | None = None,
    settings: AnalysisSettings | None = None,
    parent: ParentLookup | None = None,
    regions: Regions | None = None,
    kinds: Iterable[str] | None = None,
) -> list[Alert]:
    """Every alert that fires in [since, until], judged against the whole history given.

    Args:
        incidents: all fused incidents known (history before ``since`` is the baseline).
        since, until: ISO dates of the window (until defaults to the latest incident date).
        settings: thresholds (default.toml ``[analysis]``).
        parent: group → parent lookup; a branch's incident also counts for its parents in
            new-theatre and targeting-shift rules.
        kinds: incident kinds considered (default: settings.kinds, i.e. attacks).

    Returns:
        Alerts sorted by date then kind. Rules (thresholds in settings):
        new_theatre — a group's first incident in a country in ``new_theatre_gap_years``;
        surge_week — ACLED's surge rule on a country or admin1: an ISO week with at least
        ``surge_ratio`` × the previous ``surge_baseline_weeks`` weeks' average, that average
        being >= ``surge_min_weekly_avg`` (so one isolated incident never surges);
        surge_month — the same on calendar months against the previous 12 months;
        targeting_shift — a group's share of a target type in an M49 region in a quarter
        exceeds its share over the previous ``shift_past_years`` by ``shift_min_change``;
        mass_casualty — killed or killed + wounded at the thresholds;
        new_claimant — a claimed incident by a group unseen for ``new_claimant_gap_days``.
    """
    cfg = settings or AnalysisSettings.from_settings()
    incs = select(incidents, kinds if kinds is not None else cfg.kinds)
    if until is None:
        dated = [i.date for i in incs if i.date]
        if not dated:
            return []
        until = max(dated)
    end = _start(until)
    if end is None:
        raise ValueError(f"until must be an ISO date, not {until!r}")
    if len(until) < 10:  # a month or a year: its last day
        until = _label(_index(end, True), True)[1] if len(until) >= 7 else f"{until[:4]}-12-31"
    regions = regions or load_regions()
    alerts = [
        *_new_theatre(incs, since, until, cfg, parent),
        *_surges(incs, since, until, cfg, monthly=False),
        *_surges(incs, since, until, cfg, monthly=True),
        *_targeting_shift(incs, since, until, cfg, parent, regions),
        *_mass_casualty(incs, since, until, cfg),
        *_new_claimant(incs, since, until, cfg),
    ]
    return sorted(alerts, key=lambda a: (a.date, ALERT_KINDS.index(a.kind), a.key))
