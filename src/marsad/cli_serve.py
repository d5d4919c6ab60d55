"""Web command (``marsad serve``): a marsad database in, the REST API and map pages served over HTTP out."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli_common import ClickException

__all__ = ["register", "serve"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[
        Path | None, typer.Option("--db", help="SQLite database file (default: marsad.db).", show_default=False)
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to bind; loopback by default (only this machine).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="MARSAD_WEB_TOKEN",
            help="Enable the write endpoint (POST /api/articles) guarded by this bearer token "
            "(or set MARSAD_WEB_TOKEN). Without it the server is read-only.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the database read-only: JSON API under /api, map, timeline, incidents and alerts pages.

    The database is opened read-only (SQLite mode=ro); every page has a JSON twin (.json);
    the OpenAPI schema is at /openapi.json and its offline rendering at /api/docs.

    Example:
        marsad serve --db marsad.db --port 8000   # then open http://127.0.0.1:8000/
    """
    import uvicorn

    from marsad.settings import load_settings
    from marsad.web import create_app

    path = db if db is not None else Path(str(load_settings().get("store", "default_db")))
    try:
        app = create_app(path, token=token)
    except FileNotFoundError as exc:
        raise ClickException(str(exc)) from exc
    if not _is_loopback(host):
        typer.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    mode = "read-write endpoint enabled (token)" if token else "read-only"
    typer.echo(f"marsad serving {path} ({mode}) at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


def register(app: typer.Typer) -> None:
    """Add ``marsad serve`` to the marsad typer app (called from marsad.cli)."""
    app.command("serve")(serve)
