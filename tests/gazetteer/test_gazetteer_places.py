"""Place resolution: the failure modes named in issue 4, each with the right answer."""

from __future__ import annotations

import pytest


def _find(doc, surface):
    return [p for p in doc.places if p.name == surface]


@pytest.mark.parametrize(
    ("text", "surface", "country", "precision", "adjective"),
    [
        # العمانية is Oman's adjective, not Amman.
        ("وأكدت الحكومة العمانية أن الوضع تحت السيطرة.", "العمانية", "OM", "country", True),
        ("وأدانت وزارة الخارجية الباكستانية الهجوم.", "الباكستانية", "PK", "country", True),
        ("قتل ثلاثة مواطنين عمانيين في الحادث.", "عمانيين", "OM", "country", True),
        ("وقال مسؤولون عراقيون إن التحقيق مستمر.", "عراقيون", "IQ", "country", True),
        ("ونددت تركيا بالهجوم.", "تركيا", "TR", "country", False),
    ],
)
def test_places_reads_country_names_and_adjectives(ann, text, surface, country, precision, adjective):
    hits = _find(ann(text), surface)
    assert hits and hits[0].country == country
    assert hits[0].precision == precision and hits[0].adjective is adjective
    assert hits[0].lat is None and hits[0].lon is None  # never a country centroid as a point


@pytest.mark.parametrize(
    "text",
    [
        "وكان المسؤول قد أعلن في وقت سابق عن الإجراءات.",  # وكان is not Cannes
        "ذكرت وكالة الأنباء أن التحقيق مستمر.",  # وكالة is not و + Calais
        "وأكد بأنه سيتابع القضية بنفسه.",  # بأنه is not Baneh
        "وفرضت قوات الأمن حصارا على المبنى.",  # حصار is not Hisar
        "وتجمع المحتجون في ميدان قريب من مبنى البلدية.",  # ميدان is not Medan
    ],
)
def test_places_does_not_read_common_words_as_cities(ann, text):
    assert [p for p in ann(text).places if p.precision in ("city", "place")] == []


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("انفجرت سيارة مفخخة بالعاصمة الأفغانية صباح اليوم.", "Kabul", "AF"),
        ("وشهدت العاصمة العراقية هجوما جديدا.", "Baghdad", "IQ"),
        ("وقع تفجير في العاصمة الصومالية.", "Mogadishu", "SO"),
    ],
)
def test_places_capital_word_with_adjective_gives_the_capital(ann, text, city, country):
    caps = [p for p in ann(text).places if p.precision == "city"]
    assert [(p.city, p.country) for p in caps] == [(city, country)]
    assert caps[0].lat is not None


def test_places_capital_adjective_gives_muscat(ann):
    doc = ann("مسقط - وقع انفجار في منطقة الوادي الكبير في العاصمة العمانية صباح اليوم.")
    cap = [p for p in doc.places if p.name == "العاصمة العمانية"]
    assert cap and cap[0].city == "Muscat" and cap[0].country == "OM" and cap[0].precision == "city"
    wadi = _find(doc, "الوادي الكبير")[0]
    assert (wadi.precision, wadi.city, wadi.country, wadi.admin1) == ("place", "Muscat", "OM", "Muscat")
    assert all(p.country == "OM" for p in doc.places if p.country)


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        ("ونظم محتجون اعتصاما أمام مجلس النواب في عمان، وقالت الحكومة الأردنية إنها ستحقق في الأمر.", "JO", "Amman"),
        ("وقال شهود إن الانفجار وقع في طرابلس شمال لبنان قرب سوق الخضار.", "LB", "Tripoli"),
        ("وشهدت طرابلس الليبية اشتباكات عنيفة بين فصائل مسلحة في ليبيا.", "LY", "Tripoli"),
        ("قالت واشنطن إن الضربة استهدفت قياديا في التنظيم.", "US", "Washington"),
    ],
)
def test_places_decides_ambiguous_names_by_context(ann, text, country, city):
    word = {"Amman": "عمان", "Tripoli": "طرابلس", "Washington": "واشنطن"}[city]
    hit = _find(ann(text), word)[0]
    assert (hit.country, hit.city, hit.precision) == (country, city, "city")
    assert hit.lat is not None and (hit.lat, hit.lon) != (0.0, 0.0)


def test_places_reads_oman_as_the_country_without_jordan_context(ann):
    hit = _find(ann("وقعت سلطنة عمان اتفاقية تعاون مع الهند، وزار وفد من عمان نيودلهي."), "عمان")[0]
    assert (hit.country, hit.precision) == ("OM", "country")


