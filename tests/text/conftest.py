"""Fixtures for the text layer tests: its resources, loaded once, and a helper to analyse a snippet."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.model import Article, Doc
from marsad.text import TextResources, analyse, load_text_resources


@pytest.fixture(scope="session")
def text_res() -> TextResources:
    """The text layer's resources."""
    return load_text_resources()


@pytest.fixture(scope="session")
def run(text_res: TextResources) -> Callable[..., Doc]:
    """analyse(text, published=None, lang="ar") → Doc."""

    def _run(text: str, published: str | None = None, lang: str = "ar") -> Doc:
        return analyse(Article(id="t", text=text, lang=lang, published=published), text_res)

    return _run
