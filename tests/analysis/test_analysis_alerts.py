"""Each alert rule fires exactly when it should, on small hand-built incident histories."""

from __future__ import annotations

import pytest
from analysis_helpers import days, inc

from marsad.analysis.alerts import detect_alerts
from marsad.analysis.base import AnalysisSettings

CFG = AnalysisSettings()


def fired(history, kind, **kw):
    return [a for a in detect_alerts(history, settings=CFG, **kw) if a.kind == kind]


# --- surge (ACLED: last week >= +100% over the previous 4-week average, average >= 1/week) ---

BASELINE = [inc(d, admin1="Baghdad") for d in days("2024-01-03", 4, step=7)]  # one a week, 4 weeks


@pytest.mark.parametrize(
    ("surge_week", "expected"),
    [
        (["2024-01-30", "2024-01-31"], 1),  # 2 vs an average of 1: +100% → fires
        (["2024-01-30"], 0),  # 1 vs 1: no rise
        (["2024-01-29", "2024-01-30", "2024-02-04"], 1),  # 3 vs 1 within the ISO week
    ],
)
def test_surge_week_fires_when_last_week_doubles_the_four_week_average(surge_week, expected):
    history = BASELINE + [inc(d, admin1="Baghdad") for d in surge_week]
    alerts = fired(history, "surge_week", since="2024-01-29", until="2024-02-04")
    country = [a for a in alerts if a.admin1 is None]
    province = [a for a in alerts if a.admin1 == "Baghdad"]
    assert len(country) == expected and len(province) == expected
    if expected:
        assert set(country[0].incidents) == {i.id for i in history[4:]}
        assert country[0].param("baseline") == 1.0 and country[0].param("count") == len(surge_week)


def test_surge_week_does_not_fire_on_a_single_isolated_incident():
    alerts = fired([inc("2024-03-05", "OM")], "surge_week")
    assert alerts == []


def test_surge_week_needs_a_baseline_of_one_incident_a_week():
    # 3 incidents in 4 weeks (0.75 a week) then 5 in one week: below ACLED's minimum average
    history = [inc(d) for d in days("2024-01-03", 3, step=7)] + [inc(d) for d in days("2024-01-29", 5)]
    assert fired(history, "surge_week", since="2024-01-29") == []


def test_surge_week_is_per_province_so_another_province_does_not_add_up():
    history = BASELINE + [inc("2024-01-30", admin1="Baghdad"), inc("2024-01-31", admin1="Nineveh")]
    alerts = fired(history, "surge_week", since="2024-01-29")
    assert [(a.country, a.admin1) for a in alerts] == [("IQ", None)]


def test_surge_month_compares_a_month_with_the_past_year():
    year = [inc(f"2023-{m:02d}-15") for m in range(1, 13)]
    assert fired(year + [inc("2024-01-10"), inc("2024-01-11")], "surge_month", since="2024-01-01")[0].key == (
        "surge_month:IQ:2024-01"
    )
    assert fired(year + [inc("2024-01-10")], "surge_month", since="2024-01-01") == []
    # a month with 2 after a quiet year (average < 1 a month) is no surge
    assert fired(year[:6] + [inc("2024-01-10"), inc("2024-01-11")], "surge_month", since="2024-01-01") == []


# --- new theatre ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (None, 1),  # never there: the Oman case
        ("2020-05-01", 1),  # last there 4 years ago (gap 3 years)
        ("2023-01-10", 0),  # there 1.5 years ago
    ],
)
def test_new_theatre_fires_on_a_groups_first_incident_in_a_country_in_n_years(previous, expected):
    history = [inc("2024-06-01", "IQ"), inc("2024-07-15", "OM", admin1="Muscat")]
    if previous:
        history.append(inc(previous, "OM"))
    alerts = fired(history, "new_theatre", since="2024-07-01")
    assert len(alerts) == expected
    if expected:
        assert alerts[0].group == "Islamic State" and alerts[0].country == "OM"
        assert alerts[0].incidents == (history[1].id,)


def test_new_theatre_does_not_fire_for_a_group_already_active_in_the_country():
    history = [inc(d) for d in days("2024-05-01", 5, step=10)]
    assert fired(history, "new_theatre", since="2024-05-02") == []


