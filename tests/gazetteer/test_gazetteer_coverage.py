"""Broad coverage and settings: districts of big cities, admin1 inference, press spellings, weights from default.toml."""

from __future__ import annotations

import pytest

from marsad.gazetteer import GazetteerParams, annotate, load_gazetteer
from marsad.model import Article
from marsad.settings import load_settings
from marsad.text import analyse


def _loc(gaz, doc):
    return gaz.locate(doc, 0, len(doc.text))


@pytest.mark.parametrize(
    ("text", "country", "admin1", "city"),
    [
        # GeoNames lists these as towns of their own; they are districts of the big city (same admin1, < 12 km).
        ("انفجرت سيارة مفخخة في سوق شعبي بمدينة الصدر شرقي بغداد مساء الاثنين.", "IQ", "Baghdad", "Baghdad"),
        ("وقتل عشرة مصلين في تفجير استهدف حسينية في الكاظمية شمالي بغداد.", "IQ", "Baghdad", "Baghdad"),
        ("وهاجم مسلحون فندقا في منطقة هودن بالعاصمة الصومالية.", "SO", "Banaadir", "Mogadishu"),
        ("ووقع الانفجار قرب سوق قصة خواني المزدحم في بيشاور.", "PK", "Khyber Pakhtunkhwa", "Peshawar"),
        ("واستهدف التفجير حاجزا أمنيا في حي المزة بدمشق.", "SY", "Damascus", "Damascus"),
    ],
)
def test_coverage_locates_districts_of_big_cities_in_their_city(gaz, ann, text, country, admin1, city):
    loc = _loc(gaz, ann(text))
    assert loc is not None
    assert (loc.country, loc.admin1, loc.city) == (country, admin1, city)
    assert loc.precision == "place" and loc.lat is not None


@pytest.mark.parametrize(
    ("text", "country", "admin1", "city"),
    [
        # admin1 comes from the city's GeoNames admin1 code, English GeoNames names, also for
        # countries whose divisions have no Arabic names in the gazetteer.
        ("قتل عشرة أشخاص في تفجير انتحاري في الموصل.", "IQ", "Nineveh", "Mosul"),
        ("وأعلنت الشرطة أن انفجارا هز مدينة مايدوغوري.", "NG", "Borno", "Maiduguri"),
        ("وقتل ثلاثة في هجوم على نقطة للشرطة في بيشاور.", "PK", "Khyber Pakhtunkhwa", "Peshawar"),
        ("وفجر انتحاريون أنفسهم أمام ثلاث كنائس في مدينة سورابايا الإندونيسية.", "ID", "East Java", "Surabaya"),
        ("واعتقلت الشرطة الأسترالية سبعة رجال في ملبورن.", "AU", "Victoria", "Melbourne"),
        ("وانفجرت شاحنة مفخخة في العاصمة الأفغانية كابل.", "AF", "Kabul", "Kabul"),
    ],
)
def test_coverage_infers_admin1_of_a_resolved_city(gaz, ann, text, country, admin1, city):
    loc = _loc(gaz, ann(text))
    assert loc is not None
    assert (loc.country, loc.admin1, loc.city) == (country, admin1, city)


@pytest.mark.parametrize(
    ("text", "surface", "city"),
    [
        # GeoNames gives "جولو، سولو" (town، province): the qualifier is dropped at build time.
        ("وفجر انتحاريان نفسيهما داخل كاتدرائية في جولو جنوبي الفلبين.", "جولو", "Jolo"),
        # GeoNames has جاكارتا; the press also writes جاكرتا (medial alif dropped).
        ("وقالت الشرطة في جاكرتا إن المشتبه بهم اعتقلوا.", "جاكرتا", "Jakarta"),
        ("وأعلنت السلطات في كراتشي حالة التأهب.", "كراتشي", "Karachi"),
    ],
)
def test_coverage_reads_common_press_spellings_of_cities(ann, text, surface, city):
    hits = [p for p in ann(text).places if p.name == surface]
    assert hits and hits[0].city == city and hits[0].precision == "city"


def test_coverage_prefers_named_city_over_a_far_landmark_homonym(gaz, ann):
    # ميدان التحرير is a Cairo landmark, but Alexandria has one too and the sentence names Alexandria.
    doc = ann("وانفجرت عبوة ناسفة قرب ميدان التحرير في الإسكندرية صباح اليوم.")
    loc = _loc(gaz, doc)
    assert loc is not None and loc.city == "Alexandria"


def test_coverage_keeps_landmark_when_city_named_nearby_is_close(gaz, ann):
    doc = ann("وانفجرت سيارة مفخخة قرب سوق بكارة في مقديشو.")
    loc = _loc(gaz, doc)
    assert loc is not None and loc.precision == "place" and loc.city == "Mogadishu"


def test_params_are_read_from_the_gazetteer_section_of_settings():
    p = GazetteerParams.from_settings(load_settings(overrides={"gazetteer": {"pop_alone": 1234, "w_city_cue": 0.9}}))
    assert p.pop_alone == 1234 and p.w_city_cue == 0.9
    assert GazetteerParams.from_settings().pop_alone == load_settings().get("gazetteer", "pop_alone")
    with pytest.raises(KeyError, match="no_such_weight"):
        GazetteerParams.from_settings(load_settings(overrides={"gazetteer": {"no_such_weight": 1}}))


def test_load_gazetteer_applies_population_threshold_from_settings(resources):
    # Fallujah (GeoNames 190 159 inhabitants) needs its country in the article under the default
    # pop_alone (200 000); with pop_alone lowered it is accepted alone.
    text = "وسيطر مسلحون على مركز للشرطة في الفلوجة فجر اليوم."
    default = annotate(analyse(Article(id="t", text=text, lang="ar"), resources.text), resources.gazetteer)
    assert not [p for p in default.places if p.city]
    low = load_gazetteer(load_settings(overrides={"gazetteer": {"pop_alone": 150000}}))
    doc = annotate(analyse(Article(id="t", text=text, lang="ar"), resources.text), low)
    assert [p.country for p in doc.places if p.city] == ["IQ"]
