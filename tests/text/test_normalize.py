"""Normalisation: spelling variants meet, the raw text is kept and every position maps back."""

from __future__ import annotations

import pytest

from marsad.text import normalize, normalize_phrase

CASES = [
    ("alef_hamza_above", "أحمد", "احمد"),
    ("alef_hamza_below", "إرهاب", "ارهاب"),
    ("alef_madda", "آلاف", "الاف"),
    ("alef_wasla", "\u0671لله", "الله"),
    ("alef_maqsura_to_ya", "مستشفى", "مستشفي"),
    ("ta_marbuta_to_ha", "مدينة", "مدينه"),
    ("hamza_on_waw", "مسؤول", "مسءول"),
    ("hamza_on_ya_meets_waw", "مسئول", "مسءول"),
    ("diacritics_removed", "قُتِلَ", "قتل"),
    ("tanwin_removed", "شخصاً", "شخصا"),
    ("shadda_removed", "فجّر", "فجر"),
    ("tatweel_removed", "الـموصل", "الموصل"),
    ("arabic_indic_digits", "٢٣", "23"),
    ("persian_digits", "۱۴۰۲", "1402"),
    ("arabic_comma", "بغداد، الموصل", "بغداد, الموصل"),
    ("arabic_semicolon", "قتل؛ وأصيب", "قتل; واصيب"),
    ("arabic_question_mark", "من المسؤول؟", "من المسءول?"),
    ("guillemets_to_quote", "«داعش»", '"داعش"'),
    ("zero_width_joiner_removed", "الموص\u200dل", "الموصل"),
    ("bidi_marks_removed", "\u200fبغداد\u200e", "بغداد"),
    ("whitespace_runs_collapse", "قتل  \n\n 5", "قتل 5"),
    ("latin_lowercased", "ISIS", "isis"),
    ("persian_ya_and_kaf", "\u06cc\u06a9", "يك"),
    ("lam_alef_ligature_expands", "\ufefb", "لا"),
    ("arabic_decimal_separator", "٣٫٥", "3.5"),
    ("minus_sign_beyond_arabic_block", "قُتل ٣\u2212٥", "قتل 3-5"),
    ("byte_order_mark_removed", "\ufeffبغدادُ", "بغداد"),
    ("ideographic_space_collapses", "قتل\u3000\u3000٥", "قتل 5"),
    ("characters_outside_table_kept", "قُتل 😢 ✓", "قتل 😢 ✓"),
]


@pytest.mark.parametrize(("name", "raw", "expected"), CASES, ids=[c[0] for c in CASES])
def test_normalize_maps_variant_to_matching_form(name: str, raw: str, expected: str) -> None:
    norm, norm_map = normalize(raw)
    assert norm == expected
    assert len(norm_map) == len(norm) + 1
    assert norm_map[-1] == len(raw)


@pytest.mark.parametrize(
    "raw",
    ["وبالمَوْصِل  ٢٣", "قُتل ٣٨ شخصاً،\nمعظمهم سياح", "\u200f«الدولة الإسلامية»\u200e  يتبنى", "ﻻ  ١"],
)
def test_normalize_offsets_point_at_the_raw_character(raw: str) -> None:
    norm, norm_map = normalize(raw)
    for i, ch in enumerate(norm):
        if ch == " ":
            assert raw[norm_map[i]].isspace()
        else:
            assert normalize_phrase(raw[norm_map[i]])[:1] == ch or raw[norm_map[i]] in "\ufefb"


def test_normalize_offsets_skip_exactly_the_deleted_characters() -> None:
    raw = "\ufeffقُتِلَ ٣٨ شخصاً"
    norm, norm_map = normalize(raw)
    assert norm == "قتل 38 شخصا"
    assert list(norm_map) == [1, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 16]


def test_normalize_keeps_offsets_monotonic() -> None:
    _norm, norm_map = normalize("قُتِلَ  ٣٨ شخصاً \u200f في «سوسة»")
    assert list(norm_map) == sorted(norm_map)


def test_normalize_phrase_trims_and_collapses() -> None:
    assert normalize_phrase("  الدولة   الإسلاميّة ") == "الدوله الاسلاميه"
