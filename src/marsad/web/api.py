"""Web JSON API: HTTP requests with filters in, the CLI's JSON (events, incidents, articles, alerts) out."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel

from marsad.web import queries
from marsad.web.data import Source
from marsad.web.filters import FilterError, Filters, parse_filters

__all__ = ["ListResponse", "filter_params", "open_source", "page_params", "router", "write_router"]

router = APIRouter(prefix="/api", tags=["api"])


class ListResponse(BaseModel):
    """The envelope of every list: ``total`` matching records, the page's ``limit``/``offset``,
    the ``filters`` applied (normalised: dates as days, country upper case) and ``items``."""

    total: int
    limit: int
    offset: int
    filters: dict[str, str] = {}
    items: list[dict[str, Any]]


class ErrorResponse(BaseModel):
    """An error: ``detail`` says what was wrong (the parameter and value, or the unknown id)."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A bad filter value (date, country, code)"},
    404: {"model": ErrorResponse, "description": "Unknown id"},
}


def open_source(request: Request) -> AbstractContextManager[Source]:
    """The app's read-only source for one request, as a context manager.

    Opened inside the endpoint (not as a dependency) so that the SQLite connection is used
    and closed in the thread that opened it.
    """
    return request.app.state.source_factory()


def filter_params(
    since: str | None = Query(None, description="first day, ISO date: 2024-07-15, 2024-07 or 2024"),
    until: str | None = Query(None, description="last day, ISO date (a month or year means its last day)"),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 country code, e.g. OM"),
    group: str | None = Query(None, description="perpetrator, canonical name, e.g. Islamic State"),
    kind: str | None = Query(None, description="attack, foiled_plot, security_operation or measure"),
    attack_type: str | None = Query(None, description="GTD attack type (snake_case), e.g. bombing_explosion"),
    target_type: str | None = Query(None, description="GTD target type (snake_case), e.g. religious_figures_institutions"),
) -> Filters:
    """The shared filters of the list endpoints; a bad value is a 400 with a message."""
    try:
        return parse_filters(
            since=since,
            until=until,
            country=country,
            group=group,
            kind=kind,
            attack_type=attack_type,
            target_type=target_type,
        )
    except FilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def page_params(
    limit: int = Query(50, ge=1, le=1000, description="items per page (1–1000)"),
    offset: int = Query(0, ge=0, description="items to skip"),
) -> tuple[int, int]:
    """Pagination: (limit, offset)."""
    return limit, offset


def status_param(status: str | None = Query(None, description="new or background")) -> str | None:
    """The events-only status filter, validated."""
    try:
        return parse_filters(status=status).status
    except FilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


FiltersDep = Annotated[Filters, Depends(filter_params)]
PageDep = Annotated[tuple[int, int], Depends(page_params)]
StatusDep = Annotated[str | None, Depends(status_param)]


def _detail(request: Request, fetch: Callable[[Source, str], dict[str, Any]], item_id: str) -> dict[str, Any]:
    """``fetch(source, id)`` on this request's source; an unknown id becomes a 404 with its message."""
    with open_source(request) as src:
        try:
            return fetch(src, item_id)
        except queries.NotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/events", response_model=ListResponse, responses=ERRORS, summary="List events (reports)")
def api_events(
    request: Request,
    filters: FiltersDep,
    status: StatusDep,
    page: PageDep,
) -> dict[str, Any]:
    """Events extracted from articles, newest first; items as `marsad events --format json`."""
    filters = replace(filters, status=status)
    with open_source(request) as src:
        return queries.list_events(src, filters, *page).to_dict(filters=filters.query())


@router.get("/events/{event_id:path}", responses=ERRORS, summary="One event")
def api_event(request: Request, event_id: str) -> dict[str, Any]:
    """One event with its per-field evidence offsets."""
    return _detail(request, queries.event_detail, event_id)


