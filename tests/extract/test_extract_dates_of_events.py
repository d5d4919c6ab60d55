"""Dating of events (marsad issue 5): until-frames, clause boundaries, follow-up operations,
duration frames of background incidents, anaphoric "the same day"."""

from __future__ import annotations

import pytest
from extract_helpers import run

from marsad.model import Article
from marsad.pipeline import process


def _dates(resources, text: str, published: str) -> list[tuple[str, str]]:
    doc = process(Article(id="t", text=text, lang="ar", published=published), resources)
    return [(text[d.start:d.end], d.iso) for d in doc.dates]


def _event(doc, kind: str, status: str):
    return next(e for e in doc.events if e.kind == kind and e.status == status)


@pytest.mark.parametrize(("text", "word", "iso"), [
    # "اليوم نفسه": the day already named, not the publication day
    ("وكان السيسي قد أمر في وقت سابق من اليوم نفسه بنشر وحدات من الجيش.", "اليوم", None),
    # twin: a bare "اليوم" is the publication day
    ("وأمر السيسي اليوم بنشر وحدات من الجيش لمساندة الشرطة.", "اليوم", "2017-04-10"),
])
def test_dates_same_day_is_not_publication_day(resources, text, word, iso):
    found = dict(_dates(resources, text, "2017-04-10"))
    assert found.get(word) == iso


SAME_DAY = ("القاهرة - «الخبر»:\nأعلن الرئيس عبد الفتاح السيسي مساء أمس الأحد فرض حالة الطوارئ في البلاد، "
            "بعد تفجيرين انتحاريين استهدفا كنيستين في طنطا والإسكندرية وأسفرا عن مقتل 44 شخصاً.\n"
            "وكان السيسي قد أمر في وقت سابق من اليوم نفسه بنشر وحدات من الجيش لمساندة الشرطة في تأمين المنشآت الحيوية.")


def test_dates_measure_on_the_same_day_takes_the_story_day(resources):
    doc = run(SAME_DAY, resources, published="2017-04-10")
    dates = {e.date for e in doc.events if e.kind == "measure"}
    assert dates and "2017-04-10" not in dates


UNTIL = ("مقديشو - «الخبر»:\nأعلن وزير الإعلام الصومالي مساء أمس الأحد أن حصيلة ضحايا الشاحنة المفخخة التي "
         "انفجرت عصر السبت عند تقاطع «زوبي» في العاصمة مقديشو ارتفعت إلى 276 قتيلاً.\n"
         "وبعد نحو ساعتين، وقع انفجار ثانٍ في حي المدينة، من دون أن تتضح حصيلته. ولم تتبن أي جهة الهجوم حتى اليوم.")


def test_dates_until_today_does_not_date_the_attack(resources):
    doc = run(UNTIL, resources, published="2017-10-16")
    dates = [e.date for e in doc.events if e.kind == "attack" and e.status == "new"]
    assert dates and "2017-10-16" not in dates


def test_dates_since_frame_is_not_the_event_date_twin(resources):
    # twin: a plain "اليوم" next to the attack dates it
    text = "مقديشو - «الخبر»:\nقتل عشرة أشخاص اليوم في انفجار سيارة مفخخة في حي المدينة بالعاصمة مقديشو."
    doc = run(text, resources, published="2017-10-16")
    assert [e.date for e in doc.events if e.kind == "attack"] == ["2017-10-16"]


COMMA = ("فيينا - «الخبر»:\nقتل مسلح أربعة أشخاص مساء الاثنين في هجوم بوسط العاصمة فيينا.\n"
         "وأعلنت الشرطة أمس الثلاثاء اعتقال 14 شخصاً في مداهمات، على خلفية الهجوم الذي شنه المسلح مساء الاثنين.")


def test_dates_date_after_a_comma_belongs_to_the_next_clause(resources):
    doc = run(COMMA, resources, published="2020-11-04")
    ops = [e.date for e in doc.events if e.kind == "security_operation"]
    assert ops == ["2020-11-03"]


ARREST = ("إسطنبول - «الخبر»:\nأعلن وزير الداخلية التركي صباح اليوم الاثنين توقيف امرأة سورية يشتبه في أنها "
          "وضعت العبوة الناسفة التي انفجرت مساء أمس الأحد في شارع الاستقلال بإسطنبول، ما أسفر عن مقتل ستة أشخاص.\n"
          "وقال الوزير إن الشرطة اعتقلت 46 شخصاً في إطار التحقيق.")


def test_dates_follow_up_arrest_takes_the_latest_day_of_the_story(resources):
    doc = run(ARREST, resources, published="2022-11-14")
    attack = _event(doc, "attack", "new")
    assert attack.date == "2022-11-13"
    assert {e.date for e in doc.events if e.kind == "security_operation"} == {"2022-11-14"}


SIMILAR = ("الرياض - «الخبر»:\nأعلنت وزارة الطاقة السعودية أن الهجمات التي استهدفت فجر أمس السبت معمل شركة "
           "«أرامكو» في بقيق أدت إلى توقف نصف إنتاج المملكة.\n"
           "ويأتي الهجوم بعد شهر من هجوم مماثل تبناه الحوثيون على حقل الشيبة النفطي قرب الحدود مع الإمارات.")


def test_dates_background_framed_a_month_back_with_similar_cue(resources):
    doc = run(SIMILAR, resources, published="2019-09-15")
    bg = _event(doc, "attack", "background")
    assert bg.date == "2019-08"


def test_dates_background_framed_months_back_keeps_plural(resources):
    # twin: "أشهر" is a plural needing a count; "بعد أربعة أشهر من" dates four months back
    text = SIMILAR.replace("بعد شهر من", "بعد أربعة أشهر من")
    doc = run(text, resources, published="2019-09-15")
    assert _event(doc, "attack", "background").date == "2019-05"
