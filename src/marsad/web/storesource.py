"""Web source over the store: a database path in, a per-request read-only Source (marsad.store) out."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marsad.model import Article, Event, Incident
from marsad.store import Store, open_store
from marsad.web.data import Source, SourceFactory

__all__ = ["StoreSource", "store_source_factory"]

log = logging.getLogger(__name__)


class StoreSource:
    """A Source reading one store opened read-only; lists are loaded once per request."""

    def __init__(self, store: Store, fused_cache: dict[str, Any] | None = None) -> None:
        self.store = store
        self._events: list[Event] | None = None
        self._incidents: list[Incident] | None = None
        self._fused_cache = fused_cache if fused_cache is not None else {}

    def articles(self) -> Sequence[Article]:
        """Every stored article."""
        return list(self.store.articles())

    def article(self, article_id: str) -> Article | None:
        """One article by id."""
        return self.store.article(article_id)

    def events(self) -> Sequence[Event]:
        """Every stored event (store order: date, article, sequence)."""
        if self._events is None:
            self._events = list(self.store.events())
        return self._events

    def article_events(self, article_id: str) -> Sequence[Event]:
        """The events of one article (one indexed query, not every stored event)."""
        return self.store.events(article_id=article_id)

    def event(self, event_id: str) -> Event | None:
        """One event by id; its article is looked up first from the id ("<article>#n" or "<article>-eN")."""
        for sep in ("#", "-e"):
            if sep in event_id:
                found = [e for e in self.store.events(article_id=event_id.rsplit(sep, 1)[0]) if e.id == event_id]
                if found:
                    return found[0]
        return next((e for e in self.events() if e.id == event_id), None)

    def incidents(self, *, history: bool = False) -> Sequence[Incident]:
        """Every fused incident, with its reports (and history when asked).

        A database written before fusion existed (no incident tables) gets its events fused
        in memory instead, cached per database state.
        """
        if history:
            stored = _call_optional("marsad.store.incidents", ("load_incidents",), self.store.conn, history=True)
            return list(stored) if stored is not None else self._fused_now()
        if self._incidents is None:
            stored = _call_optional("marsad.store.incidents", ("load_incidents",), self.store.conn)
            self._incidents = list(stored) if stored is not None else self._fused_now()
        return self._incidents

    def _fused_now(self) -> list[Incident]:
        """Fuse the stored events in memory (old databases without incident tables)."""
        from marsad.fuse import Report, fuse

        counts = self.store.counts()
        key = f"{counts['articles']}:{sum(counts['events'].values())}:{counts['runs']}"
        if self._fused_cache.get("key") != key:
            meta = {a.id: a for a in self.store.articles()}
            reports = [
                Report(e, meta[e.article_id].published if e.article_id in meta else None,
                       meta[e.article_id].outlet if e.article_id in meta else None)
                for e in self.events()
            ]
            self._fused_cache.clear()
            self._fused_cache.update(key=key, incidents=fuse(reports))
        return list(self._fused_cache["incidents"])

    def incident(self, incident_id: str) -> Incident | None:
        """One incident by id, with its reports and full history."""
        found = _call_optional("marsad.store.incidents", ("load_incident",), self.store.conn, incident_id)
        if found is not None:
            return found  # type: ignore[no-any-return]
        return next((i for i in self._fused_now() if i.id == incident_id), None) if self._no_tables() else None

    def _no_tables(self) -> bool:
        return _call_optional("marsad.store.incidents", ("load_incidents",), self.store.conn, limit=1) is None

    def alerts(self) -> Sequence[dict[str, Any]]:
        """Stored alerts as JSON dicts, newest first (empty when the analysis tables are absent)."""
        rows = _call_optional("marsad.store.alerts", ("load_alerts",), self.store.conn) or []
        return [a.to_dict() for a in reversed(rows)]

    def coverage(self) -> dict[str, int]:
        """Articles stored per publication day (analysis coverage)."""
        found = _call_optional("marsad.store.alerts", ("coverage",), self.store.conn)
        return dict(found) if found is not None else {}


def _call_optional(module: str, names: tuple[str, ...], *args: Any, **kwargs: Any) -> Any:
    """Call the first of ``names`` found in ``module``; None when the module or tables are absent."""
    try:
        mod = __import__(module, fromlist=list(names))
    except ImportError:
        return None
    for name in names:
        fn = getattr(mod, name, None)
        if callable(fn):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - an older database without the stage's tables
                if "no such table" in str(exc):
                    log.info("%s.%s: %s", module, name, exc)
                    return None
                raise
    return None


def store_source_factory(path: Path) -> SourceFactory:
    """A factory opening ``path`` read-only (SQLite ``mode=ro``) for each request."""

    fused_cache: dict[str, Any] = {}

    @contextmanager
    def _open() -> Iterator[Source]:
        store = open_store(path, readonly=True)
        try:
            yield StoreSource(store, fused_cache)
        finally:
            store.close()

    return _open
