"""Store schema: numbered SQL migration files in, an up-to-date database schema out.

Any file ``store/migrations/NNN_name.sql`` (three or more digits) is a migration; they are
applied in numeric order, each in its own transaction, and recorded in
``schema_migrations``. Ranges: 001–009 core, 010–019 fusion/incidents, 020–029 analysis.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["MIGRATIONS_DIR", "Migration", "apply_migrations", "list_migrations", "split_statements"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_NAME = re.compile(r"^(\d{3,})_[\w.-]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file: ``version`` (its number), ``name`` (file name) and ``path``."""

    version: int
    name: str
    path: Path


def list_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files of ``folder`` sorted by number.

    Raises:
        ValueError: two files share a number.
    """
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")):
        m = _NAME.match(path.name)
        if not m:
            continue
        version = int(m.group(1))
        if version in found:
            raise ValueError(f"two migrations numbered {version}: {found[version].name}, {path.name}")
        found[version] = Migration(version, path.name, path)
    return [found[v] for v in sorted(found)]


def split_statements(sql: str) -> list[str]:
    """Split a SQL script into complete statements (triggers and comments handled by SQLite)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at end of script: {buf.strip()[:80]!r}")
    return out


def apply_migrations(conn: sqlite3.Connection, folder: Path = MIGRATIONS_DIR) -> list[int]:
    """Apply the migrations not yet recorded; return the versions applied now.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Each migration runs in a
    ``BEGIN IMMEDIATE`` transaction that re-checks ``schema_migrations``, so two processes
    opening a new database at once apply each migration exactly once.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied_now: list[int] = []
    for mig in list_migrations(folder):
        done = conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (mig.version,)).fetchone()
        if done:
            continue
        statements = split_statements(mig.path.read_text(encoding="utf-8"))
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (mig.version,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            for stmt in statements:
                conn.execute(stmt)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (mig.version, mig.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied_now.append(mig.version)
    return applied_now