@router.get("/incidents", response_model=ListResponse, responses=ERRORS, summary="List incidents")
def api_incidents(
    request: Request,
    filters: FiltersDep,
    page: PageDep,
    history: bool = Query(True, description="include every reported value of every field (false: faster)"),
) -> dict[str, Any]:
    """Fused incidents, newest first, each with its best-estimate fields, rules and report ids."""
    with open_source(request) as src:
        return queries.list_incidents(src, filters, *page, history=history).to_dict(filters=filters.query())


@router.get("/incidents/{incident_id}", responses=ERRORS, summary="One incident with its reports")
def api_incident(request: Request, incident_id: str) -> dict[str, Any]:
    """One incident as `marsad incident ID --json` prints it; `report_events` adds each report's event."""
    return _detail(request, queries.incident_detail, incident_id)


@router.get("/articles", response_model=ListResponse, responses=ERRORS, summary="List articles")
def api_articles(
    request: Request,
    page: PageDep,
    since: str | None = Query(None, description="published on or after (ISO date)"),
    until: str | None = Query(None, description="published on or before (ISO date)"),
) -> dict[str, Any]:
    """Stored articles' metadata (no text), newest publication first."""
    try:
        filters = parse_filters(since=since, until=until)
    except FilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    with open_source(request) as src:
        return queries.list_articles(src, filters, *page).to_dict(filters=filters.query())


@router.get("/articles/{article_id:path}", responses=ERRORS, summary="One article with its text and events")
def api_article(request: Request, article_id: str) -> dict[str, Any]:
    """One article: metadata, raw text (untrusted; escape it when displaying) and events."""
    return _detail(request, queries.article_detail, article_id)


@router.get("/alerts", response_model=ListResponse, responses=ERRORS, summary="List alerts")
def api_alerts(request: Request, page: PageDep) -> dict[str, Any]:
    """Alerts stored by the analysis stage (new theatre, surge, shift in targeting …), newest first."""
    with open_source(request) as src:
        return queries.list_alerts(src, *page).to_dict(filters={})


@router.get("/trends", responses=ERRORS, summary="Incidents, killed and wounded per period")
def api_trends(
    request: Request,
    filters: FiltersDep,
    by: str = Query("total", description="total, country, admin1, region, group, attack_type or target_type"),
    period: str = Query("month", description="week, month or year"),
) -> dict[str, Any]:
    """Trend table of the filtered incidents (marsad.analysis.trends), with article coverage per period."""
    with open_source(request) as src:
        try:
            return queries.trend(src, filters, by=by, period=period)
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc


class ArticleIn(BaseModel):
    """An article to ingest (the annotated-article format without events)."""

    text: str
    id: str | None = None
    lang: str | None = None
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None


def write_router(token: str) -> APIRouter:
    """The write endpoints, present only when the server was started with a token."""
    write = APIRouter(prefix="/api", tags=["write"])

    @write.post(
        "/articles", status_code=201, summary="Ingest an article",
        responses={200: {"description": "Already stored (same text)"}, 401: {"model": ErrorResponse},
                   422: {"model": ErrorResponse, "description": "Rejected by ingest (reason in detail)"}},
    )
    def api_ingest(request: Request, response: Response, article: ArticleIn) -> dict[str, Any]:
        """Run the pipeline over one article and store it (needs `Authorization: Bearer <token>`).

        201: stored; 200: the same text was already stored (nothing written); 422: rejected by
        ingest (too short, unsupported language …), the reason and detail in ``detail``.
        """
        from marsad.web.app import check_token

        check_token(request, token)
        db_path = getattr(request.app.state, "db_path", None)
        if db_path is None:
            raise HTTPException(status_code=503, detail="this server has no database to write to")
        result = queries.ingest_article(db_path, article.model_dump(), request.app.state)
        rejected = result.get("rejections") or []
        if rejected:
            reasons = "; ".join(f"{r['reason']} ({r['detail']})" for r in rejected)
            raise HTTPException(status_code=422, detail=f"article rejected: {reasons}")
        if not result.get("articles_stored"):
            response.status_code = 200
        return result

    return write
