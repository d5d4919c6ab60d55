"""Numbers: digits in three scripts, Arabic number words in every form, duals, qualifiers and English words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.model import Doc

# (name, text, [(surface, value, qualifier), ...]) — every number mention in the snippet.
CASES = [
    ("ascii_digits", "قتل 38 شخصا", [("38", 38, "exact")]),
    ("arabic_indic_digits", "قتل ٢٣ شخصا", [("٢٣", 23, "exact")]),
    ("persian_digits", "کشته شدند ۱۴ نفر", [("۱۴", 14, "exact")]),
    ("thousands_separator", "نزح 12,500 شخص", [("12,500", 12500, "exact")]),
    ("arabic_thousands_separator", "نزح ١٢٬٥٠٠ شخص", [("١٢٬٥٠٠", 12500, "exact")]),
    ("arabic_decimal_separator", "بلغت الخسائر ٣٫٥ مليون دولار", [("٣٫٥ مليون", 3500000, "exact")]),
    ("digits_after_conjunction", "ثمانية وثلاثين قتيلا و39 جريحا", [("ثمانية وثلاثين", 38, "exact"), ("39", 39, "exact")]),
    ("masculine_unit_thalatha", "قتل ثلاثة جنود", [("ثلاثة", 3, "exact")]),
    ("feminine_unit_thalath", "قتلت ثلاث نساء", [("ثلاث", 3, "exact")]),
    ("ten_thalathin", "قتل ثلاثين مدنيا", [("ثلاثين", 30, "exact")]),
    ("nominative_ten", "قتل عشرون شخصا", [("عشرون", 20, "exact")]),
    ("compound_unit_and_ten", "قتل ثمانية وعشرين شخصا", [("ثمانية وعشرين", 28, "exact")]),
    ("compound_detached_conjunction", "قتل خمسة و عشرين شخصا", [("خمسة و عشرين", 25, "exact")]),
    ("hundred_two_accusative", "أصيب مئتين", [("مئتين", 200, "exact")]),
    ("hundred_two_construct", "أصيب مئتا شخص", [("مئتا", 200, "exact")]),
    ("hundred_compound", "قتل مئة وخمسة وعشرون شخصا", [("مئة وخمسة وعشرون", 125, "exact")]),
    ("hundred_alt_spelling", "قتل مائة شخص", [("مائة", 100, "exact")]),
    ("three_hundred_one_word", "قتل ثلاثمائة شخص", [("ثلاثمائة", 300, "exact")]),
    ("three_hundred_two_words", "قتل ثلاث مئة شخص", [("ثلاث مئة", 300, "exact")]),
    ("two_thousand_dual", "نزح ألفين", [("ألفين", 2000, "exact")]),
    ("thousands_plural_after_unit", "نزح ثلاثة آلاف شخص", [("ثلاثة آلاف", 3000, "exact")]),
    ("thousand_and_hundreds", "نزح ألف ومئتا شخص", [("ألف ومئتا", 1200, "exact")]),
    ("hundred_thousand", "نزح مئة ألف شخص", [("مئة ألف", 100000, "exact")]),
    ("twenty_five_thousand_accusative", "نزح خمسة وعشرون ألفا", [("خمسة وعشرون ألفا", 25000, "exact")]),
    ("million_after_digits", "نزح 2 مليون شخص", [("2 مليون", 2000000, "exact")]),
    ("million_and_a_half", "نزح مليون ونصف شخص", [("مليون ونصف", 1500000, "exact")]),
    ("half_alone_is_not_a_number", "قتل نصف الركاب", []),
    ("millions_after_unit", "نزح ثلاثة ملايين", [("ثلاثة ملايين", 3000000, "exact")]),
    ("teen_thirteen", "قتل ثلاثة عشر جنديا", [("ثلاثة عشر", 13, "exact")]),
    ("teen_eleven_feminine", "قتلت إحدى عشرة امرأة", [("إحدى عشرة", 11, "exact")]),
    ("teen_twelve", "قتل اثنا عشر شخصا", [("اثنا عشر", 12, "exact")]),
    ("ten_alone", "قتل عشرة أشخاص", [("عشرة", 10, "exact")]),
    ("one", "قتل شخص واحد", [("واحد", 1, "exact")]),
    ("ahad_alone_is_not_a_number", "قال أحد الشهود", []),
    ("preposition_before_number_word", "بثلاثة انفجارات", [("بثلاثة", 3, "exact")]),
    ("lastu_is_not_six", "لست متأكدا", []),
    ("approx_nahw", "قتل نحو 30 شخصا", [("30", 30, "approx")]),
    ("approx_qurabat", "قتل قرابة 30 شخصا", [("30", 30, "approx")]),
    ("approx_hawali", "قتل حوالي 30 شخصا", [("30", 30, "approx")]),
    ("approx_with_number_word", "إغلاق نحو ثمانين مسجدا", [("ثمانين", 80, "approx")]),
    ("approx_yunahiz", "قتل ما يناهز 50 شخصا", [("50", 50, "approx")]),
    ("approx_bi_nahw", "قدرت الحصيلة بنحو مئة قتيل", [("مئة", 100, "approx")]),
    ("min_akthar_min", "قتل أكثر من 25 شخصا", [("25", 25, "min")]),
    ("min_ma_la_yaqill", "قتل ما لا يقل عن 25 شخصا", [("25", 25, "min")]),
    ("min_ala_al_aqall_after_noun", "قتل 30 شخصا على الأقل", [("30", 30, "min")]),
    ("min_hundred_construct", "وأكثر من مئتي جريح", [("مئتي", 200, "min")]),
    ("max_aqall_min", "أصيب أقل من عشرة", [("عشرة", 10, "max")]),
    ("range_ma_bayn_digits", "أصيب ما بين 30 و50 شخصا", [("30 و50", 30, "range")]),
    ("range_bayn_words", "أصيب بين ثلاثين وأربعين شخصا", [("ثلاثين وأربعين", 30, "range")]),
    ("range_min_ila", "تراوح عدد المسلحين من 25 إلى 30", [("25 إلى 30", 25, "range")]),
    ("more_than_then_and_is_not_a_range", "قتل أكثر من 30 و40 آخرون أصيبوا", [("30", 30, "min"), ("40", 40, "exact")]),
    ("range_aw", "قتل ثلاثة أو أربعة مسلحين", [("ثلاثة أو أربعة", 3, "range")]),
    ("vague_asharat", "أصيب عشرات الأشخاص", [("عشرات", None, "vague")]),
    ("vague_al_asharat", "أصيب العشرات", [("العشرات", None, "vague")]),
    ("vague_miat", "نزح مئات السكان", [("مئات", None, "vague")]),
    ("vague_tens_of_thousands", "نزح عشرات الآلاف", [("عشرات الآلاف", None, "vague")]),
    ("percent_keeps_number", "نحو سبعة في المئة من الناتج", [("سبعة", 7, "approx")]),
    ("time_is_not_a_number", "عند الساعة 10:30 صباحا", []),
    ("clock_hour_digits_are_not_counts", "قرابة الساعة 10 مساء قتل 5", [("5", 5, "exact")]),
    ("clock_minutes_in_words_are_not_counts", "قرابة الساعة التاسعة وعشرين دقيقة مساء", []),
    ("model_number_is_not_a_number", "طائرة F16 سقطت", []),
    ("toll_rose_to", "ارتفعت الحصيلة إلى 25 قتيلا", [("25", 25, "exact")]),
    ("killed_and_wounded_pair", "أسفر عن مقتل 15 شخصا وإصابة 30 آخرين", [("15", 15, "exact"), ("30", 30, "exact")]),
    ("killed_and_wounded_in_words", "مقتل خمسة جنود وإصابة سبعة آخرين", [("خمسة", 5, "exact"), ("سبعة", 7, "exact")]),
    ("approx_indic_digits", "سقط نحو ٣٠٠ جريح", [("٣٠٠", 300, "approx")]),
    ("min_yazid_ala", "أصيب ما يزيد على 40 شخصا", [("40", 40, "min")]),
    ("feminine_eight_construct", "قتلت ثماني نساء", [("ثماني", 8, "exact")]),
    ("feminine_teen_eighteen", "ثماني عشرة امرأة", [("ثماني عشرة", 18, "exact")]),
    ("tanwin_written_number_word", "قتل عشرون شخصاً", [("عشرون", 20, "exact")]),
    ("english_unit", "Five people were killed", [("Five", 5, "exact")]),
    ("english_hyphen_compound", "twenty-five people died", [("twenty-five", 25, "exact")]),
    ("english_hundred_and", "two hundred and five were hurt", [("two hundred and five", 205, "exact")]),
    ("english_thousand", "three thousand fled", [("three thousand", 3000, "exact")]),
    ("english_at_least", "at least 12 were killed", [("12", 12, "min")]),
    ("english_about", "about 40 were wounded", [("40", 40, "approx")]),
    ("english_between", "between 30 and 50 were hurt", [("30 and 50", 30, "range")]),
    ("english_more_than_a_hundred", "more than a hundred were hurt", [("hundred", 100, "min")]),
    ("english_dozens_vague", "dozens were wounded", [("dozens", None, "vague")]),
    ("english_million_decimal", "1.5 million people", [("1.5 million", 1500000, "exact")]),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_numbers_read_value_and_qualifier(run: Callable[..., Doc], name: str, text: str, expected: list) -> None:  # type: ignore[type-arg]
    doc = run(text)
    got = [(text[n.start:n.end], n.value, n.qualifier) for n in doc.numbers if n.noun_start < 0]
    assert got == [(s, None if v is None else float(v), q) for s, v, q in expected]


DUALS = [
    ("dual_qatilayn", "سقط قتيلين في الهجوم", "قتيلين"),
    ("dual_jundiyayn", "قتل جنديين في كمين", "جنديين"),
    ("dual_shakhsayn", "أصيب شخصين بجروح", "شخصين"),
    ("dual_nominative", "قتل جنديان في كمين", "جنديان"),
    ("dual_feminine", "قتلت امرأتين", "امرأتين"),
    ("dual_after_conjunction", "رجلين وامرأتين", "رجلين"),
    ("dual_nominative_of_sound_plural_noun", "هم موظفان في السفارة", "موظفان"),
    ("dual_explosions", "وقع انفجارين متتاليين", "انفجارين"),
]


@pytest.mark.parametrize(("name", "text", "noun"), DUALS, ids=[c[0] for c in DUALS])
def test_numbers_read_dual_noun_as_two(run: Callable[..., Doc], name: str, text: str, noun: str) -> None:
    doc = run(text)
    duals = [n for n in doc.numbers if n.noun_start >= 0]
    assert duals, "no dual found"
    d = duals[0]
    assert d.value == 2.0 and d.qualifier == "exact"
    assert text[d.noun_start:d.noun_end] == noun


def test_numbers_dual_absorbs_restating_number(run: Callable[..., Doc]) -> None:
    text = "قتل جنديين اثنين"
    doc = run(text)
    assert [(text[n.start:n.end], n.value) for n in doc.numbers] == [("جنديين اثنين", 2.0)]


@pytest.mark.parametrize(
    "text",
    ["قتل مسلحين في الاشتباك", "قتل مدنيين في القصف", "اعتقال ثلاثة شرطيين"],
    ids=["sound_plural_armed_men", "sound_plural_civilians", "counted_plural_policemen"],
)
def test_numbers_do_not_read_sound_plural_as_dual(run: Callable[..., Doc], text: str) -> None:
    doc = run(text)
    assert not [n for n in doc.numbers if n.noun_start >= 0]


def test_numbers_range_carries_low_and_high(run: Callable[..., Doc]) -> None:
    doc = run("أصيب ما بين 100 و200 شخص")
    (n,) = doc.numbers
    assert (n.low, n.high, n.qualifier) == (100.0, 200.0, "range")


def test_numbers_min_sets_low_bound(run: Callable[..., Doc]) -> None:
    doc = run("قتل ما لا يقل عن 100 شخص")
    (n,) = doc.numbers
    assert (n.value, n.low, n.high) == (100.0, 100.0, None)


def test_numbers_inside_dates_are_not_numbers(run: Callable[..., Doc]) -> None:
    text = "في 18 مارس 2015 قتل 22 شخصا"
    doc = run(text)
    assert [text[n.start:n.end] for n in doc.numbers] == ["22"]
