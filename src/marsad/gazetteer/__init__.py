"""Gazetteer stage: a Doc in; resolved places, armed groups and other entities (with raw offsets) out."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.model import Doc

__all__ = ["Gazetteer", "annotate", "load_gazetteer"]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Loaded places, groups and entity lexicons (built once, passed down)."""


def load_gazetteer() -> Gazetteer:
    """Load the shipped gazetteer files."""
    return Gazetteer()


def annotate(doc: Doc, gaz: Gazetteer) -> Doc:
    """Add places, groups and entities to ``doc``."""
    return doc
