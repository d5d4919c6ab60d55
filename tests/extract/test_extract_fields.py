"""Fields of an attack event, each checked on a realistic news sentence (and its evidence)."""

from __future__ import annotations

import pytest
from extract_helpers import attacks, run


def one_attack(text: str, resources, published: str = "2024-07-16"):
    found = [e for e in attacks(run(text, resources, published)) if e.status == "new"]
    assert len(found) == 1, [e.explanation[:3] for e in run(text, resources, published).events]
    return found[0]


def test_extract_date_resolves_yesterday_against_publication(resources):
    e = one_attack("انفجرت عبوة ناسفة أمس في سوق شعبية ببغداد ما أسفر عن مقتل خمسة أشخاص.", resources)
    assert e.date == "2024-07-15"


def test_extract_location_is_the_place_next_to_the_trigger(resources):
    e = one_attack("انفجرت سيارة مفخخة أمس في مدينة الموصل شمال العراق وقتلت 7 أشخاص.", resources)
    assert e.country == "IQ"
    assert e.city == "Mosul"


def test_extract_location_falls_back_to_the_dateline(resources):
    e = one_attack("كابول - أ ف ب:\nقتل 6 أشخاص أمس في هجوم انتحاري استهدف حافلة للموظفين.", resources)
    assert e.country == "AF"


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("قتل 38 شخصا وأصيب 39 آخرون في هجوم مسلح استهدف فندقا في مدينة سوسة أمس.", 38, 39),
        ("قتل 20 شخصا في انفجار سيارة مفخخة ببغداد أمس، وارتفعت الحصيلة مساء إلى 35 قتيلا.", 35, None),
        ("قتل ما بين 30 و40 شخصا في تفجير انتحاري استهدف سوقا في مدينة كركوك أمس.", (30, 40), None),
        ("أصيب العشرات أمس في انفجار عبوة ناسفة في مدينة كويتا.", None, None),
    ],
)
def test_extract_killed_and_wounded_follow_the_stated_toll(resources, text, killed, wounded):
    e = one_attack(text, resources)
    assert e.killed == killed
    assert e.wounded == wounded


def test_extract_killed_adds_attackers_counted_apart(resources):
    e = one_attack(
        "قتل 22 شخصا أمس في تفجير انتحاري استهدف مسجدا في مدينة الكويت، فضلا عن مقتل الانتحاري.", resources)
    assert e.killed == 23
    assert e.perpetrators_killed == 1
    assert e.suicide is True


def test_extract_killed_adds_attackers_the_toll_does_not_include(resources):
    e = one_attack("قتل 20 شخصا أمس في هجوم انتحاري استهدف محطة حافلات في مدينة كانو. "
                   "ولا تشمل هذه الحصيلة الانتحاريين الاثنين اللذين فجرا نفسيهما.", resources)
    assert e.killed == 22
    assert e.perpetrators_killed == 2


def test_extract_perpetrator_count_from_a_number_of_gunmen(resources):
    e = one_attack("هاجم ثلاثة مسلحين أمس نقطة تفتيش للشرطة في مدينة العريش وقتلوا جنديين.", resources)
    assert e.perpetrator_count == 3
    assert "police" in e.target_types


def test_extract_attackers_alive_when_arrested(resources):
    e = one_attack("أطلق مسلح النار أمس على مصلين داخل مسجد في مدينة كرايستشيرش فقتل 49 شخصا، واعتقلت الشرطة المسلح.",
                   resources, "2019-03-16")
    assert e.perpetrators_killed == 0
    assert e.suicide is False


def test_extract_claim_sets_perpetrator_and_claimed(resources):
    e = one_attack("قتل 15 شخصا أمس في تفجير استهدف مسجدا في مدينة بيشاور، وتبنى تنظيم الدولة الإسلامية الهجوم.",
                   resources)
    assert "Islamic State" in e.perpetrators
    assert e.claimed is True


def test_extract_no_claim_sets_claimed_false_and_keeps_blamed_group(resources):
    e = one_attack(
        "قتل 12 شخصا أمس في انفجار شاحنة مفخخة في مقديشو، ولم تعلن أي جهة مسؤوليتها عن الهجوم، "
        "فيما اتهمت الحكومة حركة الشباب بالوقوف وراءه.", resources)
    assert e.claimed is False
    assert e.perpetrators == ("Al-Shabaab (militant group)",)


