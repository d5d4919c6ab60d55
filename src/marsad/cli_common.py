"""Interfaces, shared CLI plumbing: the consoles, the ``--db`` option, store opening and JSON printing used by every ``marsad`` command module.

Library errors become ``ClickException`` (typer prints "Error: …" and exits 1) here and in
the command modules, nowhere else.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

try:  # typer ≥ 0.20 vendors click; its ClickException is what typer's runner turns into "Error: …"
    from typer._click.exceptions import ClickException
except ImportError:  # older typer on top of click
    from click import ClickException

__all__ = ["ClickException", "DbOpt", "count_text", "day", "err", "filters", "limit_value", "open_store", "out", "print_json",
           "resources", "settings"]

#: stdout (tables, results) and stderr (progress, warnings) consoles.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[
    Path | None, typer.Option("--db", help="SQLite database file (default: marsad.db).", show_default=False)
]


def settings() -> Any:
    """The settings (``default.toml`` merged with ``MARSAD_*`` overrides), see marsad.settings."""
    from marsad.settings import load_settings

    return load_settings()


def open_store(db: Path | None, *, readonly: bool = False) -> Any:
    """Open the SQLite store at ``db`` (default from ``[store] default_db``).

    Raises:
        ClickException: the store cannot be opened (missing read-only file, newer schema, …).
    """
    from marsad.store import StoreError
    from marsad.store import open_store as _open

    try:
        return _open(db, settings(), readonly=readonly)
    except StoreError as exc:
        raise ClickException(str(exc)) from exc


def resources() -> Any:
    """The pipeline resources (``marsad.pipeline.load_resources``), loaded once per command.

    Raises:
        ClickException: a language resource file is missing or malformed.
    """
    from marsad.pipeline import load_resources
    from marsad.resources import ResourceError

    try:
        return load_resources(settings(), freeze=True)
    except (ResourceError, OSError) as exc:
        raise ClickException(f"cannot load language resources: {exc}") from exc


def filters(**raw: Any) -> Any:
    """Validate filter options with the web API's validator (``marsad.filters.parse_filters``).

    Raises:
        typer.BadParameter: naming the offending option (``--since``, ``--country`` …).
    """
    from marsad.filters import FilterError, parse_filters

    try:
        return parse_filters(**raw)
    except FilterError as exc:
        msg = str(exc)
        hint = (f"--{msg.split()[1].replace('_', '-')}" if msg.startswith(("bad ", "unknown "))
                else "--since/--until" if msg.startswith("since ") else None)
        raise typer.BadParameter(msg, param_hint=hint) from exc


def limit_value(value: int | None) -> int | None:
    """Validate ``--limit`` (1 or more; None = no limit).

    Raises:
        typer.BadParameter: for 0 or a negative number.
    """
    from marsad.filters import FilterError, parse_limit

    try:
        return parse_limit(value)
    except FilterError as exc:
        raise typer.BadParameter(str(exc), param_hint="--limit") from exc


def day(value: Any) -> str | None:
    """ISO text of a date (None stays None)."""
    return value.isoformat() if value is not None else None


def count_text(v: Any) -> str:
    """A count for a table cell: "" for unknown, "12", or "17–64" for a range."""
    if v is None:
        return ""
    return f"{v[0]}–{v[1]}" if isinstance(v, tuple | list) else str(v)


def print_json(obj: Any) -> None:
    """Write ``obj`` to stdout as indented JSON, Arabic kept as is (not \\u-escaped)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
