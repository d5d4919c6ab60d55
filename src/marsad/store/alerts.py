"""Alert store (SQLite): Alerts in, stored alerts with their incidents, article coverage and sources out."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from marsad.analysis.alerts import ALERT_KINDS, Alert

__all__ = ["article_refs", "coverage", "load_alerts", "save_alerts"]

_COLS = "key, kind, date, group_name, country, admin1, region, target_type, score, params"


def save_alerts(conn: sqlite3.Connection, alerts: Iterable[Alert]) -> int:
    """Store alerts with the incidents that fired them; return how many were new.

    Idempotent on ``Alert.key``: an alert already stored gets its numbers and incident list
    replaced (a surge week may gain incidents), keeping its first ``detected_at``. Runs in
    the caller's transaction when one is open, else in its own.
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        new = 0
        for a in alerts:
            exists = conn.execute("SELECT 1 FROM alerts WHERE key = ?", (a.key,)).fetchone()
            new += exists is None
            conn.execute(
                f"INSERT INTO alerts ({_COLS}, detected_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET date=excluded.date, score=excluded.score, "
                "params=excluded.params, updated_at=excluded.updated_at",
                (a.key, a.kind, a.date, a.group, a.country, a.admin1, a.region, a.target_type, a.score,
                 json.dumps(dict(a.params), ensure_ascii=False), now, now),
            )
            conn.execute("DELETE FROM alert_incidents WHERE alert_key = ?", (a.key,))
            conn.executemany(
                "INSERT INTO alert_incidents (alert_key, seq, incident_id) VALUES (?, ?, ?)",
                [(a.key, n, iid) for n, iid in enumerate(a.incidents)],
            )
        if own:
            conn.execute("COMMIT")
        return new
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise


def load_alerts(
    conn: sqlite3.Connection, *, since: str | None = None, until: str | None = None, kind: str | None = None
) -> list[Alert]:
    """Stored alerts with ``since <= date <= until`` (ISO) and of ``kind``, ordered as detect_alerts orders them."""
    where, params = [], []
    if since:
        where.append("date >= ?")
        params.append(since)
    if until:
        where.append("date <= ?")
        params.append(until + "\uffff")
    if kind:
        where.append("kind = ?")
        params.append(kind)
    sql = f"SELECT {_COLS} FROM alerts" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY date, key"
    out = []
    for row in conn.execute(sql, params).fetchall():
        ids = tuple(r[0] for r in conn.execute(
            "SELECT incident_id FROM alert_incidents WHERE alert_key = ? ORDER BY seq", (row[0],)))
        out.append(Alert(
            kind=row[1], key=row[0], date=row[2], incidents=ids, group=row[3], country=row[4], admin1=row[5],
            region=row[6], target_type=row[7], score=row[8], params=tuple(json.loads(row[9]).items()),
        ))
    rank = {k: n for n, k in enumerate(ALERT_KINDS)}
    return sorted(out, key=lambda a: (a.date, rank.get(a.kind, len(rank)), a.key))


def coverage(conn: sqlite3.Connection) -> dict[str, int]:
    """Articles stored per publication date ({"YYYY-MM-DD": n}); undated articles are left out."""
    rows = conn.execute(
        "SELECT published, COUNT(*) FROM articles WHERE published IS NOT NULL GROUP BY published"
    ).fetchall()
    return {str(p): int(n) for p, n in rows}


def article_refs(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Title, outlet, url, published and lang of the given article ids ({id: {...}})."""
    out: dict[str, dict[str, Any]] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        rows = conn.execute(
            "SELECT id, title, outlet, url, published, lang FROM articles WHERE id IN "
            f"({','.join('?' * len(chunk))})", chunk,
        ).fetchall()
        for aid, title, outlet, url, published, lang in rows:
            out[aid] = {"title": title, "outlet": outlet, "url": url, "published": published, "lang": lang}
    return out
