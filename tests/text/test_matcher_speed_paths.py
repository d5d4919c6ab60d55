"""Matcher fast paths give the plain results: lazy word bounds, "ال" names searched as لل+name, the phrase memo, one-pass tokens."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right

import pytest

from marsad.model import Token
from marsad.text import PhraseMatcher, TextResources, longest_only, normalize
from marsad.text.matcher import _WORD_CHARS, _WORD_CLASS, _word_runs
from marsad.text.tokens import tokenize

SNIPPETS = [
    ("dateline_and_clitics", "بغداد - أ ف ب: قتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة استهدف سوقا شعبيا للتنظيم."),
    ("digits_latin_and_marks", "قُتل 5 أشخاص (AFP) في هجومٍ على حاجز للشرطة بالموصل، عام 2016."),
    ("punctuation_only_edges", "«الهجوم»… وبالعاصمة!"),
    ("empty", ""),
]


def _bounds_by_scanning(norm: str) -> tuple[list[int], list[int]]:
    """Word bounds computed character by character (the definition)."""
    word = re.compile(f"[{_WORD_CLASS}]")
    starts, ends = [], []
    for i in range(len(norm) + 1):
        j = i
        while j > 0 and word.match(norm[j - 1]):
            j -= 1
        k = i
        while k < len(norm) and word.match(norm[k]):
            k += 1
        starts.append(j)
        ends.append(k)
    return starts, ends


def _bounds_from_runs(norm: str) -> tuple[list[int], list[int]]:
    """Word bounds as ``_hits`` reads them from ``_word_runs`` (bisection, word-character test)."""
    runs, run_ends = _word_runs(norm)
    starts = [i if i == 0 or norm[i - 1] not in _WORD_CHARS else runs[bisect_right(runs, i - 1) - 1]
              for i in range(len(norm) + 1)]
    ends = [i if i == len(norm) or norm[i] not in _WORD_CHARS else run_ends[bisect_right(runs, i) - 1]
            for i in range(len(norm) + 1)]
    return starts, ends


@pytest.mark.parametrize(("name", "text"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_word_bounds_from_runs_equal_bounds_found_by_scanning(name: str, text: str) -> None:
    norm, _ = normalize(text)
    assert _bounds_from_runs(norm) == _bounds_by_scanning(norm)


LAM_CASES = [
    # (name, text, entry, found): "ال" entries found without the article only after لل / ولل / فلل
    ("lam_lam_form_found", "وأعلن الناطق باسم الجيش الولاء للتنظيم", "التنظيم", True),
    ("wa_lam_lam_form_found", "وللتنظيم فروع في عدة دول", "التنظيم", True),
    ("fa_lam_lam_form_found", "فللتنظيم خلايا نائمة", "التنظيم", True),
    ("bare_form_inside_word_not_found", "قتل جنديين في هجوم على حاجز", "الين", False),
    ("bare_form_after_lam_only_not_found", "وصل الوفد لتنظيم الانتخابات", "التنظيم", False),
    ("short_name_after_lam_lam_found", "الطريق المؤدي للين مغلق", "الين", True),
]


@pytest.mark.parametrize(("name", "text", "entry", "found"), LAM_CASES, ids=[c[0] for c in LAM_CASES])
def test_article_names_are_found_after_lam_lam_and_nowhere_else_bare(
        text_res: TextResources, name: str, text: str, entry: str, found: bool) -> None:
    m = PhraseMatcher([(entry, entry)], text_res.clitics, article=False)
    norm, norm_map = normalize(text)
    hits = m.find(norm, norm_map)
    assert bool(hits) is found
    for h in hits:
        assert h.prefix.endswith("لل") or h.key == norm[h.nstart:h.nend]
        assert norm[h.nstart:h.nend] in (entry, entry[2:])


def test_lam_lam_name_keeps_its_span_and_prefix(text_res: TextResources) -> None:
    m = PhraseMatcher([("التنظيم", "ISIS")], text_res.clitics, article=False)
    norm, norm_map = normalize("أعلن ولاءه وللتنظيم")
    (h,) = m.find(norm, norm_map)
    assert (h.prefix, h.key, h.value, norm[h.nstart:h.nend]) == ("ولل", "التنظيم", "ISIS", "تنظيم")
    assert (h.word_start, h.start, h.end) == (11, 14, 19)


def test_bare_form_that_is_also_an_entry_is_found_everywhere(text_res: TextResources) -> None:
    # "تنظيم" is an entry of its own (found alone; a proper name takes no article), the "ال" entry after لل.
    m = PhraseMatcher([("التنظيم", "def"), ("تنظيم", "indef")], text_res.clitics, article=False)
    norm, norm_map = normalize("تنظيم مسلح بايع للتنظيم")
    assert [(h.value, h.nstart) for h in m.find(norm, norm_map)] == [("indef", 0), ("def", 18)]


def test_phrase_memo_returns_equal_fresh_lists(text_res: TextResources) -> None:
    m = PhraseMatcher([("هجوم", "attack"), ("سيارة مفخخة", "vbied")], text_res.clitics)
    phrase, norm_map = normalize("بالهجوم بسيارة مفخخة")
    first = m.find(phrase, norm_map)
    first.append(first[0])  # a caller changing its list does not change the next answer
    second = m.find(phrase, norm_map)
    assert [h.value for h in second] == ["attack", "vbied"]
    assert second == m.find(phrase, list(norm_map)) and second is not m.find(phrase, norm_map)


def test_longest_only_on_ordered_matches_skips_nothing(text_res: TextResources) -> None:
    m = PhraseMatcher([("سيارة", 1), ("سيارة مفخخة", 2), ("مفخخة", 3)], text_res.clitics)
    norm, norm_map = normalize("انفجرت سيارة مفخخة وسيارة أخرى")
    found = m.find(norm, norm_map)
    assert longest_only(found, ordered=True) == longest_only(found)
    assert [h.value for h in longest_only(found, ordered=True)] == [2, 1]


@pytest.mark.parametrize(("name", "text"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_tokens_are_plain_frozen_tokens(text_res: TextResources, name: str, text: str) -> None:
    norm, norm_map = normalize(text)
    for t in tokenize(norm, norm_map, text, text_res.segmenter):
        plain = Token(t.start, t.end, t.norm, t.stem, t.prefix, t.suffix)
        assert t == plain and hash(t) == hash(plain) and type(t) is Token
        with pytest.raises(dataclasses.FrozenInstanceError):
            t.stem = "x"  # type: ignore[misc]
