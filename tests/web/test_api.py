"""Web API: filters, pagination, errors, JSON twins and CLI parity, in-process (TestClient)."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from marsad.web.filters import date_bounds

# (query, predicate every returned incident must satisfy, minimum number expected)
INCIDENT_FILTERS = [
    ("country=IR", lambda i: i["country"] == "IR", 3),
    ("country=ru", lambda i: i["country"] == "RU", 3),
    ("group=Islamic State", lambda i: any(p.startswith("Islamic State") for p in i["perpetrators"]), 4),
    ("group=islamic state – khorasan province", lambda i: "Islamic State – Khorasan Province" in i["perpetrators"], 1),
    ("kind=measure", lambda i: i["kind"] == "measure", 3),
    ("attack_type=bombing_explosion", lambda i: "bombing_explosion" in i["attack_types"], 2),
    ("target_type=religious_figures_institutions", lambda i: "religious_figures_institutions" in i["target_types"], 2),
    ("since=2024-01-01", lambda i: i["date"] is not None and date_bounds(i["date"])[1].isoformat() >= "2024-01-01", 5),
    ("until=2023", lambda i: i["date"] is not None and i["date"][:4] <= "2023", 3),
    ("since=2024-03&until=2024-03", lambda i: (i["date"] or "").startswith("2024-03"), 3),
    ("country=IR&kind=attack&since=2024-01-03&until=2024-01-03", lambda i: i["country"] == "IR" and i["date"] == "2024-01-03", 1),
]


@pytest.mark.parametrize(("query", "ok", "minimum"), INCIDENT_FILTERS, ids=[q for q, _, _ in INCIDENT_FILTERS])
def test_incident_filters_return_only_matching_incidents(client, query, ok, minimum):
    everything = client.get("/api/incidents?limit=1000").json()["items"]
    body = client.get(f"/api/incidents?{query}&limit=1000").json()
    assert body["total"] == len(body["items"]) >= minimum
    assert all(ok(i) for i in body["items"])
    # and nothing matching was left out
    assert {i["id"] for i in everything if ok(i)} == {i["id"] for i in body["items"]}
    assert body["total"] < len(everything)


def test_event_filters_status_and_country_combine(client):
    body = client.get("/api/events?country=RU&status=background&limit=1000").json()
    assert body["total"] >= 2
    assert all(e["country"] == "RU" and e["status"] == "background" for e in body["items"])


def test_date_filter_keeps_partial_dates_that_overlap_and_drops_undated(client):
    items = client.get("/api/incidents?since=2023-10-15&until=2023-10-20&limit=1000").json()["items"]
    assert {i["date"] for i in items} == {"2023-10"}  # Arras month overlaps the window
    assert all(i["date"] for i in client.get("/api/incidents?since=2000&limit=1000").json()["items"])


@pytest.mark.parametrize("path", ["/api/incidents", "/api/events", "/api/articles", "/api/alerts"])
def test_pagination_pages_are_disjoint_and_cover_the_total(client, path):
    full = client.get(f"{path}?limit=1000").json()
    seen = []
    for offset in range(0, full["total"], 3):
        page = client.get(f"{path}?limit=3&offset={offset}").json()
        assert page["total"] == full["total"] and page["limit"] == 3 and page["offset"] == offset
        assert len(page["items"]) == min(3, full["total"] - offset)
        seen.extend(page["items"])
    assert seen == full["items"]
    beyond = client.get(f"{path}?limit=3&offset={full['total'] + 5}").json()
    assert beyond["items"] == [] and beyond["total"] == full["total"]


BAD_REQUESTS = [
    ("/api/incidents?since=2024-13-01", 400, "since"),
    ("/api/incidents?until=2024-02-30", 400, "until"),
    ("/api/incidents?since=yesterday", 400, "ISO date"),
    ("/api/events?since=15/07/2024", 400, "ISO date"),
    ("/api/incidents?since=2024-05-01&until=2024-04-01", 400, "after"),
    ("/api/incidents?country=Oman", 400, "alpha-2"),
    ("/api/incidents?kind=bombing", 400, "unknown kind"),
    ("/api/incidents?attack_type=explosion", 400, "bombing_explosion"),
    ("/api/incidents?target_type=mosque", 400, "religious_figures_institutions"),
    ("/api/events?status=old", 400, "status"),
    ("/api/trends?by=colour", 400, "by must be one of"),
    ("/api/trends?period=decade", 400, "period must be one of"),
    ("/api/articles?since=2024-99", 400, "since"),
    ("/api/incidents/inc-000000000000", 404, "no incident with id 'inc-000000000000'"),
    ("/api/events/dev-010-e99", 404, "no event"),
    ("/api/articles/dev-999", 404, "no article"),
    ("/incidents/inc-000000000000.json", 404, "no incident"),
]


@pytest.mark.parametrize(("url", "status", "message"), BAD_REQUESTS, ids=[u for u, _, _ in BAD_REQUESTS])
def test_bad_values_and_unknown_ids_are_4xx_with_a_message(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["detail"]


@pytest.mark.parametrize("query", ["limit=0", "limit=5000", "offset=-1", "limit=ten"])
def test_bad_pagination_is_rejected(client, query):
    response = client.get(f"/api/incidents?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_unknown_incident_page_is_an_html_404_with_the_message(client):
    response = client.get("/incidents/inc-nope", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "no incident with id" in response.text and response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    ("twin", "api"),
    [
        ("/incidents.json?country=IR", "/api/incidents?country=IR"),
        ("/incidents?country=IR&format=json", "/api/incidents?country=IR"),
        ("/.json?kind=attack", None),
        ("/events.json?group=Islamic State", "/api/events?group=Islamic State"),
        ("/articles.json", "/api/articles"),
        ("/alerts.json", "/api/alerts"),
        ("/articles/dev-040.json", "/api/articles/dev-040"),
    ],
)
def test_every_page_has_a_json_twin_equal_to_the_api(client, twin, api):
    response = client.get(twin)
    if api is None:  # "/.json" is not a page: only documented twins exist
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.json() == client.get(api).json()


def test_incident_detail_has_history_reports_and_each_report_event(client, web_db):
    kerman = client.get("/api/incidents?country=IR&attack_type=bombing_explosion").json()["items"]
    assert len(kerman) == 1
    detail = client.get(f"/api/incidents/{kerman[0]['id']}").json()
    assert client.get(f"/incidents/{kerman[0]['id']}.json").json() == detail
    assert set(detail["articles"]) == set(web_db.kerman_article_ids)
    tolls = [h["value"] for h in detail["history"] if h["field"] == "killed"]
    assert sorted(tolls) == [84, 89, 103]  # each report's toll kept, 103 → 84 → 89
    assert [r["id"] for r in detail["report_events"]] == detail["reports"]
    assert [r["event_id"] for r in detail["report_details"]] == detail["reports"]
    assert {r["outlet"] for r in detail["report_details"]} == {"المدار نيوز", "بوابة المشرق", "الضفتين"}


def test_incident_list_history_can_be_left_out(client):
    full = client.get("/api/incidents?country=IR&kind=attack").json()["items"]
    light = client.get("/api/incidents?country=IR&kind=attack&history=false").json()["items"]
    assert any(i["history"] for i in full)
    assert all("history" not in i for i in light)
    assert [i["id"] for i in light] == [i["id"] for i in full]


def test_incidents_json_is_what_the_cli_prints(client, web_db):
    from marsad.cli import app

    result = CliRunner().invoke(app, ["incidents", "--db", str(web_db.path), "--country", "IR", "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = {i["id"]: i for i in json.loads(result.output)}
    api = {i["id"]: i for i in client.get("/api/incidents?country=IR&limit=1000").json()["items"]}
    assert cli and cli == api
    one = next(iter(cli))
    shown = CliRunner().invoke(app, ["incident", one, "--db", str(web_db.path), "--json"])
    detail = client.get(f"/api/incidents/{one}").json()
    detail.pop("report_events")
    assert json.loads(shown.output) == detail


def test_events_json_is_what_the_cli_prints(client, web_db):
    from marsad.cli import app

    result = CliRunner().invoke(app, ["events", "--db", str(web_db.path), "--country", "RU", "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = {e["id"]: e for e in json.loads(result.output)}
    api = {e["id"]: e for e in client.get("/api/events?country=RU&limit=1000").json()["items"]}
    assert cli and cli == api


def test_article_json_carries_raw_text_and_events_with_offsets(client):
    body = client.get("/api/articles/dev-039").json()
    event = body["events"][0]
    assert body["text"][event["evidence_start"] : event["evidence_end"]] == event["evidence"]
    killed = next(f for f in event["fields"] if f["field"] == "killed")
    assert body["text"][killed["start"] : killed["end"]] == "١٠٣"


def test_article_json_lists_only_that_articles_events(client):
    all_events = client.get("/api/events", params={"limit": 500}).json()["items"]
    own = sorted(e["id"] for e in all_events if e["article_id"] == "dev-039")
    body = client.get("/api/articles/dev-039").json()
    assert own and len(all_events) > len(own)
    assert sorted(e["id"] for e in body["events"]) == own


def test_trends_count_filtered_incidents_per_month_with_coverage(client):
    body = client.get("/api/trends?country=IR&period=month").json()
    months = {r["period"]: r["incidents"] for r in body["rows"]}
    assert months["2024-01"] == 2  # the Kerman bombing and the arrests
    assert body["coverage"]["2024-01"] == 3  # three Kerman articles read that month


def test_openapi_documents_every_api_endpoint_and_its_filters(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/incidents", "/api/incidents/{incident_id}", "/api/events", "/api/articles",
                 "/api/alerts", "/api/trends"):
        assert path in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"since", "until", "country", "group", "kind", "attack_type", "target_type", "limit", "offset"} <= params
    assert not any(p.startswith("/api/articles") and "post" in ops for p, ops in schema["paths"].items())


def test_no_write_endpoint_without_a_token(client):
    response = client.post("/api/articles", json={"text": "نص"})
    assert response.status_code == 405


def test_write_endpoint_needs_the_token_and_stores_the_article(web_db, tmp_path, resources):
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    db = tmp_path / "copy.db"
    shutil.copy(web_db.path, db)
    app = create_app(db, token="s3cret")
    app.state.resources = resources
    text = "بغداد - قتل خمسة أشخاص وأصيب عشرة آخرون اليوم الثلاثاء في انفجار سيارة مفخخة في سوق شعبي ببغداد."
    with TestClient(app) as c:
        assert c.post("/api/articles", json={"text": text}).status_code == 401
        assert c.post("/api/articles", json={"text": text}, headers={"authorization": "Bearer wrong"}).status_code == 401
        ok = c.post("/api/articles", json={"text": text, "published": "2024-06-04", "id": "posted-1"},
                    headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 201, ok.text
        assert ok.json()["articles_stored"] == 1
        assert c.get("/api/articles/posted-1").json()["text"] == text


def test_database_is_never_written_by_reads(client, web_db):
    before = web_db.path.read_bytes()
    for url in ("/", "/events", "/alerts", "/api/incidents?history=true", "/api/trends"):
        assert client.get(url).status_code == 200
    assert web_db.path.read_bytes() == before


def test_missing_database_is_an_error_not_a_new_file(tmp_path):
    from marsad.web import create_app

    with pytest.raises(FileNotFoundError):
        create_app(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_responses_carry_a_strict_content_security_policy(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
