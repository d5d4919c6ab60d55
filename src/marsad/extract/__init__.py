"""Extract stage: an annotated Doc in; GTD-coded events with per-field evidence out."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.model import Doc

__all__ = ["ExtractResources", "extract", "load_extract_resources"]


@dataclass(frozen=True, slots=True)
class ExtractResources:
    """Loaded trigger, context and coding lexicons (built once, passed down)."""


def load_extract_resources() -> ExtractResources:
    """Load the extraction lexicons."""
    return ExtractResources()


def extract(doc: Doc, res: ExtractResources) -> Doc:
    """Detect and code the events of ``doc``."""
    return doc
