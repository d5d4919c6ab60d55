"""Fusion stage, incident record: the reports of one cluster in, one Incident (best estimates, rules, history) out."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from marsad.fuse.compare import Report
from marsad.model import Count, Incident, ReportedValue

__all__ = ["EVIDENCE_FIELDS", "HISTORY_FIELDS", "build_incident", "chronological", "incident_id", "json_value"]

# Event fields about the incident in the world (event-format.md); each reported value is kept.
HISTORY_FIELDS = (
    "date", "country", "admin1", "city", "place", "lat", "lon", "perpetrators", "attack_types",
    "target_types", "weapon_types", "killed", "perpetrators_killed", "wounded",
    "perpetrator_count", "claimed", "suicide",
)
_history_values = attrgetter(*HISTORY_FIELDS)
# The only fields whose per-field evidence (``Event.fields``) a record reads: partial-count marks.
EVIDENCE_FIELDS = ("killed", "wounded")


def incident_id(first_event_id: str) -> str:
    """Stable incident id derived from the id of its earliest report: ``inc-`` + 12 hex digits."""
    return "inc-" + hashlib.sha1(first_event_id.encode("utf-8")).hexdigest()[:12]


def chronological(reports: Sequence[Report]) -> list[Report]:
    """Reports oldest first: by publication date (undated first), then new before background, then id."""
    return sorted(reports, key=lambda r: (r.published or "", r.event.status != "new", r.id))


def json_value(value: Any) -> Any:
    """A field value as JSON-compatible data (tuples become lists)."""
    if isinstance(value, tuple):
        return [json_value(v) if isinstance(v, tuple) else v for v in value]
    return value


def _upper(value: Count) -> int:
    if isinstance(value, (tuple, list)):
        return int(value[1])
    return int(value or 0)


def _marked_partial(report: Report, field: str) -> bool:
    return any(fe.field == field and "partial" in fe.rule for fe in report.event.fields)


def _toll(chrono: list[Report], field: str) -> tuple[Count, str]:
    """Latest report's toll, skipping later partial counts (Kerman 2024: 103, then 84, then 89).

    A later figure is a partial count when extraction marked it so (a FieldEvidence rule with
    "partial"), or when it comes from a background mention and is lower than a figure reported
    before it (background mentions round or leave out attackers).
    """
    given = [(r, getattr(r.event, field)) for r in chrono if getattr(r.event, field) is not None]
    if not given:
        return None, "no report gives it"
    skipped: list[str] = []
    for i in range(len(given) - 1, -1, -1):
        report, value = given[i]
        earlier_max = max((_upper(v) for _, v in given[:i]), default=-1)
        partial = _marked_partial(report, field) or (
            report.event.status == "background" and _upper(value) < earlier_max
        )
        if not partial:
            rule = "latest report"
            if skipped:
                rule += f" (later partial counts ignored: {', '.join(reversed(skipped))})"
            return value, rule
        skipped.append(str(json_value(value)))
    report, value = max(given, key=lambda rv: _upper(rv[1]))
    return value, "highest figure (all reports partial)"


def _latest(chrono: list[Report], field: str) -> tuple[Any, str]:
    for report in reversed(chrono):
        value = getattr(report.event, field)
        if value is not None:
            return value, "latest report giving it"
    return None, "no report gives it"


def _date(chrono: list[Report]) -> tuple[str | None, str]:
    dates = [r.event.date for r in chrono if r.event.date]
    if not dates:
        return None, "no report gives it"
    best_len = max(len(d) for d in dates)
    precise = [d for d in dates if len(d) == best_len]
    counts = Counter(precise)
    top = max(counts.values())
    value = next(d for d in precise if counts[d] == top)
    return value, "most common of the most precise dates"


def _place_rank(report: Report) -> int:
    ev = report.event
    coords = ev.lat is not None and ev.lon is not None
    return 2 * coords + 2 * bool(ev.place) + bool(ev.city) * 2 + bool(ev.admin1) + bool(ev.country)


def _place(chrono: list[Report]) -> tuple[Report | None, str]:
    if not any(r.event.country or r.event.city for r in chrono):
        return None, "no report gives it"
    city_votes = Counter(r.event.city for r in chrono if r.event.city)
    best = max(
        enumerate(chrono),
        key=lambda ir: (_place_rank(ir[1]), city_votes.get(ir[1].event.city, 0), ir[0]),
    )[1]
    return best, "most precise resolved place"


def _union(chrono: list[Report], field: str) -> tuple[tuple[str, ...], str]:
    if len(chrono) == 1:  # most incidents have one report
        values = tuple(dict.fromkeys(getattr(chrono[0].event, field)))
    else:
        values = tuple(dict.fromkeys(v for report in chrono for v in getattr(report.event, field)))
    if len(values) > 1 and "unknown" in values:
        values = tuple(v for v in values if v != "unknown")
    return values, "union of reports" if values else "no report gives it"


def _claimed(chrono: list[Report]) -> tuple[bool | None, str]:
    values = [r.event.claimed for r in chrono]
    if True in values:
        return True, "claim from any report"
    if False in values:
        return False, "no claim reported by any report"
    return None, "no report gives it"


def build_incident(iid: str, reports: Sequence[Report]) -> Incident:
    """The fused record of one cluster of reports, with the rule behind each best estimate.

    Args:
        iid: the incident id (see ``incident_id``; fusion keeps ids stable across runs).
        reports: the reports of one incident (at least one; all of one kind).
    Returns:
        Incident with best estimates, ``rules`` (field, rule), the full ``history`` of reported
        values (oldest report first) and the ``reports``/``articles`` ids.
    Raises:
        ValueError: no reports.
    """
    if not reports:
        raise ValueError("an incident needs at least one report")
    chrono = chronological(reports)
    fields: dict[str, Any] = {}
    rules: list[tuple[str, str]] = []

    def put(name: str, value: Any, rule: str) -> None:
        fields[name] = value
        rules.append((name, rule))

    put("date", *_date(chrono))
    where, rule = _place(chrono)
    for name in ("country", "admin1", "city", "place", "lat", "lon"):
        put(name, getattr(where.event, name) if where else None, rule)
    if where is not None and fields["country"] is None:
        fields["country"] = Counter(r.event.country for r in chrono if r.event.country).most_common(1)[0][0]
    put("perpetrators", *_union(chrono, "perpetrators"))
    if len(fields["perpetrators"]) > 1 and "individual" in fields["perpetrators"]:
        fields["perpetrators"] = tuple(p for p in fields["perpetrators"] if p != "individual")
    for name in ("attack_types", "target_types", "weapon_types"):
        put(name, *_union(chrono, name))
    put("killed", *_toll(chrono, "killed"))
    put("wounded", *_toll(chrono, "wounded"))
    for name in ("perpetrators_killed", "perpetrator_count", "suicide"):
        put(name, *_latest(chrono, name))
    put("claimed", *_claimed(chrono))
    history: list[ReportedValue] = []
    for r in chrono:
        ev = r.event
        for name, value in zip(HISTORY_FIELDS, _history_values(ev), strict=True):
            if value is None or value == () or value == "":  # not reported
                continue
            value = json_value(value) if isinstance(value, tuple) else value
            history.append(ReportedValue(name, value, ev.id, ev.article_id, r.outlet, r.published))
    published = [r.published for r in chrono if r.published]
    return Incident(
        id=iid,
        kind=chrono[0].event.kind,
        reports=tuple(r.id for r in chrono),
        articles=tuple(dict.fromkeys(r.article_id for r in chrono)),
        history=tuple(history),
        rules=tuple(rules),
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        **fields,
    )
