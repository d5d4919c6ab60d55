"""Specific spot (``place``): the spot noun phrase as written, read after the incident's trigger."""

from __future__ import annotations

import pytest
from extract_helpers import new_events, run

CASES = [
    # head noun + genitive chain + linked spot inside it; stops before "بالعاصمة" + town
    ("test_spot_keeps_linked_spot_and_stops_before_capital",
     "قُتل ستة أشخاص في التفجير الانتحاري الذي استهدف صباح أمس الاثنين مدخل القسم القنصلي في السفارة الروسية "
     "بالعاصمة الأفغانية كابول.",
     "مدخل القسم القنصلي في السفارة الروسية"),
    # classifying adjective kept, district with ب kept, town after في left to `city`
    ("test_spot_keeps_district_and_stops_before_town",
     "قُتل ستة أشخاص في انفجار عبوة ناسفة مساء أمس الأحد في شارع الاستقلال التجاري بمنطقة تقسيم في إسطنبول.",
     "شارع الاستقلال التجاري بمنطقة تقسيم"),
    # lam phrase kept ("للغاز"), the vicinity + town after it is not part of the spot
    ("test_spot_keeps_lam_phrase_and_stops_before_near_town",
     "قُتل 37 رهينة أجنبية في هجوم شنه مسلحون أمس على منشأة تيقنتورين للغاز قرب عين أمناس جنوب شرقي الجزائر.",
     "منشأة تيقنتورين للغاز"),
    # an evaluative adjective and the crowd before the spot are left out
    ("test_spot_leaves_out_crowd_and_quotes_of_a_quoted_name",
     "قُتل 84 شخصاً عندما اقتحم رجل بشاحنة حشود المحتفلين على «متنزه الإنجليز» في مدينة نيس ليل أمس الخميس.",
     "متنزه الإنجليز"),
    ("test_spot_drops_evaluative_adjective",
     "قُتل 276 شخصاً في انفجار شاحنة مفخخة عند تقاطع «زوبي» المزدحم في العاصمة مقديشو أمس السبت.",
     "تقاطع «زوبي»"),
    # an unnamed (indefinite) spot keeps its town
    ("test_spot_unnamed_spot_keeps_its_town",
     "قُتل 25 شخصاً عندما فتح مسلحون النار صباح أمس السبت على منصة عرض عسكري في مدينة الأهواز.",
     "منصة عرض عسكري في مدينة الأهواز"),
    # a named spot stops before its town
    ("test_spot_named_spot_stops_before_town_word",
     "قُتل 26 شخصاً في هجوم استهدف فندق «أساسي» في مدينة كيسمايو مساء أمس الجمعة.",
     "فندق «أساسي»"),
    # the vicinity word before a town stays ("قرب مدينة جرابلس")
    ("test_spot_keeps_vicinity_before_town",
     "قُتل قيادي في التنظيم أمس في ضربة جوية استهدفت سيارة قرب مدينة جرابلس في ريف حلب الشمالي.",
     "قرب مدينة جرابلس"),
    # a participle phrase is kept; a quoted name then stops before the town
    ("test_spot_keeps_participle_phrase",
     "قُتل 103 أشخاص اليوم في انفجارين هزّا الطريق المؤدي إلى مقبرة «كلزار الشهداء» في مدينة كرمان.",
     "الطريق المؤدي إلى مقبرة «كلزار الشهداء»"),
    # the spot in its base form: the accusative tanwin of the head is dropped
    ("test_spot_head_in_base_form",
     "قُتل 32 شخصاً في تفجيرين انتحاريين استهدفا صباح أمس سوقاً شعبية لبيع الملابس المستعملة في ساحة الطيران وسط بغداد.",
     "سوق شعبية لبيع الملابس المستعملة في ساحة الطيران"),
    # a facility after the trigger wins over the town named with its settlement noun
    ("test_spot_prefers_facility_over_town_noun",
     "قُتل 22 شخصاً في هجوم شنه مسلحون في مدينة كابول على جامعة كابول أمس الاثنين.",
     "جامعة كابول"),
]


@pytest.mark.parametrize(("name", "text", "spot"), CASES, ids=[c[0] for c in CASES])
def test_where_spot_span(resources, name, text, spot):
    events = new_events(run(text, resources, "2024-03-02"))
    assert events, name
    assert events[0].place == spot


def test_spot_anaphoric_noun_takes_the_spot_named_before(resources):
    text = ("قُتل 67 شخصاً في هجوم شنه مسلحون على مركز «ويستغيت» التجاري في العاصمة نيروبي. "
            "وقال شهود إن المسلحين اقتحموا المركز وأطلقوا النار على المتسوقين.")
    events = new_events(run(text, resources, "2024-03-02"))
    assert events[0].place == "مركز «ويستغيت» التجاري"


def test_spot_is_null_for_attack_on_several_cities(resources):
    text = "قُتل 250 شخصاً في تفجيرات انتحارية متزامنة ضربت كولومبو ونيجومبو وباتيكالوا صباح أمس الأحد."
    events = new_events(run(text, resources, "2019-04-22"))
    assert events and events[0].place is None
