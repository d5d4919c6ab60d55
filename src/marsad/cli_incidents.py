"""Incident commands (``marsad incidents``, ``marsad incident``, ``marsad fuse``): the store in, fused incidents printed out."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from marsad.cli_common import (
    ClickException,
    DbOpt,
    count_text,
    day,
    filters,
    limit_value,
    open_store,
    out,
    print_json,
)

__all__ = ["register"]


class IncidentFmt(StrEnum):
    """Output formats of ``marsad incidents``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


def _filters(**raw: Any) -> Any:
    """Validated filters and limit (the web API's validators, see marsad.cli_common.filters)."""
    limit = raw.pop("limit", None)
    return filters(**raw), limit_value(limit)


def _no_table(store: Any) -> bool:
    row = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='incidents'").fetchone()
    return row is None


def incidents(
    db: DbOpt = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. IR.")] = None,
    group: Annotated[str | None, typer.Option(help="Perpetrator (canonical name; branches match).")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]].")] = None,
    kind: Annotated[str | None, typer.Option(help="attack, foiled_plot, security_operation or measure.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many incidents (1 or more).")] = None,
    fmt: Annotated[IncidentFmt, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = (
        IncidentFmt.table
    ),
) -> None:
    """List fused incidents (best estimates, number of reports) matching the filters.

    Filters are validated like the web API's (a bad code, date or country is an error).

    Example:
        marsad incidents --country IR --since 2024-01 --format json
    """
    from marsad.fuse import export
    from marsad.store.incidents import load_incidents

    f, limit = _filters(country=country, group=group, since=since, until=until, kind=kind, limit=limit)
    store = open_store(db, readonly=True)
    try:
        found = [] if _no_table(store) else load_incidents(
            store.conn, country=f.country, group=f.group, since=day(f.since), until=day(f.until), kind=f.kind,
            limit=limit, history=fmt in (IncidentFmt.json, IncidentFmt.jsonl),
        )
    finally:
        store.close()
    if fmt is IncidentFmt.table:
        table = Table()
        for col in ("id", "date", "kind", "country", "place", "perpetrators", "killed", "wounded",
                    "claimed", "reports", "articles"):
            table.add_column(col, overflow="fold")
        for inc in found:
            table.add_row(
                inc.id, inc.date or "", inc.kind, inc.country or "", inc.city or inc.admin1 or inc.place or "",
                ", ".join(inc.perpetrators), count_text(inc.killed), count_text(inc.wounded),
                "" if inc.claimed is None else str(inc.claimed).lower(), str(len(inc.reports)),
                str(len(inc.articles)),
            )
        out.print(table)
        out.print(f"{len(found)} incident(s)")
    elif fmt is IncidentFmt.json:
        print_json([export.incident_to_dict(inc) for inc in found])
    elif fmt is IncidentFmt.jsonl:
        for inc in found:
            sys.stdout.write(json.dumps(export.incident_to_dict(inc), ensure_ascii=False) + "\n")
    elif fmt is IncidentFmt.csv:
        export.write_incidents_csv(found, sys.stdout)
    else:
        print_json(export.incidents_to_geojson(found))


def incident(
    incident_id: Annotated[str, typer.Argument(help="Incident id, e.g. inc-ec6eff3f588b.")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Show one incident: its best estimates with the rule behind each, the history of every
    reported value, and its reports with outlet, date and evidence sentence.

    Example:
        marsad incident inc-ec6eff3f588b --db marsad.db
    """
    from marsad.fuse import export
    from marsad.store.incidents import load_incident

    store = open_store(db, readonly=True)
    try:
        inc = None if _no_table(store) else load_incident(store.conn, incident_id)
        if inc is None:
            raise ClickException(f"no incident {incident_id}")
        reports = []
        for aid in inc.articles:
            art = store.article(aid)
            for ev in store.events(article_id=aid):
                if ev.id in inc.reports:
                    reports.append({
                        "event_id": ev.id, "article_id": aid, "status": ev.status,
                        "outlet": art.outlet if art else None, "published": art.published if art else None,
                        "title": art.title if art else None, "url": art.url if art else None,
                        "evidence": ev.evidence, "evidence_start": ev.evidence_start,
                        "evidence_end": ev.evidence_end,
                    })
    finally:
        store.close()
    record = export.incident_to_dict(inc)
    record["report_details"] = reports
    if as_json:
        print_json(record)
        return
    rules = dict(inc.rules)
    head = Table(title=f"incident {inc.id} ({inc.kind})")
    for col in ("field", "best estimate", "rule"):
        head.add_column(col, overflow="fold")
    for name, value in record.items():
        if name in rules:
            shown = "" if value is None or value == [] else json.dumps(value, ensure_ascii=False)
            head.add_row(name, shown, rules[name])
    out.print(head)
    hist = Table(title="history (every reported value, oldest report first)")
    for col in ("field", "value", "published", "outlet", "report"):
        hist.add_column(col, overflow="fold")
    for h in inc.history:
        hist.add_row(h.field, json.dumps(h.value, ensure_ascii=False), h.published or "", h.outlet or "", h.event_id)
    out.print(hist)
    reps = Table(title=f"{len(reports)} report(s) from {len(inc.articles)} article(s)")
    for col in ("report", "published", "outlet", "status", "evidence"):
        reps.add_column(col, overflow="fold")
    for r in reports:
        reps.add_row(r["event_id"], r["published"] or "", r["outlet"] or "", r["status"], r["evidence"] or "")
    out.print(reps)


def fuse(
    db: DbOpt = None,
    article: Annotated[list[str] | None, typer.Option("--article", help="Fuse only these stored articles.")] = None,
) -> None:
    """Fuse stored events into incidents (all articles, or only --article ids); ids are kept.

    Example:
        marsad fuse --db marsad.db
    """
    from marsad.fuse.update import rebuild_incidents, update_incidents
    from marsad.gazetteer import load_gazetteer
    from marsad.settings import load_settings
    from marsad.store import StoreError

    settings, gazetteer = load_settings(), load_gazetteer()
    store = open_store(db, readonly=False)
    try:
        if article:
            result = update_incidents(store, article, settings=settings, gazetteer=gazetteer)
        else:
            result = rebuild_incidents(store, settings=settings, gazetteer=gazetteer)
    except StoreError as exc:
        raise ClickException(str(exc)) from exc
    finally:
        store.close()
    print_json(result.to_dict())


def register(app: typer.Typer) -> None:
    """Add ``incidents``, ``incident`` and ``fuse`` to the ``marsad`` typer app."""
    app.command("incidents")(incidents)
    app.command("incident")(incident)
    app.command("fuse")(fuse)