def test_extract_denying_group_alone_is_not_a_perpetrator(resources):
    e = one_attack(
        "قتل 6 أشخاص أمس في انفجار قنبلة في شارع الاستقلال بإسطنبول، ونفت حركة طالبان أي علاقة لها بالهجوم.",
        resources)
    assert "Taliban" not in e.perpetrators
    assert e.claimed is False


@pytest.mark.parametrize(
    ("text", "attack_type", "weapon"),
    [
        ("انفجرت عبوة ناسفة أمس في سوق شعبية ببغداد ما أسفر عن مقتل خمسة أشخاص.", "bombing_explosion", "explosives"),
        ("أطلق مسلحون النار أمس على دورية للجيش في سيناء فقتلوا جنديين.", "armed_assault", "firearms"),
        ("اختطف مسلحون أمس 20 طالبة من مدرسة في ولاية بورنو.", "hostage_taking_kidnapping", "firearms"),
        ("دهس سائق شاحنة أمس حشدا من المارة في مدينة نيس فقتل 84 شخصا.", "unarmed_assault", "vehicle"),
        ("أضرم مسلحون النار أمس في مدرسة بمدينة مايدوغوري بعد أن قتلوا 29 تلميذا.", "facility_infrastructure_attack",
         "incendiary"),
    ],
)
def test_extract_attack_and_weapon_types_from_the_lexicon(resources, text, attack_type, weapon):
    e = one_attack(text, resources)
    assert attack_type in e.attack_types
    assert weapon in e.weapon_types


def test_extract_fake_belt_is_a_fake_weapon(resources):
    e = one_attack("أطلق مسلح يرتدي حزاما ناسفا وهميا النار أمس على المارة في فيينا فقتل 4 أشخاص.", resources)
    assert "fake_weapons" in e.weapon_types


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("انفجرت عبوة ناسفة أمس داخل كنيسة في مدينة طنطا وقتلت 27 شخصا.", "religious_figures_institutions"),
        ("استهدف هجوم انتحاري أمس مدخل السفارة الروسية في كابول وقتل 6 أشخاص.", "government_diplomatic"),
        ("فجر انتحاري نفسه أمس في صالة المغادرة بمطار إسطنبول فقتل 10 أشخاص.", "airports_aircraft"),
        ("هاجم مسلحون أمس جامعة في كابول وقتلوا 22 طالبا.", "educational_institution"),
    ],
)
def test_extract_target_type_from_the_target_noun(resources, text, target):
    assert target in one_attack(text, resources).target_types


def test_extract_unknown_method_when_the_text_gives_none(resources):
    e = one_attack("استهدف هجوم أمس مسجدا في منطقة الوادي الكبير قرب مسقط وقتل 6 أشخاص، وتبناه التنظيم.", resources)
    assert e.weapon_types == ("unknown",)


def test_extract_event_carries_evidence_offsets_field_evidence_and_explanation(resources):
    text = "بغداد - أ ف ب:\nانفجرت عبوة ناسفة أمس في سوق شعبية ببغداد ما أسفر عن مقتل خمسة أشخاص."
    doc = run(text, resources)
    e = one_attack(text, resources)
    assert text[e.evidence_start:e.evidence_end] == e.evidence
    assert e.evidence.startswith("انفجرت")
    assert 0.0 <= e.confidence <= 1.0
    fields = {f.field: f for f in e.fields}
    assert text[fields["killed"].start:fields["killed"].end].strip() in ("خمسة", "خمسة أشخاص")
    assert any("trigger «انفجرت»" in line for line in e.explanation)
    assert doc.text == text


def test_extract_place_is_the_target_through_a_district_name(resources):
    e = one_attack("قتل 12 شخصا أمس في انفجار سيارة مفخخة استهدف سوقا شعبية في حي الكرادة وسط بغداد.", resources)
    assert e.place is not None and e.place.startswith("سوق") and "الكرادة" in e.place


