"""The orchestrator: articles in, annotated Docs (with events) out, stage by stage.

text.analyse → gazetteer.annotate → extract.extract. The CLI, the API, the benchmark and
the tests all call ``process`` / ``process_many``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from marsad.extract import ExtractResources, extract, load_extract_resources
from marsad.gazetteer import Gazetteer, annotate, load_gazetteer
from marsad.model import Article, Doc
from marsad.settings import Settings, load_settings
from marsad.text import TextResources, analyse, load_text_resources

__all__ = ["GC_THRESHOLD", "Resources", "load_resources", "process", "process_many"]

#: ``gc.set_threshold`` of a process whose resources are frozen (young, middle, old).
GC_THRESHOLD = (20_000, 50, 100)


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything the stages need, loaded once: settings, text, gazetteer, extract resources."""

    settings: Settings
    text: TextResources
    gazetteer: Gazetteer
    extract: ExtractResources


def load_resources(settings: Settings | None = None, *, freeze: bool = False) -> Resources:
    """Load all stage resources (≈1 s and ≈150 MB; see ``make bench``).

    ``freeze``: then move every object alive so far (the resources above all) into the
    garbage collector's permanent generation (``gc.freeze``) and raise the young-generation
    threshold from Python's 700 to ``GC_THRESHOLD`` allocations, so that collections during
    extraction neither rescan the automata, gazetteer tables and lexicons nor run every few
    hundred match tuples (together ≈5% of extraction time on the benchmark; extraction
    makes few reference cycles). For a process that loads the resources once and keeps
    them (the CLI, a worker); a library user with short-lived resources leaves it off.
    """
    settings = settings or load_settings()
    res = Resources(
        settings=settings,
        text=load_text_resources(),
        gazetteer=load_gazetteer(settings),
        extract=load_extract_resources(settings=settings),
    )
    if freeze:
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLD)
    return res


def process(article: Article, res: Resources, *, timings: bool = False) -> Doc:
    """Run text → gazetteer → extract over one article and return the final Doc.

    With ``timings`` the Doc's ``stats`` holds seconds per stage (keys text, gazetteer,
    extract).
    """
    if not timings:
        return extract(annotate(analyse(article, res.text), res.gazetteer), res.extract)
    t0 = time.perf_counter()
    doc = analyse(article, res.text)
    t1 = time.perf_counter()
    doc = annotate(doc, res.gazetteer)
    t2 = time.perf_counter()
    doc = extract(doc, res.extract)
    t3 = time.perf_counter()
    return replace(doc, stats={"text": t1 - t0, "gazetteer": t2 - t1, "extract": t3 - t2})


def process_many(articles: Iterable[Article], res: Resources) -> Iterator[Doc]:
    """Stream ``process`` over articles."""
    for article in articles:
        yield process(article, res)
