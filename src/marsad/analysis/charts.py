"""Report charts: trends and incidents in, standalone SVG strings (text kept as text, shaped by the browser) out."""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from marsad.analysis.base import count_low  # noqa: E402
from marsad.analysis.trends import Trend  # noqa: E402
from marsad.model import Incident  # noqa: E402

__all__ = ["BASEMAP", "chart_bars", "chart_map", "chart_over_time", "load_basemap", "target_counts"]

BASEMAP = Path(__file__).resolve().parent.parent / "web" / "static" / "basemap" / "countries-110m.geojson"
"""Natural Earth 1:110m countries (public domain), built for the web map by scripts/build_basemap.py."""

_RC = {
    "svg.fonttype": "none",  # text stays text: the browser shapes Arabic and lays it out right-to-left
    "font.family": ["DejaVu Sans"],
    "font.size": 10,
    "svg.hashsalt": "marsad",  # deterministic ids
}
_BAR = "#b5473a"
_LINE = "#3a6ea5"


def _svg(fig: Figure) -> str:
    """The figure as an SVG element string (no XML prolog), scaling to its container."""
    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    # responsive: keep the viewBox, let CSS size it
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="chart" role="img"', svg, count=1)
    return svg


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, height), dpi=100)
    return fig


def chart_over_time(trend: Trend, labels: Mapping[str, str], key: str = "all") -> str:
    """Bars of incidents per period with the articles read (coverage) as a line on a second axis.

    ``labels`` needs "incidents" and "articles" (resources/<lang>/analysis.yaml ``ui``).
    """
    with matplotlib.rc_context(_RC):
        fig = _figure(8.0, 3.2)
        ax = fig.add_subplot()
        periods = list(trend.periods)
        if not periods:
            ax.text(0.5, 0.5, labels.get("no_data", "—"), ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return _svg(fig)
        xs = range(len(periods))
        ax.bar(xs, trend.series(key), color=_BAR, label=labels["incidents"], zorder=2)
        ax.set_ylabel(labels["incidents"], color=_BAR)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#ddd", zorder=0)
        step = max(1, math.ceil(len(periods) / 14))
        ax.set_xticks(list(xs)[::step], periods[::step], rotation=45, ha="right", fontsize=8)
        cov = trend.coverage_series()
        if any(cov):
            ax2 = ax.twinx()
            ax2.plot(xs, cov, color=_LINE, marker="o", markersize=3, linewidth=1.5, label=labels["articles"])
            ax2.set_ylabel(labels["articles"], color=_LINE)
            ax2.yaxis.get_major_locator().set_params(integer=True)
            ax2.set_ylim(bottom=0)
        for side in ("top",):
            ax.spines[side].set_visible(False)
        return _svg(fig)


def chart_bars(counts: Sequence[tuple[str, int]], xlabel: str) -> str:
    """Horizontal bars, one per (label, count), largest on top; labels may be Arabic."""
    with matplotlib.rc_context(_RC):
        rows = list(counts)[::-1]
        fig = _figure(7.0, max(1.6, 0.38 * len(rows) + 0.8))
        ax = fig.add_subplot()
        ax.barh(range(len(rows)), [c for _, c in rows], color=_BAR, zorder=2)
        ax.set_yticks(range(len(rows)), [label for label, _ in rows])
        ax.set_xlabel(xlabel)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color="#ddd", zorder=0)
        for n, (_, c) in enumerate(rows):
            ax.text(c, n, f" {c}", va="center", fontsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _svg(fig)


def load_basemap(path: Path = BASEMAP) -> list[list[tuple[float, float]]]:
    """Country outer rings as [(lon, lat), …] from a GeoJSON file; [] when the file is absent."""
    if not path.is_file():
        return []
    rings: list[list[tuple[float, float]]] = []
    for feat in json.loads(path.read_text(encoding="utf-8")).get("features", []):
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            if poly:
                rings.append([(float(x), float(y)) for x, y in poly[0]])
    return rings


def chart_map(
    incidents: Sequence[Incident], numbers: Mapping[str, int], labels: Mapping[str, str],
    basemap: list[list[tuple[float, float]]] | None = None,
) -> str:
    """The incidents that have lat/lon as points (size ~ killed) over country outlines.

    Never draws an incident at a country centroid: incidents without coordinates are left
    for the caller to list. ``numbers`` maps an incident id to its number in the report's
    list, written beside its point.
    """
    pts = [i for i in incidents if i.lat is not None and i.lon is not None]
    with matplotlib.rc_context(_RC):
        fig = _figure(8.0, 4.4)
        ax = fig.add_subplot()
        if pts:
            lons, lats = [float(i.lon or 0) for i in pts], [float(i.lat or 0) for i in pts]
            pad = 8.0
            x0, x1 = min(lons) - pad, max(lons) + pad
            y0, y1 = min(lats) - pad, max(lats) + pad
            # keep a pleasant aspect ratio (about 2:1) around the points
            w, h = x1 - x0, y1 - y0
            if w < 2 * h:
                cx = (x0 + x1) / 2
                x0, x1 = cx - h, cx + h
            else:
                cy = (y0 + y1) / 2
                y0, y1 = cy - w / 4, cy + w / 4
            x0, x1, y0, y1 = max(x0, -180), min(x1, 180), max(y0, -90), min(y1, 90)
        else:
            x0, x1, y0, y1 = -180.0, 180.0, -60.0, 85.0
        rings = [r for r in (basemap if basemap is not None else load_basemap()) if _overlaps(r, x0, x1, y0, y1)]
        if rings:
            ax.add_collection(PolyCollection(rings, facecolors="#eeeae2", edgecolors="#a9a39a", linewidths=0.4, zorder=1))
        ax.set_facecolor("#dbe7f0" if rings else "white")
        for lon in range(-180, 181, 10):
            ax.axvline(lon, color="#ffffff", linewidth=0.3, zorder=0.5)
        for lat in range(-90, 91, 10):
            ax.axhline(lat, color="#ffffff", linewidth=0.3, zorder=0.5)
        if pts:
            sizes = [20 + 6 * math.sqrt(count_low(i.killed)) ** 1.5 for i in pts]
            ax.scatter(lons, lats, s=sizes, color=_BAR, alpha=0.75, edgecolors="#5a1a12", linewidths=0.6, zorder=3)
            for inc, x, y in zip(pts, lons, lats, strict=True):
                if inc.id in numbers:
                    ax.annotate(str(numbers[inc.id]), (x, y), xytext=(4, 4), textcoords="offset points",
                                fontsize=8, weight="bold", zorder=4)
        else:
            ax.text(0.5, 0.5, labels.get("none_drawn", ""), ha="center", va="center", transform=ax.transAxes)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.tick_params(labelsize=7)
        ax.set_xlabel("lon °", fontsize=7)
        ax.set_ylabel("lat °", fontsize=7)
        return _svg(fig)


def _overlaps(ring: list[tuple[float, float]], x0: float, x1: float, y0: float, y1: float) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs) <= x1 and max(xs) >= x0 and min(ys) <= y1 and max(ys) >= y0


def target_counts(incidents: Sequence[Incident], names: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(label, incidents) per target type, most frequent first; an incident counts once per type."""
    counts: dict[str, int] = {}
    for inc in incidents:
        for t in dict.fromkeys(inc.target_types or ("unknown",)):
            counts[t] = counts.get(t, 0) + 1
    return [(str(names.get(t, t)), n) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
