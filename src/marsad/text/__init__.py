"""Text stage: raw article text in; normalised view, tokens, sentences, numbers and dates (all with raw offsets) out."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeVar

from marsad.model import Article, DateMention, Doc, NumberMention
from marsad.resources import load
from marsad.text.dates import DateRules, find_dates
from marsad.text.langid import identify_language
from marsad.text.matcher import Clitics, PhraseMatcher, longest_only
from marsad.text.matchset import MatcherSet
from marsad.text.normalize import normalize, normalize_phrase
from marsad.text.numbers import NumberRules, find_numbers
from marsad.text.sentences import SentenceRules, split_sentences
from marsad.text.tokens import Segmenter, tokenize

__all__ = [
    "Clitics",
    "MatcherSet",
    "PhraseMatcher",
    "TextResources",
    "analyse",
    "identify_language",
    "load_text_resources",
    "longest_only",
    "normalize",
    "normalize_phrase",
]


@dataclass(frozen=True, slots=True)
class TextResources:
    """Loaded and compiled resources of the text layer (built once by ``load_text_resources``).

    Attributes:
        clitics: the clitic inventory (resources/ar/clitics.yaml).
        segmenter: clitic segmentation with the clitics' whole-word lexicon (ar/whole_words.yaml).
        sentences: dateline and abbreviation rules (ar + en sentences.yaml).
        numbers: number words, qualifiers and dual nouns (ar + en numbers.yaml).
        dates_ar, dates_en: date patterns (ar/dates.yaml, en/dates.yaml).
    """

    clitics: Clitics
    segmenter: Segmenter
    sentences: SentenceRules
    numbers: NumberRules
    dates_ar: DateRules
    dates_en: DateRules


def load_text_resources() -> TextResources:
    """Load and compile the text layer's resources from ``marsad/resources`` (≈ 0.1 s).

    Raises:
        marsad.resources.ResourceError: a resource file is missing or lacks its header.
    """
    clitics = Clitics.from_resource(load("ar", "clitics"))
    num_ar, num_en = load("ar", "numbers"), load("en", "numbers")
    return TextResources(
        clitics=clitics,
        segmenter=Segmenter.from_resource(clitics),
        sentences=SentenceRules.from_resources([load("ar", "sentences"), load("en", "sentences")]),
        numbers=NumberRules.from_resources([num_ar, num_en], clitics.prepositions, clitics.article),
        dates_ar=DateRules.from_resources(load("ar", "dates"), num_ar),
        dates_en=DateRules.from_resources(load("en", "dates"), num_en),
    )


def analyse(article: Article, res: TextResources) -> Doc:
    """Run the text layer over one article.

    Args:
        article: the article (``published`` "YYYY-MM-DD" anchors relative dates; ``lang``
            "ar"/"en" picks the date patterns, anything else tries both).
        res: from ``load_text_resources()``.
    Returns:
        A Doc with norm/norm_map, tokens, sentences (a leading dateline flagged), numbers
        (digits inside a date expression are not numbers) and dates, all with raw offsets.

    Example:
        >>> doc = analyse(Article(id="x", text="بغداد - أ ف ب:\\nقتل 5 أشخاص أمس.", published="2016-07-04"), res)
        >>> doc.dates[0].iso
        '2016-07-03'
    """
    text = article.text
    norm, norm_map = normalize(text)
    if article.lang == "ar":
        date_rules = (res.dates_ar,)
    elif article.lang == "en":
        date_rules = (res.dates_en,)
    else:
        date_rules = (res.dates_ar, res.dates_en)
    dates = find_dates(norm, norm_map, article.published, date_rules)
    numbers = find_numbers(norm, norm_map, res.numbers)
    if dates and numbers:
        numbers = _outside(numbers, dates)
    dates = tuple(_with_marks(text, d) for d in dates)
    numbers = tuple(_with_marks(text, n) for n in numbers)
    return Doc(
        article=article,
        norm=norm,
        norm_map=norm_map,
        tokens=tokenize(norm, norm_map, text, res.segmenter),
        sentences=split_sentences(text, res.sentences),
        numbers=numbers,
        dates=dates,
    )


_S = TypeVar("_S", NumberMention, DateMention)

# Combining marks and tatweel written after a span's last letter (هـ, ألفاً) belong to it.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")


def _with_marks(text: str, span: _S) -> _S:
    """The span with its end moved past trailing combining marks / tatweel, if any."""
    m = _MARKS.match(text, span.end)
    return replace(span, end=m.end()) if m is not None else span


def _outside(numbers: tuple[NumberMention, ...], dates: tuple[DateMention, ...]) -> tuple[NumberMention, ...]:
    """Numbers not inside a date span (both sorted by start)."""
    out: list[NumberMention] = []
    j = 0
    for n in numbers:
        while j < len(dates) and dates[j].end <= n.start:
            j += 1
        if j < len(dates) and dates[j].start <= n.start and n.end <= dates[j].end:
            continue
        out.append(n)
    return tuple(out)
