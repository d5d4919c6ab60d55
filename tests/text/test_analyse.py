"""analyse on real dev-corpus articles: every field filled, offsets valid, key facts read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.model import Article
from marsad.text import TextResources, analyse

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "dev"


def _article(name: str) -> Article:
    d = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return Article(id=d["id"], text=d["text"], lang=d.get("lang", "ar"), published=d.get("published"))


def test_analyse_fills_every_text_field_with_valid_offsets(text_res: TextResources) -> None:
    for path in sorted(SAMPLES.glob("*.json")):
        doc = analyse(_article(path.stem), text_res)
        n = len(doc.text)
        assert len(doc.norm_map) == len(doc.norm) + 1 and doc.norm_map[-1] == n
        assert doc.tokens and doc.sentences
        for span in (*doc.tokens, *doc.sentences, *doc.numbers, *doc.dates):
            assert 0 <= span.start < span.end <= n
        starts = [s.start for s in doc.sentences]
        assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("name", "surface", "iso"),
    [
        ("dev-001", "ظهر أمس الجمعة", "2015-06-26"),
        ("dev-001", "18 مارس الماضي", "2015-03-18"),
        ("dev-003", "فجر أمس الأحد", "2016-07-03"),
        ("dev-016", "مساء الاثنين", "2020-11-02"),
        ("dev-016", "الخميس الماضي", "2020-10-29"),
    ],
    ids=["sousse_noon_yesterday_friday", "sousse_bardo_last_march", "karrada_dawn_yesterday_sunday",
         "vienna_monday_evening", "vienna_last_thursday"],
)
def test_analyse_resolves_dev_corpus_dates(text_res: TextResources, name: str, surface: str, iso: str) -> None:
    doc = analyse(_article(name), text_res)
    got = {doc.text[d.start:d.end]: d.iso for d in doc.dates}
    assert got.get(surface) == iso


@pytest.mark.parametrize(
    ("name", "surface", "value", "qualifier"),
    [
        ("dev-001", "ثمانية وثلاثين", 38.0, "exact"),
        ("dev-003", "مئتي", 200.0, "min"),
        ("dev-008", "عشرة", 10.0, "approx"),
        ("dev-017", "٦١", 61.0, "exact"),
        ("dev-039", "١٠٣", 103.0, "min"),
    ],
    ids=["sousse_toll_in_words", "karrada_more_than_two_hundred", "kabul_about_ten", "westgate_indic_digits",
         "kerman_at_least_after_noun"],
)
def test_analyse_reads_dev_corpus_tolls(text_res: TextResources, name: str, surface: str, value: float, qualifier: str) -> None:
    doc = analyse(_article(name), text_res)
    got = {(doc.text[n.start:n.end], n.value, n.qualifier) for n in doc.numbers}
    assert (surface, value, qualifier) in got


def test_analyse_flags_the_dateline_of_every_dev_article(text_res: TextResources) -> None:
    flagged = 0
    paths = sorted(SAMPLES.glob("*.json"))
    for path in paths:
        doc = analyse(_article(path.stem), text_res)
        flagged += doc.sentences[0].dateline
    assert flagged == len(paths)