@pytest.mark.parametrize(
    ("text", "place", "city"),
    [
        # an unnamed spot keeps its town (dev gold: "منصة عرض عسكري في مدينة الأهواز")
        ("قتل 38 شخصا أمس في هجوم مسلح استهدف فندقا سياحيا في مدينة سوسة التونسية.", "فندقا سياحيا في مدينة سوسة",
         "Sousse"),
        ("قتل 26 شخصاً على الأقل في هجوم مسلح على فندق «أساسي» في مدينة كيسمايو الساحلية أمس.",
         "فندق «أساسي»", "Kismayo"),
        ("انفجرت عبوة ناسفة صباح اليوم داخل مسجد الإمام الحسين بمدينة كربلاء وقتلت 4 مصلين.",
         "مسجد الإمام الحسين", "Karbala"),
    ],
)
def test_extract_place_stops_before_the_town_it_lies_in(resources, text, place, city):
    e = one_attack(text, resources)
    assert (e.place, e.city) == (place, city)


def test_extract_place_is_empty_for_a_city_named_alone(resources):
    e = one_attack("انفجرت سيارة مفخخة أمس في مدينة الموصل وقتلت 7 أشخاص.", resources)
    assert e.place is None


_LEAD = ("قتل 17 جندياً صباح أمس في هجمات متزامنة شنها مسلحون على كمائن للجيش في مدينة الشيخ زويد بشمال سيناء. "
         "وقال مصدر أمني إن المهاجمين استخدموا سيارات مفخخة وقذائف صاروخية. "
         "وفرضت السلطات حظراً للتجول في المنطقة. ")


@pytest.mark.parametrize(
    ("claim", "perpetrators", "claimed"),
    [
        ("وأعلن تنظيم «داعش»، مسؤوليته عن الهجمات في بيان نشرته وكالة أعماق.", ("Islamic State",), True),
        ("وكتب تنظيم «داعش» في بيان أنه تبناها.", ("Islamic State",), True),
        ("ولم تعلن أي جهة مسؤوليتها عن الهجمات حتى الآن.", (), False),
    ],
)
def test_extract_claim_paragraphs_later_codes_the_incident(resources, claim, perpetrators, claimed):
    e = one_attack(_LEAD + claim, resources)
    assert (e.perpetrators, e.claimed) == (perpetrators, claimed)


def test_extract_no_claim_sentence_leaves_claimed_unknown(resources):
    e = one_attack(_LEAD + "وتعد المنطقة من أكثر مناطق البلاد توتراً.", resources)
    assert (e.perpetrators, e.claimed) == ((), None)


def test_extract_killed_with_n_others_counts_the_named_victim(resources):
    e = one_attack("لقي محافظ عدن حتفه صباح اليوم مع ستة من مرافقيه إثر انفجار سيارة مفخخة استهدفت موكبه.",
                   resources, "2015-12-06")
    assert e.killed == 7


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("قتل 12 شخصا صباح اليوم في تفجير انتحاري استهدف مسجدا في مدينة كويتا.", 1),
        ("قتل 32 شخصا صباح اليوم في تفجير انتحاري مزدوج ضرب سوقا شعبية وسط بغداد.", 2),
    ],
)
def test_extract_suicide_bombing_counts_its_bombers(resources, text, count):
    e = one_attack(text, resources)
    assert (e.perpetrator_count, e.perpetrators_killed) == (count, count)


def test_extract_car_bomb_is_explosives_not_a_vehicle_weapon(resources):
    e = one_attack("انفجرت شاحنة مفخخة صباح اليوم قرب السفارة الألمانية في كابول وقتلت 90 شخصا.", resources)
    assert e.weapon_types == ("explosives",)


def test_extract_roadside_bomb_is_not_suicide(resources):
    e = one_attack("قتل ثلاثة جنود صباح اليوم بانفجار عبوة ناسفة استهدفت دوريتهم في مدينة الموصل.", resources)
    assert e.suicide is False


@pytest.mark.parametrize(
    ("sentence", "perpetrators", "claimed"),
    [
        ("ولم تتبن أي جهة الهجوم، واكتفت الحكومة بنسبته إلى «إرهابيين»، فيما نفت «جماعة نصرة الإسلام والمسلمين» "
         "أي علاقة لها به.", (), False),
        ("واتهمت الحكومة «جماعة نصرة الإسلام والمسلمين» بتنفيذ الهجوم.", ("Jama'at Nasr al-Islam wal-Muslimin",), None),
    ],
)
def test_extract_denying_group_is_no_perpetrator_unless_blamed(resources, sentence, perpetrators, claimed):
    text = "قتل 132 مدنياً على الأقل ليل الجمعة في هجوم شنه مسلحون على بلدة صلحان في شمال بوركينا فاسو. " + sentence
    e = one_attack(text, resources, "2021-06-06")
    assert (e.perpetrators, e.claimed) == (perpetrators, claimed)