def test_new_theatre_names_the_branch_when_only_the_branch_is_new():
    parents = {"Islamic State – Khorasan Province": "Islamic State"}
    history = [inc("2023-03-01", "PK"), inc("2024-07-30", "PK", group="Islamic State – Khorasan Province")]
    alerts = fired(history, "new_theatre", since="2024-07-01", parent=parents.get)
    assert [a.group for a in alerts] == ["Islamic State – Khorasan Province"]


def test_new_theatre_ignores_unknown_and_individual_perpetrators():
    history = [inc("2024-07-15", "OM", group="unknown"), inc("2024-07-16", "AT", group="individual")]
    assert fired(history, "new_theatre") == []


# --- shift in targeting --------------------------------------------------------------------

PAST = [inc(d, "IQ", targets=("police",)) for d in ("2023-02-01", "2023-05-01", "2023-09-01", "2024-01-20")]


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        ([("religious_figures_institutions",), ("religious_figures_institutions",), ("police",)],
         ["religious_figures_institutions"]),
        ([("religious_figures_institutions",), ("police",), ("police",)], ["religious_figures_institutions"]),
        ([("police",), ("police",), ("police",)], []),  # same as its past
        ([("religious_figures_institutions",), ("religious_figures_institutions",)], []),  # 2 < 3 incidents
    ],
)
def test_targeting_shift_fires_when_a_groups_share_of_a_target_rises_in_a_region(quarter, expected):
    history = PAST + [inc(f"2024-07-{10 + k}", "SA", targets=t) for k, t in enumerate(quarter)]
    alerts = fired(history, "targeting_shift", since="2024-07-01")
    assert [a.target_type for a in alerts] == expected
    if expected:
        assert alerts[0].region == "145" and alerts[0].param("quarter") == "2024-Q3"


def test_targeting_shift_needs_a_past_to_shift_from():
    history = PAST[:1] + [inc(f"2024-07-{10 + k}", targets=("tourists",)) for k in range(3)]
    assert fired(history, "targeting_shift", since="2024-07-01") == []


# --- mass casualty -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("killed", "wounded", "fires"),
    [(10, None, True), (9, 40, False), (5, 45, True), ((8, 20), 0, False), ((12, 30), None, True), (None, None, False)],
)
def test_mass_casualty_fires_at_the_killed_or_casualty_threshold(killed, wounded, fires):
    history = [inc("2024-07-15", killed=killed, wounded=wounded)]
    assert len(fired(history, "mass_casualty")) == int(fires)


# --- claim by a group not seen in the past year ---------------------------------------------


@pytest.mark.parametrize(
    ("previous", "claimed", "fires"),
    [(None, True, True), ("2023-06-01", True, True), ("2024-04-01", True, False), (None, None, False)],
)
def test_new_claimant_fires_on_a_claim_by_a_group_unseen_for_a_year(previous, claimed, fires):
    group = "Jamaat Nusrat al-Islam wal-Muslimin"
    history = [inc("2024-07-15", "ML", group=group, claimed=claimed)]
    if previous:
        history.append(inc(previous, "BF", group=group))
    assert len(fired(history, "new_claimant", since="2024-07-01")) == int(fires)


def test_alerts_consider_only_attacks_by_default():
    history = [inc("2024-07-15", "OM", kind="security_operation", killed=30)]
    assert detect_alerts(history, settings=CFG) == []


def test_alert_keys_are_stable_across_windows():
    history = BASELINE + [inc("2024-01-30"), inc("2024-01-31"), inc("2024-02-20", "OM", killed=12)]
    a = {x.key for x in detect_alerts(history, settings=CFG, since="2024-01-29", until="2024-02-04")}
    b = {x.key for x in detect_alerts(history, settings=CFG, since="2024-01-01", until="2024-02-29")}
    assert a and a <= b


def test_surge_month_does_not_fire_on_a_single_isolated_incident():
    assert fired([inc("2024-03-05", "OM")], "surge_month") == []


def test_targeting_shift_does_not_fire_on_a_single_isolated_incident():
    assert fired([inc("2024-03-05", "OM", targets=("tourists",))], "targeting_shift") == []