@pytest.mark.parametrize(
    ("text", "surface", "country", "precision"),
    [
        ("واندلعت اشتباكات على حدود جورجيا مع روسيا.", "جورجيا", "GE", "country"),
        ("وقعت حادثة إطلاق نار في ولاية جورجيا الأمريكية.", "ولاية جورجيا", "US", "admin1"),
    ],
)
def test_places_tells_georgia_the_country_from_the_us_state(ann, text, surface, country, precision):
    hit = _find(ann(text), surface)[0]
    assert (hit.country, hit.precision) == (country, precision)


@pytest.mark.parametrize(
    ("text", "surface", "vicinity"),
    [
        ("انفجرت عبوة ناسفة قرب الموصل مساء أمس.", "الموصل", True),
        ("سقطت قذائف بضواحي دمشق ليل الجمعة.", "دمشق", True),
        ("سقطت قذائف جنوب بغداد دون وقوع إصابات.", "بغداد", True),
        ("انفجرت سيارة مفخخة في الموصل مساء أمس.", "الموصل", False),
    ],
)
def test_places_marks_vicinity_words(ann, text, surface, vicinity):
    hit = _find(ann(text), surface)[0]
    assert hit.vicinity is vicinity


def test_places_resolves_districts_and_divisions(ann):
    doc = ann("بغداد - أ ف ب:\nاستهدف التفجير منطقة الكرادة التجارية وسط بغداد.")
    karrada = _find(doc, "الكرادة")[0]
    assert (karrada.precision, karrada.city, karrada.admin1, karrada.country) == ("place", "Baghdad", "Baghdad", "IQ")
    doc = ann("هاجم مسلحون مسجدا في قرية الروضة التابعة لمركز بئر العبد بمحافظة شمال سيناء.")
    sinai = _find(doc, "شمال سيناء")[0]
    assert (sinai.precision, sinai.admin1, sinai.country) == ("admin1", "North Sinai", "EG")
    assert _find(doc, "بئر العبد")[0].city == "Bir al-Abd"


def test_places_dateline_country_in_parentheses_is_the_country(ann):
    doc = ann("سوسة (تونس) - أ ف ب:\nقتل 38 شخصا في هجوم على فندق بمدينة سوسة الساحلية.")
    tunis = _find(doc, "تونس")[0]
    assert (tunis.precision, tunis.country) == ("country", "TN")
    assert {p.city for p in _find(doc, "سوسة")} == {"Sousse"}


def test_places_unknown_name_is_kept_as_text_without_emptying_the_others(ann):
    doc = ann("خطف مسلحون 20 امرأة من قرية وارابي قرب بلدة غوزا في ولاية بورنو بنيجيريا.")
    unknown = _find(doc, "وارابي")[0]
    assert unknown.precision is None and unknown.country is None
    gwoza = _find(doc, "غوزا")[0]
    assert (gwoza.city, gwoza.admin1, gwoza.country, gwoza.vicinity) == ("Gwoza", "Borno", "NG", True)


def test_places_never_reads_a_group_or_outlet_name_as_a_place(ann):
    doc = ann("وتبنى تنظيم ولاية سيناء الهجوم، بحسب ما نقلت صحيفة واشنطن بوست.")
    assert [p for p in doc.places if p.name in ("سيناء", "واشنطن")] == []


def test_places_english_requires_capitalised_names(ann):
    doc = ann("Users on Reddit said the attack in Mosul was claimed, and a nice view of Paris was shared.")
    names = {p.name for p in doc.places}
    assert "Mosul" in names and "Paris" in names
    assert not any(n.lower() in ("reddit", "nice") for n in names)


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # Arabic spellings GeoNames lacks, matched by consonant skeleton in the country the sentence names.
        ("وأوقفت الشرطة مشتبها به في بلدة ريبول شمال شرقي إسبانيا.", "ريبول", ("ES", "Catalonia", "Ripoll")),
        ("واعتقلت الشرطة شابا في بلدة تيرنيتس بالنمسا.", "تيرنيتس", ("AT", "Lower Austria", "Ternitz")),
    ],
)
def test_places_resolves_unknown_spelling_of_a_town_by_skeleton(ann, text, surface, expected):
    hit = _find(ann(text), surface)[0]
    assert (hit.country, hit.admin1, hit.city, hit.precision) == (*expected, "city")
    assert "skeleton" in hit.reason and hit.lat is not None


@pytest.mark.parametrize(
    "text",
    [
        "واعتقلت الشرطة شابا في بلدة تيرنيتس.",  # no country named: stays unresolved text
        "وقعت الاشتباكات في بلدة حدودية بالنمسا.",  # an adjective, not a name
    ],
)
def test_places_skeleton_needs_a_named_country_and_a_name(ann, text):
    assert [p for p in ann(text).places if "skeleton" in p.reason] == []
