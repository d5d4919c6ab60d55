"""Kinds (foiled plot, security operation, measure), status (new/background) and one event per incident."""

from __future__ import annotations

import pytest
from extract_helpers import attacks, new_events, run


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("أحبطت الشرطة النمساوية أمس مخططا إرهابيا لتفجير حفل موسيقي في فيينا واعتقلت شابين.", "foiled_plot"),
        ("اعتقلت قوات الأمن أمس ثلاثة مسلحين كانوا يخططون لتنفيذ هجوم انتحاري على كنيسة في القاهرة.", "foiled_plot"),
        ("داهمت قوات الأمن العراقية فجر أمس مخبأ لعناصر التنظيم في مدينة الموصل واعتقلت خمسة مسلحين.", "security_operation"),
        ("قتلت القوات الأمريكية أمس 11 مسلحا من تنظيم القاعدة في غارة جوية قرب مدينة تكريت.", "security_operation"),
        ("رفعت الحكومة الفرنسية أمس درجة التأهب الأمني إلى أقصى مستوى في جميع أنحاء البلاد.", "measure"),
        ("أعلنت السلطات التونسية أمس حالة الطوارئ في البلاد لمدة شهر.", "measure"),
        ("واعتقلت الشرطة البريطانية أمس شاباً في الثالثة والعشرين جنوب مانشستر على صلة بالتفجير.",
         "security_operation"),
        ("وأعلنت الشرطة الألمانية أمس توقيف امرأة يشتبه في أنها ساعدت منفذ الهجوم.", "security_operation"),
        ("وأنهت القوات الخاصة الصومالية صباح اليوم الحصار المفروض على الفندق في كيسمايو.", "security_operation"),
        ("وقررت الحكومة الفرنسية أمس إعادة فرض الرقابة على الحدود بعد الهجمات.", "measure"),
        ("وقال الجيش إن القوات الجوية استهدفت ليل أمس عدداً من البؤر الإرهابية في المنطقة.", "security_operation"),
    ],
)
def test_extract_kind_follows_the_cue(resources, text, kind):
    kinds = {e.kind for e in run(text, resources).events}
    assert kind in kinds
    if kind != "measure":
        assert "attack" not in kinds


def test_extract_measure_has_no_attack_fields(resources):
    doc = run("أعلنت السلطات التونسية أمس حالة الطوارئ في البلاد لمدة شهر.", resources)
    m = next(e for e in doc.events if e.kind == "measure")
    assert m.perpetrators == () and m.attack_types == () and m.target_types == ()
    assert m.killed is None and m.claimed is None and m.suicide is None


def test_extract_security_operation_has_no_attack_fields(resources):
    doc = run("داهمت قوات الأمن العراقية فجر أمس مخبأ لعناصر التنظيم في مدينة الموصل واعتقلت خمسة مسلحين.", resources)
    op = next(e for e in doc.events if e.kind == "security_operation")
    assert op.perpetrators == () and op.weapon_types == () and op.perpetrator_count is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("انفجرت سيارة مفخخة أمس في سوق مدينة الحلة وقتلت 12 شخصا.", "new"),
        ("ويأتي الهجوم بعد شهرين من تفجير انتحاري استهدف مسجدا في مدينة القطيف وأودى بحياة 21 شخصا.", "background"),
        ("وتحل اليوم الذكرى العاشرة لتفجيرات لندن التي أودت بحياة 52 شخصا في يوليو 2005.", "background"),
        ("وكان تفجير انتحاري قد استهدف كنيسة في القاهرة في ديسمبر 2023 وأودى بحياة 29 شخصا.", "background"),
    ],
)
def test_extract_status_from_dates_and_frames(resources, text, status):
    found = [e for e in attacks(run(text, resources)) if e.status == status]
    assert found, [(e.status, e.explanation[:2]) for e in run(text, resources).events]


def test_extract_pluperfect_with_a_recent_day_stays_new(resources):
    doc = run("وكان انتحاري قد فجر حزامه الناسف مساء أمس وسط حشد في مدينة كابول فقتل 13 شخصا.", resources)
    assert [e.status for e in attacks(doc)] == ["new"]


