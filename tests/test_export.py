"""Export: the spec's event JSON, annotated articles, GTD-named CSV and GeoJSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from marsad.export import (
    CSV_COLUMNS,
    doc_to_annotated,
    event_to_dict,
    event_to_row,
    events_to_geojson,
    write_csv,
)
from marsad.model import Article, Doc, Event, FieldEvidence

TEXT = "مسقط - قتل ستة أشخاص في هجوم مسلح على مسجد في منطقة الوادي الكبير، وتبنى تنظيم داعش الهجوم."
SPEC_KEYS = {"kind", "status", "date", "country", "admin1", "city", "place", "lat", "lon", "perpetrators",
             "attack_types", "target_types", "weapon_types", "killed", "perpetrators_killed", "wounded",
             "perpetrator_count", "claimed", "suicide", "evidence"}

ATTACK = Event(
    kind="attack", status="new", date="2024-07-15", country="OM", admin1="Muscat", city="Muscat",
    place="الوادي الكبير", lat=23.58, lon=58.41, perpetrators=("Islamic State",),
    attack_types=("armed_assault", "bombing_explosion"), target_types=("religious_figures_institutions",),
    weapon_types=("firearms",), killed=(6, 9), perpetrators_killed=3, wounded=28, perpetrator_count=3,
    claimed=True, suicide=False, evidence=TEXT, evidence_start=0, evidence_end=len(TEXT), id="om-1-e1",
    article_id="om-1", confidence=0.75, fields=(FieldEvidence("country", 0, 4, "dateline"),),
    explanation=("trigger هجوم مسلح",),
)
MEASURE = Event(kind="measure", status="new", date="2024-03", country="FR", evidence="رفعت فرنسا مستوى التأهب",
                id="fr-1-e1", article_id="fr-1")


def test_event_to_dict_has_every_spec_field_with_lists_and_ranges():
    d = event_to_dict(ATTACK)
    assert SPEC_KEYS <= set(d)
    assert d["killed"] == [6, 9] and d["wounded"] == 28
    assert d["attack_types"] == ["armed_assault", "bombing_explosion"]
    assert d["fields"] == [{"field": "country", "start": 0, "end": 4, "rule": "dateline"}]
    assert (d["id"], d["article_id"], d["evidence_start"], d["evidence_end"]) == ("om-1-e1", "om-1", 0, len(TEXT))
    assert "explanation" not in d and event_to_dict(ATTACK, explain=True)["explanation"] == ["trigger هجوم مسلح"]
    assert set(event_to_dict(ATTACK, marsad_fields=False)) == SPEC_KEYS
    json.dumps(d, ensure_ascii=False)


def test_doc_to_annotated_is_an_annotated_article_with_predicted_events():
    art = Article(id="om-1", text=TEXT, lang="ar", published="2024-07-16", outlet="وكالة")
    d = doc_to_annotated(Doc(article=art, events=(ATTACK,)))
    assert {k: d[k] for k in ("id", "lang", "published", "outlet", "url", "title", "text")} == {
        "id": "om-1", "lang": "ar", "published": "2024-07-16", "outlet": "وكالة", "url": None, "title": None,
        "text": TEXT}
    assert [e["kind"] for e in d["events"]] == ["attack"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("iyear", "2024"), ("imonth", "7"), ("iday", "15"), ("country_txt", "Oman"), ("provstate", "Muscat"),
        ("city", "Muscat"), ("latitude", "23.58"), ("longitude", "58.41"), ("attacktype1", "2"),
        ("attacktype1_txt", "Armed Assault"), ("attacktype2_txt", "Bombing/Explosion"),
        ("targtype1_txt", "Religious Figures/Institutions"), ("weaptype1_txt", "Firearms"),
        ("gname", "Islamic State"), ("nkill", "6"), ("nkillter", "3"), ("nwound", "28"), ("claimed", "1"),
        ("suicide", "0"), ("killed", "6-9"), ("event_id", "om-1-e1"), ("kind", "attack"),
    ],
)
def test_csv_uses_gtd_columns_and_codebook_labels(column, value):
    buf = io.StringIO()
    assert write_csv([ATTACK], buf) == 1
    (row,) = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(row) == list(CSV_COLUMNS)
    assert row[column] == value


def test_csv_partial_date_gives_gtd_zero_day_and_unknown_flags_stay_empty():
    row = event_to_row(MEASURE)
    assert (row["iyear"], row["imonth"], row["iday"]) == ("2024", 3, 0)
    assert row["claimed"] == "" and row["suicide"] == "" and row["nkill"] == ""
    assert row["country_txt"] == "France"


def test_csv_explosives_label_is_the_gtd_one():
    row = event_to_row(Event(kind="attack", status="new", weapon_types=("explosives",)))
    assert (row["weaptype1"], row["weaptype1_txt"]) == (6, "Explosives")


def test_geojson_has_points_only_where_coordinates_exist():
    fc = events_to_geojson([ATTACK, MEASURE])
    assert fc["type"] == "FeatureCollection"
    a, m = fc["features"]
    assert a["geometry"] == {"type": "Point", "coordinates": [58.41, 23.58]}
    assert m["geometry"] is None and m["properties"]["country"] == "FR"
