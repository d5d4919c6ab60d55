"""PhraseMatcher with clitics: entries found after proclitics, never inside a whole word that only looks segmented."""

from __future__ import annotations

import pytest

from marsad.text import PhraseMatcher, TextResources, normalize

CASES = [
    ("entry_after_wa_bi_al", "وبالموصل", "الموصل", True),
    ("entry_after_lam_lam", "للتنظيم", "التنظيم", True),
    ("entry_after_fa_al", "فالهجوم", "هجوم", True),
    ("cannes_not_inside_wakan", "وكان الوزير", "كان", False),
    ("cannes_not_inside_fakan", "فكان الرد", "كان", False),
    ("cannes_alone_found", "مهرجان كان السينمائي", "كان", True),
    ("london_found_after_wa", "ولندن", "لندن", True),
]


@pytest.mark.parametrize(("name", "text", "entry", "found"), CASES, ids=[c[0] for c in CASES])
def test_matcher_respects_clitics_and_whole_words(text_res: TextResources, name: str, text: str, entry: str, found: bool) -> None:
    m = PhraseMatcher([(entry, entry)], text_res.clitics, article=True)
    norm, norm_map = normalize(text)
    assert bool(m.find(norm, norm_map)) is found
