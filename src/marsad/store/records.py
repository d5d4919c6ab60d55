"""Store records: the plain values the store returns besides model objects (runs, rejections, save results) and column codecs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

__all__ = [
    "DuplicateRecord", "RejectionRecord", "RunRecord", "SaveResult", "StoreError", "event_row", "filter_sql",
]

# json.dumps(value, ensure_ascii=False) without building an encoder per call
_dumps = json.JSONEncoder(ensure_ascii=False).encode
_plain = json.JSONEncoder().encode  # json.dumps(value)


class StoreError(RuntimeError):
    """The database cannot be opened, is locked for too long, or is not a marsad database."""


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Outcome of ``save_doc``: the stored article id, whether it was new, events written."""

    article_id: str
    stored: bool
    events: int


@dataclass(frozen=True, slots=True)
class RejectionRecord:
    """A stored rejection: input ``source``, ``reason``, ``detail``, ``run_id``, ``recorded_at``."""

    source: str
    reason: str
    detail: str
    run_id: int | None
    recorded_at: str


@dataclass(frozen=True, slots=True)
class DuplicateRecord:
    """An input skipped as a duplicate: its ``source``, content ``sha256``, the stored ``article_id`` it repeats."""

    source: str
    sha256: str
    article_id: str
    run_id: int | None
    recorded_at: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A row of the ``runs`` table (progress counters are updated with every commit)."""

    id: int
    started_at: str
    finished_at: str | None
    status: str
    pid: int | None
    inputs: tuple[str, ...]
    articles_seen: int
    articles_stored: int
    duplicates: int
    events_stored: int
    rejections: int
    last_source: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _count_to_json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple | list):
        return json.dumps([int(v) for v in value])
    return json.dumps(int(value))


@lru_cache(maxsize=1024)
def _count_from_json(raw: str | None) -> int | tuple[int, int] | None:
    if raw is None:
        return None
    value = json.loads(raw)
    if isinstance(value, list):
        return (int(value[0]), int(value[1]))
    return int(value)


@lru_cache(maxsize=1024)
def _codes_json(values: tuple[Any, ...]) -> str:
    """A tuple of enum codes as a JSON list of strings (cached: few combinations repeat)."""
    return _plain([str(x) for x in values])


def event_row(ev: Any, ev_id: str, article_id: str, seq: int, run_id: int | None) -> tuple[Any, ...]:
    """The ``events`` row of a model Event, in the column order of ``001_core.sql``'s ``events``
    table (28 values; lists and counts as JSON)."""
    return (
        ev_id, article_id, seq, str(ev.kind), str(ev.status), ev.date, ev.country, ev.admin1,
        ev.city, ev.place, ev.lat, ev.lon,
        _dumps(list(ev.perpetrators)),
        _codes_json(tuple(ev.attack_types)), _codes_json(tuple(ev.target_types)), _codes_json(tuple(ev.weapon_types)),
        _count_to_json(ev.killed), ev.perpetrators_killed, _count_to_json(ev.wounded),
        ev.perpetrator_count,
        None if ev.claimed is None else int(ev.claimed),
        None if ev.suicide is None else int(ev.suicide),
        ev.evidence, ev.evidence_start, ev.evidence_end, float(ev.confidence),
        _dumps(list(ev.explanation)), run_id,
    )


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def filter_sql(
    alias: str,
    *,
    country: str | None = None,
    group: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
) -> tuple[list[str], list[Any]]:
    """WHERE clauses and parameters shared by the event and incident queries.

    ``alias`` prefixes the columns ("e." or ""). country: ISO alpha-2 (case-insensitive);
    group: a canonical perpetrator name, also matching its branches ("Islamic State" matches
    "Islamic State – Sinai Province"); since/until: ISO dates, inclusive, a partial date
    matching when its period overlaps (undated rows excluded); kind: kind code.
    """
    where: list[str] = []
    params: list[Any] = []
    if country:
        where.append(f"upper({alias}country) = upper(?)")
        params.append(country)
    if group:
        where.append(
            f"EXISTS (SELECT 1 FROM json_each({alias}perpetrators) p WHERE lower(p.value) = lower(?) "
            "OR lower(p.value) LIKE lower(?))"
        )
        params += [group, f"{group} –%"]
    if since:
        where.append(f"{alias}date IS NOT NULL AND {alias}date >= substr(?, 1, length({alias}date))")
        params.append(since)
    if until:
        where.append(f"{alias}date IS NOT NULL AND {alias}date <= ?")
        params.append(until)
    if kind:
        where.append(f"{alias}kind = ?")
        params.append(kind)
    return where, params
