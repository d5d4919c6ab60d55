"""Web pages: HTTP requests with filters in, server-rendered HTML (map, timeline, incident, lists) out.

Every page has a JSON twin: the same path with ``.json`` or ``?format=json`` returns what the
API endpoint returns.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from marsad.model import AttackType, EventKind, Incident, TargetType
from marsad.web import api, queries
from marsad.web.app import country_names, html
from marsad.web.data import filtered, sort_by_date
from marsad.web.filters import FilterError, Filters, parse_filters
from marsad.web.highlight import evidence_spans, segments

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

MAP_LIMIT = 5000  # incidents drawn on one map page


def _wants_json(request: Request, fmt: str | None) -> bool:
    return fmt == "json" or request.url.path.endswith(".json")


def _filters(request: Request) -> Filters:
    q = request.query_params
    try:
        return parse_filters(**{k: q.get(k) for k in (
            "since", "until", "country", "group", "kind", "attack_type", "target_type")})
    except FilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def _page(request: Request, default_limit: int = 50) -> tuple[int, int]:
    try:
        limit = int(request.query_params.get("limit", default_limit))
        offset = int(request.query_params.get("offset", 0))
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=f"limit and offset must be integers: {exc}") from exc
    if not 1 <= limit <= 1000 or offset < 0:
        raise HTTPException(status_code=400, detail="limit must be 1–1000 and offset ≥ 0")
    return limit, offset


def _options(records: list[Any]) -> dict[str, Any]:
    """Choices for the filter form: countries and groups present, codebook codes."""
    names = country_names()
    countries = sorted({r.country for r in records if r.country}, key=lambda c: names.get(c, c))
    groups = sorted({p for r in records for p in r.perpetrators})
    return {
        "countries": [(c, names.get(c, c)) for c in countries],
        "groups": groups,
        "kinds": [k.value for k in EventKind],
        "attack_types": [a.value for a in AttackType],
        "target_types": [t.value for t in TargetType],
    }


def _map_point(inc: Incident) -> dict[str, Any]:
    return {
        "id": inc.id,
        "lat": inc.lat,
        "lon": inc.lon,
        "casualties": queries.casualties(inc),
        "killed": inc.killed,
        "wounded": inc.wounded,
        "date": inc.date,
        "kind": inc.kind,
        "label": inc.place or inc.city or inc.admin1 or inc.country or "",
        "country": inc.country,
        "perpetrators": list(inc.perpetrators),
    }


@router.get("/", response_class=HTMLResponse)
@router.get("/incidents.json")
@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, format: str | None = Query(None)) -> Response:  # noqa: A002
    """The map of incidents, the timeline, country-level incidents and the incident table."""
    filters = _filters(request)
    limit, offset = _page(request)
    if _wants_json(request, format):
        return JSONResponse(api.api_incidents(request, filters, (limit, offset), request.query_params.get("history", "true") not in ("0", "false")))
    with api.open_source(request) as src:
        everything = list(src.incidents())
        chosen = sort_by_date(filtered(everything, filters))
        points = [_map_point(i) for i in chosen[:MAP_LIMIT] if i.lat is not None and i.lon is not None]
        unplaced = [i for i in chosen if i.lat is None or i.lon is None]
        try:
            timeline = queries.trend(src, filters, by="total", period="month")
        except ValueError:
            timeline = None
        events_total = len(src.events())
    by_country: dict[str, list[Incident]] = {}
    for inc in unplaced:
        by_country.setdefault(inc.country or "", []).append(inc)
    context = {
        "filters": filters,
        "options": _options(everything),
        "points": points,
        "shaded": {c: len(v) for c, v in by_country.items() if c},
        "unplaced": sorted(by_country.items(), key=lambda kv: (kv[0] == "", country_names().get(kv[0], kv[0]))),
        "rows": chosen[offset : offset + limit],
        "total": len(chosen),
        "all_total": len(everything),
        "events_total": events_total,
        "limit": limit,
        "offset": offset,
        "timeline": _bars(timeline),
        "json_url": _twin(request, "/incidents.json"),
    }
    return html(request, "map.html", context)


def _bars(table: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Timeline bars: one per month with incidents, killed, wounded and articles read (coverage)."""
    if not table:
        return []
    cells = {r["period"]: r for r in table["rows"]}  # by="total": one key per period
    coverage = table.get("coverage", {})
    out = []
    for p in table["periods"]:
        row = cells.get(p, {"incidents": 0, "killed": 0, "wounded": 0})
        out.append({"period": p, "incidents": row["incidents"], "killed": row["killed"], "wounded": row["wounded"],
                    "articles": coverage.get(p, 0)})
    return out


