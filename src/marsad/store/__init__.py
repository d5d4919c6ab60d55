"""Store stage: processed Docs and rejections in; a queryable event database (SQLite by default) out.

``open_store`` is the one entry point. Only this package imports sqlite3 (or, later, psycopg):
a PostgreSQL backend would be a second class with the same methods as ``SQLiteStore``
(the migrations use portable SQL types), selected by a ``postgresql://`` address.
"""

from __future__ import annotations

from pathlib import Path

from marsad.settings import Settings, load_settings
from marsad.store.migrate import MIGRATIONS_DIR, apply_migrations, list_migrations
from marsad.store.sqlite import (
    DuplicateRecord,
    RejectionRecord,
    RunRecord,
    SaveResult,
    SQLiteStore,
    StoreError,
)

__all__ = [
    "MIGRATIONS_DIR",
    "DuplicateRecord",
    "RejectionRecord",
    "RunRecord",
    "SQLiteStore",
    "SaveResult",
    "Store",
    "StoreError",
    "apply_migrations",
    "list_migrations",
    "open_store",
]

Store = SQLiteStore


def open_store(db: str | Path | None = None, settings: Settings | None = None, *, readonly: bool = False) -> Store:
    """Open (create and migrate unless ``readonly``) the database ``db``.

    Args:
        db: an SQLite file path (default: ``[store] default_db``, "marsad.db").
        settings: read for ``[store]`` busy_timeout_ms and write_retries.
        readonly: open read-only (the file must exist; ``mode=ro``, or ``immutable=1`` when
            its folder or file cannot be written to) — for commands that only query.

    Raises:
        StoreError: cannot open, a PostgreSQL address without the ``postgres`` extra's backend,
            or a read-only open of a missing file.

    Example:
        >>> store = open_store("marsad.db")
        >>> [e.kind for e in store.events(country="OM")]
    """
    settings = settings or load_settings()
    target = str(db if db is not None else settings.get("store", "default_db"))
    if target.startswith(("postgres://", "postgresql://")):
        raise StoreError("PostgreSQL is not implemented yet; use an SQLite file path for --db")
    if readonly and target != ":memory:" and not Path(target).is_file():
        raise StoreError(f"database not found: {target}")
    return SQLiteStore(
        target,
        busy_timeout_ms=int(settings.get("store", "busy_timeout_ms")),
        retries=int(settings.get("store", "write_retries")),
        readonly=readonly,
    )
