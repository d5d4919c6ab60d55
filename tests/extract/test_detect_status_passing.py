"""Detection and status of incidents named in passing (issue 5): since-frames, running totals,
appositive relative clauses, auxiliary verbs, clefts, dating back by a duration frame.

Each rule has the report it must keep and the twin it must not turn into news.
"""

from __future__ import annotations

import pytest
from extract_helpers import attacks, new_events, run

from marsad.extract.detect import recent_words
from marsad.extract.view import View


@pytest.mark.parametrize(
    ("text", "published", "is_news"),
    [
        # a period counted from an incident names it as past (status.yaml since)
        ("ووصل عدد قتلى أعمال الشغب في البلاد إلى 40 منذ اغتيال زعيمة المعارضة.", None, False),
        ("قتل 12 شخصا أمس في اغتيال زعيم قبلي بتفجير سيارة مفخخة في مدينة كويتا.", None, True),
        # a running total since a date is a statistic, not an incident
        ("وتقول لجنة حماية الصحافيين إن 15 صحافيا خطفوا منذ عام 2004 في العراق.", "2007-04-07", False),
        ("وقال مسؤول أمني إن مسلحين خطفوا صباح أمس 15 صحافيا في بغداد.", "2007-04-07", True),
        # an auxiliary verb makes the verbal noun a reported act …
        ("وقال شهود إن مسلحين مختبئين خلف الأشجار عمدوا إلى إلقاء المتفجرات على الموكب.", None, True),
        # … but not in a generic relative («whoever attacked»)
        ("وطالب الرئيس بإحالة كل من قام باعتداء على الجيش إلى القضاء.", None, False),
        # a cleft naming who did a known act refers to it
        ("ورجحت الصحيفة أن يكون جهاز المخابرات هو من أقدم على اغتيال العالم النووي.", None, False),
        ("أقدم مسلح مجهول على اغتيال العالم النووي أمام منزله في طهران صباح أمس.", None, True),
        # an occurrence verb before an indefinite attack noun reports it
        ("وقال المتحدث العسكري إنه وقع انفجار في سوق المدينة ظهر اليوم.", None, True),
        # shelling with a weapon named is an attack; a threat to shell is not
        ("قصفت الحركة المعبر الحدودي بقذائف الهاون صباح اليوم.", None, True),
        ("وهددت الحركة بقصف المعبر الحدودي بقذائف الهاون إذا استمر الحصار.", None, False),
        # preparing an attack "in the future" is no attack
        ("وقال إن العدو ما زال يواصل التحضير للاعتداء على لبنان في المستقبل.", None, False),
    ],
)
def test_detect_reports_news_but_not_incidents_named_in_passing(resources, text, published, is_news):
    events = new_events(run(text, resources, published=published), kinds=("attack",))
    assert bool(events) is is_news


def test_detect_appositive_relative_clause_in_a_lead_names_an_earlier_killing(resources):
    text = ("شارك الآلاف في تشييع الوزير الراحل بيار الجميل، الذي اغتيل في 21 نوفمبر الماضي، وسط إجراءات أمنية مشددة. "
            "وقال مسؤول إن الحشود رفعت لافتات تندد بالعنف.")
    assert not new_events(run(text, resources, published=None), kinds=("attack",))


def test_detect_lead_relative_clause_without_comma_reports_the_news(resources):
    text = ("ارتفعت حصيلة التفجير الذي استهدف سوقا شعبية في بغداد صباح أمس إلى 30 قتيلا. "
            "وقال مسؤول إن بين الضحايا أطفالا.")
    assert new_events(run(text, resources), kinds=("attack",))


@pytest.mark.parametrize(
    ("text", "keeps"),
    [
        ("فجر مسلحون سيارة مفخخة قرب مقر الشرطة.", False),  # «فجر» is the verb, not dawn
        ("انفجرت سيارة مفخخة قرب مقر الشرطة فجر أمس.", True),
        ("ظلت حالة الطوارئ سارية حتى اليوم بعد الهجوم.", False),  # «حتى اليوم» bounds a period
    ],
)
def test_status_recent_words_skip_trigger_words_and_period_bounds(resources, text, keeps):
    doc = run(text, resources)
    v = View.build(doc, resources.extract)
    assert bool(recent_words(v, 0)) is keeps


_KUWAIT = ("قتل 27 شخصا في تفجير انتحاري استهدف مسجدا في مدينة الكويت أمس الجمعة أثناء الصلاة. "
           "ويأتي هذا الهجوم بعد نحو خمسة أسابيع من تفجير انتحاري مماثل استهدف مسجدا في بلدة القديح شرق السعودية{date}، "
           "وأودى بحياة 21 مصليا.")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("", "2015-05"),  # five weeks before 2015-06-26: dated back from the news, month precision
        (" في 22 مايو الماضي", "2015-05-22"),  # its own date wins over arithmetic
    ],
)
def test_status_dates_an_earlier_incident_back_from_the_news_by_its_duration_frame(resources, date, expected):
    doc = run(_KUWAIT.format(date=date), resources, published="2015-06-27")
    background = [e for e in attacks(doc) if e.status == "background"]
    assert background
    assert background[0].date == expected
    assert any(e.status == "new" and e.date == "2015-06-26" for e in attacks(doc))
