"""Event place: a person's nationality and a neighbour named as a border do not locate an event;
a hostage «أزمة» in construct with the attack noun is the event, not a metaphor."""

from __future__ import annotations

import pytest
from extract_helpers import new_events, run

ISTANBUL = (
    "إسطنبول - «المدار نيوز»:\n"
    "أعلن وزير الداخلية التركي سليمان صويلو صباح اليوم الاثنين توقيف امرأة سورية يشتبه في أنها وضعت العبوة "
    "الناسفة التي انفجرت مساء أمس الأحد في شارع الاستقلال التجاري بمنطقة تقسيم في إسطنبول، ما أسفر عن مقتل "
    "ستة أشخاص وإصابة 81 آخرين.\n"
    "وأضاف أن المشتبه بها دخلت البلاد بطريقة غير شرعية عبر منطقة عفرين شمالي سوريا."
)

STRASBOURG = (
    "ستراسبورغ (فرنسا) - «الأفق»:\n"
    "ارتفعت حصيلة الهجوم المسلح الذي استهدف مساء الثلاثاء محيط سوق عيد الميلاد في مدينة ستراسبورغ شرقي فرنسا "
    "إلى أربعة قتلى.\n"
    "وكانت الحكومة قد رفعت يوم الأربعاء خطة «فيجيبيرات» إلى أقصى درجاتها، وعززت الرقابة على الحدود مع ألمانيا."
)


def test_where_arrest_of_foreign_national_stays_where_arrested(resources):
    doc = run(ISTANBUL, resources, "2022-11-14")
    ops = [e for e in new_events(doc) if e.kind == "security_operation"]
    assert ops and all(e.country == "TR" for e in ops)


def test_where_border_measure_is_in_the_country_it_is_about(resources):
    doc = run(STRASBOURG, resources, "2018-12-15")
    measures = [e for e in doc.events if e.kind == "measure"]
    assert measures and all(e.country == "FR" for e in measures)


def test_where_nationality_alone_does_not_locate_the_attack(resources):
    # the only country word is the attacker's nationality: no country rather than Afghanistan
    doc = run("قتل ثلاثة أشخاص أمس عندما فتح مسلح أفغاني النار على المارة في سوق شعبية.", resources)
    events = new_events(doc)
    assert events and events[0].country != "AF"


@pytest.mark.parametrize(
    "text,attack",
    [
        # a crisis noun in construct with the attack noun names the attack
        ("قتل 37 رهينة أجنبية في أزمة احتجاز الرهائن في منشأة تيقنتورين للغاز قرب عين أمناس أمس.", True),
        ("قتل 18 شخصا في أزمة الخطف التي شهدها فندق في العاصمة باماكو أمس الجمعة.", True),
        # a definite or qualified crisis is an abstract subject: the violent verb is figurative
        ("ضربت الأزمة الاقتصادية البلاد بقوة أمس وهوت العملة إلى أدنى مستوياتها.", False),
        ("ضربت أزمة اقتصادية خانقة البلاد أمس وهوت العملة إلى أدنى مستوياتها.", False),
        ("وتفجرت أمس أزمة المحكمة الدولية في بيروت بعد استقالة خمسة وزراء من الحكومة.", False),
    ],
)
def test_crisis_noun_construct_is_the_attack_not_a_metaphor(resources, text, attack):
    events = [e for e in new_events(run(text, resources)) if e.kind == "attack"]
    assert bool(events) is attack


def test_where_division_is_not_refined_by_a_town_of_another_division(resources):
    text = ("كابول - «الأفق»:\n"
            "أعلن الجيش الأمريكي اليوم السبت أنه نفذ ضربة بطائرة مسيرة في ولاية ننغرهار شرقي أفغانستان، "
            "استهدفت مخططاً في تنظيم «ولاية خراسان»، وقال إن المستهدف قُتل.")
    ops = [e for e in new_events(run(text, resources, "2021-08-28")) if e.kind == "security_operation"]
    assert ops and ops[0].admin1 == "Nangarhar" and ops[0].city != "Kabul"


def test_where_french_name_in_quotes_is_not_a_clitic_and_a_town(resources):
    # «ستاد دو فرانس»: فرانس is France in a French name, not ف + رانس (Reims)
    text = ("باريس - «الضفتين»:\nقُتل ثلاثة أشخاص مساء أمس الجمعة في تفجيرات انتحارية قرب «ستاد دو فرانس» "
            "في ضاحية سان دوني شمال العاصمة الفرنسية.")
    events = new_events(run(text, resources, "2015-11-14"))
    assert events and events[0].city != "Reims" and events[0].country == "FR"


def test_where_foiled_plot_is_located_at_its_target_not_the_arrest(resources):
    text = ("فيينا - «المدار نيوز»:\n"
            "كشفت السلطات النمساوية اليوم الخميس تفاصيل مخطط إرهابي أُحبط كان يستهدف الحفلات الثلاث التي كان من "
            "المقرر أن تحييها المغنية الأمريكية تايلور سويفت في ملعب «إرنست هابل» بالعاصمة فيينا، بعد توقيف شابين.\n"
            "وقال مدير الأمن العام إن الشرطة أوقفت صباح أمس الأربعاء شاباً في التاسعة عشرة في بلدة تيرنيتس "
            "بولاية النمسا السفلى، وعثرت في منزله على مواد كيميائية لصنع متفجرات.")
    plots = [e for e in new_events(run(text, resources, "2024-08-08")) if e.kind == "foiled_plot"]
    assert plots and plots[0].city == "Vienna"
