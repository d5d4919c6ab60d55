"""Language identification: Arabic, English, Persian and Urdu (shared script), mixed and empty text."""

from __future__ import annotations

import pytest

from marsad.text import identify_language

CASES = [
    ("arabic_news", "قتل 38 شخصا معظمهم سياح أجانب في هجوم مسلح استهدف فندقا في مدينة سوسة التونسية", "ar"),
    ("arabic_short_headline", "انفجار في بغداد", "ar"),
    ("arabic_with_diacritics", "قُتِلَ ثلاثةُ جنودٍ في هجومٍ", "ar"),
    ("english_news", "A suicide bomber killed at least 30 people at a market in Baghdad on Sunday, police said.", "en"),
    ("persian_news", "در انفجار دو بمب در کرمان دست کم ۸۴ نفر کشته شدند و گروه داعش مسئولیت آن را پذیرفت", "fa"),
    ("persian_by_letters_only", "گروه پلیس چند نفر را دستگیر کرد", "fa"),
    ("urdu_news", "پشاور میں پولیس لائنز کی مسجد میں دھماکے سے کم از کم سو افراد ہلاک ہو گئے", "ur"),
    ("urdu_by_letters", "یہ بڑا دھماکہ تھا", "ur"),
    ("arabic_majority_with_english_names", "أعلن تنظيم داعش ISIS مسؤوليته عن الهجوم في العاصمة الأفغانية كابول أمس", "ar"),
    ("english_majority_with_arabic_quote", "The group said in a statement «الدولة الإسلامية» that it carried out the attack on the market.", "en"),
    ("short_bilingual_report_with_arabic_half",
     "Baghdad (Reuters) - انفجرت سيارة مفخخة في بغداد يوم الاثنين مما أسفر عن مقتل 12 شخصا. "
     "The Islamic State claimed responsibility, officials said on Monday. وتبنى تنظيم داعش الهجوم.", "ar"),
    ("english_interleaved_with_arabic_words_is_not_judged_on_them",
     "Reuters: انفجرت عبوة ناسفة in Mosul يوم 3 May 2024, killing 5 people. قتل ٥ أشخاص في الموصل و the Islamic "
     "State claimed it.", "en"),
    ("french_news", "Une explosion a fait au moins dix morts dans le centre de la capitale, selon la police.", "fr"),
    ("empty", "", "und"),
    ("arabic_punctuation_and_digits_only", "؟؟ ،، ؛ «» ١٢٣ … ؟!", "und"),
    ("digits_only", "2024 ٢٣ 15/7", "und"),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_identify_language_labels_text(name: str, text: str, expected: str) -> None:
    assert identify_language(text) == expected
