"""The scorer follows the spec's comparison section: pairing, detection P/R/F1, per-field rules, GSR."""

from __future__ import annotations

import json

import pytest

from marsad.evaluate import evaluate_dir, evaluate_gsr, score_articles, score_field
from marsad.model import Event


@pytest.mark.parametrize(
    ("field", "pred", "gold", "score"),
    [
        ("killed", None, None, 1.0),
        ("perpetrators", [], [], 1.0),
        ("killed", 30, [25, 35], 1.0),
        ("killed", 40, [25, 35], 0.0),
        ("killed", [25, 35], [25, 35], 1.0),
        ("killed", 0, None, 0.0),
        ("city", "KRASNOGORSK", "Krasnogorsk", 1.0),
        ("city", "Sāmarrā'", "Samarra'", 1.0),
        ("place", "مسجدُ الروضة", "مسجد الروضة", 1.0),
        ("perpetrators", ["Islamic State", "Houthis"], ["Islamic State"], 0.5),
        ("target_types", ["police"], ["military"], 0.0),
        ("date", "2024-07-15", "2024-07-15", 1.0),
        ("date", "2024-07-15", "2024-07", 1.0),
        ("date", "2024-07", "2024-07-15", 0.5),
        ("date", "2024", "2024-07-15", 0.5),
        ("date", "2024-07-14", "2024-07-15", 0.0),
        ("claimed", False, None, 0.0),
        ("claimed", True, True, 1.0),
    ],
)
def test_score_field_applies_the_spec_rules(field, pred, gold, score):
    assert score_field(field, pred, gold) == score


def _gold(*events):
    return {"id": "a1", "events": list(events)}


def _ev(**kw):
    base = {"kind": "attack", "status": "new", "date": None, "country": None, "perpetrators": [],
            "attack_types": [], "target_types": [], "weapon_types": [], "killed": None,
            "perpetrators_killed": None, "wounded": None, "perpetrator_count": None, "claimed": None,
            "suicide": None}
    base.update(kw)
    return base


def test_score_pairs_same_kind_status_and_agreeing_country():
    gold = _gold(_ev(country="IQ", date="2016-07-03", killed=213))
    rep = score_articles([(gold, [Event(kind="attack", status="new", country="IQ", date="2016-07-04", killed=213)])])
    assert (rep.attack.tp, rep.attack.fp, rep.attack.fn) == (1, 0, 0)
    assert rep.field_accuracy()["killed"] == 1.0


@pytest.mark.parametrize(
    "pred",
    [
        _ev(status="background", country="IQ"),
        _ev(kind="foiled_plot", country="IQ"),
        _ev(country="SY"),
        _ev(country="IQ", date="2016-07-10"),
    ],
)
def test_score_does_not_pair_different_status_kind_country_or_distant_dates(pred):
    rep = score_articles([(_gold(_ev(country="IQ", date="2016-07-03")), [pred])])
    assert rep.attack.tp == 0
    assert rep.attack.fp == 1 and rep.attack.fn == 1


def test_score_pairs_when_one_country_is_null():
    rep = score_articles([(_gold(_ev(country="IQ")), [_ev(country=None)])])
    assert rep.attack.tp == 1


def test_score_picks_the_candidate_with_most_equal_fields():
    gold = _gold(_ev(country="EG", city="Tanta", killed=27), _ev(country="EG", city="Alexandria", killed=17))
    preds = [_ev(country="EG", city="Alexandria", killed=17), _ev(country="EG", city="Tanta", killed=27)]
    rep = score_articles([(gold, preds)])
    assert rep.attack.tp == 2
    assert rep.field_accuracy()["killed"] == 1.0 and rep.field_accuracy()["city"] == 1.0


def test_score_location_details_only_where_gold_gives_them():
    rep = score_articles([(_gold(_ev(country="IQ")), [_ev(country="IQ", city="Baghdad", admin1="Baghdad")])])
    assert "city" not in rep.field_accuracy()
    assert rep.field_accuracy()["country"] == 1.0


def test_score_unsupported_toll_counts_as_wrong():
    rep = score_articles([(_gold(_ev(country="IQ")), [_ev(country="IQ", killed=12)])])
    assert rep.field_accuracy()["killed"] == 0.0
    assert any(m["field"] == "killed" for m in rep.misses if m["error"] == "field")


def test_score_other_kinds_are_counted_apart_from_attacks():
    gold = _gold(_ev(kind="measure", country="FR"), _ev(country="FR"))
    rep = score_articles([(gold, [_ev(kind="measure", country="FR"), _ev(kind="security_operation")])])
    assert (rep.other.tp, rep.other.fp, rep.other.fn) == (1, 1, 0)
    assert (rep.attack.tp, rep.attack.fn) == (0, 1)
    text = rep.render(show=True)
    assert "missed" in text and "spurious" in text
    assert rep.to_dict()["other"]["tp"] == 1


