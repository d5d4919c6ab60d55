"""Shared fixtures: resources are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.pipeline import Resources, load_resources

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def resources() -> Resources:
    """All stage resources, loaded once."""
    return load_resources()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The bundled samples (seed + 40 dev articles)."""
    return SAMPLES
