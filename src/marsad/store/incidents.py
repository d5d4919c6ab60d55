"""Incident store (SQLite): fused Incidents, near-duplicate links and MinHash signatures in; stored incidents with history out."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import numpy as np

from marsad.model import Incident, ReportedValue
from marsad.store.records import filter_sql

__all__ = [
    "article_meta",
    "article_texts",
    "change_mark",
    "delete_incidents",
    "incident_ids_for_events",
    "load_duplicates",
    "load_incident",
    "load_incidents",
    "load_signatures",
    "report_ids",
    "save_duplicates",
    "save_incidents",
    "save_signatures",
    "unfused_article_ids",
]

_COLS = (
    "id", "kind", "date", "country", "admin1", "city", "place", "lat", "lon", "perpetrators",
    "attack_types", "target_types", "weapon_types", "killed", "perpetrators_killed", "wounded",
    "perpetrator_count", "claimed", "suicide", "rules", "first_reported", "last_reported",
)
_LISTS = ("perpetrators", "attack_types", "target_types", "weapon_types")
# json.dumps(value, ensure_ascii=False) without building an encoder per call
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _count_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(list(value) if isinstance(value, (tuple, list)) else value)


def _count_value(raw: str | None) -> Any:
    if raw is None:
        return None
    value = json.loads(raw)
    return tuple(value) if isinstance(value, list) else value


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


@lru_cache(maxsize=4096)
def _list_json(values: tuple[Any, ...]) -> str:
    """A tuple of strings as a JSON list (cached: a few lists such as [] or ["bombing"] repeat)."""
    return _dumps(list(values))


class _ValueJson:
    """JSON text of history values, each distinct value encoded once per ``save_incidents`` call.

    Keys carry the value's type, since ``True == 1`` and ``1 == 1.0`` would share a key but not
    a JSON text; lists (a tuple field's value) are keyed by their items as a tuple.
    """

    __slots__ = ("known",)

    def __init__(self) -> None:
        self.known: dict[tuple[type, Any], str] = {}

    def __call__(self, value: Any) -> str:
        cls = value.__class__
        key = (cls, tuple(value) if cls is list else value)
        try:
            return self.known[key]
        except KeyError:
            text = self.known[key] = _dumps(value)
            return text
        except TypeError:  # an unhashable item (nested list): encoded without the cache
            return _dumps(value)


def _row(inc: Incident) -> tuple[Any, ...]:
    return (
        inc.id, inc.kind, inc.date, inc.country, inc.admin1, inc.city, inc.place, inc.lat, inc.lon,
        *(_list_json(tuple(getattr(inc, f))) for f in _LISTS),
        _count_json(inc.killed), inc.perpetrators_killed, _count_json(inc.wounded), inc.perpetrator_count,
        _flag(inc.claimed), _flag(inc.suicide), _dumps([list(r) for r in inc.rules]),
        inc.first_reported, inc.last_reported,
    )


def _own_transaction(conn: sqlite3.Connection) -> bool:
    if conn.in_transaction:
        return False
    conn.execute("BEGIN IMMEDIATE")
    return True


def save_incidents(
    conn: sqlite3.Connection,
    incidents: Iterable[Incident],
    removed: Iterable[str] = (),
    report_articles: Mapping[str, str] | None = None,
) -> int:
    """Insert or replace incidents (record, reports, history) and delete the ``removed`` ids.

    ``report_articles`` maps event id → article id (else taken from the history, else from
    the store's ``<article id>-e<n>`` event ids).

    An incident already stored keeps its ``created_at``. Runs in the caller's transaction
    when one is open, else in its own. Statements are batched (``executemany``), so writing
    n incidents costs five statements, not 5·n. Returns the number of incidents written.
    """
    incidents = list(incidents)
    report_articles = report_articles or {}
    own = _own_transaction(conn)
    try:
        delete_incidents(conn, removed)
        now = _now()
        placeholders = ", ".join("?" * (len(_COLS) + 4))
        conn.executemany(
            f"INSERT INTO incidents ({', '.join(_COLS)}, n_reports, n_articles, created_at, updated_at) "
            f"VALUES ({placeholders}) ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{c}=excluded.{c}" for c in _COLS[1:])
            + ", n_reports=excluded.n_reports, n_articles=excluded.n_articles, updated_at=excluded.updated_at",
            [(*_row(inc), len(inc.reports), len(inc.articles), now, now) for inc in incidents],
        )
        written = [(inc.id,) for inc in incidents]
        conn.executemany("DELETE FROM incident_reports WHERE incident_id = ?", written)
        conn.executemany("DELETE FROM incident_history WHERE incident_id = ?", written)
        reports: list[tuple[str, str, str, int]] = []
        history: list[tuple[Any, ...]] = []
        encode = _ValueJson()
        for inc in incidents:
            from_history = {h.event_id: h.article_id for h in inc.history}
            for i, rid in enumerate(inc.reports):
                if rid in report_articles:
                    aid = report_articles[rid]
                else:
                    aid = from_history.get(rid, rid.rsplit("-e", 1)[0])
                reports.append((rid, inc.id, aid, i))
            history += [(inc.id, i, h.field, encode(h.value), h.event_id, h.article_id,
                         h.outlet, h.published) for i, h in enumerate(inc.history)]
        conn.executemany(
            "INSERT OR REPLACE INTO incident_reports (event_id, incident_id, article_id, seq) VALUES (?, ?, ?, ?)",
            reports,
        )
        conn.executemany(
            "INSERT INTO incident_history (incident_id, seq, field, value, event_id, article_id, outlet, "
            "published) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            history,
        )
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    return len(incidents)


def delete_incidents(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Delete incidents (with their reports and history) by id, in the caller's transaction."""
    rows = [(iid,) for iid in ids]
    conn.executemany("DELETE FROM incident_history WHERE incident_id = ?", rows)
    conn.executemany("DELETE FROM incident_reports WHERE incident_id = ?", rows)
    conn.executemany("DELETE FROM incidents WHERE id = ?", rows)


def _incident(conn: sqlite3.Connection, r: Sequence[Any], full: bool) -> Incident:
    values = dict(zip(_COLS, r, strict=False))
    reports = tuple(
        row[0] for row in conn.execute(
            "SELECT event_id FROM incident_reports WHERE incident_id = ? ORDER BY seq", (values["id"],)
        )
    )
    articles = tuple(dict.fromkeys(
        row[0] for row in conn.execute(
            "SELECT article_id FROM incident_reports WHERE incident_id = ? ORDER BY seq", (values["id"],)
        )
    ))
    history: tuple[ReportedValue, ...] = ()
    if full:
        history = tuple(
            ReportedValue(f, json.loads(v) if v is not None else None, e, a, o, p)
            for f, v, e, a, o, p in conn.execute(
                "SELECT field, value, event_id, article_id, outlet, published FROM incident_history "
                "WHERE incident_id = ? ORDER BY seq", (values["id"],)
            )
        )
    for name in _LISTS:
        values[name] = tuple(json.loads(values[name]))
    values["killed"] = _count_value(values["killed"])
    values["wounded"] = _count_value(values["wounded"])
    for name in ("claimed", "suicide"):
        values[name] = None if values[name] is None else bool(values[name])
    values["rules"] = tuple(tuple(x) for x in json.loads(values["rules"]))
    return Incident(reports=reports, articles=articles, history=history, **values)


def load_incident(conn: sqlite3.Connection, incident_id: str) -> Incident | None:
    """The stored incident with its reports and full history, or None."""
    row = conn.execute(f"SELECT {', '.join(_COLS)} FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    return _incident(conn, row, True) if row else None


def load_incidents(
    conn: sqlite3.Connection,
    *,
    country: str | None = None,
    group: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    ids: Iterable[str] | None = None,
    history: bool = False,
    limit: int | None = None,
) -> list[Incident]:
    """Stored incidents matching every filter, ordered by date (unknown last) then id.

    Args:
        country: ISO alpha-2 (case-insensitive). group: a perpetrator's canonical name, also
            matching its branches ("Islamic State" matches "Islamic State – Sinai Province").
        since, until: ISO dates (inclusive); a partial incident date matches when its period
            overlaps; undated incidents are excluded. kind: incident kind code.
        ids: only these ids. history: also load every reported value (slower).
    """
    where, params = filter_sql("", country=country, group=group, since=since, until=until, kind=kind)
    if ids is not None:
        id_list = list(ids)
        if not id_list:
            return []
        where.append(f"id IN ({', '.join('?' * len(id_list))})")
        params += id_list
    sql = f"SELECT {', '.join(_COLS)} FROM incidents"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY date IS NULL, date, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_incident(conn, r, history) for r in conn.execute(sql, params).fetchall()]


def incident_ids_for_events(conn: sqlite3.Connection, event_ids: Iterable[str]) -> dict[str, str]:
    """event id → id of the stored incident it was fused into (events not fused are absent)."""
    out: dict[str, str] = {}
    ids = list(dict.fromkeys(event_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        out.update(conn.execute(
            f"SELECT event_id, incident_id FROM incident_reports WHERE event_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall())
    return out


def report_ids(conn: sqlite3.Connection, incident_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """incident id → its (event id, article id) reports, oldest first ([] for an unknown id)."""
    out: dict[str, list[tuple[str, str]]] = {iid: [] for iid in incident_ids}
    ids = list(out)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for iid, e, a in conn.execute(
            "SELECT incident_id, event_id, article_id FROM incident_reports "
            f"WHERE incident_id IN ({', '.join('?' * len(chunk))}) ORDER BY incident_id, seq",
            chunk,
        ):
            out[iid].append((e, a))
    return out


def article_texts(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[tuple[str, str, str | None]]:
    """(id, text, published) of the stored articles among ``article_ids``, in the order given."""
    ids = list(dict.fromkeys(article_ids))
    found: dict[str, tuple[str, str, str | None]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for row in conn.execute(
            f"SELECT id, text, published FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ):
            found[row[0]] = row
    return [found[aid] for aid in ids if aid in found]


def change_mark(conn: sqlite3.Connection) -> tuple[int, ...]:
    """A value that changes whenever rows of ``article_signatures`` or ``article_duplicates`` are
    written (their row counts and highest rowids: an insert or replace takes a new rowid).

    Fusion keeps what it read of these tables across batches while the mark stays the same.
    """
    row = conn.execute(
        "SELECT (SELECT COUNT(*) FROM article_signatures), (SELECT COALESCE(MAX(rowid), 0) FROM article_signatures), "
        "(SELECT COUNT(*) FROM article_duplicates), (SELECT COALESCE(MAX(rowid), 0) FROM article_duplicates)"
    ).fetchone()
    return tuple(int(v) for v in row)


def article_meta(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """article id → (published, outlet) from the core ``articles`` table."""
    out: dict[str, tuple[str | None, str | None]] = {}
    ids = list(dict.fromkeys(article_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for aid, pub, outlet in conn.execute(
            f"SELECT id, published, outlet FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ):
            out[aid] = (pub, outlet)
    return out


def save_duplicates(conn: sqlite3.Connection, links: Iterable[tuple[str, str, float]]) -> None:
    """Record (article id, original id, similarity) near-duplicate links (replacing older ones)."""
    now = _now()
    conn.executemany(
        "INSERT OR REPLACE INTO article_duplicates (article_id, original_id, similarity, detected_at) "
        "VALUES (?, ?, ?, ?)",
        [(a, o, float(s), now) for a, o, s in links],
    )


def load_duplicates(conn: sqlite3.Connection) -> dict[str, str]:
    """Near-copy article id → original article id."""
    return dict(conn.execute("SELECT article_id, original_id FROM article_duplicates").fetchall())


def save_signatures(conn: sqlite3.Connection, signatures: Mapping[str, np.ndarray], scheme: str) -> None:
    """Store MinHash signatures (article id → uint64 hash values) of one permutation ``scheme``."""
    conn.executemany(
        "INSERT OR REPLACE INTO article_signatures (article_id, scheme, num_perm, hashvalues) VALUES (?, ?, ?, ?)",
        [(aid, scheme, len(v), np.asarray(v, dtype=np.uint64).tobytes()) for aid, v in signatures.items()],
    )


def load_signatures(
    conn: sqlite3.Connection, scheme: str, num_perm: int
) -> list[tuple[str, str | None, np.ndarray]]:
    """Stored signatures of ``scheme``/``num_perm`` as (article id, published, hash values)."""
    rows = conn.execute(
        "SELECT s.article_id, a.published, s.hashvalues FROM article_signatures s "
        "LEFT JOIN articles a ON a.id = s.article_id WHERE s.scheme = ? AND s.num_perm = ?",
        (scheme, num_perm),
    ).fetchall()
    return [(aid, pub, np.frombuffer(blob, dtype=np.uint64).copy()) for aid, pub, blob in rows]


def unfused_article_ids(conn: sqlite3.Connection) -> list[str]:
    """Stored articles not yet fused (no MinHash signature row), oldest publication first.

    Signatures are written in the same transaction as the incidents, so an article that has
    one was fused; a run killed between storing and fusing leaves its articles here.
    """
    rows = conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
        "WHERE s.article_id IS NULL ORDER BY COALESCE(a.published, ''), a.id"
    ).fetchall()
    return [r[0] for r in rows]