def test_extract_facility_adjective_gives_the_target_type(resources):
    e = one_attack("هاجم مسلحون متنكرون في زي أطباء صباح اليوم المستشفى العسكري في كابول وقتلوا 30 شخصا.", resources)
    assert "military" in e.target_types


def test_extract_definite_cardinal_counts_the_attackers_added_to_the_toll(resources):
    e = one_attack("قُتل 26 شخصاً على الأقل، إضافة إلى المهاجمين الأربعة، في هجوم انتحاري بسيارة مفخخة "
                   "ومسلحين على فندق في مدينة كيسمايو مساء أمس.", resources, "2019-07-13")
    assert (e.killed, e.perpetrators_killed, e.perpetrator_count) == (30, 4, 4)


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("قتل 48 شخصاً، معظمهم من المدنيين، صباح اليوم في تفجير استهدف محطة للحافلات في مدينة طرطوس.",
         ("private_citizens_property", "transportation")),
        ("قتل 12 شخصاً صباح اليوم في تفجير استهدف محطة للحافلات في مدينة طرطوس.", ("transportation",)),
    ],
)
def test_extract_civilian_victims_add_private_citizens_to_the_target(resources, text, targets):
    assert one_attack(text, resources).target_types == targets


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("قتل 132 مدنياً على الأقل ليل الجمعة في هجوم شنه مسلحون على بلدة صلحان بحسب الحكومة. "
         "وقالت مصادر محلية إن حصيلة القتلى في الهجوم بلغت 160 قتيلاً.", (132, 160)),
        ("قتل 141 شخصاً، بينهم 132 طالباً، في الهجوم الذي شنه مسلحون على مدرسة في مدينة بيشاور صباح اليوم، "
         "بحسب ما أعلن الجيش.", 141),
    ],
)
def test_extract_conflicting_tolls_from_two_sources_give_a_range(resources, text, killed):
    assert one_attack(text, resources, "2021-06-06").killed == killed


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("انفجرت عبوة ناسفة صباح أمس بالتوقيت المحلي في كابول وقتلت ثلاثة أشخاص.",
         "business"),
        ("هاجم مسلحون أمس حاجزا للشرطة في مدينة العريش فقتلوا ثلاثة شرطيين، وبث التنظيم تسجيلا مصورا للهجوم.",
         "journalists_media"),
    ],
)
def test_extract_adjectives_that_look_like_target_nouns_add_no_target(resources, text, absent):
    assert absent not in one_attack(text, resources).target_types


def test_extract_target_is_from_the_lead_sentence_not_a_later_clash(resources):
    e = one_attack("اقتحم مسلحون صباح اليوم فندقاً في مدينة سوسة وقتلوا 38 شخصاً معظمهم سياح أجانب. "
                   "وفتح المسلحون النار على دورية للجيش قرب الفندق قبل أن يقتلوا.", resources)
    assert "business" in e.target_types
    assert "military" not in e.target_types


def test_extract_targets_joined_by_and_are_both_coded(resources):
    e = one_attack("قتل 32 شخصاً في سلسلة تفجيرات انتحارية استهدفت صباح أمس الثلاثاء مطار زافنتم الدولي "
                   "ومحطة مترو مالبيك في بروكسل.", resources)
    assert e.target_types == ("airports_aircraft", "transportation")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("ارتفعت حصيلة الهجوم على مسرح «دوبروفكا» للعروض في العاصمة موسكو إلى 130 قتيلاً.",
         "مسرح «دوبروفكا» للعروض"),
        ("قتل 10 أشخاص في تفجير انتحاري استهدف صباح اليوم مركزاً تعليمياً في حي الكرادة ببغداد.",
         "مركزاً تعليمياً في حي الكرادة"),
        ("قتل 32 شخصاً في سلسلة تفجيرات انتحارية استهدفت صباح أمس الثلاثاء مطار زافنتم الدولي "
         "ومحطة مترو مالبيك في بروكسل.", "مطار زافنتم الدولي ومحطة مترو مالبيك"),
    ],
)
def test_extract_spot_keeps_purpose_phrase_written_case_and_joined_spot(resources, text, place):
    assert one_attack(text, resources).place == place
