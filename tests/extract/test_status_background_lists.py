"""Status and merging of earlier incidents listed after the news, and of two incidents in one
sentence (issue 5): each rule with the report it must keep and the twin it must not change.
"""

from __future__ import annotations

import pytest
from extract_helpers import attacks, new_events, run


@pytest.mark.parametrize(
    ("text", "news", "background"),
    [
        # "هجمات سابقة، بينها …": the listed attack is an earlier one, not the news
        ("قتل مسلحون ثلاثة من عناصر الأمن في هجوم على حاجز في مدينة سرت اليوم. "
         "وتبنى التنظيم هجمات سابقة في المدينة، بينها تفجير انتحاري استهدف مركزا للتدريب قتل فيه 60 شخصا.", 1, 1),
        # "ومن أبرز الهجمات …": a list of the group's earlier attacks
        ("قتل ستة أشخاص في هجوم مسلح على مقهى في مدينة قندهار اليوم. "
         "ومن أبرز الهجمات التي نفذتها الحركة في المدينة تفجير سيارة مفخخة أمام مقر الشرطة قتل فيه 25 شرطيا.", 1, 1),
        # twin: a second sentence telling more of the news keeps it one new incident
        ("قتل مسلحون ثلاثة من عناصر الأمن في هجوم على حاجز في مدينة سرت اليوم. "
         "وتبنى التنظيم الهجوم في بيان، وقال إن عناصره استخدموا أسلحة رشاشة.", 1, 0),
    ],
)
def test_status_attacks_listed_after_an_earlier_incident_cue_are_background(resources, text, news, background):
    doc = run(text, resources)
    assert len(new_events(doc, kinds=("attack",))) == news
    assert len([e for e in attacks(doc) if e.status == "background"]) == background


def test_status_news_toll_is_not_taken_by_a_listed_earlier_attack(resources):
    text = ("قتل ستة أشخاص في هجوم مسلح على مقهى في مدينة قندهار اليوم. "
            "ومن أبرز الهجمات التي نفذتها الحركة في المدينة تفجير سيارة مفخخة أمام مقر الشرطة قتل فيه 25 شرطيا.")
    (news,) = new_events(run(text, resources), kinds=("attack",))
    assert news.killed == 6


def test_status_verb_clause_after_a_frame_keeps_its_own_status(resources):
    # the frame names an earlier incident; the verb after the comma is the news itself
    text = "وبعد ثلاثة أشهر من تفجير كنيسة في المدينة، قتل مسلحون خمسة أشخاص في هجوم على حافلة في المنيا أمس."
    assert new_events(run(text, resources), kinds=("attack",))


def test_status_clause_after_a_frame_without_a_news_day_goes_on_with_the_framed_incident(resources):
    # the twin of the test above: no أمس/اليوم after the comma, so "استهدف …" still describes the
    # bombing the frame names, which is dated back from the news (published 2024-07-16)
    text = ("قتل ثمانية مصلين في تفجير انتحاري استهدف مسجدا في مدينة الدمام أمس. "
            "ويأتي هذا الهجوم بعد نحو خمسة أسابيع من تفجير انتحاري مماثل، استهدف مسجدا في بلدة سيهات "
            "خلال صلاة الجمعة، وأودى بحياة 21 مصليا.")
    doc = run(text, resources)
    (earlier,) = [e for e in attacks(doc) if e.status == "background"]
    assert earlier.date == "2024-06"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # "فيما … في هجوم آخر" in the same sentence: two incidents
        ("قتل 11 جنديا في هجوم على قاعدة عسكرية في ولاية بورنو مساء أمس، "
         "فيما قتل خمسة مدنيين في هجوم آخر على قرية في ولاية يوبي.", 2),
        # twin: one incident told in one sentence, lead and toll
        ("قتل 11 جنديا في هجوم على قاعدة عسكرية في ولاية بورنو مساء أمس، "
         "فيما أصيب خمسة آخرون في الهجوم نفسه.", 1),
    ],
)
def test_merge_separate_cue_inside_a_sentence_splits_the_incidents(resources, text, count):
    assert len(new_events(run(text, resources), kinds=("attack",))) == count
