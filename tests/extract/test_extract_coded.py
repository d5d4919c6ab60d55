"""Coded fields (target, weapon and attack types, attacker counts): GTD rules on realistic news sentences."""

from __future__ import annotations

import pytest
from extract_helpers import attacks, run


def one_attack(text: str, resources, published: str = "2024-07-16"):
    doc = run(text, resources, published)
    found = [e for e in attacks(doc) if e.status == "new"]
    assert len(found) == 1, [e.explanation[:3] for e in doc.events]
    return found[0]


# ------------------------------------------------------------------ target types
@pytest.mark.parametrize(("text", "types"), [
    # a mosque inside a police compound: the compound (police) is the target
    ("قتل 100 شخص أمس في تفجير انتحاري ضرب مسجداً داخل مجمع «خطوط الشرطة» في مدينة بيشاور.", ("police",)),
    ("قتل 30 شخصاً أمس في تفجير مسجد في مجمع الشرطة ببيشاور.", ("police",)),
    # the mosque itself attacked stays religious
    ("قتل 27 شخصاً أمس في تفجير انتحاري استهدف مسجد الإمام الصادق في الكويت.", ("religious_figures_institutions",)),
])
def test_targets_site_inside_a_police_compound_is_police(resources, text, types):
    assert one_attack(text, resources).target_types == types


@pytest.mark.parametrize(("text", "types"), [
    # "head «name» adjective": the facility type is read through the name
    ("قتل 67 شخصاً أمس في هجوم مسلح على مركز «ويستغيت» التجاري في نيروبي.", ("business",)),
    ("قتل 37 رهينة أمس في هجوم مسلح على منشأة تيقنتورين للغاز قرب عين أمناس.", ("utilities",)),
])
def test_targets_facility_named_between_noun_and_adjective(resources, text, types):
    assert one_attack(text, resources).target_types == types


@pytest.mark.parametrize(("text", "types"), [
    ("قتل 29 شخصاً أمس في هجوم مسلح استهدف حافلة وسيارات تقل أقباطاً في محافظة المنيا.", ("private_citizens_property",)),
    ("قتل 12 شخصاً أمس في تفجير استهدف حافلة تقل جنوداً في مدينة حلب.", ("military",)),
])
def test_targets_vehicle_carrying_people_is_coded_by_its_passengers(resources, text, types):
    assert one_attack(text, resources).target_types == types


def test_targets_transport_vehicle_without_passengers_stays_transportation(resources):
    e = one_attack("قتل 9 أشخاص أمس في تفجير استهدف محطة حافلات مزدحمة في أبوجا.", resources)
    assert e.target_types == ("transportation",)


def test_targets_beach_gives_way_to_the_tourists_killed_there(resources):
    e = one_attack("قتل 38 شخصاً، معظمهم سياح، في هجوم مسلح استهدف أمس شاطئاً في مدينة سوسة.", resources)
    assert e.target_types == ("tourists",)


def test_targets_street_alone_is_private_citizens(resources):
    e = one_attack("قتل 6 أشخاص أمس في انفجار عبوة ناسفة في شارع الاستقلال بإسطنبول.", resources)
    assert e.target_types == ("private_citizens_property",)


@pytest.mark.parametrize(("text", "types"), [
    ("قتل ثمانية أشخاص أمس في هجوم دهس وطعن قرب جسر لندن.", ("unknown",)),
    ("قتل ثمانية أشخاص أمس في هجوم دهس وطعن على جسر لندن.", ("transportation",)),
])
def test_targets_landmark_the_attack_was_near_is_not_the_target(resources, text, types):
    assert one_attack(text, resources).target_types == types


@pytest.mark.parametrize("text", [
    "قتل 10 أشخاص أمس في تفجيري كنيستي مار جرجس في طنطا والمرقسية في الإسكندرية.",
    "قتل 49 شخصاً أمس في هجوم مسلح على مسجدين في مدينة كرايستشيرش.",
])
def test_targets_dual_places_of_worship_are_religious(resources, text):
    assert one_attack(text, resources).target_types == ("religious_figures_institutions",)


# ------------------------------------------------------------------ weapon and attack types
def test_weapons_fire_caused_by_the_blast_is_not_incendiary(resources):
    e = one_attack("قتل 20 شخصاً أمس في انفجار شاحنة مفخخة في بغداد، ما أدى إلى اندلاع حريق هائل.", resources)
    assert e.weapon_types == ("explosives",)


def test_weapons_arson_stays_incendiary(resources):
    e = one_attack("قتل 5 أشخاص أمس عندما أضرم مسلحون النار في منازل قرية في بورنو.", resources)
    assert "incendiary" in e.weapon_types


