"""Sentences: Arabic and Latin terminators, quotes kept whole, abbreviations, and a leading dateline unit."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.model import Doc

# (name, text, expected sentence texts; a leading "DL:" marks the dateline unit)
CASES = [
    (
        "dateline_with_agency_and_colon_on_own_line",
        "بغداد - أ ف ب:\nقتل خمسة أشخاص في انفجار. وأصيب عشرة آخرون.",
        ["DL:بغداد - أ ف ب:", "قتل خمسة أشخاص في انفجار.", "وأصيب عشرة آخرون."],
    ),
    (
        "dateline_agency_in_brackets_inline",
        "بغداد - (أ ف ب): قتل خمسة أشخاص في انفجار سيارة مفخخة.",
        ["DL:بغداد - (أ ف ب):", "قتل خمسة أشخاص في انفجار سيارة مفخخة."],
    ),
    (
        "dateline_reuters_without_colon",
        "الموصل - رويترز\nقال مسؤول أمني إن انتحاريا فجر نفسه.",
        ["DL:الموصل - رويترز", "قال مسؤول أمني إن انتحاريا فجر نفسه."],
    ),
    (
        "dateline_with_country_in_brackets",
        "سوسة (تونس) - أ ف ب:\nقتل 38 شخصا.",
        ["DL:سوسة (تونس) - أ ف ب:", "قتل 38 شخصا."],
    ),
    (
        "dateline_with_outlet_in_guillemets",
        "فيينا - «الميدان»:\nأعلن وزير الداخلية توقيف 14 شخصا.",
        ["DL:فيينا - «الميدان»:", "أعلن وزير الداخلية توقيف 14 شخصا."],
    ),
    (
        "english_dateline",
        "BAGHDAD (Reuters) - A car bomb killed five people. Police said so.",
        ["DL:BAGHDAD (Reuters) -", "A car bomb killed five people.", "Police said so."],
    ),
    (
        "no_dateline_in_plain_text",
        "قتل خمسة أشخاص. وأصيب عشرة.",
        ["قتل خمسة أشخاص.", "وأصيب عشرة."],
    ),
    (
        "arabic_question_mark_splits",
        "من يقف وراء الهجوم؟ لم تتبن أي جهة العملية.",
        ["من يقف وراء الهجوم؟", "لم تتبن أي جهة العملية."],
    ),
    (
        "arabic_semicolon_splits",
        "قتل ثلاثة جنود؛ وأصيب خمسة آخرون.",
        ["قتل ثلاثة جنود؛", "وأصيب خمسة آخرون."],
    ),
    (
        "exclamation_splits",
        "يا للهول! انفجار جديد في السوق.",
        ["يا للهول!", "انفجار جديد في السوق."],
    ),
    (
        "line_break_splits_without_punctuation",
        "عاجل: انفجار في كابول\nقتل عشرة أشخاص على الأقل",
        ["عاجل: انفجار في كابول", "قتل عشرة أشخاص على الأقل"],
    ),
    (
        "quote_with_inner_full_stop_kept_together",
        "وقال الوزير: «لن نتراجع. سنلاحق الإرهابيين» مؤكدا عزمه. ثم غادر.",
        ["وقال الوزير: «لن نتراجع. سنلاحق الإرهابيين» مؤكدا عزمه.", "ثم غادر."],
    ),
    (
        "stop_before_closing_guillemet_ends_sentence",
        "وقال: «الحرب على الإرهاب مسؤولية الجميع.» ثم انصرف.",
        ["وقال: «الحرب على الإرهاب مسؤولية الجميع.»", "ثم انصرف."],
    ),
    (
        "abbreviation_dal_does_not_split",
        "وقال د. أحمد الخطيب إن الوضع خطير. وأضاف أنه مستقر.",
        ["وقال د. أحمد الخطيب إن الوضع خطير.", "وأضاف أنه مستقر."],
    ),
    (
        "abbreviation_mim_does_not_split",
        "وصرح م. خالد بأن الجسر تضرر. ثم أغلق.",
        ["وصرح م. خالد بأن الجسر تضرر.", "ثم أغلق."],
    ),
    (
        "decimal_number_does_not_split",
        "بلغت الخسائر 3.5 مليون دولار. وتوقفت الحركة.",
        ["بلغت الخسائر 3.5 مليون دولار.", "وتوقفت الحركة."],
    ),
    (
        "english_abbreviation_does_not_split",
        "Mr. Smith said the U.S. embassy was closed. It reopened later.",
        ["Mr. Smith said the U.S. embassy was closed.", "It reopened later."],
    ),
    (
        "stop_glued_to_next_word_splits",
        "انتهى الهجوم.وقال الشهود إن الوضع هادئ.",
        ["انتهى الهجوم.", "وقال الشهود إن الوضع هادئ."],
    ),
    (
        "dotted_agency_initials_do_not_split",
        "نقلت وكالة أ.ف.ب عن مصدر أمني أن الانفجار وقع ظهرا.",
        ["نقلت وكالة أ.ف.ب عن مصدر أمني أن الانفجار وقع ظهرا."],
    ),
    (
        "ellipsis_splits",
        "وتابع… ثم سكت.",
        ["وتابع…", "ثم سكت."],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sentences_split_news_text(run: Callable[..., Doc], name: str, text: str, expected: list[str]) -> None:
    doc = run(text)
    got = [("DL:" if s.dateline else "") + text[s.start:s.end] for s in doc.sentences]
    assert got == expected


def test_sentences_offsets_cover_only_text(run: Callable[..., Doc]) -> None:
    text = "  بغداد - أ ف ب:\n\n  قتل خمسة.  \n"
    doc = run(text)
    for s in doc.sentences:
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()


def test_sentences_unclosed_quote_does_not_swallow_the_rest(run: Callable[..., Doc]) -> None:
    text = "قال «لن نتراجع. وغادر.\nثم عاد."
    doc = run(text)
    assert len(doc.sentences) == 3
