"""Helpers for the extract tests: run the full pipeline on one realistic news text."""

from __future__ import annotations

from marsad.model import Article, Doc, Event
from marsad.pipeline import Resources, process

ATTACKISH = ("attack", "foiled_plot", "security_operation")


def run(text: str, resources: Resources, published: str | None = "2024-07-16") -> Doc:
    """Process ``text`` as an Arabic article published on ``published``."""
    return process(Article(id="t", text=text, lang="ar", published=published), resources)


def new_events(doc: Doc, kinds: tuple[str, ...] = ATTACKISH) -> list[Event]:
    """Events of the given kinds with status new."""
    return [e for e in doc.events if e.kind in kinds and e.status == "new"]


def attacks(doc: Doc) -> list[Event]:
    """Attack events (any status)."""
    return [e for e in doc.events if e.kind == "attack"]
