"""Web end to end in headless Chromium: map, filters, incident page with Arabic evidence, escaping.

Needs Debian's chromium at /usr/bin/chromium (scripts/install_browser.sh) and the Python
playwright package; skips with the reason when the browser cannot start. The app is served by
uvicorn on 127.0.0.1 (an ephemeral port) in a thread, over the fixture database.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium, or a skip that says why it cannot start."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        pytest.skip(f"python playwright is not installed: {exc}")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/install_browser.sh")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=60_000)
    except Error as exc:
        pw.stop()
        pytest.skip(f"chromium cannot start: {exc}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="module")
def base_url(web_db):
    """The app served by uvicorn on 127.0.0.1 in a background thread."""
    import uvicorn

    from marsad.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(web_db.path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and any request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors = []
    pg.outside = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    yield pg
    context.close()


def _load_map(page, url):
    page.goto(url)
    page.wait_for_selector("#map[data-ready='1']", timeout=20_000)


def test_map_draws_points_only_for_precise_incidents_and_lists_the_rest(page, base_url, client):
    _load_map(page, base_url + "/")
    incidents = client.get("/api/incidents?limit=1000").json()["items"]
    precise = [i for i in incidents if i["lat"] is not None]
    assert page.locator("path.incident-marker").count() == len(precise) >= 3
    listed = page.locator("#unplaced li a").count()
    assert listed == len(incidents) - len(precise) >= 3
    assert page.locator("#unplaced").get_by_text("France").count() >= 1
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # the offline basemap's countries
    assert page.errors == [] and page.outside == []


def test_bigger_toll_draws_a_bigger_marker(page, base_url):
    _load_map(page, base_url + "/")
    sizes = page.eval_on_selector_all(
        "path.incident-marker", "els => els.map(e => e.getBoundingClientRect().width)")
    assert max(sizes) > 2 * min(sizes)


def test_country_filter_reloads_map_and_table_with_that_country(page, base_url):
    _load_map(page, base_url + "/")
    page.select_option("#f-country", "IR")
    page.click("#f-apply")
    page.wait_for_url("**country=IR**")
    page.wait_for_selector("#map[data-ready='1']")
    rows = page.locator("#incident-table tbody tr")
    assert rows.count() >= 3
    assert all("(Iran)" in t for t in rows.all_inner_texts())
    assert page.locator("path.incident-marker").count() == 2  # Kerman and Shiraz
    assert page.locator("#unplaced h3").all_inner_texts()[0].startswith("Iran")


def test_opening_an_incident_shows_its_arabic_evidence_highlighted(page, base_url):
    _load_map(page, base_url + "/?country=IR&attack_type=bombing_explosion")
    page.locator("path.incident-marker").first.click()
    page.locator(".leaflet-popup-content a").click()
    page.wait_for_url("**/incidents/inc-*")
    text = page.locator(".article-text[dir='rtl'][lang='ar']").first
    assert text.is_visible()
    marks = text.locator("mark")
    assert marks.count() >= 2
    assert "١٠٣" in marks.all_inner_texts()  # the first report's toll, in Arabic-Indic digits
    assert marks.first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("#history").get_by_text("103").count() == 1
    assert page.errors == []


def test_timeline_bar_filters_to_its_month(page, base_url):
    _load_map(page, base_url + "/")
    page.locator("a.bar[data-period='2024-03']").click()
    page.wait_for_url("**since=2024-03**")
    dates = page.locator("#incident-table tbody td.date").all_inner_texts()
    assert dates and all(d.startswith("2024-03") for d in dates)


@pytest.mark.parametrize("path", ["/articles/hostile-001", "/incidents?country=IQ"])
def test_script_in_article_text_is_shown_not_run(page, base_url, client, path):
    if path.startswith("/incidents"):
        inc = client.get("/api/incidents?country=IQ").json()["items"][0]
        path = f"/incidents/{inc['id']}"
    page.goto(base_url + path)
    assert page.evaluate("() => window.__pwned") is None
    assert page.title() != "pwned"
    body = page.locator("body").inner_text()
    assert "<script>window.__pwned = 1;" in body  # shown as text
    assert '<img src=x onerror="window.__pwned = 2">' in body
    assert page.locator(".article-text img").count() == 0
    assert page.locator(".article-text mark").filter(has_text="<script>").count() == 1
