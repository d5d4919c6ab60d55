"""Store reads and writes fusion relies on: events by id or article, light window keys, batched incident writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.fuse.record import build_incident
from marsad.fuse.score import event_from_dict
from marsad.model import Article, Doc, Incident
from marsad.store import SQLiteStore, open_store
from marsad.store import incidents as db

DEV = Path(__file__).resolve().parents[2] / "samples" / "dev"


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    """A database holding the 40 annotated dev articles with their gold events."""
    s = open_store(tmp_path / "reads.db")
    for path in sorted(DEV.glob("dev-*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        article = Article(id=art["id"], text=art["text"], lang="ar", published=art["published"],
                          outlet=art.get("outlet"))
        events = tuple(event_from_dict(e, "", article.id) for e in art["events"])
        s.save_doc(Doc(article=article, events=events))
    yield s
    s.close()


def test_events_by_id_returns_the_events_the_filtered_query_returns(store: SQLiteStore) -> None:
    every = {ev.id: ev for ev in store.events()}
    found = store.events_by_id([*sorted(every), "no-such-event"])
    assert found == every


def test_events_by_id_can_leave_out_explanations_and_other_fields_evidence(store: SQLiteStore) -> None:
    every = {ev.id: ev for ev in store.events()}
    light = store.events_by_id(every, fields=("killed", "wounded"), explain=False)
    assert light.keys() == every.keys()
    for eid, ev in light.items():
        assert ev.explanation == ()
        assert ev.fields == tuple(f for f in every[eid].fields if f.field in ("killed", "wounded"))
        assert ev.killed == every[eid].killed and ev.perpetrators == every[eid].perpetrators


def test_event_ids_of_articles_keep_the_article_order_and_each_articles_event_order(store: SQLiteStore) -> None:
    aids = ["dev-040", "dev-002", "dev-039", "dev-002"]
    expected = [ev.id for aid in dict.fromkeys(aids) for ev in store.events(article_id=aid)]
    assert store.event_ids_of_articles(aids) == expected
    assert len(expected) > 3


def test_event_keys_list_the_filtered_events_without_decoding_them(store: SQLiteStore) -> None:
    full = store.events(kind="attack", since="2024-01", until="2024-06-30")
    assert [(k[0], k[2], k[3]) for k in store.event_keys(kind="attack", since="2024-01", until="2024-06-30")] == [
        (ev.id, ev.country, ev.date) for ev in full]
    assert full


def _kerman(store: SQLiteStore, iid: str) -> Incident:
    from marsad.fuse.compare import Report

    meta = db.article_meta(store.conn, ["dev-039", "dev-010", "dev-040"])
    evs = store.events_by_id(["dev-039-e1", "dev-010-e1", "dev-040-e1"])
    return build_incident(iid, [Report(ev, *meta[ev.article_id]) for ev in evs.values()])


def test_saving_incidents_in_one_batch_replaces_their_reports_and_history(store: SQLiteStore) -> None:
    first = _kerman(store, "inc-kerman")
    db.save_incidents(store.conn, [first])
    created = store.conn.execute("SELECT created_at FROM incidents WHERE id = 'inc-kerman'").fetchone()
    store.conn.execute("UPDATE incidents SET created_at = 'then'")
    db.save_incidents(store.conn, [first, _kerman(store, "inc-other")], removed=[],
                      report_articles={"dev-039-e1": "dev-039"})
    back = db.load_incident(store.conn, "inc-kerman")
    assert back is not None and created is not None
    assert back.history == first.history and back.killed == 89 and back.rules == first.rules
    assert store.conn.execute("SELECT created_at FROM incidents WHERE id = 'inc-kerman'").fetchone() == ("then",)
    # the second incident took every report over (an event belongs to one incident)
    assert db.report_ids(store.conn, ["inc-kerman", "inc-other", "inc-none"]) == {
        "inc-kerman": [], "inc-none": [],
        "inc-other": [("dev-039-e1", "dev-039"), ("dev-010-e1", "dev-010"), ("dev-040-e1", "dev-040")]}
    db.save_incidents(store.conn, [], removed=["inc-kerman", "inc-other"])
    assert db.load_incidents(store.conn) == []
    assert store.conn.execute("SELECT COUNT(*) FROM incident_history").fetchone() == (0,)
