"""Incident record: best estimate per field with its rule, and every reported value kept."""

from __future__ import annotations

from typing import Any

from marsad.fuse.compare import Report
from marsad.fuse.record import build_incident, incident_id
from marsad.model import Event, FieldEvidence


def _r(article: str, published: str, status: str = "new", **kw: Any) -> Report:
    base: dict[str, Any] = {"kind": "attack", "status": status, "country": "FR", "date": "2015-11-13"}
    base.update(kw)
    return Report(Event(id=f"{article}#0", article_id=article, **base), published, f"outlet of {article}")


def test_toll_is_the_latest_report_and_history_keeps_every_figure() -> None:
    inc = build_incident("inc-x", [
        _r("dev-040", "2024-01-05", killed=89, wounded=284),
        _r("dev-039", "2024-01-03", killed=103, wounded=141),
        _r("dev-010", "2024-01-04", killed=84, wounded=284),
    ])
    assert inc.killed == 89
    assert dict(inc.rules)["killed"] == "latest report"
    assert [(h.value, h.article_id, h.published) for h in inc.history if h.field == "killed"] == [
        (103, "dev-039", "2024-01-03"), (84, "dev-010", "2024-01-04"), (89, "dev-040", "2024-01-05"),
    ]
    assert inc.reports == ("dev-039#0", "dev-010#0", "dev-040#0")
    assert (inc.first_reported, inc.last_reported) == ("2024-01-03", "2024-01-05")


def test_a_later_lower_figure_in_a_background_mention_is_a_partial_count() -> None:
    inc = build_incident("inc-x", [
        _r("dev-012", "2015-11-15", killed=136),
        _r("dev-029", "2025-11-13", status="background", killed=130),
    ])
    assert inc.killed == 136
    assert dict(inc.rules)["killed"] == "latest report (later partial counts ignored: 130)"


def test_a_figure_marked_partial_by_extraction_is_skipped() -> None:
    partial = FieldEvidence("killed", 10, 20, "casualties: partial count (من بين القتلى)")
    inc = build_incident("inc-x", [
        _r("a", "2017-10-15", killed=276),
        _r("b", "2017-10-16", killed=30, fields=(partial,)),
    ])
    assert inc.killed == 276


def test_a_revised_down_toll_in_a_new_report_is_taken() -> None:
    inc = build_incident("inc-x", [_r("a", "2019-04-22", killed=359), _r("b", "2019-04-26", killed=253)])
    assert inc.killed == 253


def test_claim_from_any_report_and_union_of_perpetrators() -> None:
    inc = build_incident("inc-x", [
        _r("a", "2024-01-03", claimed=False, perpetrators=()),
        _r("b", "2024-01-05", claimed=True, perpetrators=("Islamic State",)),
        _r("c", "2024-01-06", claimed=None, perpetrators=("Islamic State – Khorasan Province", "unknown")),
    ])
    assert inc.claimed is True
    assert dict(inc.rules)["claimed"] == "claim from any report"
    assert inc.perpetrators == ("Islamic State", "Islamic State – Khorasan Province")


def test_most_precise_resolved_place_wins() -> None:
    inc = build_incident("inc-x", [
        _r("a", "2024-03-23", country="RU", admin1="Moscow Oblast"),
        _r("b", "2024-03-24", country="RU", admin1="Moscow Oblast", city="Krasnogorsk",
           place="قاعة كروكوس سيتي هول", lat=55.82, lon=37.39),
        _r("c", "2024-03-25", country="RU", city="Krasnogorsk"),
    ])
    assert (inc.city, inc.place, inc.lat, inc.lon) == ("Krasnogorsk", "قاعة كروكوس سيتي هول", 55.82, 37.39)
    assert dict(inc.rules)["place"] == "most precise resolved place"


def test_most_common_precise_date_beats_a_partial_one() -> None:
    inc = build_incident("inc-x", [
        _r("a", "2016-07-04", date="2016-07-03"), _r("b", "2016-07-05", date="2016-07-04"),
        _r("c", "2016-07-06", date="2016-07-03"), _r("d", "2020-01-01", date="2016-07"),
    ])
    assert inc.date == "2016-07-03"


def test_incident_id_is_derived_from_the_first_report() -> None:
    assert incident_id("dev-039-e1") == incident_id("dev-039-e1")
    assert incident_id("dev-039-e1") != incident_id("dev-010-e1")
    assert incident_id("dev-039-e1").startswith("inc-") and len(incident_id("x")) == 16
