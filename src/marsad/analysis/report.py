"""Analyst's report: fused incidents (+ alerts, coverage, sources) in, an Arabic or English HTML/Markdown report with charts out."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from marsad.analysis import charts
from marsad.analysis.alerts import Alert, detect_alerts
from marsad.analysis.base import AnalysisSettings, ParentLookup, Regions, count_low, load_regions, select
from marsad.analysis.trends import in_window, trends
from marsad.model import Incident
from marsad.resources import load

__all__ = ["RenderedReport", "build_report", "display_group", "report_labels"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("marsad.analysis", "templates"),
    autoescape=jinja2.select_autoescape(["html", "html.j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class RenderedReport:
    """The report ``text`` (HTML or Markdown) and, for Markdown, ``assets``: file name → SVG text
    to write beside it (HTML inlines its charts)."""

    text: str
    assets: dict[str, str] = field(default_factory=dict)


def report_labels(lang: str) -> Mapping[str, Any]:
    """The report strings for "ar" or "en" (resources/<lang>/analysis.yaml)."""
    if lang not in ("ar", "en"):
        raise ValueError(f"lang must be 'ar' or 'en', not {lang!r}")
    return load(lang, "analysis")


def display_group(canonical: str) -> str:
    """A group's canonical name (English Wikipedia title) without its disambiguation suffix.

    Example:
        >>> display_group("Al-Shabaab (militant group)")
        'Al-Shabaab'
    """
    return re.sub(r"\s*\([^()]*\)$", "", canonical) or canonical


def _period_for(since: str, until: str) -> str:
    span = (dt.date.fromisoformat(until[:10]) - dt.date.fromisoformat(since[:10])).days
    return "week" if span <= 120 else "month" if span <= 5 * 366 else "year"


def _pad(iso: str) -> str:
    return iso if len(iso) >= 10 else f"{iso[:7]}-01" if len(iso) >= 7 else f"{iso[:4]}-01-01"


class _Fmt(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _place(inc: Incident | Alert, regions: Regions, lang: str) -> str:
    parts = [getattr(inc, "city", None), inc.admin1, regions.country_name(inc.country, lang) if inc.country else None]
    out: list[str] = []
    for p in parts:
        if p and p not in out:
            out.append(p)
    return "، ".join(out) if lang == "ar" else ", ".join(out)


def _message(alert: Alert, labels: Mapping[str, Any], regions: Regions, lang: str, as_html: bool) -> str:
    values = _Fmt(dict(alert.params))
    values.update(
        group=alert.group or labels["ui"]["unknown"],
        place=_place(alert, regions, lang),
        region=regions.region_name(alert.region, lang) if alert.region else "?",
        target=labels["target_types"].get(alert.target_type, alert.target_type or "?"),
        date=alert.date,
        month=alert.param("period", alert.date[:7]),
    )
    kind = alert.kind
    if kind == "mass_casualty" and alert.param("wounded") in (None, "?"):
        kind = "mass_casualty_killed_only"
    if kind == "new_theatre" and alert.param("previous"):
        kind = "new_theatre_return"
    if alert.group:
        values["group"] = display_group(alert.group)
    template = str(labels["alert_messages"].get(kind, alert.kind))
    if not as_html:
        return template.format_map(values)
    safe = _Fmt({k: Markup(f"<bdi>{html.escape(str(v))}</bdi>") for k, v in values.items()})
    return Markup(html.escape(template).format_map(safe))


def build_report(
    incidents: Iterable[Incident],
    *,
    since: str,
    until: str | None = None,
    lang: str = "en",
    fmt: str = "html",
    alerts: Sequence[Alert] | None = None,
    coverage: Mapping[str, int] | None = None,
    sources: Mapping[str, Mapping[str, Any]] | None = None,
    settings: AnalysisSettings | None = None,
    parent: ParentLookup | None = None,
    regions: Regions | None = None,
    note: str | None = None,
    generated: str | None = None,
) -> RenderedReport:
    """Render the report of the period [since, until].

    Args:
        incidents: all fused incidents (the history before ``since`` feeds the alerts).
        since, until: ISO dates; ``until`` defaults to the latest incident date or article
            date in the data (not today).
        lang: "ar" (right-to-left, Arabic labels) or "en".
        fmt: "html" (self-contained, charts inline as SVG) or "md" (charts as SVG assets).
        alerts: alerts to show; detected over ``incidents`` for the period when None.
        coverage: articles read per ISO day (for the coverage line and the summary).
        sources: article id → {title, outlet, url, published} for the incidents' sources.
        note: a line shown under the title (e.g. where the incidents came from).
        generated: the generation date shown (default: today, UTC).

    Returns:
        RenderedReport. Charts: incidents over time with coverage, incidents by target type,
        and a map of the incidents that have coordinates; incidents known only to a country
        are listed under the map, never drawn at a centroid.

    Raises:
        ValueError: unknown lang or fmt, or a date that is not ISO.
    """
    if fmt not in ("html", "md"):
        raise ValueError(f"fmt must be 'html' or 'md', not {fmt!r}")
    labels = report_labels(lang)
    ui = labels["ui"]
    cfg = settings or AnalysisSettings.from_settings()
    regions = regions or load_regions()
    everything = list(incidents)
    kept = select(everything, cfg.kinds)
    if until is None:
        dates = [i.date for i in kept if i.date] + list(coverage or {})
        until = max(dates) if dates else since
    until = until if len(until) >= 10 else _pad(until)
    period = [i for i in kept if in_window(i.date, since, until)]
    if alerts is None:
        alerts = detect_alerts(everything, since=since, until=until, settings=cfg, parent=parent, regions=regions)
    alerted = {iid for a in alerts for iid in a.incidents}
    notable = sorted(
        period,
        key=lambda i: (i.id not in alerted, -(count_low(i.killed) + count_low(i.wounded)), i.date or "", i.id),
    )[: cfg.report_max_incidents]
    numbers = {inc.id: n for n, inc in enumerate(notable, 1)}

    trend = trends(kept, "total", _period_for(since, until), coverage=coverage, since=since, until=until, kinds=None)
    articles_read = sum(n for day, n in (coverage or {}).items() if in_window(day, since, until))
    as_html = fmt == "html"
    svgs = {
        "over_time": charts.chart_over_time(trend, ui),
        "by_target": charts.chart_bars(charts.target_counts(period, labels["target_types"]), ui["incidents"])
        if period else charts.chart_bars([], ui["incidents"]),
        "map": charts.chart_map(period, numbers, ui),
    }

    def row(inc: Incident) -> dict[str, Any]:
        srcs = []
        for aid in inc.articles:
            meta = dict((sources or {}).get(aid, {}))
            srcs.append({"id": aid, "title": meta.get("title") or aid, "outlet": meta.get("outlet") or "",
                         "url": meta.get("url"), "published": meta.get("published") or ""})
        return {
            "n": numbers.get(inc.id), "id": inc.id, "date": inc.date or "?", "place": _place(inc, regions, lang),
            "spot": inc.place if lang == "ar" else None,
            "groups": ", ".join(display_group(g) for g in inc.perpetrators) or ui["unknown"],
            "attack": "، ".join(labels["attack_types"].get(t, t) for t in inc.attack_types) if lang == "ar"
            else ", ".join(labels["attack_types"].get(t, t) for t in inc.attack_types),
            "target": ("، " if lang == "ar" else ", ").join(labels["target_types"].get(t, t) for t in inc.target_types),
            "killed": _fmt_count(inc.killed), "wounded": _fmt_count(inc.wounded),
            "located": inc.lat is not None and inc.lon is not None, "sources": srcs,
        }

    alert_rows = [{
        "kind": labels["alert_kinds"].get(a.kind, a.kind), "code": a.kind, "date": a.date,
        "message": _message(a, labels, regions, lang, as_html),
        "refs": [{"n": numbers.get(i), "id": i} for i in a.incidents],
    } for a in alerts]
    rows = [row(i) for i in notable]
    summary = str(ui["summary_line"]).format(
        incidents=len(period), killed=sum(count_low(i.killed) for i in period),
        wounded=sum(count_low(i.wounded) for i in period), articles=articles_read,
    )
    context = {
        "lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "ui": ui, "since": since, "until": until,
        "generated": generated or dt.datetime.now(dt.UTC).date().isoformat(), "note": note, "summary": summary,
        "alerts": alert_rows, "incidents": rows,
        "country_level": [row(i) for i in sorted(period, key=lambda i: i.date or "")
                          if i.lat is None or i.lon is None],
        "period_name": labels["periods"][trend.period],
    }
    if as_html:
        context["charts"] = {k: Markup(v) for k, v in svgs.items()}
        return RenderedReport(_ENV.get_template("report.html.j2").render(**context))
    assets = {f"{name}.svg": svg for name, svg in svgs.items()}
    context["charts"] = {k: f"{k}.svg" for k in svgs}
    return RenderedReport(_ENV.get_template("report.md.j2").render(**context), assets)


def _fmt_count(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, tuple | list):
        return f"{value[0]}–{value[1]}"
    return str(value)