def test_evaluate_dir_runs_the_pipeline_over_annotated_articles(tmp_path, resources):
    art = {"id": "x1", "lang": "ar", "published": "2024-07-16", "title": None, "outlet": None, "url": None,
           "text": "بغداد - أ ف ب:\nقتل 12 شخصا أمس في انفجار سيارة مفخخة في سوق شعبية ببغداد.",
           "events": [_ev(country="IQ", date="2024-07-15", killed=12)]}
    (tmp_path / "x1.json").write_text(json.dumps(art, ensure_ascii=False), encoding="utf-8")
    rep = evaluate_dir(tmp_path, resources)
    assert rep.articles == 1
    assert rep.attack.tp == 1
    assert rep.field_accuracy()["killed"] == 1.0


def test_evaluate_gsr_scores_yes_against_easy_no_and_counts_the_rest(tmp_path, resources):
    rows = [
        ("r1", "yes", "قتل 18 شخصا وأصيب عشرات آخرون في انفجار سيارتين مفخختين في بغداد امس."),
        ("r2", "easy no", "وكان سبب هذه العاصفة الخشية من انفجار فقاعة المضاربة في البورصات الصينية."),
        ("r3", "difficult no", "وقال الضابط ان الاعتداء وقع في اطراف منغورا."),
    ]
    lines = ["id,label,accept,reject,total,text"] + [f'{i},{lab},0,0,0,"{t}"' for i, lab, t in rows]
    path = tmp_path / "gsr.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    rep = evaluate_gsr(path, resources)
    assert (rep.prf.tp, rep.prf.fp, rep.prf.fn, rep.tn) == (1, 0, 0, 1)
    assert rep.unscored["difficult no"][0] == 1
    assert "F1=1.000" in rep.render()


def _attack(**kw):
    base = {"kind": "attack", "status": "new", "date": "2016-07-03", "country": "IQ", "admin1": "Baghdad",
            "city": "Baghdad", "perpetrators": ("Islamic State",), "attack_types": ("bombing_explosion",),
            "target_types": ("private_citizens_property",), "killed": 213, "wounded": 200}
    base.update(kw)
    return Event(**base)


def test_eval_scores_fusion_of_two_reports_of_one_incident_as_one_cluster():
    golds = [{"id": a, "published": "2016-07-04", "events": [_ev(country="IQ", date="2016-07-03", killed=213,
                                                                  incident="karrada")]} for a in ("a1", "a2")]
    rep = score_articles([(golds[0], [_attack()]), (golds[1], [_attack()])])
    assert rep.fusion is not None
    assert (rep.fusion.reports, rep.fusion.gold_incidents, rep.fusion.predicted_incidents) == (2, 1, 1)
    assert rep.fusion.f1 == 1.0
    assert "fusion (B-cubed)" in rep.render()


def test_eval_fusion_precision_drops_when_two_incidents_are_fused():
    golds = [{"id": a, "published": "2016-07-04", "events": [_ev(country="IQ", date="2016-07-03", killed=213,
                                                                  incident=inc)]}
             for a, inc in (("a1", "karrada"), ("a2", "other"))]
    rep = score_articles([(golds[0], [_attack()]), (golds[1], [_attack()])])
    assert rep.fusion is not None
    assert rep.fusion.predicted_incidents == 1
    assert rep.fusion.precision == 0.5
    assert rep.fusion.recall == 1.0


def test_eval_without_gold_incident_ids_reports_no_fusion():
    rep = score_articles([(_gold(_ev(country="IQ")), [_attack()])])
    assert rep.fusion is None
    assert rep.to_dict()["fusion"] is None


def test_evaluate_dir_names_the_malformed_gold_file(tmp_path, resources):
    (tmp_path / "a-good.json").write_text(json.dumps({"id": "a", "text": "انفجار في بغداد", "events": []}),
                                          encoding="utf-8")
    (tmp_path / "zz-bad.json").write_text('{"id": "zz", "text": "انفجار', encoding="utf-8")
    with pytest.raises(ValueError, match="zz-bad.json: not valid JSON"):
        evaluate_dir(tmp_path, resources)


def test_evaluate_gsr_refuses_a_file_without_text_and_label_columns(tmp_path, resources):
    path = tmp_path / "not-gsr.csv"
    path.write_text("sentence,verdict\nانفجار في بغداد,yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs the columns text and label"):
        evaluate_gsr(path, resources)
