"""Web pages rendered in-process: map data, country-level listing, incident page, escaping, RTL."""

from __future__ import annotations

import json
import re


def _map_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert m, "map data element missing"
    return json.loads(m.group(1))


def test_map_points_are_only_incidents_with_coordinates(client):
    html = client.get("/").text
    data = _map_data(html)
    incidents = client.get("/api/incidents?limit=1000").json()["items"]
    assert {p["id"] for p in data["points"]} == {i["id"] for i in incidents if i["lat"] is not None}
    assert all(p["lat"] is not None and p["lon"] is not None for p in data["points"])


def test_country_level_incidents_are_listed_and_shaded_not_drawn(client):
    data = _map_data(client.get("/").text)
    assert data["shaded"]["FR"] == 4 and "IR" in data["shaded"]
    html = client.get("/").text
    unplaced = html[html.index('id="unplaced"') : html.index("</aside>")]
    assert "France" in unplaced and "2024-03-24 · measure" in unplaced


def test_marker_data_carries_casualties_for_its_size(client):
    points = {p["label"]: p for p in _map_data(client.get("/?country=IR").text)["points"]}
    kerman = next(p for p in points.values() if p["killed"] == 89)
    assert kerman["casualties"] == 89 + 284


def test_filter_form_keeps_the_chosen_values(client):
    html = client.get("/?country=IR&attack_type=bombing_explosion&since=2024-01-01").text
    assert '<option value="IR" selected>' in html
    assert '<option value="bombing_explosion" selected>' in html
    assert 'name="since" value="2024-01-01"' in html


def test_bad_filter_on_a_page_is_a_400_page_with_the_message(client):
    response = client.get("/?since=2024-99-99", headers={"accept": "text/html"})
    assert response.status_code == 400 and "bad since date" in response.text


def test_incident_page_marks_evidence_inside_rtl_arabic_text(client):
    inc = client.get("/api/incidents?country=IR&attack_type=bombing_explosion").json()["items"][0]
    html = client.get(f"/incidents/{inc['id']}").text
    blocks = re.findall(r'<div class="article-text" dir="rtl" lang="ar">(.*?)</div>', html, re.S)
    assert len(blocks) == 3
    assert '<mark class="ev in-sentence" data-fields="killed" title="killed">١٠٣</mark>' in blocks[0] + blocks[1] + blocks[2]
    assert 'id="history"' in html and "103" in html


def test_article_text_and_metadata_are_escaped(client):
    html = client.get("/articles/hostile-001").text
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1;" in html
    assert "&lt;b&gt;عاجل&lt;/b&gt;" in html and "&lt;i&gt;منفذ&lt;/i&gt;" in html


def test_map_data_json_cannot_close_its_script_element(client):
    html = client.get("/").text
    data = html[html.index('id="map-data">') : html.index("</script>", html.index('id="map-data">'))]
    assert "<" not in data.split(">", 1)[1]


def test_api_docs_page_is_rendered_offline(client):
    html = client.get("/api/docs").text
    assert "GET /api/incidents" in html and "cdn" not in html.lower()


def test_alerts_page_lists_alerts_with_their_incidents(client):
    html = client.get("/alerts").text
    alerts = client.get("/api/alerts").json()["items"]
    assert alerts
    for a in alerts:
        for inc in a["incidents"]:
            assert f'href="/incidents/{inc}"' in html
