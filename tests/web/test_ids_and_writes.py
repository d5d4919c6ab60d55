"""Web ids and writes: article ids with "/" or ".." open from encoded links, and a rejected POST is a 422."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from marsad.model import Article, Doc, Event
from marsad.store import open_store

KABUL = "كابول - قتل سبعة أشخاص وأصيب عشرون آخرون في تفجير انتحاري استهدف مسجدا في العاصمة الأفغانية كابول."
ODD_IDS = ("../../etc/passwd", "https://example.com/news/2024/1", "a b?c#d%")


@pytest.fixture()
def odd_client(tmp_path):
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    db = tmp_path / "odd.db"
    store = open_store(db)
    for n, ident in enumerate(ODD_IDS):
        text = f"{KABUL} ({n})"
        store.save_doc(Doc(Article(id=ident, text=text, lang="ar", published="2024-06-0" + str(n + 1)), events=(
            Event(kind="attack", status="new", date="2024-06-01", country="AF", city="Kabul",
                  evidence=text, evidence_start=0, evidence_end=len(text), confidence=0.7),)))
    store.close()
    with TestClient(create_app(db)) as c:
        yield c


@pytest.mark.parametrize("ident", ODD_IDS)
def test_article_with_slashes_or_dots_in_its_id_opens_from_its_encoded_link(odd_client, ident):
    listing = odd_client.get("/articles").text
    href = "/articles/" + quote(ident, safe="")
    assert f'href="{href}"' in listing.replace("&amp;", "&") or f'href="{href}"' in listing
    page = odd_client.get(href)
    assert page.status_code == 200, page.text
    assert KABUL in page.text
    assert odd_client.get(href + ".json").json()["id"] == ident
    assert odd_client.get("/api/articles/" + quote(ident, safe="")).json()["id"] == ident


@pytest.mark.parametrize("ident", ODD_IDS)
def test_event_of_an_article_with_an_odd_id_opens_through_the_api(odd_client, ident):
    event_id = f"{ident}-e1"
    got = odd_client.get("/api/events/" + quote(event_id, safe=""))
    assert got.status_code == 200, got.text
    assert got.json()["id"] == event_id


def test_events_page_links_articles_by_encoded_id(odd_client):
    html = odd_client.get("/events").text
    hrefs = set(re.findall(r'href="(/articles/[^"]+)"', html))
    assert "/articles/" + quote("../../etc/passwd", safe="") in hrefs
    assert not [h for h in hrefs if "/../" in h]


def test_posted_article_that_is_rejected_is_a_422_with_its_reason(tmp_path, resources):
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    db = tmp_path / "w.db"
    open_store(db).close()
    app = create_app(db, token="s3cret")
    app.state.resources = resources
    with TestClient(app) as c:
        got = c.post("/api/articles", json={"text": "انفجار"}, headers={"authorization": "Bearer s3cret"})
        assert got.status_code == 422, got.text
        assert "too_short" in got.text
        ok = c.post("/api/articles", json={"text": KABUL, "id": "ok-1"}, headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 201, ok.text
        again = c.post("/api/articles", json={"text": KABUL, "id": "ok-1"}, headers={"authorization": "Bearer s3cret"})
        assert again.status_code == 200, again.text


def test_web_filters_are_the_shared_validator():
    from marsad import filters
    from marsad.web import filters as web_filters

    assert web_filters.parse_filters is filters.parse_filters
    assert web_filters.FilterError is filters.FilterError




_SERVE_READONLY = """
import json, os, sys
from fastapi.testclient import TestClient
from marsad.web import create_app
URLS = ("/", "/events", "/articles", "/api/events", "/api/incidents", "/alerts")
with TestClient(create_app(sys.argv[2])) as c:  # load every lazily imported module first
    for url in URLS:
        c.get(url)
if os.geteuid() == 0:  # root ignores file modes: become nobody
    os.setgid(65534)
    os.setuid(65534)
with TestClient(create_app(sys.argv[1])) as c:
    print(json.dumps({url: c.get(url).status_code for url in URLS}))
"""


def test_serve_answers_from_a_database_in_a_read_only_folder(odd_client, tmp_path):
    import json
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="marsad-ro-web-"))
    try:
        os.chmod(folder, 0o755)
        db = folder / "x.db"
        shutil.copy(tmp_path / "odd.db", db)
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        proc = subprocess.run([sys.executable, "-c", _SERVE_READONLY, str(db), str(tmp_path / "odd.db")],
                              capture_output=True, text=True, timeout=300, cwd=folder)
        assert proc.returncode == 0, proc.stderr[-2000:]
        codes = json.loads(proc.stdout.strip().splitlines()[-1])
        assert set(codes.values()) == {200}, codes
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)
