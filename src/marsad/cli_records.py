"""Record commands (``marsad rejections``, ``marsad duplicates``, ``marsad runs``): the store in, rejected inputs, skipped duplicates and runs printed out."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from marsad.cli_common import DbOpt, open_store, out, print_json

__all__ = ["register"]


class RowFmt(StrEnum):
    """Output formats of record lists without a location (``rejections``, ``duplicates``)."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _pid_alive(pid: int | None) -> bool:
    """Whether a process with this id runs on this machine (unknown pid: assumed alive)."""
    import os

    if not pid:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def rejections(
    db: DbOpt = None,
    reason: Annotated[str | None, typer.Option(help="Only this reason, e.g. binary.")] = None,
    fmt: Annotated[RowFmt, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = RowFmt.table,
) -> None:
    """List the inputs that were rejected, with reason and detail.

    Example:
        marsad rejections --db marsad.db --reason decode_error
    """
    with open_store(db, readonly=True) as store:
        rows = store.rejections(reason=reason)
    records = [{"source": r.source, "reason": r.reason, "detail": r.detail, "run_id": r.run_id} for r in rows]
    _emit_rows(records, fmt, "rejection(s)")


def _emit_rows(records: list[dict[str, Any]], fmt: RowFmt, noun: str) -> None:
    """Print flat records (same keys) as a table, JSON, JSON lines or CSV."""
    if fmt is RowFmt.table:
        table = Table()
        for col in records[0] if records else ():
            table.add_column(col, overflow="fold")
        for r in records:
            table.add_row(*("" if v is None else str(v) for v in r.values()))
        out.print(table)
        out.print(f"{len(records)} {noun}")
    elif fmt is RowFmt.json:
        print_json(records)
    elif fmt is RowFmt.jsonl:
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        import csv

        if records:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)


def duplicates(
    db: DbOpt = None,
    fmt: Annotated[RowFmt, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = RowFmt.table,
) -> None:
    """List inputs skipped because their text was already stored: source path → stored article.

    Example:
        marsad duplicates --db marsad.db
    """
    with open_store(db, readonly=True) as store:
        rows = store.duplicates()
    records = [
        {"source": r.source, "article_id": r.article_id,
         "sha256": r.sha256[:12] if fmt is RowFmt.table else r.sha256, "run_id": r.run_id}
        for r in rows
    ]
    _emit_rows(records, fmt, "duplicate(s)")


def runs(db: DbOpt = None) -> None:
    """List runs with their progress counters; a run whose process is gone shows as 'stale'.

    'seen' counts inputs (articles and rejections); a 'stale' run was killed (SIGKILL, power
    loss): re-run its command to finish the work.

    Example:
        marsad runs --db marsad.db
    """
    with open_store(db, readonly=True) as store:
        rows = store.runs()
    table = Table()
    for col in ("id", "started", "finished", "status", "seen", "stored", "skipped", "events", "rejected"):
        table.add_column(col)
    for r in rows:
        status = "stale" if r.status == "running" and not _pid_alive(r.pid) else r.status
        table.add_row(str(r.id), r.started_at, r.finished_at or "", status, str(r.articles_seen),
                      str(r.articles_stored), str(r.duplicates), str(r.events_stored), str(r.rejections))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``rejections``, ``duplicates`` and ``runs`` to the marsad typer app (called from marsad.cli)."""
    app.command()(rejections)
    app.command()(duplicates)
    app.command()(runs)