def test_extract_mentions_of_one_incident_merge_into_one_event(resources):
    text = (
        "بغداد - أ ف ب:\n"
        "قتل 25 شخصا وأصيب 40 آخرون في انفجار سيارة مفخخة استهدف سوقا شعبية في حي الكرادة ببغداد أمس.\n"
        "وقالت الشرطة إن الانفجار وقع قرابة الساعة العاشرة صباحا.\n"
        "وارتفعت حصيلة ضحايا الهجوم مساء أمس إلى 30 قتيلا.\n"
        "وتبنى تنظيم الدولة الإسلامية الهجوم في بيان نشر على الإنترنت."
    )
    events = [e for e in run(text, resources).events if e.kind == "attack"]
    assert len(events) == 1
    assert events[0].killed == 30
    assert events[0].claimed is True


def test_extract_two_incidents_with_separate_tolls_stay_two(resources):
    text = (
        "قتل 27 شخصا في تفجير انتحاري استهدف كنيسة مار جرجس في مدينة طنطا صباح أمس.\n"
        "وفي هجوم آخر، فجر انتحاري نفسه أمام الكاتدرائية المرقسية في الإسكندرية بعد ساعات، ما أسفر عن مقتل 17 شخصا."
    )
    events = [e for e in run(text, resources, "2017-04-10").events if e.kind == "attack" and e.status == "new"]
    assert len(events) == 2
    assert sorted(e.killed for e in events) == [17, 27]


def test_extract_arrest_of_the_attacker_in_the_attack_sentence_is_no_operation(resources):
    doc = run("أطلق مسلح النار أمس على مصلين داخل مسجد في مدينة كرايستشيرش فقتل 49 شخصا، واعتقلت الشرطة المسلح.",
              resources)
    assert [e.kind for e in doc.events] == ["attack"]


def test_extract_arrest_without_agent_or_investigation_link_is_no_operation(resources):
    doc = run("وتحدث التقرير أمس عن اعتقال الصحفي في ظروف غامضة.", resources)
    assert not [e for e in doc.events if e.kind == "security_operation"]


@pytest.mark.parametrize(
    "frame",
    ["بعد يومين فقط من", "بعد ثلاثة أشهر من", "بعد نحو عامين من", "بعد أسبوعين من"],
)
def test_extract_duration_frame_makes_the_named_attack_background(resources, frame):
    text = ("قتل 17 جندياً صباح أمس في هجمات شنها مسلحون على كمائن للجيش في مدينة الشيخ زويد. "
            f"وجاءت الهجمات {frame} اغتيال النائب العام بتفجير سيارة مفخخة استهدف موكبه في القاهرة.")
    doc = run(text, resources)
    new = [e for e in doc.events if e.kind == "attack" and e.status == "new"]
    old = [e for e in doc.events if e.kind == "attack" and e.status == "background"]
    assert len(new) == 1 and new[0].killed == 17
    assert len(old) == 1 and "assassination" in old[0].attack_types


def test_extract_hours_after_the_attack_is_the_news_itself(resources):
    doc = run("انفجرت سيارة مفخخة أمس في سوق بمدينة كركوك وقتلت 9 أشخاص. "
              "واعتقلت الشرطة بعد ساعات من الهجوم ثلاثة مشتبه بهم.", resources)
    assert not [e for e in doc.events if e.kind == "attack" and e.status == "background"]


_HILLA = "قتل 12 شخصا صباح اليوم في انفجار سيارة مفخخة استهدف سوقا شعبية في مدينة الحلة جنوبي بغداد. "


