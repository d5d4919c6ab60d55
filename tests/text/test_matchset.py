"""MatcherSet: one automaton pass gives every matcher exactly the matches it finds on its own, clitic rules per matcher."""

from __future__ import annotations

import dataclasses

import pytest

from marsad.extract.view import View
from marsad.model import Article
from marsad.pipeline import Resources
from marsad.text import MatcherSet, PhraseMatcher, TextResources, analyse, longest_only, normalize

SENTENCES = [
    # (name, sentence) real-style wire copy exercising triggers, counts, claims, targets, weapons
    ("car_bomb_market", "قتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة استهدف سوقا شعبيا في بغداد أمس الأحد."),
    ("claim_and_suicide", "وتبنى تنظيم الدولة الإسلامية الهجوم الانتحاري الذي نفذه انتحاري يرتدي حزاما ناسفا قرب مركز للشرطة."),
    ("foiled_plot", "أعلنت وزارة الداخلية إحباط مخطط إرهابي واعتقال خلية من خمسة عناصر كانت تخطط لاستهداف منشآت حكومية."),
    ("clitics_everywhere", "وبالهجوم الذي وقع للتنظيم فبهجومهم على الحاجز قتلوا جنديين وأصابوا ثلاثة من المدنيين."),
    ("no_hit_prose", "شهدت المدينة أجواء ربيعية معتدلة مع هطول أمطار خفيفة على المناطق الساحلية."),
]


@pytest.mark.parametrize(("name", "sentence"), SENTENCES, ids=[s[0] for s in SENTENCES])
def test_matchset_equals_each_extract_matcher_on_its_own(resources: Resources, name: str, sentence: str) -> None:
    mset = resources.extract.matcher_set
    assert mset is not None
    norm, norm_map = normalize(sentence)
    together = mset.find_all(norm, norm_map)
    assert set(together) == set(resources.extract.matchers)
    for key, matcher in resources.extract.matchers.items():
        assert together[key] == matcher.find(norm, norm_map), key
    if name != "no_hit_prose":
        assert sum(map(len, together.values())) >= 3  # the sentences really exercise the lexicons


def test_matchset_gives_each_lexicon_its_own_value_for_a_shared_phrase(text_res: TextResources) -> None:
    cl = text_res.clitics
    mset = MatcherSet({
        "trigger": PhraseMatcher([("هجوم", ("armed_assault", "noun"))], cl),
        "measure": PhraseMatcher([("هجوم", "weak"), ("حملة أمنية", "strong")], cl),
    })
    norm, norm_map = normalize("وقع الهجوم خلال حملة أمنية")
    found = mset.find_all(norm, norm_map)
    assert [m.value for m in found["trigger"]] == [("armed_assault", "noun")]
    assert [m.value for m in found["measure"]] == ["weak", "strong"]
    assert found["trigger"][0].prefix == "ال"
    assert (found["trigger"][0].word_start, found["trigger"][0].start, found["trigger"][0].end) == (4, 6, 10)


CLITIC_CASES = [
    # (name, text, {matcher: expected keys found})
    ("suffix_only_where_allowed", "هجومه", {"with_suffix": ["هجوم"], "plain": [], "proper": []}),
    ("article_not_on_proper_names", "والهجوم", {"with_suffix": ["هجوم"], "plain": ["هجوم"], "proper": []}),
    ("bare_stem_of_article_entry_after_lam_lam", "للتنظيم", {"with_suffix": [], "plain": [], "proper": ["التنظيم"]}),
    ("proclitics_before_proper_name", "وبالتنظيم", {"with_suffix": [], "plain": [], "proper": ["التنظيم"]}),
    ("never_inside_a_whole_word", "وكان الوزير", {"with_suffix": [], "plain": [], "proper": []}),
]


@pytest.mark.parametrize(("name", "text", "expected"), CLITIC_CASES, ids=[c[0] for c in CLITIC_CASES])
def test_matchset_applies_each_matchers_clitic_rules(text_res: TextResources, name: str, text: str,
                                                     expected: dict[str, list[str]]) -> None:
    cl = text_res.clitics
    matchers = {
        "with_suffix": PhraseMatcher([("هجوم", 1), ("كان", 2)], cl, article=True, suffixes=True),
        "plain": PhraseMatcher([("هجوم", 1), ("كان", 2)], cl, article=True),
        "proper": PhraseMatcher([("التنظيم", 3), ("هجوم", 1), ("كان", 2)], cl, article=False),
    }
    norm, norm_map = normalize(text)
    found = MatcherSet(matchers).find_all(norm, norm_map)
    for key, keys in expected.items():
        assert [m.key for m in found[key]] == keys, key
        assert found[key] == matchers[key].find(norm, norm_map), key


def test_matchset_refuses_matchers_with_different_clitics(text_res: TextResources) -> None:
    other = dataclasses.replace(text_res.clitics, suffixes=frozenset({"ه"}))
    with pytest.raises(ValueError, match="Clitics"):
        MatcherSet({"a": PhraseMatcher([("هجوم", 1)], text_res.clitics), "b": PhraseMatcher([("هجوم", 1)], other)})


def test_matches_built_by_the_matcher_are_immutable_and_replaceable(text_res: TextResources) -> None:
    norm, norm_map = normalize("وبالموصل")
    (m,) = PhraseMatcher([("الموصل", "Mosul")], text_res.clitics, article=False).find(norm, norm_map)
    assert type(m).__name__ == "Match"
    with pytest.raises(AttributeError):
        m.value = "Baghdad"  # type: ignore[misc]
    moved = m._replace(value="Baghdad")
    assert (moved.value, moved.key, m.value) == ("Baghdad", "الموصل", "Mosul")
    assert hash(m) == hash(m._replace())


def test_view_hits_equal_each_matcher_searched_alone(resources: Resources) -> None:
    text = SENTENCES[0][1] + " " + SENTENCES[1][1]
    doc = analyse(Article(id="t", text=text, lang="ar", published="2016-07-04"), resources.text)
    view = View.build(doc, resources.extract)
    for key, matcher in resources.extract.matchers.items():
        alone = matcher.find(doc.norm, doc.norm_map)
        assert view.hits(key, longest=False) == alone, key
        assert view.hits(key) == longest_only(alone), key
        for i in range(len(view.units)):
            a, b, _ = view.units[i]
            assert view.in_unit(key, i) == [m for m in longest_only(alone) if a <= m.nstart and m.nend <= b], key


def test_view_token_lookups_equal_scanning_the_unit(resources: Resources) -> None:
    text = " ".join(s for _, s in SENTENCES)
    doc = analyse(Article(id="t", text=text, lang="ar", published="2016-07-04"), resources.text)
    view = View.build(doc, resources.extract)
    for n in view.tok:
        t = view.ti(n)
        for i in range(len(view.units)):
            for key in ("triggers", "killed", "place_type", "target"):
                first = next((h for h in view.in_unit(key, i) if view.ti(h.nstart) == t), None)
                assert view.hit_on(key, i, n) == first, (key, i, n)
            first_num = next((x for x in view.spans_in_unit(doc.numbers, i) if view.ti(view.nidx(x.start)) == t), None)
            assert view.span_on(doc.numbers, i, n) == first_num
    assert any(view.hit_on("killed", i, n) for n in view.tok for i in range(len(view.units)))
