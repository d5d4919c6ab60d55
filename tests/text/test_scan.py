"""Candidate-start scanning (text/scan.py): the date and number patterns tried only at scanned starts find exactly what finditer finds."""

from __future__ import annotations

import re

import pytest

from marsad.text import TextResources, normalize
from marsad.text.numbers import _DIGITS
from marsad.text.scan import StartScan, finditer_at

# Realistic wire sentences: starts at text start, after a space, after quotes, brackets,
# dashes, slashes and commas; digits glued to letters; Arabic and English.
TEXTS = [
    "بغداد - أ ف ب: قتل 5 أشخاص وأصيب 12 آخرون أمس الأحد في انفجار سيارة مفخخة.",
    "«الأحد» الماضي قتل ثلاثة جنود (اثنان منهم ضباط) في 15 يوليو (تموز) 2024، وأصيب عشرات.",
    "وقع الهجوم في 22 مارس/آذار 2024 بين عامي 2015 و2017 قبل يومين من الانتخابات.",
    "الخامس عشر من يوليو 2024 شهد مقتل نحو ثلاثين شخصا و قرابة الـ30 جريحا.",
    "في 7 ربيع الأول 1437 هـ، قتل جنديين اثنين و(أربعة) مدنيين-وثلاثة آخرين.",
    "15/07/2024 - وفي 2024-07-15 قتل أكثر من 100 شخص، ومائتان وخمسون جريحا.",
    "\"يوليو\" 2005: مساء الاثنين المقبل، الشهر الماضي، منذ ثلاثة أسابيع، ك12 و12ك و3.5 و1,250.",
    "BAGHDAD (Reuters) - Two bombs killed 25 people on Sunday, July 15, 2024, police said.",
    "At least twenty-five were killed (three of them children) last month; two weeks ago/yesterday.",
    "(Tuesday) 3 days ago, \"about 40\" were wounded-five hundred and five, on 12/3/2019.",
    # Matches holding another possible start of the same pattern ("و ثلاثة", "about 3 days ago").
    "قتل خمسة و ثلاثة جنود، and about 3 days ago two died.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_start_scan_finds_every_word_boundary_start_of_the_head(text: str) -> None:
    norm = normalize(text)[0]
    head = r"(?:و|ب)?(?:قتل|جر|ثلاث|الاحد|يوليو|two|three|about|sunday|\d)"
    first = set("وبقجثايtsa")
    want = [m.start() for m in re.finditer(rf"\b(?={head})", norm)]
    assert want  # the case exercises the scan
    assert StartScan(head, first, digits=True).starts(norm) == want


def test_start_scan_falls_back_when_a_head_may_open_with_punctuation() -> None:
    norm = normalize("قال «الجيش» إن (الهجوم) وقع")[0]
    head = r"[\"(](?:الجيش|الهجوم)"
    want = [m.start() for m in re.finditer(rf"\b(?={head})", norm)]
    assert StartScan(head, {'"', "("}, digits=False).starts(norm) == want


def _spans(ms: object) -> list[tuple[int, int]]:
    return [m.span() for m in ms]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", TEXTS)
def test_date_patterns_tried_at_scanned_starts_match_like_finditer(text: str, text_res: TextResources) -> None:
    norm = normalize(text)[0]
    tried = 0
    for rules in (text_res.dates_ar, text_res.dates_en):
        assert rules.scan is not None
        starts = rules.scan.starts(norm)
        for (_kind, pat), head in zip(rules.patterns, rules.heads, strict=True):
            if head is None:
                continue
            tried += 1
            assert _spans(finditer_at(pat, norm, head[0], head[1], starts)) == _spans(pat.finditer(norm)), pat.pattern[:60]
    assert tried >= 20


@pytest.mark.parametrize("text", TEXTS)
def test_number_patterns_tried_at_scanned_starts_match_like_finditer(text: str, text_res: TextResources) -> None:
    rules = text_res.numbers
    norm = normalize(text)[0]
    assert rules.scan is not None
    starts = rules.scan.starts(norm)
    for pat, first in zip((rules.word_re, rules.vague_re, rules.dual_re), rules.firsts, strict=True):
        assert pat is not None
        assert _spans(finditer_at(pat, norm, first, False, starts)) == _spans(pat.finditer(norm))


# The pattern shapes before the rewrite that opens them with a digit (same matches).
_OLD_DIGITS = re.compile(r"(?=\d)(?<![\d.,a-z:])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d:]|\.\d|[a-z])")
_OLD_DMY = re.compile(r"(?=\d)(?<![\d/.\-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d])")
_OLD_YMD = re.compile(r"(?=\d)(?<![\d/.\-])(?P<y>(?:19|20)\d\d)(?P<sep>[/\-])(?P<b>\d{1,2})(?P=sep)(?P<a>\d{1,2})(?![\d])")


@pytest.mark.parametrize("text", [*TEXTS, "1/2/2019/3 و2019-1-2-3 و11.12.2013 و3:30 وa12 و1,250,000.5 و12,34"])
def test_digit_led_patterns_match_like_their_lookahead_forms(text: str, text_res: TextResources) -> None:
    norm = normalize(text)[0]
    assert [m.groups() for m in _DIGITS.finditer(norm)] == [m.groups() for m in _OLD_DIGITS.finditer(norm)]
    nums = [pat for kind, pat in text_res.dates_ar.patterns if kind == "num"]
    assert len(nums) == 2
    for new, old in zip(nums, (_OLD_DMY, _OLD_YMD), strict=True):
        assert [m.groupdict() for m in new.finditer(norm)] == [m.groupdict() for m in old.finditer(norm)]
