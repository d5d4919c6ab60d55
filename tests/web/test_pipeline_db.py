"""Web over a database built by the real pipeline (ingest → extract → store → fuse) from samples."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

SAMPLES = ("dev/dev-010.json", "dev/dev-039.json", "dev/dev-040.json", "dev/dev-025.json", "dev/dev-028.json",
           "seed/seed-000.json")


@pytest.fixture(scope="module")
def pipeline_client(tmp_path_factory, resources, samples_dir):
    from fastapi.testclient import TestClient

    from marsad.fuse.update import update_incidents
    from marsad.store import open_store
    from marsad.store.runner import run_paths
    from marsad.web import create_app

    db = tmp_path_factory.mktemp("pipeline") / "run.db"
    with open_store(db) as store:
        report = run_paths([samples_dir / s for s in SAMPLES], store, resources)
        update_incidents(store, [a.id for a in store.articles()])
    assert report.articles_stored == len(SAMPLES)
    with TestClient(create_app(db)) as c:
        yield c


def test_every_page_of_a_pipeline_database_renders(pipeline_client):
    c = pipeline_client
    for url in ("/", "/events", "/articles", "/alerts", "/api/docs"):
        assert c.get(url).status_code == 200, url
    articles = c.get("/api/articles?limit=1000").json()["items"]
    assert len(articles) == len(SAMPLES)
    for a in articles:
        assert c.get(f"/articles/{a['id']}").status_code == 200
    incidents = c.get("/api/incidents?limit=1000").json()["items"]
    for inc in incidents:
        page = c.get(f"/incidents/{inc['id']}")
        assert page.status_code == 200
        assert page.text.count('<article class="report"') == len(inc["reports"])


def test_pipeline_events_json_round_trips_offsets_into_the_raw_text(pipeline_client):
    c = pipeline_client
    for event in c.get("/api/events?limit=1000").json()["items"]:
        text = c.get(f"/api/articles/{event['article_id']}").json()["text"]
        for f in event["fields"]:
            assert 0 <= f["start"] <= f["end"] <= len(text)
