"""Analysis stage: fused incidents in; trends, alerts and the analyst's report out.

``trends`` counts incidents/killed/wounded per period and key with coverage alongside;
``detect_alerts`` fires the alert rules (new theatre, surges, targeting shift, mass casualty,
new claimant); ``build_report`` renders the HTML/Markdown report with charts. All three work
on plain sequences of ``model.Incident``; ``marsad.analysis.stored`` plugs them into the store.
"""

from __future__ import annotations

from marsad.analysis.alerts import ALERT_KINDS, Alert, detect_alerts
from marsad.analysis.base import AnalysisSettings, Regions, load_regions, parent_from_gazetteer
from marsad.analysis.report import RenderedReport, build_report
from marsad.analysis.trends import DIMENSIONS, PERIODS, Trend, TrendRow, trends

__all__ = [
    "ALERT_KINDS",
    "DIMENSIONS",
    "PERIODS",
    "Alert",
    "AnalysisSettings",
    "Regions",
    "RenderedReport",
    "Trend",
    "TrendRow",
    "build_report",
    "detect_alerts",
    "load_regions",
    "parent_from_gazetteer",
    "trends",
]
