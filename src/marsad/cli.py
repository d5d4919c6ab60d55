"""Command-line interface: each ``marsad`` command opens the store, calls one library function and prints.

Adding a command: write a function decorated with ``@app.command()`` whose docstring ends
with an ``Example:`` block, take ``--db`` as ``DbOpt`` and an output format as ``FormatOpt``,
open the store with ``_open_store`` and print with ``_emit_events`` / ``_print_json``.
Library errors become ``ClickException`` here and nowhere else.
"""

from __future__ import annotations

import logging
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad import __version__
from marsad.cli_analysis import register as register_analysis
from marsad.cli_common import (
    ClickException,
    DbOpt,
    count_text,
    day,
    err,
    filters,
    limit_value,
    open_store,
    out,
    print_json,
    resources,
)
from marsad.cli_eval import register as register_eval
from marsad.cli_incidents import register as register_incidents
from marsad.cli_records import register as register_records
from marsad.cli_serve import register as register_serve
from marsad.model import Article, Event, Rejection

__all__ = ["app", "main"]

app = typer.Typer(
    name="marsad",
    help="marsad (مرصد): Arabic/English news → GTD-coded, geocoded, source-linked event database.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class Fmt(StrEnum):
    """Output formats shared by the commands that print events."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


class ExtractFmt(StrEnum):
    """Output formats of ``marsad extract`` (annotated articles or their events; no table)."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


_ISO_PARTIAL = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]


# -- helpers -------------------------------------------------------------------------------


def _samples_dir() -> Path:
    """The repository's samples/ folder: ./samples, else the one beside a source checkout."""
    here = Path(__file__).resolve()
    for cand in (Path.cwd() / "samples", here.parents[2] / "samples"):
        if cand.is_dir():
            return cand
    raise typer.BadParameter(
        "no PATH given and no samples/ folder found: the samples ship with the repository, not the "
        "installed package; give a folder of articles or run from a checkout's root", param_hint="PATH"
    )


def _articles_for(store: Any, events: list[Event]) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for ev in events:
        if ev.article_id and ev.article_id not in found:
            art = store.article(ev.article_id)
            if art is not None:
                found[ev.article_id] = art
    return found


def _events_table(events: list[Event]) -> Table:
    table = Table(show_lines=False)
    table.add_column("id", no_wrap=True)
    for col in ("date", "kind", "where", "perpetrators", "attack", "killed", "wounded", "claimed", "conf"):
        table.add_column(col, overflow="fold")
    for ev in events:
        where = ", ".join(x for x in (ev.city or ev.admin1 or ev.place, ev.country) if x)
        table.add_row(
            ev.id, ev.date or "", f"{ev.kind}/{ev.status}", where, ", ".join(ev.perpetrators),
            ", ".join(map(str, ev.attack_types)), count_text(ev.killed), count_text(ev.wounded),
            "" if ev.claimed is None else str(ev.claimed).lower(), f"{ev.confidence:.2f}",
        )
    return table


def _emit_events(events: list[Event], fmt: Fmt, articles: dict[str, Article] | None = None) -> None:
    """Print events in ``fmt`` (table, json, jsonl, csv, geojson) to stdout."""
    from marsad import export

    if fmt is Fmt.table:
        out.print(_events_table(events))
        out.print(f"{len(events)} event(s)")
    elif fmt is Fmt.json:
        print_json([export.event_to_dict(ev) for ev in events])
    elif fmt is Fmt.jsonl:
        export.write_json([export.event_to_dict(ev) for ev in events], sys.stdout, lines=True)
    elif fmt is Fmt.csv:
        export.write_csv(events, sys.stdout, articles)
    else:
        print_json(export.events_to_geojson(events, articles))


