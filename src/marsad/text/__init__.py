"""Text stage: raw article text in; normalised view, tokens, sentences, numbers and dates (all with raw offsets) out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from marsad.model import Article, Doc, Sentence
from marsad.resources import load
from marsad.text.matcher import Clitics
from marsad.text.normalize import normalize

__all__ = ["TextResources", "analyse", "load_text_resources"]


@dataclass(frozen=True, slots=True)
class TextResources:
    """Loaded language resources for the text layer (built once, passed down)."""

    clitics: Clitics


def load_text_resources() -> TextResources:
    """Load the text layer's resources from ``marsad/resources``."""
    return TextResources(clitics=Clitics.from_resource(load("ar", "clitics")))


def analyse(article: Article, res: TextResources) -> Doc:
    """Run the text layer over one article.

    Returns a Doc with ``norm``/``norm_map``, tokens, sentences, numbers and dates.
    """
    norm, norm_map = normalize(article.text)
    doc = Doc(article=article, norm=norm, norm_map=norm_map)
    # Placeholder sentence split on line breaks; replaced by marsad.text.sentences.
    sents = []
    pos = 0
    for line in article.text.split("\n"):
        if line.strip():
            sents.append(Sentence(pos, pos + len(line)))
        pos += len(line) + 1
    return replace(doc, sentences=tuple(sents))
