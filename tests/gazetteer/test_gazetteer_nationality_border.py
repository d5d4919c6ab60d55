"""A demonym after a person noun is a nationality (no location); a country after «الحدود مع» is the other side of a border."""

from __future__ import annotations

import pytest

from marsad.gazetteer.places import not_a_location


def _find(doc, surface):
    return [p for p in doc.places if p.name == surface]


@pytest.mark.parametrize(
    "text,surface,country",
    [
        # سورية spelled like the country, but after a person noun it is the feminine demonym
        ("أعلن وزير الداخلية التركي صباح اليوم توقيف امرأة سورية يشتبه في أنها وضعت العبوة الناسفة في إسطنبول.", "سورية", "SY"),
        ("وقالت الشرطة إن منفذ عملية الطعن في محطة القطارات بمدينة مرسيليا شاب تونسي دخل البلاد قبل أشهر.", "تونسي", "TN"),
        ("واعتقلت السلطات الروسية أربعة مواطنين طاجيك للاشتباه في تورطهم بالهجوم على قاعة الحفلات.", "طاجيك", "TJ"),
        ("وأطلق مسلح أفغاني النار على المصلين داخل مسجد في مدينة بيشاور.", "أفغاني", "AF"),
        ("وأوضح البيان أن المشتبه به يحمل الجنسية الفرنسية وكان معروفاً لدى أجهزة الأمن.", "الفرنسية", "FR"),
    ],
)
def test_places_reads_demonym_after_person_noun_as_nationality(ann, text, surface, country):
    hits = _find(ann(text), surface)
    assert hits and hits[0].country == country and hits[0].adjective
    assert not_a_location(hits[0])


@pytest.mark.parametrize(
    "text,surface,country,adjective",
    [
        # the same spelling without a person noun is the country, an institution's demonym stays a demonym place
        ("وقال المرصد إن غارات جوية استهدفت مواقع في سورية أمس.", "سورية", "SY", False),
        ("وأعلنت الشرطة الفرنسية توقيف مشتبه به في مدينة ليون.", "الفرنسية", "FR", True),
        ("وتوغلت القوات التركية داخل الأراضي السورية.", "السورية", "SY", True),
    ],
)
def test_places_keeps_country_and_institution_demonym(ann, text, surface, country, adjective):
    hits = _find(ann(text), surface)
    assert hits and hits[0].country == country and hits[0].adjective is adjective
    assert not not_a_location(hits[0])


@pytest.mark.parametrize(
    "text,surface,across",
    [
        ("وكانت الحكومة قد رفعت خطة «فيجيبيرات» إلى أقصى درجاتها، وعززت الرقابة على الحدود مع ألمانيا.", "ألمانيا", True),
        ("وقتل جنديان في هجوم على نقطة عسكرية في المنطقة الحدودية مع العراق.", "العراق", True),
        ("وأغلقت السلطات معبرها الحدودي مع تركيا بعد الهجوم.", "تركيا", True),
        # a country named as the place itself, not across a border
        ("ووقع الهجوم على مركز للشرطة في ألمانيا مساء أمس.", "ألمانيا", False),
    ],
)
def test_places_marks_country_across_a_border(ann, text, surface, across):
    hits = _find(ann(text), surface)
    assert hits and hits[0].precision == "country"
    assert hits[0].adjective is across
    assert not_a_location(hits[0]) is across