@pytest.mark.parametrize(
    ("second", "count"),
    [
        ("وفي كركوك، اغتال مسلحون مجهولون ضابطا في الشرطة أمام منزله مساء اليوم.", 2),
        ("كما انفجرت عبوة ناسفة بعد ساعتين في مدينة الموصل وأصابت خمسة أشخاص.", 2),
        ("وقال مسؤول في الشرطة إن الانفجار خلف أيضا 30 جريحا، ونقل المصابون إلى مستشفى المدينة.", 1),
    ],
)
def test_extract_another_town_with_its_own_method_or_toll_is_another_incident(resources, second, count):
    doc = run(_HILLA + second, resources, published="2024-05-02")
    assert len([e for e in doc.events if e.kind == "attack" and e.status == "new"]) == count


@pytest.mark.parametrize(
    "text",
    [
        "قُتل قيادي في حزب معارض اليوم برصاص مجهولين أمام منزله في العاصمة تونس.",
        "تعرضت دورية للجيش المالي لكمين نصبه مسلحون قرب مدينة موبتي أمس وأسفر عن مقتل 7 جنود.",
        "أعدم تنظيم الدولة الإسلامية 15 رهينة في مدينة الموصل بحسب مصادر محلية اليوم.",
        "أصيب عشرة أشخاص مساء أمس حين راح رجل يدهس المارة بسيارته في شارع تجاري وسط مدينة نيس.",
    ],
)
def test_extract_common_attack_phrasings_open_an_event(resources, text):
    assert [e for e in run(text, resources).events if e.kind == "attack" and e.status == "new"]


def test_extract_operation_ending_a_siege_takes_the_attack_place_and_toll_sentence_attaches(resources):
    text = ("مقديشو - «القرن اليوم»:\nقتل 26 شخصا على الأقل في هجوم انتحاري ومسلح استهدف فندقا في مدينة كيسمايو "
            "مساء أمس. وقال مسؤول إن 56 شخصاً أصيبوا بجروح، وإن بين القتلى مواطنين من كينيا وكندا. "
            "وأوضح مسؤولون أن قوات جوبالاند تمكنت من إنهاء الحصار صباح اليوم بعد اشتباكات استمرت 14 ساعة.")
    doc = run(text, resources, published="2019-07-13")
    attack = next(e for e in doc.events if e.kind == "attack")
    op = next(e for e in doc.events if e.kind == "security_operation")
    assert attack.wounded == 56
    assert op.city == attack.city == "Kismayo"


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("وعقد البلدان أمس في الرياض محادثات تعاون لمكافحة الإرهاب بعد الهجمات الأخيرة.", True),
        ("وتأتي الهجمات في وقت تتعثر فيه محادثات السلام في جنيف بين الحكومة والمعارضة.", False),
    ],
)
def test_extract_talks_are_a_measure_only_about_counter_terrorism(resources, text, measure):
    assert bool([e for e in run(text, resources).events if e.kind == "measure"]) is measure


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("وشنت المقاتلات الأمريكية أمس ضربات جوية ضد مواقع تنظيم داعش في سوريا وقتلت 15 مسلحا.", True),
        ("وأكد مسؤولون أمريكيون أمس أن إسرائيل شنت ضربات جوية ضد سوريا الأسبوع الماضي.", False),
        ("وشنت باكستان أمس غارات جوية على مخابئ حركة طالبان في وزيرستان.", True),
        ("وقال التقرير إن سوريا كانت تبني مفاعلا قبل أن تدمر إسرائيل الموقع في ضربة جوية.", False),
        ("ونفت تل أبيب التعليق على أنباء عن شنها ضربة جوية داخل الأراضي السورية الأسبوع الماضي.", False),
        ("وشنت الطائرات الأمريكية أمس ضربة جوية على مخابئ التنظيم داخل الأراضي السورية.", True),
    ],
)
def test_extract_strike_on_a_state_is_no_security_operation(resources, text, operation):
    doc = run(text, resources)
    assert bool([e for e in doc.events if e.kind == "security_operation"]) is operation


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("وأعلنت الشرطة أمس اعتقال ثلاثة أشخاص للاشتباه في صلتهم بتفجير السوق في مدينة كركوك.", True),
        ("واعتقل ثلاثة أشخاص أمس للاشتباه في صلتهم بتفجير السوق في مدينة كركوك.", True),
        ("ويقضي الرجل عقوبته منذ سنوات بعد اعتقاله للاشتباه في صلته بتفجير السوق في مدينة كركوك.", False),
    ],
)
def test_extract_arrest_noun_reports_an_operation_only_next_to_a_security_agent(resources, text, operation):
    doc = run(text, resources)
    assert bool([e for e in doc.events if e.kind == "security_operation" and e.status == "new"]) is operation


