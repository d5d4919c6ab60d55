"""Fusion stage: events reported by many articles in, incidents (best estimates, rules, full history) out.

``fuse`` is the in-memory stage; ``update_incidents`` (marsad.fuse.update) runs it incrementally
against the store after ``marsad run``; ``near_duplicates`` links copies of one wire story;
``score.bcubed`` scores a fusion against gold ``incident`` ids.
"""

from __future__ import annotations

from marsad.fuse.cluster import cluster, fuse
from marsad.fuse.compare import ParentOf, Report, branch_parent, score_pair
from marsad.fuse.config import FuseSettings, fuse_settings
from marsad.fuse.dedup import ArticleText, Duplicate, near_duplicates
from marsad.fuse.export import incident_to_dict, incidents_to_geojson, write_incidents_csv
from marsad.fuse.record import build_incident, incident_id

__all__ = [
    "ArticleText",
    "Duplicate",
    "FuseSettings",
    "Report",
    "branch_parent",
    "build_incident",
    "cluster",
    "fuse",
    "fuse_settings",
    "incident_id",
    "incident_to_dict",
    "incidents_to_geojson",
    "near_duplicates",
    "parent_lookup",
    "score_pair",
    "write_incidents_csv",
]


def parent_lookup(gazetteer: object) -> ParentOf | None:
    """canonical group → parent group from the gazetteer's group registry (``gaz.group(name)``).

    Returns None when the gazetteer has no group registry yet; the fallback is then
    ``branch_parent`` on the canonical name ("Islamic State – Sinai Province" → "Islamic State").
    """
    lookup = getattr(gazetteer, "group", None)
    if not callable(lookup):
        return None

    def parent_of(name: str) -> str | None:
        try:
            record = lookup(name)
        except (KeyError, LookupError):
            return None
        if record is None:
            return None
        if isinstance(record, dict):
            parent = record.get("parent")
        else:
            parent = getattr(record, "parent", None)
        return parent if isinstance(parent, str) and parent else None

    return parent_of
