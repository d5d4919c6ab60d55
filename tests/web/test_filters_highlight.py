"""Web helpers: filter parsing and matching, evidence segments for highlighting."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.model import Event
from marsad.web.filters import FilterError, date_bounds, parse_filters
from marsad.web.highlight import segments


@pytest.mark.parametrize(
    ("iso", "first", "last"),
    [
        ("2024-07-15", date(2024, 7, 15), date(2024, 7, 15)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ],
)
def test_date_bounds_cover_the_whole_period_of_a_partial_date(iso, first, last):
    assert date_bounds(iso) == (first, last)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "2024-02-30"}, "bad since"),
        ({"until": "2024-13"}, "bad until"),
        ({"since": "أمس"}, "ISO date"),
        ({"country": "OMN"}, "alpha-2"),
        ({"kind": "attacks"}, "unknown kind"),
        ({"status": "current"}, "unknown status"),
        ({"since": "2024-02", "until": "2024-01"}, "after"),
    ],
)
def test_parse_filters_rejects_bad_values_with_a_message(kwargs, message):
    with pytest.raises(FilterError, match=message):
        parse_filters(**kwargs)


def test_parse_filters_normalises_case_and_month_bounds():
    f = parse_filters(country="om", since="2024-07", until="2024-07", kind="Attack", group=" Islamic State ")
    assert (f.country, f.kind, f.group) == ("OM", "attack", "Islamic State")
    assert (f.since, f.until) == (date(2024, 7, 1), date(2024, 7, 31))
    assert f.query() == {"since": "2024-07-01", "until": "2024-07-31", "country": "OM",
                         "group": "Islamic State", "kind": "attack"}


def _event(**kw):
    return Event(kind=kw.pop("kind", "attack"), status="new", **kw)


@pytest.mark.parametrize(
    ("filters", "event", "matches"),
    [
        ({"group": "Islamic State"}, _event(perpetrators=("Islamic State – Khorasan Province",)), True),
        ({"group": "Islamic State"}, _event(perpetrators=("Islamic State of Iraq",)), False),
        ({"since": "2024-03-20", "until": "2024-03-25"}, _event(date="2024-03"), True),
        ({"since": "2024-04-01"}, _event(date="2024-03"), False),
        ({"since": "2000"}, _event(date=None), False),
        ({"country": "IR"}, _event(country="ir"), True),
        ({"attack_type": "armed_assault"}, _event(attack_types=("armed_assault", "facility_infrastructure_attack")), True),
        ({"target_type": "business"}, _event(target_types=("private_citizens_property",)), False),
        ({"kind": "measure"}, _event(), False),
    ],
)
def test_filters_match_events_by_every_field(filters, event, matches):
    assert parse_filters(**filters).match(event) is matches


TEXT = "قُتل ١٠٣ أشخاص على الأقل وأصيب ١٤١ آخرون في مدينة كرمان"


def test_segments_mark_each_field_span_and_keep_the_text_whole():
    killed = (TEXT.index("١٠٣"), TEXT.index("١٠٣") + 3, "killed")
    wounded = (TEXT.index("١٤١"), TEXT.index("١٤١") + 3, "wounded")
    segs = segments(TEXT, [killed, wounded], (0, len(TEXT)))
    assert "".join(s.text for s in segs) == TEXT
    assert [(s.text, s.fields) for s in segs if s.fields] == [("١٠٣", ("killed",)), ("١٤١", ("wounded",))]
    assert all(s.sentence for s in segs)


def test_segments_split_overlapping_spans_into_pieces_listing_both_fields():
    city = TEXT.index("مدينة كرمان")
    segs = segments(TEXT, [(city, len(TEXT), "place"), (city + 6, len(TEXT), "city")])
    assert [(s.text, s.fields) for s in segs if s.fields] == [("مدينة ", ("place",)), ("كرمان", ("city", "place"))]


def test_segments_clip_offsets_outside_the_text_and_ignore_empty_spans():
    segs = segments("انفجار في بغداد", [(-5, 6, "attack_types"), (10, 99, "city"), (3, 3, "date")])
    assert [(s.text, s.fields) for s in segs] == [("انفجار", ("attack_types",)), (" في ", ()), ("بغداد", ("city",))]
