"""Trends count incidents, killed and wounded per period and key, with coverage alongside."""

from __future__ import annotations

import pytest
from analysis_helpers import inc

from marsad.analysis.trends import period_key, trends

HISTORY = [
    inc("2024-01-03", "IQ", killed=5, wounded=(10, 20), targets=("police",)),
    inc("2024-01-20", "IQ", killed=(3, 7), targets=("police", "military")),
    inc("2024-02-11", "OM", killed=6, targets=("religious_figures_institutions",), group="Islamic State – Khorasan Province"),
    inc("2024-02", "FR", group="individual", targets=()),
    inc("2024-02-12", "IQ", kind="security_operation"),
]


@pytest.mark.parametrize(
    ("iso", "period", "key"),
    [
        ("2024-07-17", "week", "2024-07-15"),
        ("2024-07-15", "week", "2024-07-15"),
        ("2024-07", "week", None),
        ("2024-07", "month", "2024-07"),
        ("2024", "month", None),
        ("2024-07-17", "year", "2024"),
    ],
)
def test_period_key_places_a_date_in_its_week_month_or_year(iso, period, key):
    assert period_key(iso, period) == key


def test_trends_by_country_per_month_sum_killed_with_ranges_at_their_lower_bound():
    t = trends(HISTORY, by="country", period="month")
    assert t.periods == ("2024-01", "2024-02")
    assert t.series("IQ") == [2, 0] and t.series("IQ", "killed") == [8, 0] and t.series("IQ", "wounded") == [10, 0]
    assert t.series("OM") == [0, 1] and t.series("FR") == [0, 1]
    assert t.keys[0] == "IQ"


def test_trends_count_an_incident_under_each_of_its_target_types():
    t = trends(HISTORY, by="target_type", period="year")
    assert t.series("police") == [2] and t.series("military") == [1] and t.series("unknown") == [1]


def test_trends_weekly_leave_out_month_precision_incidents_and_say_so():
    t = trends(HISTORY, by="total", period="week")
    assert sum(t.series("all")) == 3 and t.undated == 1
    assert t.periods[0] == "2024-01-01" and t.periods[-1] == "2024-02-05"  # zero weeks filled in


def test_trends_roll_branches_up_to_the_parent_group_on_request():
    parents = {"Islamic State – Khorasan Province": "Islamic State"}
    plain = trends(HISTORY, by="group", period="year", parent=parents.get)
    rolled = trends(HISTORY, by="group", period="year", parent=parents.get, rollup=True)
    assert set(plain.keys) == {"Islamic State", "Islamic State – Khorasan Province", "unknown"}
    assert set(rolled.keys) == {"Islamic State", "unknown"} and rolled.series("Islamic State") == [3]


def test_trends_group_filter_includes_the_groups_branches():
    parents = {"Islamic State – Khorasan Province": "Islamic State"}
    t = trends(HISTORY, by="country", period="year", group="Islamic State", parent=parents.get)
    assert set(t.keys) == {"IQ", "OM"}
    assert trends(HISTORY, by="country", period="year", group="Islamic State").keys == ("IQ",)


def test_trends_by_region_use_the_m49_table():
    t = trends(HISTORY, by="region", period="year")
    assert t.series("145") == [3] and t.series("155") == [1]  # Western Asia; Western Europe


def test_trends_put_articles_read_per_period_beside_the_counts():
    coverage = {"2024-01-02": 40, "2024-01-30": 10, "2024-03-01": 70}
    t = trends(HISTORY, by="total", period="month", coverage=coverage)
    assert t.periods == ("2024-01", "2024-02", "2024-03")
    assert t.coverage_series() == [50, 0, 70] and t.series("all") == [2, 2, 0]


def test_trends_window_keeps_incidents_between_since_and_until():
    t = trends(HISTORY, by="total", period="month", since="2024-02-01")
    assert t.series("all") == [2] and t.periods == ("2024-02",)