def _counter_table(title: str, label: str, counts: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column(label)
    table.add_column("count", justify="right")
    for key, n in sorted(counts.items()):
        table.add_row(key, str(n))
    if not counts:
        table.add_row("—", "0")
    return table


# -- commands ------------------------------------------------------------------------------


def _print_version(value: bool) -> None:
    if value:
        out.print(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_print_version)
    ] = False,
) -> None:
    """marsad: news in, a queryable terrorism event database out.

    Example:
        marsad run samples --db marsad.db && marsad events --country OM
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False)],
    )


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files or folders (txt, html, json, jsonl).")],
    fmt: Annotated[
        ExtractFmt, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExtractFmt.json,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write files into this folder.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show why each event was coded.")] = False,
) -> None:
    """Extract events from articles without a database; JSON = one annotated article per input.

    Rejected inputs are reported on stderr with their reason.

    Example:
        marsad extract samples/seed/seed-000.json --format json
    """
    from marsad import export
    from marsad.ingest import ingest_paths
    from marsad.pipeline import process

    res = resources()
    docs = []
    rejected = 0
    for item in ingest_paths(files, res.settings):
        if isinstance(item, Rejection):
            rejected += 1
            err.print(f"rejected {item.source}: {item.reason} ({item.detail})", markup=False, highlight=False)
            continue
        doc = process(item, res)
        docs.append(doc)
        if explain:
            for ev in doc.events:
                err.print(f"[bold]{ev.id or item.id}[/] {ev.kind}/{ev.status} {ev.country or ''}")
                for line in ev.explanation:
                    err.print(f"  {line}")
    annotated = [export.doc_to_annotated(d, explain=explain) for d in docs]
    events = [ev for d in docs for ev in d.events]
    articles = {d.article.id: d.article for d in docs}
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            if fmt is ExtractFmt.json:
                for obj in annotated:
                    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in obj["id"])
                    with open(out_dir / f"{name}.json", "w", encoding="utf-8") as fh:
                        export.write_json(obj, fh)
            else:
                suffix = {"jsonl": "articles.jsonl", "csv": "events.csv", "geojson": "events.geojson"}[fmt.value]
                with open(out_dir / suffix, "w", encoding="utf-8", newline="") as fh:
                    if fmt is ExtractFmt.jsonl:
                        export.write_json(annotated, fh, lines=True)
                    elif fmt is ExtractFmt.csv:
                        export.write_csv(events, fh, articles)
                    else:
                        export.write_json(export.events_to_geojson(events, articles), fh)
        except OSError as exc:
            raise ClickException(f"cannot write to {out_dir}: {exc}") from exc
        err.print(f"{len(docs)} article(s), {len(events)} event(s) written to {out_dir}")
    elif fmt is ExtractFmt.json:
        print_json(annotated[0] if len(annotated) == 1 else annotated)
    elif fmt is ExtractFmt.jsonl:
        export.write_json(annotated, sys.stdout, lines=True)
    else:
        _emit_events(events, Fmt(fmt.value), articles)
    if not docs and rejected:
        raise typer.Exit(1)


@app.command()
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders (default: ./samples, the samples/ folder of a repository "
                            "checkout; a pip-installed marsad has no samples)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Ingest, extract and store articles; re-running stores nothing twice.

    Prints articles stored, inputs skipped as duplicates or already stored, articles in a
    language without an extractor yet, events by kind and rejections by reason. The
    database's own files are never read as inputs. Ctrl-C stops the run; re-run the same
    command to resume (what was stored is kept).

    Example:
        marsad run samples/ --db marsad.db
    """
    from marsad.store import StoreError
    from marsad.store.runner import run_paths

    inputs = list(paths) if paths else [_samples_dir()]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise typer.BadParameter(f"not found: {', '.join(missing)}", param_hint="PATH")
    res = resources()
    store = open_store(db)
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err, transient=False,
        ) as bar:
            task = bar.add_task("articles", total=None)

            def tick(done: int, total: int, source: str) -> None:
                bar.update(task, completed=done, total=total, description=Path(source).name[:30])

            report = run_paths(inputs, store, res, progress=tick)
    except StoreError as exc:
        raise ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        err.print("interrupted — re-run the same command to resume (articles stored so far are kept)")
        raise typer.Exit(130) from None
    finally:
        store.close()
    summary = Table(title=f"run {report.run_id} → {db or 'marsad.db'}")
    summary.add_column("")
    summary.add_column("count", justify="right")
    seen = report.articles_stored + report.duplicates + report.already_stored + sum(
        report.rejections_by_reason.values())
    summary.add_row("files read", str(report.files))
    summary.add_row("inputs seen (articles + rejections)", str(seen))
    summary.add_row("articles stored", str(report.articles_stored))
    summary.add_row("already stored (earlier runs)", str(report.already_stored))
    summary.add_row("skipped (duplicates)", str(report.duplicates))
    for lang, n in sorted(report.no_extractor.items()):
        summary.add_row(f"stored, no extractor for their language yet ({lang})", str(n))
    summary.add_row("events stored", str(sum(report.events_by_kind.values())))
    summary.add_row("rejections", str(sum(report.rejections_by_reason.values())))
    summary.add_row("incidents created", str(report.incidents_created))
    summary.add_row("incidents revised", str(report.incidents_updated))
    out.print(summary)
    out.print(_counter_table("events by kind", "kind", dict(report.events_by_kind)))
    out.print(_counter_table("rejections by reason", "reason", dict(report.rejections_by_reason)))


@app.command()
def events(
    db: DbOpt = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. OM.")] = None,
    group: Annotated[str | None, typer.Option(help="Perpetrator (canonical name; branches match).")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]].")] = None,
    kind: Annotated[str | None, typer.Option(help="attack, foiled_plot, security_operation or measure.")] = None,
    status: Annotated[str | None, typer.Option(help="new or background.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events (1 or more).")] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """List stored events matching the filters (validated like the web API's: bad values are errors).

    Example:
        marsad events --country OM --group "Islamic State" --format json
    """
    for name, value in (("--since", since), ("--until", until)):
        if value is not None and not _ISO_PARTIAL.match(value):
            raise typer.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint=name)
    f = filters(since=since, until=until, country=country, group=group, kind=kind, status=status)
    limit = limit_value(limit)
    store = open_store(db, readonly=True)
    try:
        found = store.events(
            country=f.country, group=f.group, since=day(f.since), until=day(f.until), kind=f.kind,
            status=f.status, limit=limit,
        )
        articles = _articles_for(store, found) if fmt in (Fmt.csv, Fmt.geojson) else None
    finally:
        store.close()
    _emit_events(found, fmt, articles)


register_records(app)
register_eval(app)
register_analysis(app)
register_incidents(app)
register_serve(app)


def main() -> None:
    """Console-script entry point (``marsad``)."""
    app()
