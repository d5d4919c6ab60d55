"""Analysis commands (``marsad trends``, ``marsad alerts``, ``marsad report``): the store in, trends, alerts and reports out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from marsad.cli_common import ClickException, DbOpt, open_store, out, print_json

__all__ = ["register"]


SinceOpt = Annotated[str | None, typer.Option("--since", help="First day (ISO date), inclusive.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Last day (ISO date), inclusive.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class By(StrEnum):
    """Dimensions of ``marsad trends --by``."""

    total = "total"
    country = "country"
    admin1 = "admin1"
    region = "region"
    group = "group"
    attack_type = "attack_type"
    target_type = "target_type"


class Period(StrEnum):
    """Periods of ``marsad trends --period``."""

    week = "week"
    month = "month"
    year = "year"


class Lang(StrEnum):
    """Report languages."""

    ar = "ar"
    en = "en"


class ReportFmt(StrEnum):
    """Report formats."""

    html = "html"
    md = "md"


def _dates(since: str | None, until: str | None, country: str | None = None) -> tuple[str | None, str | None]:
    """Validate --since/--until (and --country) with the web API's validator; ISO first/last day."""
    from marsad.filters import FilterError, parse_filters

    try:
        f = parse_filters(since=since, until=until, country=country)
    except FilterError as exc:
        raise typer.BadParameter(str(exc)) from exc
    return (f.since.isoformat() if f.since else None, f.until.isoformat() if f.until else None)


def trends(
    by: Annotated[By, typer.Option("--by", help="Count per this dimension.", case_sensitive=False)] = By.total,
    period: Annotated[Period, typer.Option("--period", help="Period length.", case_sensitive=False)] = Period.month,
    group: Annotated[str | None, typer.Option("--group", help="Only this group (and its branches).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Only this ISO country code.")] = None,
    rollup: Annotated[bool, typer.Option("--rollup", help="Count branches under their parent group.")] = False,
    top: Annotated[int, typer.Option("--top", help="Columns shown in the table (most frequent keys).")] = 8,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Incidents per period and key, with the articles read per period alongside.

    Example:
        marsad trends --by target_type --group "Islamic State" --since 2024-01-01
    """
    from marsad.analysis.stored import store_trends

    since, until = _dates(since, until, country)
    store = open_store(db, readonly=True)
    try:
        t = store_trends(store, by.value, period.value, group=group, country=country, rollup=rollup,
                         since=since, until=until)
    except ValueError as exc:
        raise ClickException(str(exc)) from exc
    finally:
        store.close()
    if as_json:
        print_json(t.to_dict())
        return
    keys = list(t.keys[:top])
    table = Table(title=f"incidents per {t.period} by {t.by}" + (f" — {group}" if group else ""))
    table.add_column(t.period)
    for key in keys:
        table.add_column(key, justify="right")
    table.add_column("articles read", justify="right", style="dim")
    series = {k: t.series(k) for k in keys}
    for n, p in enumerate(t.periods):
        table.add_row(p, *(str(series[k][n]) for k in keys), str(t.coverage_series()[n]))
    out.print(table)
    if t.undated:
        out.print(f"{t.undated} incident(s) dated less precisely than a {t.period} left out")


def alerts(
    since: SinceOpt = None,
    until: UntilOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this alert kind.")] = None,
    detect: Annotated[bool, typer.Option("--detect/--no-detect", help="Detect and store before listing.")] = True,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Detect (and store) the alerts of the window, then list them with the incidents that fired each.

    Example:
        marsad alerts --since 2024-07-01 --kind new_theatre
    """
    from marsad.analysis.stored import refresh_alerts
    from marsad.store.alerts import load_alerts

    since, until = _dates(since, until)
    store = open_store(db, readonly=not detect)
    try:
        if detect:
            refresh_alerts(store, since=since, until=until)
        found = load_alerts(store.conn, since=since, until=until, kind=kind)
    except ValueError as exc:
        raise ClickException(str(exc)) from exc
    finally:
        store.close()
    if as_json:
        print_json([a.to_dict() for a in found])
        return
    table = Table(title=f"{len(found)} alert(s)")
    for col in ("date", "kind", "subject", "numbers", "incidents"):
        table.add_column(col)
    for a in found:
        subject = " / ".join(x for x in (a.group, a.country, a.admin1, a.region, a.target_type) if x)
        numbers = ", ".join(f"{k}={v}" for k, v in a.params if v is not None)
        table.add_row(a.date, a.kind, subject, numbers, " ".join(a.incidents))
    out.print(table)


def report(
    since: Annotated[str, typer.Option("--since", help="First day of the period (ISO date).")],
    until: UntilOpt = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Report language.", case_sensitive=False)] = Lang.ar,
    fmt: Annotated[ReportFmt, typer.Option("--format", "-f", help="html or md.", case_sensitive=False)] = ReportFmt.html,
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write here (md: charts beside it). Default: stdout; an md report with charts "
        "goes to report-<since>.md (charts in report-<since>_files/) in the current folder.")] = None,
    gold: Annotated[Path | None, typer.Option(
        "--gold", help="Build from the gold events of annotated files in this folder (fused), not the store.")] = None,
    db: DbOpt = None,
) -> None:
    """The analyst's report of a period: notable incidents with sources, alerts and charts.

    Without --out the report goes to stdout, except an md report with charts: it is written
    to report-<since>.md in the current folder, its charts in report-<since>_files/.

    Example:
        marsad report --since 2024-07-01 --lang ar --format html --out report.html
    """
    from marsad.analysis.report import RenderedReport, build_report, report_labels

    raw_since = since
    since_day, until = _dates(since, until)
    since = since_day or since
    try:
        if gold is not None:
            from marsad.analysis.gold import gold_incidents
            from marsad.analysis.stored import default_parent

            data = gold_incidents(sorted(gold.glob("*.json")))
            rendered: RenderedReport = build_report(
                data.incidents, since=since, until=until, lang=lang.value, fmt=fmt.value, coverage=data.coverage,
                sources=data.sources, parent=default_parent(), note=str(report_labels(lang.value)["ui"]["from_gold"]),
            )
        else:
            from marsad.analysis.stored import store_report

            store = open_store(db, readonly=False)
            try:
                rendered = store_report(store, since=since, until=until, lang=lang.value, fmt=fmt.value)
            finally:
                store.close()
    except ValueError as exc:
        raise ClickException(str(exc)) from exc
    if fmt == ReportFmt.md and rendered.assets and output is None:
        output = Path(f"report-{raw_since}.md")
    if output is None:
        sys.stdout.write(rendered.text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    text = rendered.text
    if rendered.assets:
        assets_dir = output.with_name(output.stem + "_files")
        assets_dir.mkdir(exist_ok=True)
        for name, svg in rendered.assets.items():
            (assets_dir / name).write_text(svg, encoding="utf-8")
            text = text.replace(f"]({name})", f"]({assets_dir.name}/{name})")
    output.write_text(text, encoding="utf-8")
    out.print(f"report written to {output}")


def register(app: typer.Typer) -> None:
    """Add ``trends``, ``alerts`` and ``report`` to the ``marsad`` typer app."""
    app.command("trends")(trends)
    app.command("alerts")(alerts)
    app.command("report")(report)
