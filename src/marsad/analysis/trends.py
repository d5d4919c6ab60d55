"""Trends: fused incidents (+ articles read per day) in, counts of incidents/killed/wounded per period and key out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from marsad.analysis.base import ParentLookup, Regions, count_low, incident_groups, load_regions
from marsad.model import Incident

__all__ = ["DIMENSIONS", "PERIODS", "Trend", "TrendRow", "in_window", "keys_of", "period_key", "period_range", "trends"]

Period = Literal["week", "month", "year"]
PERIODS: tuple[str, ...] = ("week", "month", "year")
DIMENSIONS: tuple[str, ...] = ("total", "country", "admin1", "region", "group", "attack_type", "target_type")


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One period × key cell: incidents counted, killed and wounded summed (range → lower bound)."""

    period: str
    key: str
    incidents: int
    killed: int
    wounded: int


@dataclass(frozen=True, slots=True)
class Trend:
    """A trend table.

    ``periods`` lists every period from the first to the last (gaps included, so charts show
    zeros); ``rows`` the non-empty cells; ``keys`` the keys by decreasing incident count;
    ``coverage`` articles read per period (same periods) so that a rise in coverage is not
    read as a rise in violence; ``undated`` incidents whose date is less precise than the
    period (a "2024-03" incident in a weekly trend) and so left out.
    """

    by: str
    period: str
    periods: tuple[str, ...]
    keys: tuple[str, ...]
    rows: tuple[TrendRow, ...]
    coverage: tuple[tuple[str, int], ...]
    undated: int = 0

    def series(self, key: str, measure: str = "incidents") -> list[int]:
        """Values of ``measure`` (incidents, killed, wounded) for ``key``, one per period."""
        cells = {r.period: getattr(r, measure) for r in self.rows if r.key == key}
        return [cells.get(p, 0) for p in self.periods]

    def coverage_series(self) -> list[int]:
        """Articles read, one value per period."""
        cov = dict(self.coverage)
        return [cov.get(p, 0) for p in self.periods]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: by, period, periods, keys, rows (list of dicts), coverage, undated."""
        return {
            "by": self.by,
            "period": self.period,
            "periods": list(self.periods),
            "keys": list(self.keys),
            "rows": [
                {"period": r.period, "key": r.key, "incidents": r.incidents, "killed": r.killed, "wounded": r.wounded}
                for r in self.rows
            ],
            "coverage": dict(self.coverage),
            "undated": self.undated,
        }


def period_key(iso: str | None, period: str) -> str | None:
    """The period an ISO date falls in, or None when the date is too imprecise.

    week → the ISO date of that week's Monday ("2024-01-15"); month → "YYYY-MM";
    year → "YYYY". A "YYYY-MM" date has no week; a "YYYY" date has only a year.

    Example:
        >>> period_key("2024-07-17", "week")
        '2024-07-15'
    """
    if not iso:
        return None
    if period == "year":
        return iso[:4] if len(iso) >= 4 else None
    if period == "month":
        return iso[:7] if len(iso) >= 7 else None
    if period == "week":
        if len(iso) < 10:
            return None
        day = dt.date.fromisoformat(iso[:10])
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    raise ValueError(f"period must be one of {PERIODS}, not {period!r}")


def _next_period(key: str, period: str) -> str:
    if period == "year":
        return str(int(key) + 1)
    if period == "month":
        y, m = int(key[:4]), int(key[5:7])
        return f"{y + m // 12:04d}-{m % 12 + 1:02d}"
    return (dt.date.fromisoformat(key) + dt.timedelta(days=7)).isoformat()


def period_range(first: str, last: str, period: str) -> list[str]:
    """Every period key from ``first`` to ``last`` inclusive (keys as period_key gives them)."""
    out = [first]
    while out[-1] < last:
        out.append(_next_period(out[-1], period))
    return out


def in_window(iso: str | None, since: str | None, until: str | None) -> bool:
    """Whether a (possibly partial) ISO date lies in [since, until], compared at its precision.

    "2024-03" is in a window starting "2024-03-10" (same month); an undated incident is in
    no window that has a bound.
    """
    if not iso:
        return since is None and until is None
    n = len(iso)
    return (since is None or iso >= since[:n]) and (until is None or iso <= until[:n])


def keys_of(
    incident: Incident, by: str, *, regions: Regions | None = None, parent: ParentLookup | None = None, rollup: bool = False
) -> tuple[str, ...]:
    """The keys an incident counts under for dimension ``by`` (several for lists; "unknown" if none).

    country → ISO code; admin1 → "IQ/Baghdad"; region → M49 region code; group → canonical
    name (top-most parent when ``rollup``); attack_type / target_type → GTD codes.
    """
    if by == "total":
        return ("all",)
    if by == "country":
        return (incident.country or "unknown",)
    if by == "admin1":
        return (f"{incident.country or 'unknown'}/{incident.admin1 or 'unknown'}",)
    if by == "region":
        return ((regions or load_regions()).region(incident.country) or "unknown",)
    if by == "group":
        return incident_groups(incident, parent, rollup=rollup) or ("unknown",)
    if by == "attack_type":
        return tuple(dict.fromkeys(incident.attack_types)) or ("unknown",)
    if by == "target_type":
        return tuple(dict.fromkeys(incident.target_types)) or ("unknown",)
    raise ValueError(f"by must be one of {DIMENSIONS}, not {by!r}")


def trends(
    incidents: Iterable[Incident],
    by: str = "total",
    period: str = "month",
    *,
    coverage: Mapping[str, int] | None = None,
    since: str | None = None,
    until: str | None = None,
    kinds: Iterable[str] | None = ("attack",),
    group: str | None = None,
    country: str | None = None,
    parent: ParentLookup | None = None,
    rollup: bool = False,
    regions: Regions | None = None,
) -> Trend:
    """Count incidents, killed and wounded per ``period`` and per key of dimension ``by``.

    Args:
        incidents: fused incidents (never raw reports).
        by: one of DIMENSIONS. An incident with two target types (or groups) counts once
            under each, so the keys of a list dimension may sum to more than the total.
        period: "week" (keys = Monday's ISO date), "month" or "year".
        coverage: articles read per ISO date ("YYYY-MM-DD" → count); summed per period.
        since, until: ISO dates bounding the incidents and coverage (inclusive).
        kinds: incident kinds kept (None = all).
        group: keep incidents by this group or by one of its branches (via ``parent``).
        country: keep incidents in this ISO country.
        parent: group → parent lookup (marsad.gazetteer registry; see parent_from_gazetteer).
        rollup: count branches under their top-most parent group.

    Returns:
        A Trend. Killed/wounded ranges count as their lower bound.

    Example:
        >>> trends(incidents, by="target_type", period="year", group="Islamic State").keys
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    regions = regions or (load_regions() if by == "region" else None)
    wanted = set(kinds) if kinds is not None else None
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    totals: dict[str, int] = defaultdict(int)
    undated = 0
    for inc in incidents:
        if wanted is not None and inc.kind not in wanted:
            continue
        if country and (inc.country or "").upper() != country.upper():
            continue
        if group and group not in incident_groups(inc, parent, ancestors=True):
            continue
        if not in_window(inc.date, since, until):
            continue
        pkey = period_key(inc.date, period)
        if pkey is None:
            undated += 1
            continue
        for key in keys_of(inc, by, regions=regions, parent=parent, rollup=rollup):
            cell = cells[(pkey, key)]
            cell[0] += 1
            cell[1] += count_low(inc.killed)
            cell[2] += count_low(inc.wounded)
            totals[key] += 1
    cov: dict[str, int] = defaultdict(int)
    for day, n in (coverage or {}).items():
        pkey = period_key(day, period)
        if pkey is not None and in_window(day, since, until):
            cov[pkey] += n
    present = sorted({p for p, _ in cells} | set(cov))
    first = period_key(since, period) if since and len(since) >= 10 else None
    last = period_key(until, period) if until and len(until) >= 10 else None
    if first and last:
        present = sorted({*present, first, last})
    periods = tuple(period_range(present[0], present[-1], period)) if present else ()
    rows = tuple(TrendRow(p, k, *v) for (p, k), v in sorted(cells.items()))
    keys = tuple(sorted(totals, key=lambda k: (-totals[k], k)))
    return Trend(by, period, periods, keys, rows, tuple(sorted(cov.items())), undated)
