"""Store stage (SQLite), event reads: stored events and their per-field evidence in; Event records out, filtered, by id, or as light keys for fusion's blocking."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

from marsad.model import Event, FieldEvidence
from marsad.store.records import _bool, _count_from_json, filter_sql

__all__ = ["EVENT_COLS", "EventReads"]

#: Columns of the events table in the order ``_event`` decodes them.
EVENT_COLS = (
    "id, article_id, seq, kind, status, date, country, admin1, city, place, lat, lon, perpetrators, "
    "attack_types, target_types, weapon_types, killed, perpetrators_killed, wounded, perpetrator_count, "
    "claimed, suicide, evidence, evidence_start, evidence_end, confidence, explanation, run_id"
)
_EVENT_SELECT = ", ".join("e." + c.strip() for c in EVENT_COLS.split(","))
# the same columns without the explanation lines (readers that leave ``Event.explanation`` empty)
_EVENT_SELECT_BRIEF = _EVENT_SELECT.replace("e.explanation", "NULL")
_EVENT_ORDER = "e.date IS NULL, e.date, e.article_id, e.seq"
_CHUNK = 500  # ids per ``IN (…)`` query (SQLite's default limit is 999 parameters)


@lru_cache(maxsize=4096)
def _tuple(raw: str) -> tuple[Any, ...]:
    """A stored JSON list as a tuple (cached: a few values such as '[]' or '["bombing"]' repeat)."""
    return tuple(json.loads(raw))


class EventReads:
    """Event queries of the SQLite store (mixed into ``SQLiteStore``; needs ``self.conn``)."""

    conn: sqlite3.Connection

    def events(
        self,
        *,
        country: str | None = None,
        group: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        article_id: str | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Stored events matching every filter given, ordered by date (unknown last) then id.

        Args:
            country: ISO alpha-2 (case-insensitive).
            group: a perpetrator's canonical name; also matches its branches
                ("Islamic State" matches "Islamic State – Khorasan Province").
            since, until: ISO dates (inclusive); a partial event date ("2024-07") matches
                when its period overlaps; events without a date are excluded.
            kind, status: event kind / status codes.
            article_id: events of one article.
            limit: at most this many.
        """
        where, params = filter_sql("e.", country=country, group=group, since=since, until=until, kind=kind)
        if status:
            where.append("e.status = ?")
            params.append(status)
        if article_id:
            where.append("e.article_id = ?")
            params.append(article_id)
        sql = f"SELECT {_EVENT_SELECT} FROM events e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + _EVENT_ORDER
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._decode(self.conn.execute(sql, params).fetchall())

    def events_by_id(
        self, event_ids: Iterable[str], *, fields: Collection[str] | None = None, explain: bool = True
    ) -> dict[str, Event]:
        """event id → stored Event for the ids stored (unknown ids are absent).

        ``fields``: read only the per-field evidence (``Event.fields``) of these field names
        (all when None); ``explain=False`` leaves ``Event.explanation`` empty. Both save time
        for readers that never look at the rest (fusion reads only partial-count marks).
        """
        ids = list(dict.fromkeys(event_ids))
        rows: list[tuple[Any, ...]] = []
        select = _EVENT_SELECT if explain else _EVENT_SELECT_BRIEF
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            rows += self.conn.execute(
                f"SELECT {select} FROM events e WHERE e.id IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall()
        return {ev.id: ev for ev in self._decode(rows, fields, explain)}

    def event_ids_of_articles(self, article_ids: Iterable[str]) -> list[str]:
        """Ids of the stored events of these articles: article by article in the order given,
        each article's events in the order of ``events(article_id=…)`` (date, unknown last, seq)."""
        ids = list(dict.fromkeys(article_ids))
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            rows += self.conn.execute(
                f"SELECT id, article_id, date, seq FROM events WHERE article_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        pos = {aid: n for n, aid in enumerate(ids)}
        rows.sort(key=lambda r: (pos[r[1]], r[2] is None, r[2] or "", r[3]))
        return [r[0] for r in rows]

    def event_keys(
        self, *, kind: str | None = None, since: str | None = None, until: str | None = None
    ) -> list[tuple[str, str, str | None, str | None]]:
        """``(id, article_id, country, date)`` of the events ``events(kind=…, since=…, until=…)``
        returns, in the same order, without decoding them (fusion's blocking reads these)."""
        where, params = filter_sql("e.", since=since, until=until, kind=kind)
        sql = "SELECT e.id, e.article_id, e.country, e.date FROM events e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.conn.execute(sql + " ORDER BY " + _EVENT_ORDER, params).fetchall()

    def _decode(
        self, rows: list[tuple[Any, ...]], fields: Collection[str] | None = None, explain: bool = True
    ) -> list[Event]:
        """Events from ``_EVENT_SELECT`` rows (in their order), with their per-field evidence
        (only of ``fields`` when given) and explanation lines (unless ``explain`` is False)."""
        evidence: dict[str, list[FieldEvidence]] = {}
        ids = [r[0] for r in rows]
        # "+field": filter rows found by the primary key; the index on field would scan every event's rows
        only = "" if fields is None else f" AND +field IN ({', '.join('?' * len(fields))})"
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            for ev_id, f, s, e, rule in self.conn.execute(
                "SELECT event_id, field, start_char, end_char, rule FROM evidence "
                f"WHERE event_id IN ({', '.join('?' * len(chunk))}){only} ORDER BY event_id, seq",
                [*chunk, *(fields or ())],
            ):
                evidence.setdefault(ev_id, []).append(FieldEvidence(f, s, e, rule))
        return [self._event(r, tuple(evidence.get(r[0], ())), explain) for r in rows]

    @staticmethod
    def _event(r: tuple[Any, ...], fields: tuple[FieldEvidence, ...], explain: bool = True) -> Event:
        return Event(
            kind=r[3], status=r[4], date=r[5], country=r[6], admin1=r[7], city=r[8], place=r[9],
            lat=r[10], lon=r[11], perpetrators=_tuple(r[12]),
            attack_types=_tuple(r[13]), target_types=_tuple(r[14]),
            weapon_types=_tuple(r[15]), killed=_count_from_json(r[16]),
            perpetrators_killed=r[17], wounded=_count_from_json(r[18]), perpetrator_count=r[19],
            claimed=_bool(r[20]), suicide=_bool(r[21]), evidence=r[22], evidence_start=r[23],
            evidence_end=r[24], id=r[0], article_id=r[1], confidence=r[25],
            fields=fields, explanation=tuple(json.loads(r[26])) if explain else (),
        )
