"""Store stage (SQLite): Docs, rejections and run progress in; articles and events queried out.

One write transaction per article (the article row, its events and their per-field
evidence commit together), idempotent on the article's content hash, WAL mode with a busy
timeout and retries so that several processes can share one database file.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from marsad.model import Article, Doc, Rejection
from marsad.store.event_reads import EVENT_COLS, EventReads
from marsad.store.migrate import apply_migrations
from marsad.store.records import (
    DuplicateRecord,
    RejectionRecord,
    RunRecord,
    SaveResult,
    StoreError,
    _now,
    event_row,
)

__all__ = ["DuplicateRecord", "RejectionRecord", "RunRecord", "SaveResult", "SQLiteStore", "StoreError"]

log = logging.getLogger(__name__)
T = TypeVar("T")

_EVENT_INSERT = f"INSERT INTO events ({EVENT_COLS}) VALUES ({', '.join('?' * 28)})"


class SQLiteStore(EventReads):
    """A marsad database in one SQLite file (created and migrated on open unless read-only).

    Args:
        path: the database file (``":memory:"`` for tests).
        busy_timeout_ms: how long a statement waits for another process's write lock.
        retries: how often a whole write transaction is retried when still locked.
        readonly: open with ``mode=ro`` and skip migrations (query commands, web app); when
            SQLite cannot create the ``-shm`` file beside it (read-only folder or file), the
            file is opened ``immutable=1`` instead (no locking: fine for a database nobody
            can write to).

    Raises:
        StoreError: the file cannot be opened or is not an SQLite database.

    Example:
        >>> with SQLiteStore("marsad.db") as store:
        ...     store.events(country="OM")
    """

    def __init__(
        self, path: str | Path, *, busy_timeout_ms: int = 30_000, retries: int = 8, readonly: bool = False
    ) -> None:
        self.path = str(path)
        self.retries = retries
        self.immutable = False
        try:
            if readonly:
                self.conn = self._connect_readonly(busy_timeout_ms)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout_ms / 1000)
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self._retry(lambda: apply_migrations(self.conn))
            elif not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
                self.conn.close()
                raise StoreError(f"{self.path} is not a marsad database (no schema yet)")
        except sqlite3.DatabaseError as exc:
            if "readonly" in str(exc).lower():
                raise StoreError(
                    f"cannot write to database {self.path} (read-only file or folder): {exc}"
                ) from exc
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    def _connect_readonly(self, busy_timeout_ms: int) -> sqlite3.Connection:
        """``mode=ro``; ``mode=ro&immutable=1`` when the WAL shared-memory file cannot be made."""
        base = "file:" + urllib.parse.quote(str(Path(self.path).resolve()))
        conn = sqlite3.connect(base + "?mode=ro", uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:
            msg = str(exc).lower()
            if "readonly" not in msg and "unable to open" not in msg and "i/o" not in msg:
                conn.close()
                raise
            conn.close()
            log.info("opening %s immutable (cannot create its -shm file): %s", self.path, exc)
        self.immutable = True
        return sqlite3.connect(
            base + "?mode=ro&immutable=1", uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000
        )

    # -- plumbing -----------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _retry(self, fn: Callable[[], T]) -> T:
        delay = 0.05
        for attempt in range(self.retries + 1):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                msg = str(exc).lower()
                if ("locked" not in msg and "busy" not in msg) or attempt == self.retries:
                    if "locked" in msg or "busy" in msg:
                        raise StoreError(f"database {self.path} stayed locked: {exc}") from exc
                    raise
                log.warning("database locked, retry %d: %s", attempt + 1, exc)
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A ``BEGIN IMMEDIATE`` write transaction (commit on success, rollback on error).

        For store modules of later stages (fusion, analysis) that add their own tables.
        """
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn(conn)`` inside one write transaction, retried while the database is locked."""

        def attempt() -> T:
            with self.transaction() as conn:
                return fn(conn)

        return self._retry(attempt)

    def schema_version(self) -> int:
        """Highest migration number applied."""
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- runs -----------------------------------------------------------------------------

    def start_run(self, inputs: list[str]) -> int:
        """Record a new run (status ``running``) and return its id."""

        def fn(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO runs (started_at, pid, inputs) VALUES (?, ?, ?)",
                (_now(), os.getpid(), json.dumps(inputs, ensure_ascii=False)),
            )
            return int(cur.lastrowid or 0)

        return self.write(fn)

    def finish_run(self, run_id: int, status: str = "done") -> None:
        """Mark a run finished (``done`` or ``failed``)."""
        self.write(
            lambda c: c.execute(
                "UPDATE runs SET finished_at = ?, status = ? WHERE id = ?", (_now(), status, run_id)
            )
        )

    def run(self, run_id: int) -> RunRecord | None:
        """One run by id."""
        rows = self._runs("WHERE id = ?", (run_id,))
        return rows[0] if rows else None

    def runs(self) -> list[RunRecord]:
        """All runs, oldest first."""
        return self._runs("", ())

    def _runs(self, where: str, params: tuple[Any, ...]) -> list[RunRecord]:
        rows = self.conn.execute(
            "SELECT id, started_at, finished_at, status, pid, inputs, articles_seen, articles_stored, "
            f"duplicates, events_stored, rejections, last_source FROM runs {where} ORDER BY id",
            params,
        ).fetchall()
        return [RunRecord(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), *r[6:]) for r in rows]

    # -- writes ---------------------------------------------------------------------------

    def has_article(self, sha256: str) -> bool:
        """Whether an article with this content hash is stored."""
        return self.conn.execute("SELECT 1 FROM articles WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def article_run(self, sha256: str) -> tuple[str, int | None] | None:
        """``(article id, run id)`` of the stored article with this content hash, or None."""
        row = self.conn.execute("SELECT id, run_id FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        return (str(row[0]), row[1]) if row else None

    def note_duplicate(self, run_id: int | None, source: str | None, sha256: str | None = None) -> None:
        """Count an input skipped because its content hash is already stored.

        With ``sha256`` (and ``source``), the copy is also recorded in ``duplicates``
        (source → stored article id), listed by ``duplicates()``.
        """

        def fn(conn: sqlite3.Connection) -> None:
            if sha256 is not None and source:
                _record_duplicate(conn, source, sha256, run_id)
            if run_id is not None:
                conn.execute(
                    "UPDATE runs SET articles_seen = articles_seen + 1, duplicates = duplicates + 1, "
                    "last_source = ? WHERE id = ?",
                    (source, run_id),
                )

        if run_id is not None or sha256 is not None:
            self.write(fn)

    def save_doc(self, doc: Doc, run_id: int | None = None) -> SaveResult:
        """Store the article and its events in one transaction; a stored hash is not re-stored.

        When another article already uses ``doc.article.id`` (different text), the article is
        stored as ``<id>@<first 12 hex of its hash>``. Event ids are ``<article id>-e<n>``
        unless the event's own id already starts with the article id. Earlier rejections of
        the same source (a file fixed since) are removed.
        """
        return self.write(lambda conn: self._save_doc(conn, doc, run_id))

    def _save_doc(self, conn: sqlite3.Connection, doc: Doc, run_id: int | None) -> SaveResult:
        art = doc.article
        row = conn.execute("SELECT id FROM articles WHERE sha256 = ?", (art.sha256,)).fetchone()
        if row is not None:
            if art.source:
                _record_duplicate(conn, art.source, art.sha256, run_id)
            if run_id is not None:
                conn.execute(
                    "UPDATE runs SET articles_seen = articles_seen + 1, duplicates = duplicates + 1, "
                    "last_source = ? WHERE id = ?",
                    (art.source, run_id),
                )
            return SaveResult(str(row[0]), False, 0)
        art_id = art.id
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (art_id,)).fetchone():
            art_id = f"{art.id}@{art.sha256[:12]}"
        conn.execute(
            "INSERT INTO articles (id, sha256, text, lang, published, title, outlet, url, source, run_id, "
            "stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (art_id, art.sha256, art.text, art.lang, art.published, art.title, art.outlet, art.url,
             art.source, run_id, _now()),
        )
        if art.source:  # an input fixed since an earlier rejection: it is now an article, not both
            conn.execute("DELETE FROM rejections WHERE source = ?", (art.source,))
        events: list[tuple[Any, ...]] = []
        evidence: list[tuple[str, int, str, int, int, str]] = []
        for seq, ev in enumerate(doc.events, start=1):
            ev_id = ev.id if ev.id and ev.id.startswith(art_id) else f"{art_id}-e{seq}"
            events.append(event_row(ev, ev_id, art_id, seq, run_id))
            evidence += [(ev_id, i, f.field, f.start, f.end, f.rule) for i, f in enumerate(ev.fields, start=1)]
        # one statement each for the article's events and their evidence (rows in the same order)
        conn.executemany(_EVENT_INSERT, events)
        conn.executemany(
            "INSERT INTO evidence (event_id, seq, field, start_char, end_char, rule) VALUES (?, ?, ?, ?, ?, ?)",
            evidence,
        )
        if run_id is not None:
            conn.execute(
                "UPDATE runs SET articles_seen = articles_seen + 1, articles_stored = articles_stored + 1, "
                "events_stored = events_stored + ?, last_source = ? WHERE id = ?",
                (len(doc.events), art.source, run_id),
            )
        return SaveResult(art_id, True, len(doc.events))

    def save_rejection(self, rej: Rejection, run_id: int | None = None) -> None:
        """Record a rejection (once per source/reason/detail; a re-run updates its run id)."""

        def fn(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO rejections (source, reason, detail, run_id, recorded_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (source, reason, detail) DO UPDATE SET run_id = excluded.run_id, "
                "recorded_at = excluded.recorded_at",
                (rej.source, rej.reason, rej.detail, run_id, _now()),
            )
            if run_id is not None:
                conn.execute(
                    "UPDATE runs SET articles_seen = articles_seen + 1, rejections = rejections + 1, "
                    "last_source = ? WHERE id = ?",
                    (rej.source, run_id),
                )

        self.write(fn)

    # -- reads ----------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        row = self.conn.execute(
            "SELECT id, text, lang, published, title, outlet, url, source, sha256 FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return Article(*row) if row else None

    def articles(self) -> Iterator[Article]:
        """All stored articles ordered by id."""
        cur = self.conn.execute(
            "SELECT id, text, lang, published, title, outlet, url, source, sha256 FROM articles ORDER BY id"
        )
        for row in cur:
            yield Article(*row)

    def rejections(self, *, reason: str | None = None, run_id: int | None = None) -> list[RejectionRecord]:
        """Recorded rejections, optionally of one reason or last seen in one run, by source."""
        where, params = [], []
        if reason:
            where.append("reason = ?")
            params.append(reason)
        if run_id is not None:
            where.append("run_id = ?")
            params.append(run_id)
        sql = "SELECT source, reason, detail, run_id, recorded_at FROM rejections"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.conn.execute(sql + " ORDER BY source, reason", params).fetchall()
        return [RejectionRecord(*r) for r in rows]

    def duplicates(self) -> list[DuplicateRecord]:
        """Inputs skipped as duplicates (source → stored article), by source; [] on old databases."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'input_duplicates'").fetchone():
            return []
        rows = self.conn.execute(
            "SELECT source, sha256, article_id, run_id, recorded_at FROM input_duplicates ORDER BY source"
        ).fetchall()
        return [DuplicateRecord(*r) for r in rows]

    def counts(self) -> dict[str, Any]:
        """Totals: ``articles``, ``events`` by kind, ``rejections`` by reason, ``runs``."""
        one = self.conn.execute
        return {
            "articles": one("SELECT COUNT(*) FROM articles").fetchone()[0],
            "events": dict(one("SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY kind").fetchall()),
            "rejections": dict(
                one("SELECT reason, COUNT(*) FROM rejections GROUP BY reason ORDER BY reason").fetchall()
            ),
            "runs": one("SELECT COUNT(*) FROM runs").fetchone()[0],
        }


def _record_duplicate(conn: sqlite3.Connection, source: str, sha256: str, run_id: int | None) -> None:
    """Insert or refresh the duplicates row of ``source`` (the article id looked up by hash).

    The stored article's own source read again (a re-run) is not a duplicate and is not recorded.
    """
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'input_duplicates'").fetchone():
        return
    conn.execute(
        "INSERT INTO input_duplicates (source, sha256, article_id, run_id, recorded_at) "
        "SELECT ?, ?, id, ?, ? FROM articles WHERE sha256 = ? AND (source IS NULL OR source <> ?) "
        "ON CONFLICT (source, sha256) DO UPDATE SET run_id = excluded.run_id, recorded_at = excluded.recorded_at",
        (source, sha256, run_id, _now(), sha256, source),
    )
