"""Analysis over the store: the incident database in, trends, stored alerts and rendered reports out."""

from __future__ import annotations

from typing import Any

from marsad.analysis.alerts import Alert, detect_alerts
from marsad.analysis.base import AnalysisSettings, ParentLookup, parent_from_gazetteer
from marsad.analysis.report import RenderedReport, build_report
from marsad.analysis.trends import Trend, trends
from marsad.store.alerts import article_refs, coverage, load_alerts, save_alerts
from marsad.store.incidents import load_incidents

__all__ = ["default_parent", "refresh_alerts", "store_report", "store_trends"]


def default_parent() -> ParentLookup:
    """The group → parent lookup: the gazetteer's group registry when it loads, else fusion's
    name rule ("Islamic State – Sinai Province" → "Islamic State", ``marsad.fuse.branch_parent``)."""
    from marsad.fuse import branch_parent

    try:
        from marsad.gazetteer import load_gazetteer  # type: ignore[attr-defined]

        gaz = load_gazetteer()
    except (ImportError, AttributeError, OSError, ValueError):
        return branch_parent
    if not callable(getattr(gaz, "group", None)):
        return branch_parent
    registry = parent_from_gazetteer(gaz)

    def parent(name: str) -> str | None:
        try:
            return registry(name) or branch_parent(name)
        except (KeyError, LookupError):
            return branch_parent(name)

    return parent


def store_trends(store: Any, by: str = "total", period: str = "month", **filters: Any) -> Trend:
    """``trends`` over every stored incident, with the stored articles per day as coverage.

    ``filters`` are trends' keyword arguments (since, until, group, country, rollup, kinds …);
    ``parent`` defaults to ``default_parent()``.
    """
    filters.setdefault("parent", default_parent())
    return trends(load_incidents(store.conn), by, period, coverage=coverage(store.conn), **filters)


def refresh_alerts(
    store: Any, *, since: str | None = None, until: str | None = None, settings: AnalysisSettings | None = None,
    parent: ParentLookup | None = None, save: bool = True,
) -> list[Alert]:
    """Detect the alerts of [since, until] over all stored incidents, store them (with the
    incidents that fired each, once per alert key) and return them.

    With ``save=False`` (a read-only store) the stored alerts of the window are returned
    merged with the ones detected now.
    """
    detected = detect_alerts(load_incidents(store.conn), since=since, until=until, settings=settings,
                             parent=parent or default_parent())
    if save:
        store.write(lambda conn: save_alerts(conn, detected))
        return detected
    known = {a.key for a in detected}
    return detected + [a for a in load_alerts(store.conn, since=since, until=until) if a.key not in known]


def store_report(
    store: Any, *, since: str, until: str | None = None, lang: str = "en", fmt: str = "html",
    settings: AnalysisSettings | None = None, save_alerts: bool = True,
) -> RenderedReport:
    """The report of [since, until] from the store: incidents, alerts (refreshed and stored),
    articles read per day and the sources' titles/outlets/urls."""
    parent = default_parent()
    incidents = load_incidents(store.conn)
    alerts = refresh_alerts(store, since=since, until=until, settings=settings, parent=parent, save=save_alerts)
    sources = article_refs(store.conn, (a for inc in incidents for a in inc.articles))
    return build_report(incidents, since=since, until=until, lang=lang, fmt=fmt, alerts=alerts,
                        coverage=coverage(store.conn), sources=sources, settings=settings, parent=parent)