def _twin(request: Request, path: str) -> str:
    query = str(request.url.query)
    return path + ("?" + query if query else "")


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
@router.get("/incidents/{incident_id}.json")
def incident_page(request: Request, incident_id: str, format: str | None = Query(None)) -> Response:  # noqa: A002
    """One incident: its fields and rules, the history of every value, each report's highlighted text."""
    if _wants_json(request, format):
        return JSONResponse(api.api_incident(request, incident_id))
    with api.open_source(request) as src:
        incident = src.incident(incident_id)
        if incident is None:
            raise HTTPException(status_code=404, detail=f"no incident with id {incident_id!r}")
        reports = queries.report_views(src, incident)
    context = {
        "incident": incident,
        "rules": dict(incident.rules),
        "history": _history(incident),
        "reports": reports,
        "json_url": f"/incidents/{quote(incident_id, safe='')}.json",
    }
    return html(request, "incident.html", context)


def _history(incident: Incident) -> dict[str, list[dict[str, Any]]]:
    """The incident's history split into fields every report agreed on and fields that changed.

    Returns ``{"changed": [{"field", "values": [ReportedValue…]}], "agreed": [{"field", "value",
    "reports"}]}``: changed fields (a toll revised from 103 to 84 to 89) list every report's
    value; agreed fields give the one value and how many reports gave it.
    """
    import json

    by_field: dict[str, list[Any]] = {}
    for rv in incident.history:
        by_field.setdefault(rv.field, []).append(rv)
    changed, agreed = [], []
    for name, values in by_field.items():
        distinct = {json.dumps(v.value, sort_keys=True, default=str) for v in values}
        if len(distinct) > 1:
            changed.append({"field": name, "values": values})
        else:
            agreed.append({"field": name, "value": values[0].value, "reports": len(values)})
    return {"changed": changed, "agreed": agreed}


@router.get("/events.json")
@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, format: str | None = Query(None)) -> Response:  # noqa: A002
    """The table of events (reports), filtered and paginated."""
    filters = _filters(request)
    limit, offset = _page(request)
    status = request.query_params.get("status") or None
    if _wants_json(request, format):
        return JSONResponse(api.api_events(request, filters, api.status_param(status), (limit, offset)))
    with api.open_source(request) as src:
        everything = list(src.events())
        chosen = sort_by_date(filtered(everything, filters))
    context = {
        "filters": filters,
        "options": _options(everything),
        "rows": chosen[offset : offset + limit],
        "total": len(chosen),
        "limit": limit,
        "offset": offset,
        "json_url": _twin(request, "/events.json"),
    }
    return html(request, "events.html", context)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
@router.get("/articles/{article_id:path}.json")
def article_page(request: Request, article_id: str, format: str | None = Query(None)) -> Response:  # noqa: A002
    """One article's text with every event's evidence highlighted, and its events."""
    if _wants_json(request, format):
        return JSONResponse(api.api_article(request, article_id))
    with api.open_source(request) as src:
        article = src.article(article_id)
        if article is None:
            raise HTTPException(status_code=404, detail=f"no article with id {article_id!r}")
        events = list(src.article_events(article_id))
    spans = [span for e in events for span in evidence_spans(e)]
    context = {
        "article": article,
        "events": events,
        "segments": segments(article.text, spans),
        "json_url": f"/articles/{quote(article_id, safe='')}.json",
    }
    return html(request, "article.html", context)


@router.get("/articles.json")
@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, format: str | None = Query(None)) -> Response:  # noqa: A002
    """The list of stored articles."""
    limit, offset = _page(request)
    q = request.query_params
    if _wants_json(request, format):
        return JSONResponse(api.api_articles(request, (limit, offset), since=q.get("since"), until=q.get("until")))
    try:
        filters = parse_filters(since=q.get("since"), until=q.get("until"))
    except FilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    with api.open_source(request) as src:
        page = queries.list_articles(src, filters, limit, offset)
    context = {"page": page, "filters": filters, "json_url": _twin(request, "/articles.json")}
    return html(request, "articles.html", context)


@router.get("/alerts.json")
@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, format: str | None = Query(None)) -> Response:  # noqa: A002
    """The alerts the analysis stage stored, each with the incidents that fired it."""
    limit, offset = _page(request)
    if _wants_json(request, format):
        return JSONResponse(api.api_alerts(request, (limit, offset)))
    with api.open_source(request) as src:
        page = queries.list_alerts(src, limit, offset)
    return html(request, "alerts.html", {"page": page, "json_url": _twin(request, "/alerts.json")})


@router.get("/api", response_class=HTMLResponse)
@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """Offline API documentation rendered from the OpenAPI schema (/openapi.json)."""
    schema = request.app.openapi()
    return html(request, "apidocs.html", {"schema": schema, "json_url": "/openapi.json"})

