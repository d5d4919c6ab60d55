"""Security operations and measures: general rules, each with its twin (issue 5, point 2 "Kinds")."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _kinds(text: str, resources, published: str = "2024-07-16") -> list[str]:
    return [e.kind for e in run(text, resources, published).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an arrest noun as the object of an announcement verb reports the arrest
        ("انفجرت عبوة ناسفة أمس في سوق بمدينة الحلة وقتلت 9 أشخاص.\n"
         "وأعلنت الوزارة في بيانها توقيف السائق الذي نقل الانتحاري إلى السوق.", 1),
        # twin: the same noun named in passing, with no announcement, time or tie, reports nothing
        ("انفجرت عبوة ناسفة أمس في سوق بمدينة الحلة وقتلت 9 أشخاص.\n"
         "ويطالب الأهالي منذ سنوات بتوقيف المتاجرين بالسلاح في المدينة.", 0),
    ],
)
def test_kinds_announced_arrest_noun_is_an_operation(resources, text, expected):
    assert _kinds(text, resources).count("security_operation") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # suspects tied to the attack, arrested, in the sentence that gives the toll: an operation
        ("وقال الوزير إن الهجوم أودى بحياة 20 مدنياً، فيما قُتل ثلاثة من المهاجمين، "
         "واعتُقل ثمانية مشتبهاً بهم على صلة بالهجوم.", 1),
        # twin: the attacker caught on the spot is the attack's outcome, not an operation
        ("هاجم مسلح مصلين داخل مسجد في مدينة أغاديز أمس وقتل خمسة منهم قبل أن تعتقله الشرطة.", 0),
    ],
)
def test_kinds_linked_arrest_beside_an_attack_verb(resources, text, expected):
    assert _kinds(text, resources).count("security_operation") == expected


def test_kinds_force_in_a_listed_toll_does_not_kill_the_attackers(resources):
    # «قوات الأمن» is a victim listed before the comma; the attackers' death is no operation
    text = ("قُتل 30 شخصاً بينهم أربعة من عناصر قوات الأمن، فيما قُتل المهاجمون الثلاثة "
            "في هجوم على فندق في مقديشو أمس.")
    assert "security_operation" not in _kinds(text, resources)


def test_kinds_forces_killing_militants_days_later_is_an_operation(resources):
    text = "قتلت قوات الأمن الصومالية أمس ثلاثة مسلحين من حركة الشباب في مداهمة لمخبأ قرب مقديشو."
    assert "security_operation" in _kinds(text, resources)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the arrests and the end of the siege are two operations, however close
        ("وأعلن الرئيس أمس انتهاء الهجوم على الفندق، وقال إن 11 مشتبهاً بهم اعتُقلوا على صلة بالهجوم.\n"
         "وأضاف أن القوات الخاصة أنهت الحصار صباح أمس واستعادت السيطرة على الفندق بعد اشتباكات استمرت ساعات.", 2),
        # twin: a raid then the arrests it made, one operation
        ("داهمت قوات الأمن أمس شقة في حي الزهور بمدينة سوسة.\n"
         "واعتقلت القوات ثلاثة مشتبهاً بهم على صلة بالهجوم على الفندق.", 1),
    ],
)
def test_kinds_siege_end_and_arrests_are_separate_operations(resources, text, expected):
    assert _kinds(text, resources).count("security_operation") == expected


def test_kinds_arrests_that_foiled_a_plot_are_the_foiling(resources):
    text = ("كشفت السلطات النمساوية اليوم تفاصيل مخطط إرهابي أُحبط كان يستهدف حفلاً موسيقياً في فيينا.\n"
            "وقال مدير الأمن إن الشرطة أوقفت صباح أمس شاباً في بلدة تيرنيتس على صلة بالمخطط.")
    kinds = _kinds(text, resources)
    assert "foiled_plot" in kinds and "security_operation" not in kinds


def test_kinds_arrests_after_an_attack_stay_an_operation(resources):
    text = ("انفجرت سيارة مفخخة أمس قرب مركز للشرطة في مدينة ديار بكر وقتلت سبعة أشخاص.\n"
            "وقال الوالي إن الشرطة أوقفت صباح اليوم شاباً على صلة بالتفجير.")
    assert "security_operation" in _kinds(text, resources)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مثل المتهم الرئيسي في الهجوم صباح اليوم أمام محكمة في مدينة ليون.", 1),
        # twin: «مثل» as "like" with «أمام» but no court
        ("ووقفت مثل هذه الحوادث أمام جهود التهدئة في المدينة منذ سنوات.", 0),
    ],
)
def test_kinds_court_appearance_needs_a_court(resources, text, expected):
    assert _kinds(text, resources).count("security_operation") == expected


def test_kinds_spokesman_title_is_not_an_acting_force(resources):
    text = ("وقال المتحدث باسم القوات المسلحة إن اثنين من المهاجمين قُتلا في موقع الهجوم، "
            "فيما توفي الثالث متأثراً بجروحه بعد اعتقاله.")
    assert "security_operation" not in _kinds(text, resources)


def test_kinds_ending_a_crisis_is_an_operation(resources):
    text = "وأنهت القوات الخاصة الأزمة بهجوم أخير يوم السبت على الفندق حيث تحصن آخر الخاطفين."
    assert "security_operation" in _kinds(text, resources)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("رفعت الحكومة الفرنسية مساء أمس مستوى خطة «فيجيبيرات» إلى أعلى درجة.", 1),
        ("وقررت السلطات أمس تشديد الإجراءات الأمنية في محيط المطار.", 1),
        # twins: the same cues as the setting of another report
        ("وشيّع آلاف الأشخاص أمس ضحايا الهجوم وسط إجراءات أمنية مشددة.", 0),
        ("وتأتي هذه التطورات في ظل حالة الطوارئ المعلنة في البلاد منذ أشهر.", 0),
    ],
)
def test_kinds_measure_cue_after_a_circumstance_frame_is_no_step(resources, text, expected):
    assert _kinds(text, resources).count("measure") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقررت الحكومة إغلاق المساجد التي يرتادها المتطرفون بعد الهجوم.", 1),
        # twin: a weak cue whose clause is about something else; the attack word is in another clause
        ("وبدأ الهجوم مساء في شارع قريب من الكنيس، قبل ساعات من بدء إغلاق عام لمواجهة جائحة كورونا.", 0),
    ],
)
def test_kinds_weak_measure_cue_needs_context_in_its_clause(resources, text, expected):
    assert _kinds(text, resources).count("measure") == expected
