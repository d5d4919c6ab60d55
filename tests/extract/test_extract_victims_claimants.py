"""Field ownership: target types of the victims a toll names, and a group anaphor that refers back to the claimant."""

from __future__ import annotations

import pytest
from extract_helpers import attacks, run


def _new_attack(text: str, resources):
    doc = run(text, resources)
    found = [e for e in attacks(doc) if e.status == "new"]
    assert len(found) == 1, [e.explanation[:3] for e in doc.events]
    return found[0]


# ------------------------------------------------------------------ victims of the toll (GTD targtype1-3)
@pytest.mark.parametrize(("text", "expected"), [
    # police guarding a church, named after "بينهم"
    ("فجّر انتحاري نفسه أمس عند البوابة الخارجية لكنيسة مار مرقس في الإسكندرية، ما أسفر عن مقتل "
     "17 شخصاً، بينهم ضباط وأفراد شرطة.", {"religious_figures_institutions", "police"}),
    # a sum of civilians and soldiers in the toll clause: each counted noun adds its type
    ("انفجرت سيارة مفخخة أمس في سوق شعبية بمدينة القامشلي، ما أسفر عن مقتل 12 مدنياً وثلاثة جنود.",
     {"private_citizens_property", "military"}),
    # journalists among the dead of a hotel attack
    ("اقتحم مسلحون أمس فندقاً في مدينة كيسمايو، ما أسفر عن مقتل 26 شخصاً على الأقل، بينهم صحفيان.",
     {"business", "journalists_media"}),
    # passengers of a bus: workers (private citizens) besides the bus
    ("استهدف هجوم مسلح أمس حافلة على طريق مدينة العريش، ما أسفر عن مقتل 14 شخصاً، معظمهم عمال.",
     {"transportation", "private_citizens_property"}),
])
def test_targets_add_every_group_named_among_the_victims(resources, text, expected):
    assert set(_new_attack(text, resources).target_types) == expected


@pytest.mark.parametrize("text", [
    # a place after the toll ("في سوق") is where people died, not a group of victims
    "قتل 5 أشخاص أمس في انفجار عبوة ناسفة استهدفت دورية للشرطة قرب سوق في مدينة بعقوبة.",
])
def test_targets_victim_rule_does_not_read_a_place_after_the_toll(resources, text):
    assert _new_attack(text, resources).target_types == ("police",)


def test_targets_keep_at_most_three_types(resources):
    text = ("قتل 30 شخصاً، بينهم جنود وشرطيون وصحفيون وطلاب، أمس في تفجير انتحاري استهدف مسجداً "
            "في مدينة الموصل.")
    types = _new_attack(text, resources).target_types
    assert len(types) == 3 and "religious_figures_institutions" in types  # the attacked site first


# ------------------------------------------------------------------ anaphor → the claimant
@pytest.mark.parametrize(("text", "expected"), [
    # the denying group is named last before "التنظيم نفسه": the claimant is meant
    ("تبنى تنظيم «ولاية خراسان» أمس الهجوم على جامعة كابول الذي أسفر عن مقتل 22 شخصاً، في حين نفت "
     "حركة «طالبان» أي علاقة لها به. ويأتي الهجوم بعد تسعة أيام من تفجير انتحاري تبناه التنظيم نفسه، "
     "واستهدف مركزاً تعليمياً في غرب العاصمة، وأودى بحياة 24 شخصاً.",
     ("Islamic State – Khorasan Province",)),
    # a claim cue with no group beside it: the group that claimed before, not the last one named
    ("أعلن تنظيم «داعش» أمس مسؤوليته عن اغتيال محافظ عدن بتفجير سيارة مفخخة. ويعد المحافظ من أبرز "
     "المسؤولين بعد استعادة المدينة من المسلحين الحوثيين. وكان التنظيم قد ظهر في اليمن حين تبنى في "
     "مارس الماضي تفجيرات انتحارية في مسجدين بصنعاء، وأودت بحياة 140 مصلياً.",
     ("Islamic State",)),
])
def test_background_claim_by_anaphor_names_the_article_claimant(resources, text, expected):
    doc = run(text, resources)
    bg = [e for e in attacks(doc) if e.status == "background"]
    assert bg, [e.explanation[:3] for e in doc.events]
    assert bg[-1].perpetrators == expected
