"""Web data access: a read-only record source in, filtered, sorted, paginated pages of records out."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from marsad.model import Article, Event, Incident
from marsad.web.filters import Filters

__all__ = ["MemorySource", "Page", "Source", "SourceFactory", "paginate", "sort_by_date"]

T = TypeVar("T")


class Source(Protocol):
    """What the web app reads; one instance serves one request (it may hold a connection).

    Every method returns model objects (marsad.model) or, for alerts, the JSON-ready dicts
    of the analysis stage; ``None`` for an unknown id.
    """

    def articles(self) -> Sequence[Article]:
        """Every stored article."""
        ...

    def article(self, article_id: str) -> Article | None:
        """One article by id."""
        ...

    def events(self) -> Sequence[Event]:
        """Every stored event (report)."""
        ...

    def event(self, event_id: str) -> Event | None:
        """One event by id."""
        ...

    def article_events(self, article_id: str) -> Sequence[Event]:
        """The events of one article, in article order."""
        ...

    def incidents(self, *, history: bool = False) -> Sequence[Incident]:
        """Every fused incident with its reports; ``history`` also loads every reported value."""
        ...

    def incident(self, incident_id: str) -> Incident | None:
        """One incident by id."""
        ...

    def alerts(self) -> Sequence[dict[str, Any]]:
        """Stored alerts as JSON dicts, newest first (empty when analysis has not run)."""
        ...


SourceFactory = Callable[[], AbstractContextManager[Source]]


@dataclass
class MemorySource:
    """An in-memory Source (tests, demos): lists of articles, events, incidents and alerts."""

    article_list: list[Article] = field(default_factory=list)
    event_list: list[Event] = field(default_factory=list)
    incident_list: list[Incident] = field(default_factory=list)
    alert_list: list[dict[str, Any]] = field(default_factory=list)

    def articles(self) -> Sequence[Article]:
        """Every article."""
        return self.article_list

    def article(self, article_id: str) -> Article | None:
        """One article by id or None."""
        return next((a for a in self.article_list if a.id == article_id), None)

    def events(self) -> Sequence[Event]:
        """Every event."""
        return self.event_list

    def event(self, event_id: str) -> Event | None:
        """One event by id or None."""
        return next((e for e in self.event_list if e.id == event_id), None)

    def article_events(self, article_id: str) -> Sequence[Event]:
        """The events of one article."""
        return [e for e in self.event_list if e.article_id == article_id]

    def incidents(self, *, history: bool = False) -> Sequence[Incident]:
        """Every incident (always with whatever history it holds)."""
        return self.incident_list

    def incident(self, incident_id: str) -> Incident | None:
        """One incident by id or None."""
        return next((i for i in self.incident_list if i.id == incident_id), None)

    def alerts(self) -> Sequence[dict[str, Any]]:
        """Every alert dict."""
        return self.alert_list

    def factory(self) -> SourceFactory:
        """A SourceFactory that yields this object for every request."""
        from contextlib import contextmanager

        @contextmanager
        def _open() -> Iterator[Source]:
            yield self

        return _open


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: ``items`` (already JSON-ready), ``total`` before paging."""

    items: list[Any]
    total: int
    limit: int
    offset: int

    def to_dict(self, **extra: Any) -> dict[str, Any]:
        """The list envelope every JSON list endpoint returns."""
        return {"total": self.total, "limit": self.limit, "offset": self.offset, **extra, "items": self.items}


def sort_by_date(records: Sequence[T], attr: str = "date") -> list[T]:
    """Newest first by an ISO date attribute (partial dates sort as their first day); undated last."""
    dated = [r for r in records if getattr(r, attr, None)]
    undated = [r for r in records if not getattr(r, attr, None)]
    dated.sort(key=lambda r: (str(getattr(r, attr)), str(getattr(r, "id", ""))), reverse=True)
    return dated + undated


def paginate(records: Sequence[T], limit: int, offset: int, render: Callable[[T], Any]) -> Page:
    """Slice ``records`` to one page and render each item with ``render``."""
    chunk = records[offset : offset + limit]
    return Page([render(r) for r in chunk], len(records), limit, offset)


def filtered(records: Sequence[T], filters: Filters) -> list[T]:
    """The records (events or incidents) that pass ``filters``."""
    if filters.is_empty():
        return list(records)
    return [r for r in records if filters.match(r)]
