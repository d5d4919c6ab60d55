"""Analysis building blocks: incident dates, counts, groups, regions and settings shared by trends and alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

from marsad.model import Count, Incident
from marsad.resources import load_tsv
from marsad.settings import Settings, load_settings

__all__ = [
    "NO_GROUP",
    "AnalysisSettings",
    "ParentLookup",
    "Regions",
    "count_low",
    "incident_day",
    "incident_groups",
    "load_regions",
    "parent_from_gazetteer",
    "select",
]

ParentLookup = Callable[[str], "str | None"]
"""A function giving a group's parent group (canonical name) or None (marsad.gazetteer registry)."""

NO_GROUP = frozenset({"unknown", "individual", ""})
"""Perpetrator values that are not a named group (event-format.md, ``perpetrators``)."""


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """Thresholds of the trends, alerts and report, from default.toml ``[analysis]``.

    See default.toml for the meaning and source of each value (surge: ACLED's surge rule,
    last week >= +100% over the previous 4-week average with a minimum of 1 a week).
    """

    kinds: tuple[str, ...] = ("attack",)
    new_theatre_gap_years: int = 3
    surge_ratio: float = 2.0
    surge_baseline_weeks: int = 4
    surge_min_weekly_avg: float = 1.0
    surge_month_ratio: float = 2.0
    surge_baseline_months: int = 12
    surge_min_monthly_avg: float = 1.0
    shift_min_change: float = 0.25
    shift_min_incidents: int = 3
    shift_min_past_incidents: int = 3
    shift_past_years: int = 3
    mass_casualty_killed: int = 10
    mass_casualty_casualties: int = 50
    new_claimant_gap_days: int = 365
    report_max_incidents: int = 25

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> AnalysisSettings:
        """Build from ``settings.sections["analysis"]`` (default.toml when None) plus overrides.

        Raises:
            KeyError: an override names no field.
        """
        section = dict((settings or load_settings()).sections.get("analysis", {}))
        section.update(overrides)
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise KeyError(f"unknown analysis settings: {sorted(unknown)}")
        values = {k: v for k, v in section.items() if k in known}
        if "kinds" in values:
            values["kinds"] = tuple(values["kinds"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Regions:
    """Country → region table (UN M49 regions, resources/common/m49_regions.tsv).

    ``rows`` maps an ISO 3166-1 alpha-2 code to its row (country_en, country_ar, region,
    region_en, region_ar, continent …); ``region`` and ``names`` answer in one language.
    """

    rows: Mapping[str, Mapping[str, str]]

    def region(self, country: str | None) -> str | None:
        """The M49 region code of a country ("145" for OM), None when unknown."""
        row = self.rows.get((country or "").upper())
        return row["region"] if row else None

    def country_name(self, country: str | None, lang: str = "en") -> str:
        """The country's name in ``lang`` ("ar" or "en"); the code itself when unknown."""
        row = self.rows.get((country or "").upper())
        return row[f"country_{'ar' if lang == 'ar' else 'en'}"] if row else (country or "?")

    def region_name(self, region: str | None, lang: str = "en") -> str:
        """The name of an M49 region code in ``lang``; the code itself when unknown."""
        col = f"region_{'ar' if lang == 'ar' else 'en'}"
        for row in self.rows.values():
            if row["region"] == region:
                return row[col]
        return region or "?"


def load_regions() -> Regions:
    """Load resources/common/m49_regions.tsv (built by scripts/build_analysis_regions.py)."""
    return Regions(MappingProxyType({row["country"]: row for row in load_tsv("common", "m49_regions")}))


def parent_from_gazetteer(gaz: Any) -> ParentLookup:
    """A ParentLookup over the gazetteer's group registry (``gaz.group(canonical).parent``).

    Works with a record that is a mapping or an object; a group the registry does not know
    has no parent.
    """

    def parent(name: str) -> str | None:
        record = gaz.group(name)
        if record is None:
            return None
        value = record.get("parent") if isinstance(record, Mapping) else getattr(record, "parent", None)
        return value or None

    return parent


def _ancestors(name: str, parent: ParentLookup | None) -> list[str]:
    chain: list[str] = []
    seen = {name}
    while parent is not None:
        up = parent(name)
        if not up or up in seen:
            break
        chain.append(up)
        seen.add(up)
        name = up
    return chain


def incident_groups(
    incident: Incident, parent: ParentLookup | None = None, *, rollup: bool = False, ancestors: bool = False
) -> tuple[str, ...]:
    """The named groups of an incident (no "unknown"/"individual"), in order, without repeats.

    ``rollup`` replaces each group by its top-most parent ("Islamic State – Khorasan
    Province" → "Islamic State"); ``ancestors`` keeps each group and adds its parents.
    """
    out: list[str] = []
    for name in incident.perpetrators:
        if name.strip().lower() in NO_GROUP:
            continue
        chain = _ancestors(name, parent)
        names = [chain[-1] if chain else name] if rollup else [name, *chain] if ancestors else [name]
        out.extend(n for n in names if n not in out)
    return tuple(out)


def count_low(value: Count) -> int:
    """A killed/wounded count as one int: the value, the lower bound of a range, 0 when None."""
    if value is None:
        return 0
    if isinstance(value, tuple | list):
        return int(value[0])
    return int(value)


def incident_day(incident: Incident) -> dt.date | None:
    """The incident's date as a day, or None when unknown or less precise than a day."""
    return _day(incident.date)


def _day(iso: str | None) -> dt.date | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def select(incidents: Iterable[Incident], kinds: Iterable[str]) -> list[Incident]:
    """The incidents whose kind is in ``kinds`` (e.g. ("attack",)), in input order."""
    wanted = set(kinds)
    return [i for i in incidents if i.kind in wanted]
