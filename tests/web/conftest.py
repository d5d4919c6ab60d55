"""Web test fixtures: a small marsad database built through the real store (and fusion).

Articles are real sample articles (samples/dev, samples/seed); their events are the gold
events of those files, with evidence offsets found in the raw text, so the API and pages are
tested on realistic Arabic independently of how well extraction does today. A hostile article
(HTML and script in its text and title) checks that untrusted text is shown, never run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from marsad.analysis.alerts import detect_alerts
from marsad.fuse.update import update_incidents
from marsad.model import Article, Doc, Event, FieldEvidence
from marsad.store import open_store
from marsad.store.alerts import save_alerts
from marsad.store.incidents import load_incidents

REPO = Path(__file__).resolve().parents[2]
SAMPLE_FILES = ("dev/dev-010.json", "dev/dev-039.json", "dev/dev-040.json", "dev/dev-025.json",
                "dev/dev-028.json", "seed/seed-000.json")

# GeoNames coordinates of the fixture cities (the gold leaves lat/lon null); events in other
# places stay without a point, as a country- or region-level record.
COORDS = {"Kerman": (30.2839, 57.0834), "Krasnogorsk": (55.8204, 37.3302), "Muscat": (23.5880, 58.3829),
          "Shiraz": (29.6100, 52.5425), "Arras": (50.2910, 2.7775)}

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

HOSTILE_TEXT = (
    "بغداد - أعلنت الشرطة العراقية اليوم مقتل 3 أشخاص في انفجار عبوة ناسفة قرب سوق شعبي.\n"
    "وجاء في بيان نشر على موقع مجهول: <script>window.__pwned = 1; document.title = 'pwned';</script> "
    "وكذلك <img src=x onerror=\"window.__pwned = 2\"> ولم تتبن أي جهة الهجوم."
)


@dataclass(frozen=True)
class WebDb:
    """The fixture database: its path and the ids the tests refer to."""

    path: Path
    kerman_article_ids: tuple[str, ...]
    hostile_article_id: str


def _gold_events(article: Article, gold: list[dict]) -> list[Event]:
    events = []
    for n, g in enumerate(gold, start=1):
        start = article.text.find(g["evidence"]) if g.get("evidence") else -1
        end = start + len(g["evidence"]) if start >= 0 else -1
        spans: list[FieldEvidence] = []
        if start >= 0:
            sentence = article.text[start:end]
            for name in ("killed", "wounded"):
                value = g.get(name)
                if isinstance(value, int) and value > 0:
                    for form in (str(value), str(value).translate(ARABIC_DIGITS)):
                        i = sentence.find(form)
                        if i >= 0:
                            spans.append(FieldEvidence(name, start + i, start + i + len(form), "fixture: gold toll"))
                            break
            if g.get("place"):
                i = sentence.find(g["place"])
                if i >= 0:
                    spans.append(FieldEvidence("place", start + i, start + i + len(g["place"]), "fixture: gold place"))
        lat, lon = COORDS.get(g.get("city") or "", (None, None))
        killed = tuple(g["killed"]) if isinstance(g.get("killed"), list) else g.get("killed")
        wounded = tuple(g["wounded"]) if isinstance(g.get("wounded"), list) else g.get("wounded")
        events.append(Event(
            kind=g["kind"], status=g["status"], date=g.get("date"), country=g.get("country"),
            admin1=g.get("admin1"), city=g.get("city"), place=g.get("place"), lat=lat, lon=lon,
            perpetrators=tuple(g.get("perpetrators", ())), attack_types=tuple(g.get("attack_types", ())),
            target_types=tuple(g.get("target_types", ())), weapon_types=tuple(g.get("weapon_types", ())),
            killed=killed, perpetrators_killed=g.get("perpetrators_killed"), wounded=wounded,
            perpetrator_count=g.get("perpetrator_count"), claimed=g.get("claimed"), suicide=g.get("suicide"),
            evidence=g.get("evidence"), evidence_start=start, evidence_end=end,
            id=f"{article.id}-e{n}", article_id=article.id, confidence=0.9, fields=tuple(spans),
        ))
    return events


def _hostile() -> Doc:
    article = Article(id="hostile-001", text=HOSTILE_TEXT, lang="ar", published="2024-05-02",
                      title="<b>عاجل</b><script>window.__pwned = 3</script>", outlet="<i>منفذ</i>")
    s = HOSTILE_TEXT.index("<script>")
    e = HOSTILE_TEXT.index("</script>") + len("</script>")
    killed = HOSTILE_TEXT.index("3 أشخاص")
    event = Event(
        kind="attack", status="new", date="2024-05-02", country="IQ", admin1="Baghdad", city="Baghdad",
        attack_types=("bombing_explosion",), target_types=("private_citizens_property",),
        weapon_types=("explosives",), killed=3, claimed=False, evidence=HOSTILE_TEXT[:HOSTILE_TEXT.index("\n")],
        evidence_start=0, evidence_end=HOSTILE_TEXT.index("\n"), id="hostile-001-e1", article_id=article.id,
        confidence=0.8,
        fields=(FieldEvidence("killed", killed, killed + 1, "fixture"), FieldEvidence("claimed", s, e, "fixture: script")),
    )
    return Doc(article=article, events=(event,))


def build_db(path: Path) -> WebDb:
    """Store the sample articles with their gold events, and the hostile article, at ``path``."""
    kerman = []
    stored = []
    with open_store(path) as store:
        for rel in SAMPLE_FILES:
            data = json.loads((REPO / "samples" / rel).read_text(encoding="utf-8"))
            article = Article(id=data["id"], text=data["text"], lang=data.get("lang", "ar"),
                              published=data.get("published"), title=data.get("title"),
                              outlet=data.get("outlet"), url=data.get("url"), source=rel)
            store.save_doc(Doc(article=article, events=tuple(_gold_events(article, data["events"]))))
            stored.append(article.id)
            if any(e.get("incident", "").endswith("kerman-soleimani-memorial") for e in data["events"]):
                kerman.append(article.id)
        store.save_doc(_hostile())
        stored.append("hostile-001")
        update_incidents(store, stored)  # what `marsad run` does after storing
        save_alerts(store.conn, detect_alerts(load_incidents(store.conn, history=True), kinds=None))
    return WebDb(path, tuple(kerman), "hostile-001")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> WebDb:
    """A fixture database shared by the web tests (read-only for the app)."""
    return build_db(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="session")
def client(web_db: WebDb):
    """An in-process client (ASGI transport via TestClient) of the app over the fixture database."""
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    with TestClient(create_app(web_db.path)) as c:
        yield c
