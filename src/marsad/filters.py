"""Filters shared by the CLI and the web API: raw filter strings in, a validated Filters object (and record predicates) out."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, fields, replace
from datetime import date

from marsad.model import AttackType, EventKind, EventStatus, TargetType
from marsad.resources import load_tsv

__all__ = ["FilterError", "Filters", "date_bounds", "parse_filters", "parse_limit", "try_date_bounds"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


@functools.cache
def _country_codes() -> frozenset[str]:
    """The assigned ISO 3166-1 alpha-2 codes (the countries and areas of UN M49,
    resources/common/m49_regions.tsv)."""
    return frozenset(row["country"] for row in load_tsv("common", "m49_regions"))


class FilterError(ValueError):
    """A filter value marsad cannot use (CLI option or API parameter); the message names it and the value."""


def date_bounds(value: str) -> tuple[date, date]:
    """First and last day of an ISO date of any precision ("2024", "2024-07", "2024-07-15").

    Raises:
        ValueError: when ``value`` is not such a date (e.g. "2024-13-01", "yesterday").
    """
    m = _ISO.match(value.strip())
    if not m:
        raise ValueError(f"not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}")
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    mon = int(month)
    if not 1 <= mon <= 12:
        raise ValueError(f"month out of range in {value!r}")
    if day is None:
        return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])
    d = date(year, mon, int(day))  # raises ValueError for 2024-02-30
    return d, d


def try_date_bounds(value: str | None) -> tuple[date, date] | None:
    """``date_bounds(value)``, or None when ``value`` is empty or not an ISO date."""
    if not value:
        return None
    try:
        return date_bounds(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters shared by the list endpoints and pages; None means "no filter".

    ``since``/``until`` are inclusive day bounds; a record with a partial date ("2024-07")
    matches when its period overlaps them, and a record with no date never matches a date
    filter. ``country`` is ISO 3166-1 alpha-2 (upper case); ``group`` a perpetrator's
    canonical name (case-insensitive; its branches match too); ``kind``, ``status``, ``attack_type`` and
    ``target_type`` are the codes of event-format.md (GTD codebook 2021 attacktype1 /
    targtype1 in snake_case).
    """

    since: date | None = None
    until: date | None = None
    country: str | None = None
    group: str | None = None
    kind: str | None = None
    status: str | None = None
    attack_type: str | None = None
    target_type: str | None = None

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return all(getattr(self, f.name) is None for f in fields(self))

    def query(self) -> dict[str, str]:
        """The filters as query-string parameters (for links and the JSON twin)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = value.isoformat() if isinstance(value, date) else str(value)
        return out

    def without(self, name: str) -> Filters:
        """A copy with one filter cleared."""
        return replace(self, **{name: None})

    def match(self, record: object) -> bool:
        """Whether an Event or Incident (anything with the event fields) passes every filter."""
        if (self.since or self.until) and not self._date_ok(getattr(record, "date", None)):
            return False
        if self.country and (getattr(record, "country", None) or "").upper() != self.country:
            return False
        if self.group and not any(_same_group(p, self.group) for p in getattr(record, "perpetrators", ()) or ()):
            return False
        if self.kind and getattr(record, "kind", None) != self.kind:
            return False
        if self.status and getattr(record, "status", None) != self.status:
            return False
        if self.attack_type and self.attack_type not in (getattr(record, "attack_types", ()) or ()):
            return False
        return not (self.target_type and self.target_type not in (getattr(record, "target_types", ()) or ()))

    def _date_ok(self, value: str | None) -> bool:
        if not value:
            return False
        try:
            first, last = date_bounds(value)
        except ValueError:
            return False
        if self.since and last < self.since:
            return False
        return not (self.until and first > self.until)


def _same_group(name: str, wanted: str) -> bool:
    """A perpetrator matches a group filter by name or as one of its branches, case-insensitively.

    "Islamic State" matches "Islamic State – Khorasan Province" (branches are named
    "<parent> – <branch>", event-format.md), as ``marsad events --group`` does.
    """
    name, wanted = name.casefold(), wanted.casefold()
    return name == wanted or name.startswith(wanted + " –")


def _code(name: str, value: str | None, allowed: type) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip().lower()
    codes = [m.value for m in allowed]  # type: ignore[attr-defined]
    if value not in codes:
        raise FilterError(f"unknown {name} {value!r}; expected one of: {', '.join(codes)}")
    return value


def _day(name: str, value: str | None, *, end: bool) -> date | None:
    if value is None or value == "":
        return None
    try:
        first, last = date_bounds(value)
    except ValueError as exc:
        raise FilterError(f"bad {name} date {value!r}: {exc}") from exc
    return last if end else first


def parse_filters(
    *,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    group: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    attack_type: str | None = None,
    target_type: str | None = None,
) -> Filters:
    """Validate raw query-string values into Filters; empty strings count as absent.

    ``since`` may be "2024", "2024-07" or "2024-07-15" (its first day is used); ``until``
    likewise (its last day).

    Raises:
        FilterError: a bad date, a since after until, a country that is not two letters,
            or a code outside the codebook; the message says which and why.

    Example:
        >>> parse_filters(country="om", since="2024-07").country
        'OM'
    """
    f = Filters(
        since=_day("since", since, end=False),
        until=_day("until", until, end=True),
        country=None,
        group=(group or "").strip() or None,
        kind=_code("kind", kind, EventKind),
        status=_code("status", status, EventStatus),
        attack_type=_code("attack_type", attack_type, AttackType),
        target_type=_code("target_type", target_type, TargetType),
    )
    if country not in (None, ""):
        if not _COUNTRY.match(country.strip()):
            raise FilterError(f"bad country {country!r}: expected an ISO 3166-1 alpha-2 code such as OM")
        if country.strip().upper() not in _country_codes():
            raise FilterError(f"unknown country {country!r}: no ISO 3166-1 alpha-2 country has this code")
        f = replace(f, country=country.strip().upper())
    if f.since and f.until and f.since > f.until:
        raise FilterError(f"since ({f.since}) is after until ({f.until})")
    return f


def parse_limit(value: int | None, *, high: int | None = None) -> int | None:
    """Validate a result limit: None (no limit) or an integer from 1 to ``high`` (if given).

    Raises:
        FilterError: a limit below 1 or above ``high``.

    Example:
        >>> parse_limit(20)
        20
    """
    if value is None:
        return None
    if value < 1 or (high is not None and value > high):
        bound = f"1–{high}" if high is not None else "at least 1"
        raise FilterError(f"bad limit {value}: expected {bound}")
    return value
