"""The report renders Arabic right-to-left with shaped-by-browser chart text, sources, alerts and a lat/lon-only map."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from analysis_helpers import inc
from typer.testing import CliRunner

from marsad.analysis.charts import chart_map
from marsad.analysis.report import build_report, display_group
from marsad.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "dev"

HISTORY = [
    inc("2021-03-01", "IQ", admin1="Baghdad", city="Baghdad", killed=3, lat=33.34, lon=44.40),
    inc("2024-07-15", "OM", admin1="Muscat", city="Muscat", killed=6, wounded=30, claimed=True,
        targets=("religious_figures_institutions",), lat=23.61, lon=58.59),
    inc("2024-07-20", "ML", group="Jamaat Nusrat al-Islam wal-Muslimin", killed=12, targets=("military",)),
]
HISTORY[1] = dataclasses.replace(HISTORY[1], articles=("art-1",))
SOURCES = {"art-1": {"title": "«داعش» يتبنى هجوم مسجد الوادي الكبير في مسقط", "outlet": "الأفق",
                     "url": "https://example.org/a1", "published": "2024-07-16"}}


def test_arabic_html_report_is_rtl_with_arabic_labels_and_chart_text_kept_as_text():
    html = build_report(HISTORY, since="2024-07-01", until="2024-07-31", lang="ar", sources=SOURCES,
                        coverage={"2024-07-16": 4}).text
    assert '<html lang="ar" dir="rtl">' in html
    assert "ساحة جديدة" in html and "حادثة كثيرة الضحايا" in html  # new theatre (Oman), mass casualty (Mali)
    assert "شخصيات ومؤسسات دينية" in html  # target type label, also in the chart as SVG <text>
    assert re.search(r"<text[^>]*>[^<]*شخصيات ومؤسسات دينية", html)
    assert "«داعش» يتبنى هجوم مسجد الوادي الكبير في مسقط" in html and 'href="https://example.org/a1"' in html
    assert "المقالات المقروءة: 4" in html


def test_map_draws_only_incidents_with_coordinates_and_lists_country_level_ones():
    html = build_report(HISTORY, since="2024-07-01", until="2024-07-31", lang="en").text
    listed = html.split("Incidents located only to a country", 1)[1].split("</ul>", 1)[0]
    assert "Mali" in listed and "Oman" not in listed
    svg = chart_map(HISTORY, {HISTORY[1].id: 97, HISTORY[2].id: 98}, {})
    assert re.search(r">\s*97\s*<", svg) and not re.search(r">\s*98\s*<", svg)  # Mali has no lat/lon


def test_markdown_report_references_its_chart_files():
    rendered = build_report(HISTORY, since="2024-07-01", until="2024-07-31", lang="en", fmt="md")
    assert set(rendered.assets) == {"over_time.svg", "by_target.svg", "map.svg"}
    for name in rendered.assets:
        assert f"]({name})" in rendered.text
    assert rendered.assets["map.svg"].startswith("<svg")


def test_display_group_drops_the_wikipedia_disambiguation():
    assert display_group("Al-Shabaab (militant group)") == "Al-Shabaab"
    assert display_group("Islamic State – Khorasan Province") == "Islamic State – Khorasan Province"


def test_report_rejects_an_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        build_report(HISTORY, since="2024-07-01", lang="fr")


def test_cli_report_from_gold_writes_an_arabic_html_report(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "--since", "2024-01-01", "--gold", str(SAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "كرمان" not in html.split("<body>")[0]
    assert "Krasnogorsk" in html and "<svg" in html


def test_cli_alerts_and_trends_read_incidents_from_the_store(tmp_path):
    from marsad.store import open_store
    from marsad.store.incidents import save_incidents

    db = tmp_path / "m.db"
    store = open_store(db)
    save_incidents(store.conn, HISTORY, report_articles={})
    store.close()
    runner = CliRunner()
    res = runner.invoke(app, ["alerts", "--db", str(db), "--since", "2024-07-01", "--json"])
    assert res.exit_code == 0, res.output
    assert {a["kind"] for a in json.loads(res.output)} >= {"new_theatre", "mass_casualty"}
    res = runner.invoke(app, ["trends", "--db", str(db), "--by", "country", "--period", "year", "--json"])
    assert res.exit_code == 0, res.output
    assert '"OM"' in res.output and '"2024"' in res.output
