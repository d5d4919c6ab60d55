"""Web app factory: a database path (or a Source) in, a read-only FastAPI app (API + pages) out."""

from __future__ import annotations

import json
import secrets
import urllib.parse
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.web.data import SourceFactory

__all__ = ["STATIC", "build_app", "country_names", "create_app"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
BASEMAP = STATIC / "basemap" / "countries-110m.geojson"

# Defence in depth on top of escaping: no inline script, nothing from another origin.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 → English short name, from the shipped Natural Earth basemap."""
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    return {
        f["properties"]["iso_a2"]: f["properties"]["name"] for f in data["features"] if f["properties"]["iso_a2"]
    }


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every {{ }} is HTML-escaped: article text is untrusted input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["country_name"] = lambda code: country_names().get(code or "", code or "")
    env.filters["label"] = lambda code: (code or "").replace("_", " ")
    env.filters["count"] = _count_text
    # Ids go into link paths as one percent-encoded segment ("/" and ".." included), matched
    # by the {id:path} routes: article ids are whatever the input said ("../x", a URL).
    env.filters["idpath"] = lambda value: urllib.parse.quote(str(value), safe="")
    return Jinja2Templates(env=env)


def _count_text(value: Any) -> str:
    """A count as text: 7, "3–5" for a range, "" for unknown."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return f"{value[0]}–{value[1]}"
    return str(value)


def build_app(source_factory: SourceFactory, *, token: str | None = None, title: str = "marsad") -> FastAPI:
    """The app over any Source factory (``create_app`` passes the store's read-only one).

    With ``token`` the write endpoint ``POST /api/articles`` exists and needs
    ``Authorization: Bearer <token>``; without it there is none.
    """
    from marsad.web import api, pages

    app = FastAPI(
        title=f"{title} API",
        description="Read-only access to marsad's GTD-coded events, fused incidents, articles and alerts. "
        "List endpoints share the filters since/until/country/group/kind/attack_type/target_type "
        "and limit/offset pagination; every HTML page has a JSON twin (.json or ?format=json).",
        version="1",
        docs_url=None,  # Swagger UI would load scripts from a CDN; /api/docs renders offline instead
        redoc_url=None,
    )
    app.state.source_factory = source_factory
    app.state.token = token
    app.state.templates = _templates()
    app.include_router(api.router)
    if token:
        app.include_router(api.write_router(token))
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        wants_html = not request.url.path.startswith("/api") and not request.url.path.endswith(".json") and (
            "text/html" in request.headers.get("accept", "")
        )
        if wants_html and request.query_params.get("format") != "json":
            return app.state.templates.TemplateResponse(
                request, "error.html", {"status": exc.status_code, "message": exc.detail, "json_url": ""}, status_code=exc.status_code
            )
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    return app


def check_token(request: Request, token: str) -> None:
    """Raise 401 unless the request carries ``Authorization: Bearer <token>`` (constant-time compare)."""
    header = request.headers.get("authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else ""
    if not given or not secrets.compare_digest(given.encode(), token.encode()):
        raise HTTPException(status_code=401, detail="a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


def create_app(db_path: str | Path, *, token: str | None = None) -> FastAPI:
    """The marsad web app over a SQLite database opened read-only (URI ``mode=ro``).

    Args:
        db_path: the database ``marsad run`` wrote; it must exist (the app never creates it).
        token: enables the write endpoint, guarded by this bearer token.

    Raises:
        FileNotFoundError: no database at ``db_path``.

    Example:
        >>> app = create_app("marsad.db")  # doctest: +SKIP
        >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    from marsad.web.storesource import store_source_factory

    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"no database at {path}; run `marsad run --db {path}` first")
    app = build_app(store_source_factory(path), token=token)
    app.state.db_path = path
    return app


def html(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render a template with the request's app environment."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)
