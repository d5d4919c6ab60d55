"""Gazetteer test fixtures: a function that runs the text layer and the gazetteer over a snippet."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.gazetteer import Gazetteer, annotate
from marsad.model import Article, Doc
from marsad.pipeline import Resources
from marsad.text import analyse


@pytest.fixture(scope="session")
def gaz(resources: Resources) -> Gazetteer:
    """The loaded gazetteer (from the session resources)."""
    return resources.gazetteer


@pytest.fixture(scope="session")
def ann(resources: Resources) -> Callable[[str], Doc]:
    """Analyse and annotate one Arabic snippet."""

    def run(text: str) -> Doc:
        return annotate(analyse(Article(id="t", text=text, lang="ar"), resources.text), resources.gazetteer)

    return run
