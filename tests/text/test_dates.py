"""Dates: three month-name series, doubled months, numeric and Hijri dates, and relative expressions resolved against publication."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.model import Doc

PUB = "2016-07-04"  # a Monday

# (name, text, published, lang, [(surface, iso, precision, relative)])
CASES = [
    ("egyptian_gulf_month", "وقع الهجوم في 15 يوليو 2024", PUB, "ar", [("15 يوليو 2024", "2024-07-15", "day", False)]),
    ("levantine_iraqi_month", "وقع الهجوم في 15 تموز 2024", PUB, "ar", [("15 تموز 2024", "2024-07-15", "day", False)]),
    ("maghrebi_month_juillet", "وقع الهجوم في 15 جويلية 2024", PUB, "ar", [("15 جويلية 2024", "2024-07-15", "day", False)]),
    ("maghrebi_janvier", "في 7 جانفي 2015", PUB, "ar", [("7 جانفي 2015", "2015-01-07", "day", False)]),
    ("maghrebi_fevrier", "في 3 فيفري 2015", PUB, "ar", [("3 فيفري 2015", "2015-02-03", "day", False)]),
    ("maghrebi_mai", "في 16 ماي 2003", PUB, "ar", [("16 ماي 2003", "2003-05-16", "day", False)]),
    ("maghrebi_juin", "في 26 جوان 2015", PUB, "ar", [("26 جوان 2015", "2015-06-26", "day", False)]),
    ("maghrebi_aout", "في 11 أوت 2015", PUB, "ar", [("11 أوت 2015", "2015-08-11", "day", False)]),
    ("levantine_two_word_month", "في 3 كانون الثاني 2024", PUB, "ar", [("3 كانون الثاني 2024", "2024-01-03", "day", False)]),
    ("levantine_tishreen_awwal", "في 14 تشرين الأول 2017", PUB, "ar", [("14 تشرين الأول 2017", "2017-10-14", "day", False)]),
    ("doubled_month_in_brackets", "في 15 يوليو (تموز) 2024", PUB, "ar", [("15 يوليو (تموز) 2024", "2024-07-15", "day", False)]),
    ("doubled_month_with_slash", "في 22 مارس/آذار 2024", PUB, "ar", [("22 مارس/آذار 2024", "2024-03-22", "day", False)]),
    ("month_and_year", "في يوليو 2005", PUB, "ar", [("يوليو 2005", "2005-07", "month", False)]),
    ("month_year_with_aam", "في يوليو عام 2005", PUB, "ar", [("يوليو عام 2005", "2005-07", "month", False)]),
    ("arabic_indic_day_and_year", "في ١٨ مارس ٢٠١٥", PUB, "ar", [("١٨ مارس ٢٠١٥", "2015-03-18", "day", False)]),
    ("ordinal_day_word", "في الخامس عشر من يوليو 2024", PUB, "ar", [("الخامس عشر من يوليو 2024", "2024-07-15", "day", False)]),
    ("ordinal_compound_day", "في الحادي والعشرين من أبريل 2019", PUB, "ar", [("الحادي والعشرين من أبريل 2019", "2019-04-21", "day", False)]),
    ("night_of_day_range_takes_first", "ليل 14 إلى 15 أبريل 2014", PUB, "ar", [("14 إلى 15 أبريل 2014", "2014-04-14", "day", False)]),
    ("levantine_ayyar_indic_digits", "في ٢٣ أيار ٢٠١٧", PUB, "ar", [("٢٣ أيار ٢٠١٧", "2017-05-23", "day", False)]),
    ("ordinal_day_levantine_without_year", "في الثالث من تموز", PUB, "ar", [("الثالث من تموز", "2016-07-03", "day", True)]),
    ("next_month_marker", "في أغسطس المقبل", PUB, "ar", [("أغسطس المقبل", "2016-08", "month", True)]),
    ("numeric_day_month_year", "بتاريخ 15/7/2024", PUB, "ar", [("15/7/2024", "2024-07-15", "day", False)]),
    ("numeric_iso", "بتاريخ 2024-07-15", PUB, "ar", [("2024-07-15", "2024-07-15", "day", False)]),
    ("numeric_dotted", "بتاريخ 15.07.2024", PUB, "ar", [("15.07.2024", "2024-07-15", "day", False)]),
    ("hijri_full_date", "في 15 رمضان 1445 هـ", PUB, "ar", [("15 رمضان 1445 هـ", "2024-03-25", "day", False)]),
    # Umm al-Qura calendar (hijridate); the sighted Eid al-Adha fell a day later.
    ("hijri_two_word_month", "في 10 ذو الحجة 1437", PUB, "ar", [("10 ذو الحجة 1437", "2016-09-11", "day", False)]),
    ("year_with_aam", "منذ عام 2011", PUB, "ar", [("عام 2011", "2011", "year", False)]),
    ("season_year", "في صيف 2016", PUB, "ar", [("صيف 2016", "2016", "year", False)]),
    ("today", "أعلن اليوم", PUB, "ar", [("اليوم", "2016-07-04", "day", True)]),
    ("yesterday", "قتل أمس", PUB, "ar", [("أمس", "2016-07-03", "day", True)]),
    ("day_before_yesterday", "قتل أول أمس", PUB, "ar", [("أول أمس", "2016-07-02", "day", True)]),
    ("day_before_yesterday_min", "قتل أول من أمس", PUB, "ar", [("أول من أمس", "2016-07-02", "day", True)]),
    ("last_night", "وقع الانفجار الليلة الماضية", PUB, "ar", [("الليلة الماضية", "2016-07-03", "day", True)]),
    ("dawn_today", "فجر اليوم", PUB, "ar", [("فجر اليوم", "2016-07-04", "day", True)]),
    ("evening_yesterday_sunday", "مساء أمس الأحد", PUB, "ar", [("مساء أمس الأحد", "2016-07-03", "day", True)]),
    ("yesterday_with_weekday", "أمس الأحد", PUB, "ar", [("أمس الأحد", "2016-07-03", "day", True)]),
    ("morning_weekday_same_day", "صباح الاثنين", PUB, "ar", [("صباح الاثنين", "2016-07-04", "day", True)]),
    ("evening_weekday_before", "مساء الأحد", PUB, "ar", [("مساء الأحد", "2016-07-03", "day", True)]),
    ("night_weekday_before", "ليل السبت", PUB, "ar", [("ليل السبت", "2016-07-02", "day", True)]),
    ("day_weekday_wednesday", "يوم الأربعاء", PUB, "ar", [("يوم الأربعاء", "2016-06-29", "day", True)]),
    ("weekday_with_past_marker", "الخميس الماضي", "2020-11-04", "ar", [("الخميس الماضي", "2020-10-29", "day", True)]),
    ("past_weekday_same_as_publication_goes_back_a_week", "الاثنين الماضي", PUB, "ar", [("الاثنين الماضي", "2016-06-27", "day", True)]),
    ("next_weekday", "الجمعة المقبل", PUB, "ar", [("الجمعة المقبل", "2016-07-08", "day", True)]),
    ("two_days_ago_dual", "قبل يومين", PUB, "ar", [("قبل يومين", "2016-07-02", "day", True)]),
    ("a_week_ago", "قبل أسبوع", PUB, "ar", [("قبل أسبوع", "2016-06-27", "day", True)]),
    ("three_days_ago_word", "قبل ثلاثة أيام", PUB, "ar", [("قبل ثلاثة أيام", "2016-07-01", "day", True)]),
    ("approx_weeks_ago_is_month", "قبل نحو خمسة أسابيع", "2015-06-28", "ar", [("قبل نحو خمسة أسابيع", "2015-05", "month", True)]),
    ("days_before_another_event_not_from_publication", "قبل يومين من الهجوم", PUB, "ar", []),
    ("since_weekday_is_the_weekday", "اعتقلوا منذ يوم الأحد", PUB, "ar", [("يوم الأحد", "2016-07-03", "day", True)]),
    ("year_pair_is_one_mention", "بين عامي 2015 و2017", PUB, "ar", [("عامي 2015 و2017", "2015", "year", False)]),
    ("a_year_ago_from_publication", "عادت إلى الحكم قبل عام.", PUB, "ar", [("قبل عام", "2015", "year", True)]),
    ("years_without_number_is_not_a_date", "منذ سنوات", PUB, "ar", []),
    ("last_week", "الأسبوع الماضي", PUB, "ar", [("الأسبوع الماضي", "2016-06", "month", True)]),
    ("last_month", "الشهر الماضي", PUB, "ar", [("الشهر الماضي", "2016-06", "month", True)]),
    ("last_year", "العام الماضي", PUB, "ar", [("العام الماضي", "2015", "year", True)]),
    ("this_year", "العام الجاري", PUB, "ar", [("العام الجاري", "2016", "year", True)]),
    ("last_march", "في مارس الماضي", PUB, "ar", [("مارس الماضي", "2016-03", "month", True)]),
    ("last_july_is_previous_year", "في يوليو الماضي", PUB, "ar", [("يوليو الماضي", "2015-07", "month", True)]),
    ("day_in_last_march", "في 18 مارس الماضي", "2015-06-27", "ar", [("18 مارس الماضي", "2015-03-18", "day", True)]),
    ("day_month_without_year_from_publication", "في 18 مارس", "2015-06-27", "ar", [("18 مارس", "2015-03-18", "day", True)]),
    ("late_december_in_january_is_last_year", "في 30 ديسمبر", "2016-01-02", "ar", [("30 ديسمبر", "2015-12-30", "day", True)]),
    ("ambiguous_month_word_alone_is_not_a_date", "مارس الضغط على الحكومة", PUB, "ar", []),
    ("prayer_friday_is_not_a_date", "بعد صلاة الجمعة", PUB, "ar", []),
    ("bare_weekday_wire_style", "أعلنت الشرطة الثلاثاء اعتقال 14 شخصا", "2020-11-04", "ar", [("الثلاثاء", "2020-11-03", "day", True)]),
    ("the_eleven_is_not_sunday", "الأحد عشر لاعبا", PUB, "ar", []),
    ("tomorrow_with_weekday", "لتشييعهم غدا الجمعة", "2024-01-04", "ar", [("غدا الجمعة", "2024-01-05", "day", True)]),
    ("english_tomorrow", "will be buried tomorrow", PUB, "en", [("tomorrow", "2016-07-05", "day", True)]),
    ("english_full_date", "on July 15, 2024", PUB, "en", [("July 15, 2024", "2024-07-15", "day", False)]),
    ("english_day_first", "on 15 July 2024", PUB, "en", [("15 July 2024", "2024-07-15", "day", False)]),
    ("english_ordinal_day", "on the 15th of July 2024", PUB, "en", [("15th of July 2024", "2024-07-15", "day", False)]),
    ("english_yesterday", "was killed yesterday", PUB, "en", [("yesterday", "2016-07-03", "day", True)]),
    ("english_today", "said today", PUB, "en", [("today", "2016-07-04", "day", True)]),
    ("english_last_night", "an attack last night", PUB, "en", [("last night", "2016-07-03", "day", True)]),
    ("english_on_weekday", "on Sunday", PUB, "en", [("on Sunday", "2016-07-03", "day", True)]),
    ("english_last_weekday", "last Thursday", "2020-11-04", "en", [("last Thursday", "2020-10-29", "day", True)]),
    ("english_two_days_ago", "two days ago", PUB, "en", [("two days ago", "2016-07-02", "day", True)]),
    ("english_last_week", "last week", PUB, "en", [("last week", "2016-06", "month", True)]),
    ("english_last_year", "last year", PUB, "en", [("last year", "2015", "year", True)]),
    ("english_last_march", "last March", PUB, "en", [("last March", "2016-03", "month", True)]),
    ("ambiguous_month_after_month_cue", "في شهر مارس", PUB, "ar", [("شهر مارس", "2016-03", "month", True)]),
    ("english_month_after_in", "in March", PUB, "en", [("in March", "2016-03", "month", True)]),
    ("english_may_modal_is_not_a_date", "police may arrest him", PUB, "en", []),
]


@pytest.mark.parametrize(("name", "text", "pub", "lang", "expected"), CASES, ids=[c[0] for c in CASES])
def test_dates_resolve_expression(run: Callable[..., Doc], name: str, text: str, pub: str, lang: str, expected: list) -> None:  # type: ignore[type-arg]
    doc = run(text, pub, lang)
    got = [(text[d.start:d.end], d.iso, d.precision, d.relative) for d in doc.dates]
    assert got == expected


UNRESOLVED = [
    ("yesterday", "قتل أمس", "أمس"),
    ("evening_weekday", "مساء الاثنين", "مساء الاثنين"),
    ("last_march", "في مارس الماضي", "مارس الماضي"),
    ("two_days_ago", "قبل يومين", "قبل يومين"),
    ("last_year", "العام الماضي", "العام الماضي"),
]


@pytest.mark.parametrize(("name", "text", "surface"), UNRESOLVED, ids=[c[0] for c in UNRESOLVED])
def test_dates_relative_stay_unresolved_without_publication(run: Callable[..., Doc], name: str, text: str, surface: str) -> None:
    doc = run(text, None)
    assert [(text[d.start:d.end], d.iso, d.relative) for d in doc.dates] == [(surface, None, True)]


def test_dates_absolute_resolve_without_publication(run: Callable[..., Doc]) -> None:
    doc = run("في 15 يوليو 2024", None)
    assert [d.iso for d in doc.dates] == ["2024-07-15"]


def test_dates_found_in_running_news_text(run: Callable[..., Doc]) -> None:
    text = "ارتفعت حصيلة التفجير الذي استهدف الكرادة فجر أمس الأحد إلى 213 قتيلا، بحسب مصادر اليوم الاثنين."
    doc = run(text, PUB)
    assert [(text[d.start:d.end], d.iso) for d in doc.dates] == [("فجر أمس الأحد", "2016-07-03"), ("اليوم الاثنين", "2016-07-04")]
