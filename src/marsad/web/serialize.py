"""Web JSON: model objects in, the same JSON dicts the CLI prints with --format json / --json out.

Events go through ``marsad.export.event_to_dict`` and incidents through
``marsad.fuse.export.incident_to_dict``, the renderers the CLI uses, so API and CLI cannot drift.
"""

from __future__ import annotations

from typing import Any

from marsad.export import event_to_dict
from marsad.fuse.export import incident_to_dict
from marsad.model import Article, Event, Incident

__all__ = ["article_dict", "event_dict", "incident_dict", "report_detail"]


def event_dict(event: Event) -> dict[str, Any]:
    """One event as ``marsad events --format json`` prints it (with id, offsets and per-field evidence)."""
    return dict(event_to_dict(event))


def article_dict(article: Article, *, text: bool = True) -> dict[str, Any]:
    """Article metadata (and its raw text unless ``text`` is false) as a JSON dict."""
    out = {
        "id": article.id,
        "lang": article.lang,
        "published": article.published,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "sha256": article.sha256,
    }
    if text:
        out["text"] = article.text
    return out


def incident_dict(incident: Incident, *, history: bool = True) -> dict[str, Any]:
    """One incident as ``marsad incidents --format json`` prints it (fields, rules, ids, history)."""
    return dict(incident_to_dict(incident, history=history))


def report_detail(event: Event, article: Article | None) -> dict[str, Any]:
    """One report of an incident as ``marsad incident ID --json`` lists it in ``report_details``."""
    return {
        "event_id": event.id, "article_id": event.article_id, "status": event.status,
        "outlet": article.outlet if article else None, "published": article.published if article else None,
        "title": article.title if article else None, "url": article.url if article else None,
        "evidence": event.evidence, "evidence_start": event.evidence_start, "evidence_end": event.evidence_end,
    }