@pytest.mark.parametrize(
    ("text", "attack"),
    [
        ("وأفاد مسؤول محلي بأن مسلحين فجروا صباح أمس جسرا رئيسيا يربط البلدة بالطريق السريع.", True),
        ("وأفاد مسؤول محلي بأن الأوضاع فجرت صباح أمس خلافا رئيسيا في البلدة.", False),
    ],
)
def test_extract_attacker_subject_supports_a_weak_verb(resources, text, attack):
    doc = run(text, resources)
    assert bool([e for e in doc.events if e.kind == "attack" and e.status == "new"]) is attack


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("هاجم مسلحون مجهولون فجر اليوم حاجزا للشرطة في شمال سيناء وقتلوا ثلاثة من عناصره.", "attack"),
        ("هاجم مسلحون دورية للجيش قرب مدينة الرمادي وقتلوا جنديين من أفرادها.", "attack"),
        ("قتلت قوات الأمن ثلاثة من عناصر التنظيم في مداهمة بمدينة العريش فجر اليوم.", "security_operation"),
    ],
)
def test_extract_militants_attacking_a_force_is_an_attack_not_an_operation(resources, text, kind):
    doc = run(text, resources)
    assert [e.kind for e in new_events(doc)] == [kind]


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("واعتقلت الأجهزة الأمنية أمس عددا من المسلحين الذين أطلقوا النار في مخيم عين الحلوة.", True),
        ("وقال المحافظ إن الأجهزة الأمنية أصدرت أمر اعتقال بحق عدد من المسلحين في مخيم عين الحلوة.", False),
        ("وذكرت مصادر أمس أن الحكومة ستطلب من الإنتربول توقيف عشرين من قادة المتمردين.", False),
    ],
)
def test_extract_arrest_warrant_or_request_is_no_operation(resources, text, operation):
    doc = run(text, resources)
    assert bool([e for e in doc.events if e.kind == "security_operation" and e.status == "new"]) is operation



@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("واعتقلت الشرطة البريطانية أمس شابا كان ينوي تنفيذ تفجير في محطة قطارات بمدينة ليدز.", ["foiled_plot"]),
        ("وأضاف الكاتب أن الرجل كان ينوي تنفيذ تفجير في محطة قطارات بمدينة ليدز لكنه عدل عن الفكرة.", []),
    ],
)
def test_extract_plan_is_a_foiled_plot_only_when_stopped(resources, text, kinds):
    assert [e.kind for e in new_events(run(text, resources))] == kinds


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("واعتقلت الشرطة المصرية أمس خمسة أشخاص يشتبه في انتمائهم إلى تنظيم إرهابي في مدينة المحلة.", True),
        ("واعتقلت الشرطة المصرية أمس 49 شخصا إثر مصادمات مع عمال مضربين في مدينة المحلة.", False),
    ],
)
def test_extract_arrest_by_a_force_needs_a_tie_to_armed_groups(resources, text, operation):
    doc = run(text, resources)
    assert bool([e for e in doc.events if e.kind == "security_operation" and e.status == "new"]) is operation


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("قتل خمسة أشخاص أمس عندما فجر انتحاري نفسه في سوق شعبية ببغداد.", True),
        ("عندما اغتيل القيادي في الحركة في دمشق، أعلن زعيمها أمس أن الرد سيكون قاسيا.", False),
    ],
)
def test_extract_sentence_opening_when_clause_names_an_earlier_incident(resources, text, new):
    assert bool(new_events(run(text, resources), ("attack",))) is new