def test_weapons_lone_gunman_detonating_a_bomb_is_explosives_only(resources):
    e = one_attack("قتل 6 أشخاص أمس عندما فجّر مسلح مجهول عبوة ناسفة أمام السفارة الروسية في كابول.", resources)
    assert e.weapon_types == ("explosives",)


def test_weapons_gunmen_storming_after_a_car_bomb_keep_firearms(resources):
    e = one_attack("قتل 26 شخصاً أمس عندما فجّر انتحاري سيارة مفخخة ثم اقتحم مسلحون فندقاً في كيسمايو.", resources)
    assert set(e.weapon_types) == {"explosives", "firearms"}


def test_weapons_ceasefire_is_no_firearm(resources):
    e = one_attack("قتل 50 شخصاً أمس في تفجير انتحاري في بيشاور بعد إنهاء الحركة وقف إطلاق النار مع الحكومة.",
                   resources)
    assert e.weapon_types == ("explosives",)


def test_weapons_word_inside_a_quoted_name_is_no_weapon(resources):
    e = one_attack("قتل 84 شخصاً أمس في تفجير انتحاري نفذه عنصران سماهما التنظيم «عمر الموحد» و«سيف الله المجاهد».",
                   resources)
    assert "melee" not in e.weapon_types


@pytest.mark.parametrize("text", [
    "قتل 130 شخصاً أمس عندما اقتحم ثلاثة مسلحين قاعة للحفلات ويحتجزوا رهائن داخلها.",
    "قتل 37 رهينة أمس في هجوم مسلح على منشأة للغاز قرب عين أمناس، حيث احتجز المهاجمون الرهائن.",
])
def test_attack_types_hostages_held_in_place_are_a_barricade(resources, text):
    e = one_attack(text, resources)
    assert "hostage_taking_barricade" in e.attack_types
    assert "hostage_taking_kidnapping" not in e.attack_types


def test_attack_types_abduction_stays_kidnapping(resources):
    e = one_attack("خطف مسلحون أمس ثماني فتيات من قرية وارابي في ولاية بورنو.", resources)
    assert e.attack_types == ("hostage_taking_kidnapping",)


def test_attack_types_killing_captives_is_the_kidnapping(resources):
    e = one_attack("بث التنظيم أمس شريطاً يظهر ذبح 21 رهينة كان عناصره قد اختطفوهم في مدينة سرت.", resources)
    assert e.attack_types == ("hostage_taking_kidnapping",)


# ------------------------------------------------------------------ attacker counts
@pytest.mark.parametrize("text", [
    # "أحد عناصره" and "عناصر الشرطة" are not several attackers
    "ارتفعت حصيلة التفجير الانتحاري الذي ضرب مسجداً في بيشاور أمس إلى 100 قتيل معظمهم من عناصر الشرطة.",
    # "ملاحقة منفذيه" is the perpetrators in general; "أعنف الهجمات" a comparison
    "قتل 90 شخصاً أمس في التفجير الانتحاري بشاحنة مفخخة في كابول، في واحد من أعنف الهجمات، وتعهد الرئيس بملاحقة منفذيه.",
])
def test_counts_suicide_bombing_has_one_bomber_killed(resources, text):
    e = one_attack(text, resources)
    assert (e.perpetrator_count, e.perpetrators_killed) == (1, 1)


def test_counts_double_suicide_bombing_has_two_bombers(resources):
    e = one_attack("قتل 32 شخصاً أمس في تفجيرين انتحاريين استهدفا سوقاً شعبية في ساحة الطيران ببغداد.", resources)
    assert e.perpetrator_count != 1


