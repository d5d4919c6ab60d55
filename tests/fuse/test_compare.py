"""Pair scoring: which two reports can be one incident, and which stay apart."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.fuse.compare import Report, branch_parent, features, score_pair, veto
from marsad.fuse.config import FuseSettings
from marsad.model import Event

CFG = FuseSettings()

KARRADA = "ارتفعت حصيلة التفجير الذي استهدف منطقة الكرادة التجارية وسط بغداد فجر أمس الأحد إلى أكثر من مئتي قتيل"
SHAAB = "انفجرت عبوة ناسفة في سوق شعبية بمنطقة الشعب شمالي العاصمة، ما أسفر عن مقتل شخص وإصابة ثلاثة آخرين"
KERMAN_EARLY = "قتل 103 أشخاص وأصيب 141 آخرون في انفجارين متتاليين قرب مرقد قاسم سليماني في مدينة كرمان"
KERMAN_LATE = "ارتفعت حصيلة التفجيرين الانتحاريين قرب مرقد سليماني في كرمان إلى 89 قتيلا و284 جريحا"


def _report(article: str, published: str = "2016-07-04", **kw: Any) -> Report:
    base: dict[str, Any] = {"kind": "attack", "status": "new", "country": "IQ", "admin1": "Baghdad",
                            "city": "Baghdad", "date": "2016-07-03", "attack_types": ("bombing_explosion",)}
    base.update(kw)
    return Report(Event(id=f"{article}#0", article_id=article, **base), published, "outlet")


def _score(a: Report, b: Report) -> tuple[float, tuple[str, ...]]:
    return score_pair(features(a, CFG), features(b, CFG), CFG)


def test_kerman_early_and_late_reports_link_despite_revised_toll() -> None:
    common = {"country": "IR", "admin1": "Kerman", "city": "Kerman", "date": "2024-01-03"}
    early = _report("a", "2024-01-03", killed=103, wounded=141, evidence=KERMAN_EARLY, **common)
    late = _report("b", "2024-01-05", killed=89, wounded=284, perpetrators=("Islamic State",),
                   evidence=KERMAN_LATE, **common)
    score, reasons = _score(early, late)
    assert score >= CFG.link_threshold
    assert "same day" in reasons and "close tolls" in reasons


def test_two_baghdad_bombings_on_one_day_stay_apart() -> None:
    karrada = _report("a", killed=213, place="منطقة الكرادة", perpetrators=("Islamic State",), evidence=KARRADA)
    shaab = _report("b", killed=1, place="سوق شعبية بمنطقة الشعب", evidence=SHAAB)
    score, reasons = _score(karrada, shaab)
    assert score < CFG.veto_floor
    assert "incompatible tolls" in reasons and "different spots" in reasons


def test_same_day_same_city_with_nothing_else_in_common_does_not_link() -> None:
    a = _report("a", evidence=KARRADA)
    b = _report("b", evidence=SHAAB)
    score, reasons = _score(a, b)
    assert score < CFG.link_threshold
    assert "nothing but date, place and types in common" in reasons


@pytest.mark.parametrize(
    ("other", "reason"),
    [
        ({"city": "Tanta", "country": "EG", "admin1": "Gharbia"}, "different countries"),
        ({"kind": "security_operation"}, "different kind or same article"),
        ({"date": "2016-07-20"}, "dates too far apart"),
    ],
)
def test_pairs_that_cannot_be_one_incident_are_vetoed(other: dict[str, Any], reason: str) -> None:
    a = _report("a", killed=213)
    b = _report("b", **other)
    score, reasons = _score(a, b)
    assert veto(score)
    assert reasons == (reason,)


def test_two_events_of_one_article_are_never_one_incident() -> None:
    a = _report("a", killed=27, city="Tanta")
    b = Report(Event(id="a#1", article_id="a", kind="attack", status="new", country="IQ", city="Tanta",
                     date="2016-07-03", killed=27), "2016-07-04")
    assert veto(_score(a, b)[0])


def test_different_cities_in_one_country_weigh_strongly_against() -> None:
    tanta = _report("a", country="EG", admin1="Gharbia", city="Tanta", killed=27, perpetrators=("Islamic State",))
    alex = _report("b", country="EG", admin1="Alexandria", city="Alexandria", killed=17,
                   perpetrators=("Islamic State",))
    score, reasons = _score(tanta, alex)
    assert score < CFG.veto_floor
    assert "different cities" in reasons


def test_branch_and_parent_group_count_as_the_same_family() -> None:
    a = _report("a", perpetrators=("Islamic State – Khorasan Province",), killed=7)
    b = _report("b", perpetrators=("Islamic State",), killed=7)
    assert "same group family" in _score(a, b)[1]
    assert branch_parent("Islamic State – Khorasan Province") == "Islamic State"
    assert branch_parent("Boko Haram") is None


def test_gazetteer_parent_lookup_is_used_for_group_families() -> None:
    a = _report("a", perpetrators=("Jamaat-ul-Ahrar",), killed=100)
    b = _report("b", perpetrators=("Tehrik-i-Taliban Pakistan",), killed=100)
    parents = {"Jamaat-ul-Ahrar": "Tehrik-i-Taliban Pakistan"}
    fa = features(a, CFG, parents.get)
    fb = features(b, CFG, parents.get)
    assert "same group family" in score_pair(fa, fb, CFG)[1]
    assert "different groups" in _score(a, b)[1]


@pytest.mark.parametrize(
    ("first", "later", "reason"),
    [
        (84, 89, "close tolls"),
        (100, 276, "compatible tolls"),  # Chibok: 100 → 276 girls over a month
        ((20, 30), 25, "same toll"),
        (1, 213, "incompatible tolls"),
    ],
)
def test_toll_compatibility_allows_rising_tolls(first: Any, later: Any, reason: str) -> None:
    assert reason in _score(_report("a", killed=first), _report("b", killed=later))[1]


def test_month_only_background_mention_matches_the_day_in_that_month() -> None:
    a = _report("a", date="2016-07", killed=213, place="منطقة الكرادة")
    b = _report("b", date="2016-07-03", killed=213, place="منطقة الكرادة")
    score, reasons = _score(a, b)
    assert "same month" in reasons and "same spot" in reasons
    assert score >= CFG.link_threshold


def test_a_toll_that_rose_in_a_later_report_stays_compatible() -> None:
    early = _report("a", "2016-07-03", killed=20, place="منطقة الكرادة")
    later = _report("b", "2016-07-06", killed=292, place="منطقة الكرادة")
    assert "toll rose in a later report" in _score(early, later)[1]
    same_day = _report("c", "2016-07-03", killed=292, place="منطقة الكرادة")
    assert "incompatible tolls" in _score(early, same_day)[1]


def test_parent_lookup_reads_the_gazetteer_group_registry() -> None:
    from dataclasses import dataclass

    from marsad.fuse import parent_lookup

    @dataclass
    class Record:
        canonical: str
        parent: str | None

    class Gaz:
        def group(self, canonical: str) -> Record | None:
            return {"Jamaat-ul-Ahrar": Record("Jamaat-ul-Ahrar", "Tehrik-i-Taliban Pakistan")}.get(canonical)

    parent_of = parent_lookup(Gaz())
    assert parent_of is not None
    assert parent_of("Jamaat-ul-Ahrar") == "Tehrik-i-Taliban Pakistan"
    assert parent_of("Boko Haram") is None
    assert parent_lookup(object()) is None
