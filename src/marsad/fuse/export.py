"""Incident export: fused Incidents in; JSON objects, GTD-named CSV rows and GeoJSON features out."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from marsad.export import GTD_COLUMNS, event_to_row
from marsad.fuse.record import json_value
from marsad.model import Event, Incident

__all__ = [
    "INCIDENT_COLUMNS",
    "incident_to_dict",
    "incident_to_row",
    "incidents_to_geojson",
    "write_incidents_csv",
]

_FIELDS = (
    "kind", "date", "country", "admin1", "city", "place", "lat", "lon", "perpetrators", "attack_types",
    "target_types", "weapon_types", "killed", "perpetrators_killed", "wounded", "perpetrator_count",
    "claimed", "suicide",
)
INCIDENT_COLUMNS = GTD_COLUMNS + (
    "incident_id", "kind", "date", "country", "admin1", "place", "perpetrators", "attack_types",
    "target_types", "weapon_types", "killed", "wounded", "n_reports", "n_articles", "first_reported",
    "last_reported", "reports", "articles",
)


def incident_to_dict(incident: Incident, *, history: bool = True) -> dict[str, Any]:
    """One incident as JSON: ``id``, the spec's event fields (best estimates), ``rules``
    ({field: rule}), ``reports``/``articles`` ids, first/last reported and, with ``history``,
    every reported value ({field, value, event_id, article_id, outlet, published})."""
    out: dict[str, Any] = {"id": incident.id}
    out.update({name: json_value(getattr(incident, name)) for name in _FIELDS})
    out["rules"] = dict(incident.rules)
    out["reports"] = list(incident.reports)
    out["articles"] = list(incident.articles)
    out["first_reported"] = incident.first_reported
    out["last_reported"] = incident.last_reported
    if history:
        out["history"] = [
            {"field": h.field, "value": h.value, "event_id": h.event_id, "article_id": h.article_id,
             "outlet": h.outlet, "published": h.published}
            for h in incident.history
        ]
    return out


def _as_event(incident: Incident) -> Event:
    values = {name: getattr(incident, name) for name in _FIELDS}
    return Event(status="new", id=incident.id, **values)


def incident_to_row(incident: Incident) -> dict[str, Any]:
    """One incident as a CSV row keyed by ``INCIDENT_COLUMNS`` (GTD columns as in ``marsad.export``)."""
    row = event_to_row(_as_event(incident))
    out = {col: row.get(col, "") for col in GTD_COLUMNS}
    out.update({
        "incident_id": incident.id, "kind": incident.kind, "date": incident.date or "",
        "country": incident.country or "", "admin1": incident.admin1 or "", "place": incident.place or "",
        "perpetrators": row["perpetrators"], "attack_types": row["attack_types"],
        "target_types": row["target_types"], "weapon_types": row["weapon_types"],
        "killed": row["killed"], "wounded": row["wounded"],
        "n_reports": len(incident.reports), "n_articles": len(incident.articles),
        "first_reported": incident.first_reported or "", "last_reported": incident.last_reported or "",
        "reports": ";".join(incident.reports), "articles": ";".join(incident.articles),
    })
    return out


def write_incidents_csv(incidents: Iterable[Incident], fh: IO[str]) -> int:
    """Write a header and one row per incident to ``fh``; return the number of rows."""
    writer = csv.DictWriter(fh, fieldnames=list(INCIDENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for inc in incidents:
        writer.writerow(incident_to_row(inc))
        n += 1
    return n


def incidents_to_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: a Point ([lon, lat]) where known, else null geometry;
    properties are ``incident_to_dict`` without the history."""
    features = []
    for inc in incidents:
        geom = None
        if inc.lat is not None and inc.lon is not None:
            geom = {"type": "Point", "coordinates": [inc.lon, inc.lat]}
        features.append({"type": "Feature", "id": inc.id, "geometry": geom,
                         "properties": incident_to_dict(inc, history=False)})
    return {"type": "FeatureCollection", "features": features}
