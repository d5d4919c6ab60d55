"""Detection over the varied ways Arabic news reports attacks, foiled plots, operations and
measures, each new phrasing with its cancelling twin (issue 5)."""

from __future__ import annotations

import pytest
from extract_helpers import run

REPORTED = [
    # ألقى/ألقوا: throwing an incendiary device is the act (support spelt with ال)
    ("attack", "ألقى مجهولون زجاجة حارقة على مقر حزب في مدينة الإسكندرية ليل أمس."),
    ("attack", "ألقى مجهولون زجاجات مولوتوف على مركز للشرطة في حي شعبي بالقاهرة فجر اليوم."),
    # قضى (died) as the outcome that lets a nominal trigger report the incident
    ("attack", "قضى أربعة عناصر من الشرطة بانفجار عبوة ناسفة زرعت على جانب الطريق في كركوك اليوم."),
    # a bomb seized by a force is a plot stopped
    ("foiled_plot", "ضبطت الشرطة سيارة مفخخة معدة للتفجير في حي الكرادة ببغداد قبل انفجارها."),
    # a force that foiled the plot makes the sentence a report even without time or place
    ("foiled_plot", "تمكنت الأجهزة الأمنية من إحباط هجوم انتحاري كان يستهدف مقرا حكوميا في العاصمة."),
    # arrest with the force between the verb and القبض
    ("security_operation", "ألقت الشرطة القبض على شاب يشتبه في صلته بالهجوم على الكنيسة مساء أمس."),
    # «قضت قوات … على» (wiped out) militants
    ("security_operation", "قضت قوات الأمن على إرهابيين اثنين في اشتباك مسلح بولاية البويرة أمس."),
    ("security_operation", "نفذت وحدات من الجيش عملية تمشيط واسعة في ولاية القصرين بحثا عن عناصر إرهابية."),
    ("measure", "أدرجت الولايات المتحدة الحركة على قائمة المنظمات الإرهابية الأجنبية."),
    ("measure", "أقر البرلمان قانونا جديدا لمكافحة الإرهاب يمنح الأجهزة الأمنية صلاحيات واسعة."),
    ("measure", "أعلنت الحكومة إغلاق المعابر الحدودية مع سوريا بشكل مؤقت."),
]

CANCELLED = [
    # ألقى كلمة: a speech, no trigger word to support
    ("attack", "ألقى الوزير كلمة في افتتاح المؤتمر الدولي في القاهرة أمس."),
    # قضى as "spent" with no trigger
    ("attack", "قضى أربعة عناصر من الشرطة إجازتهم في مدينة كركوك الأسبوع الماضي."),
    # ضبط النفس (restraint) is no seizure of a bomb
    ("foiled_plot", "دعت الحكومة إلى ضبط النفس بعد الاشتباكات في بغداد أمس."),
    # a plan alone, nobody stopped it: no foiled plot
    ("foiled_plot", "قال التنظيم إنه كان ينوي تنفيذ هجوم انتحاري في العاصمة."),
    # a court ruling (قضت المحكمة) is no kill operation
    ("security_operation", "قضت المحكمة بتغريم الشركة بسبب مخالفات مالية في بغداد أمس."),
    # a speech (القبض on nothing terror-related, no force)
    ("security_operation", "تحدث الكاتب عن القبض على اللحظة في روايته الجديدة."),
    # a list of films is no terrorist list
    ("measure", "أدرجت اللجنة الفيلم على قائمة الأعمال المرشحة للجائزة."),
    # metaphor: a player «exploded» in anger, a team «opened fire» on its rival
    ("attack", "انفجر اللاعب غاضبا في وجه الحكم بعد إلغاء الهدف أمس."),
    ("attack", "أطلق الفريق النار على منافسه في المباراة النهائية بثلاثة أهداف أمس."),
]


@pytest.mark.parametrize(("kind", "text"), REPORTED)
def test_detect_reports_phrasing_as_new_event_of_kind(kind: str, text: str, resources) -> None:
    doc = run(text, resources)
    assert kind in {e.kind for e in doc.events if e.status == "new"}


@pytest.mark.parametrize(("kind", "text"), CANCELLED)
def test_detect_cancelling_twin_yields_no_event_of_kind(kind: str, text: str, resources) -> None:
    doc = run(text, resources)
    assert kind not in {e.kind for e in doc.events if e.status == "new"}