# ------------------------------------------------------------------ GTD target types in varied wording
@pytest.mark.parametrize(("text", "target"), [
    ("قتل ثلاثة أشخاص في هجوم مسلح على محطة وقود في ضواحي كركوك أمس.", "business"),
    ("قتل رجل أعمال بارز أمس برصاص مسلحين مجهولين في مدينة البصرة.", "business"),
    ("قتل قاض أمس برصاص مسلحين أمام المحكمة في مدينة كويتا.", "government_general"),
    ("هاجم مسلحون سجنا مركزيا في مدينة ديرة إسماعيل خان أمس وحرروا مئات السجناء.", "police"),
    ("قتل ضابط شرطة أمس بانفجار عبوة لاصقة وضعت أسفل سيارته في بغداد.", "police"),
    ("قتل 20 من رجال الأمن أمس في هجوم استهدف أكاديمية للشرطة في كويتا.", "police"),
    ("قتل ضابطان في الجيش أمس بانفجار لغم أرضي استهدف آليتهما في جبل الشعانبي.", "military"),
    ("قتل ستة من موظفي الأمم المتحدة أمس في هجوم على مجمع للأمم المتحدة في مقديشو.", "government_diplomatic"),
    ("قتل معلمان أمس برصاص مسلحين داخل مدرسة ابتدائية في ولاية يوبي.", "educational_institution"),
    ("قتل ستة أشخاص في تفجير استهدف مخيما للنازحين في ولاية بورنو أمس.", "private_citizens_property"),
    ("قتل 9 أشخاص في تفجير انتحاري استهدف تظاهرة سلمية في كابول أمس.", "private_citizens_property"),
    ("قتل خمسة من عناصر الحشد الشعبي أمس في هجوم على مقر لهم شمال بغداد.", "terrorists_non_state_militia"),
    ("هاجم مسلحون محطة لتوليد الكهرباء في محافظة صلاح الدين أمس.", "utilities"),
    ("فجر مسلحون أمس برج كهرباء في منطقة الطارمية.", "utilities"),
])
def test_targets_gtd_target_nouns_in_varied_wording(resources, text, target):
    assert one_attack(text, resources).target_types == (target,)


@pytest.mark.parametrize(("text", "target"), [
    ("قتل 17 بحارا أمس في هجوم انتحاري بزورق مفخخ على المدمرة الأمريكية كول في ميناء عدن.", "military"),
])
def test_targets_rigged_vehicle_is_the_weapon_not_the_target(resources, text, target):
    assert one_attack(text, resources).target_types == (target,)


def test_targets_drone_is_not_a_march(resources):
    e = one_attack("استهدف هجوم بطائرة مسيرة أمس منشأة نفطية في بقيق.", resources)
    assert "private_citizens_property" not in e.target_types


def test_attack_types_seizing_an_airliner_is_a_hijacking(resources):
    e = one_attack("اختطف مسلحون أمس طائرة ركاب تابعة لشركة محلية بعد إقلاعها من مطار مقديشو وأجبروا قائدها على الهبوط.",
                   resources)
    assert e.attack_types == ("hijacking",)


def test_weapons_cleavers_carried_by_gunmen_are_melee_only(resources):
    e = one_attack("أصيب 12 شخصا أمس في هجوم بالسواطير نفذه مسلحون في محطة قطار كونمينغ.", resources)
    assert e.weapon_types == ("melee",)


# ------------------------------------------------------------------ tolls
@pytest.mark.parametrize(("text", "killed", "wounded"), [
    ("قتل 61 مدنيا و6 جنود و5 شرطيين أمس في هجوم مسلح على بلدة في شمال بوركينا فاسو.", 72, None),
    ("أسفر الهجوم المسلح على القرية أمس عن مقتل 12 مدنيا وثلاثة جنود وإصابة 20 آخرين.", 15, 20),
    ("قتل جنديان وأصيب ثلاثة آخرون أمس في انفجار عبوة ناسفة استهدفت دورية عسكرية في ديالى.", 2, 3),
])
def test_counts_toll_given_as_a_sum_of_categories_is_added(resources, text, killed, wounded):
    e = one_attack(text, resources)
    assert (e.killed, e.wounded) == (killed, wounded)


def test_counts_parts_after_among_them_are_not_added(resources):
    e = one_attack("قتل 25 شخصا بينهم 5 نساء و3 أطفال أمس في تفجير سيارة مفخخة في سوق بمدينة الحلة.", resources)
    assert e.killed == 25


@pytest.mark.parametrize("text", [
    "قتل 25 شخصا بينهم ثلاثة مهاجمين في هجوم مسلح على فندق في مقديشو أمس.",
    "قتل 25 شخصا، من بينهم ثلاثة مهاجمين، في هجوم مسلح على فندق في مقديشو أمس.",
])
def test_counts_attackers_among_the_dead_are_perpetrators_killed(resources, text):
    e = one_attack(text, resources)
    assert (e.killed, e.perpetrators_killed) == (25, 3)


def test_counts_toll_revised_down_far_from_its_verb_is_the_latest(resources):
    e = one_attack("قتل 30 شخصا أمس في تفجير انتحاري في سوق ببغداد، وخفضت وزارة الداخلية في وقت لاحق الحصيلة إلى 24 قتيلا.",
                   resources)
    assert e.killed == 24


def test_counts_two_sources_in_one_sentence_give_a_range(resources):
    e = one_attack("قالت الشرطة إن 17 شخصا قتلوا في الهجوم على الكنيسة أمس، بينما قال مسؤولون محليون إن عدد القتلى بلغ 25.",
                   resources)
    assert tuple(e.killed) == (17, 25)
