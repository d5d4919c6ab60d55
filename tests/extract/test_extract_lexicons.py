"""The extraction lexicons load with their source/licence headers and compile into matchers."""

from __future__ import annotations

import pytest

from marsad.extract.lexicon import LEXICONS, load_extract_resources
from marsad.resources import load
from marsad.text.normalize import normalize


@pytest.mark.parametrize("name", [*LEXICONS, "morphology"])
def test_extract_lexicon_has_source_and_licence(name):
    meta = load("ar", name)["meta"]
    assert meta["source"] and meta["license"]


def test_extract_lexicon_spells_the_indefinite_accusative():
    res = load_extract_resources()
    norm, nmap = normalize("استهدف الانتحاري سوقا شعبية")
    assert [m.value for m in res.matchers["target"].find(norm, nmap)] == ["private_citizens_property"]


def test_extract_lexicon_reads_a_verb_subject_object_trigger():
    res = load_extract_resources()
    norm, nmap = normalize("فتح مسلحون مجهولون النار")
    heads = res.matchers["dhead"].find(norm, nmap)
    tails = res.matchers["dtail"].find(norm, nmap)
    assert heads and heads[0].value == ("armed_assault", "النار") and tails


def test_extract_windows_come_from_the_extract_settings(resources):
    from dataclasses import replace

    from marsad.model import Article
    from marsad.pipeline import process
    from marsad.settings import load_settings

    text = "قتل خمسة أشخاص في انفجار عبوة ناسفة في سوق شعبي بمدينة الموصل صباح اليوم"
    art = Article(id="w", text=text, lang="ar", published="2024-03-02")
    assert process(art, resources).events[0].target_types == ("private_citizens_property",)
    narrow = load_extract_resources(settings=load_settings(
        overrides={"extract": {"target_after": 0, "target_before": 0}}))
    assert narrow.params["target_after"] == 0
    ev = process(art, replace(resources, extract=narrow)).events[0]
    assert ev.target_types != ("private_citizens_property",)
