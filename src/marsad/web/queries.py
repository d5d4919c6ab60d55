"""Web queries shared by the JSON API and the pages: a Source and filters in, JSON-ready results out."""

from __future__ import annotations

from collections import Counter
from typing import Any

from marsad.model import Article, Event, Incident
from marsad.web.data import Page, Source, filtered, paginate, sort_by_date
from marsad.web.filters import Filters, date_bounds
from marsad.web.highlight import Segment, evidence_spans, segments
from marsad.web.serialize import article_dict, event_dict, incident_dict, report_detail

__all__ = [
    "NotFound",
    "article_detail",
    "casualties",
    "event_detail",
    "incident_detail",
    "list_alerts",
    "list_articles",
    "list_events",
    "list_incidents",
    "report_views",
    "trend",
    "coverage",
    "ingest_article",
]


class NotFound(LookupError):
    """An id that the database does not hold; the message names the kind and the id."""


def casualties(record: Event | Incident) -> int:
    """Killed + wounded as one number for marker sizes (a range counts as its maximum)."""
    total = 0
    for value in (record.killed, record.wounded):
        if isinstance(value, tuple | list):
            total += int(max(value))
        elif isinstance(value, int | float):
            total += int(value)
    return total


def list_events(src: Source, filters: Filters, limit: int, offset: int) -> Page:
    """Events passing ``filters``, newest first, one page of event dicts."""
    return paginate(sort_by_date(filtered(src.events(), filters)), limit, offset, event_dict)


def list_incidents(src: Source, filters: Filters, limit: int, offset: int, *, history: bool = False) -> Page:
    """Incidents passing ``filters``, newest first, one page of incident dicts (with history if asked)."""
    return paginate(
        sort_by_date(filtered(src.incidents(history=history), filters)), limit, offset,
        lambda inc: incident_dict(inc, history=history),
    )


def list_articles(src: Source, filters: Filters, limit: int, offset: int) -> Page:
    """Articles (metadata only) whose publication date passes the date filters, newest first."""
    records: list[Article] = list(src.articles())
    if filters.since or filters.until:
        keep = []
        for a in records:
            if not a.published:
                continue
            try:
                first, last = date_bounds(a.published[:10])
            except ValueError:  # a malformed stored date matches no date filter
                continue
            if (filters.since and last < filters.since) or (filters.until and first > filters.until):
                continue
            keep.append(a)
        records = keep
    return paginate(sort_by_date(records, "published"), limit, offset, lambda a: article_dict(a, text=False))


def list_alerts(src: Source, limit: int, offset: int) -> Page:
    """Stored alerts (as the analysis stage renders them), one page."""
    return paginate(list(src.alerts()), limit, offset, dict)


def event_detail(src: Source, event_id: str) -> dict[str, Any]:
    """One event dict. Raises NotFound."""
    event = src.event(event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id!r}")
    return event_dict(event)


def article_detail(src: Source, article_id: str) -> dict[str, Any]:
    """One article with its text and its events. Raises NotFound."""
    article = src.article(article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id!r}")
    out = article_dict(article)
    out["events"] = [event_dict(e) for e in src.article_events(article_id)]
    return out


def incident_detail(src: Source, incident_id: str) -> dict[str, Any]:
    """One incident as ``marsad incident ID --json`` prints it (with ``report_details``), plus
    ``report_events``: each report's full event dict (per-field evidence offsets included).

    Raises:
        NotFound: no incident with that id.
    """
    incident = src.incident(incident_id)
    if incident is None:
        raise NotFound(f"no incident with id {incident_id!r}")
    out = incident_dict(incident)
    details, events = [], []
    for event_id in incident.reports:
        event = src.event(event_id)
        if event is None:
            continue
        article = src.article(event.article_id)
        details.append(report_detail(event, article))
        events.append(event_dict(event))
    out["report_details"] = details
    out["report_events"] = events
    return out


def report_views(src: Source, incident: Incident) -> list[dict[str, Any]]:
    """For the incident page: each report's event, article and highlighted text segments."""
    views = []
    for event_id in incident.reports:
        event = src.event(event_id)
        if event is None:
            continue
        article = src.article(event.article_id)
        segs: list[Segment] = []
        if article is not None:
            segs = segments(article.text, evidence_spans(event), (event.evidence_start, event.evidence_end))
        views.append({"event": event, "article": article, "segments": segs})
    views.sort(key=lambda v: (v["article"].published or "") if v["article"] else "")
    return views


def coverage(src: Source) -> dict[str, int]:
    """Articles read per publication day ("YYYY-MM-DD" → count), for trend coverage."""
    own = getattr(src, "coverage", None)
    if callable(own):
        return dict(own())
    counts: Counter[str] = Counter()
    for a in src.articles():
        if a.published and len(a.published) >= 10:
            counts[a.published[:10]] += 1
    return dict(counts)


def trend(src: Source, filters: Filters, *, by: str = "total", period: str = "month") -> dict[str, Any]:
    """The analysis stage's trend table over the filtered incidents, with coverage.

    Raises:
        ValueError: an unknown ``by`` or ``period`` (the analysis stage's message).
    """
    from marsad.analysis.trends import trends

    chosen = filtered(src.incidents(), filters)
    table = trends(chosen, by=by, period=period, coverage=coverage(src), kinds=None,
                   since=filters.since.isoformat() if filters.since else None,
                   until=filters.until.isoformat() if filters.until else None)
    return {"filters": filters.query(), **table.to_dict()}


def ingest_article(db_path: Any, data: dict[str, Any], state: Any) -> dict[str, Any]:
    """Store one posted article through ``marsad run``'s own job (store.runner.run_paths).

    The article is written to a temporary annotated-article JSON file so that ingest
    (language identification, limits, duplicate detection) treats it like any input.
    Resources are loaded once per app (``state.resources``). The result is the run report
    plus ``rejections``: ``[{"reason", "detail"}]`` of this post (empty when stored).
    """
    import json
    import tempfile
    from pathlib import Path

    from marsad.pipeline import load_resources
    from marsad.store import open_store
    from marsad.store.runner import run_paths

    if getattr(state, "resources", None) is None:
        state.resources = load_resources()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posted.json"
        path.write_text(json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False), "utf-8")
        with open_store(db_path) as store:
            report = run_paths([path], store, state.resources)
            rejected = [{"reason": r.reason, "detail": r.detail} for r in store.rejections(run_id=report.run_id)]
    return {**report.to_dict(), "rejections": rejected}
