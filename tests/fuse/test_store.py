"""Incremental fusion against the SQLite store: ids kept, history stored, near-copies linked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad.fuse.score import event_from_dict
from marsad.fuse.update import rebuild_incidents, update_incidents
from marsad.model import Article, Doc
from marsad.store import SQLiteStore, open_store
from marsad.store import incidents as db


def _save(store: SQLiteStore, art: dict[str, Any], aid: str | None = None, text: str | None = None) -> str:
    article = Article(id=aid or art["id"], text=text or art["text"], lang="ar", published=art["published"],
                      outlet=art.get("outlet"))
    events = tuple(event_from_dict(e, "", article.id) for e in art["events"])
    return store.save_doc(Doc(article=article, events=events)).article_id


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    s = open_store(tmp_path / "fuse.db")
    yield s
    s.close()


def _dev(dev_articles: list[dict[str, Any]], aid: str) -> dict[str, Any]:
    return next(a for a in dev_articles if a["id"] == aid)


def test_kerman_reports_stored_one_by_one_fuse_into_one_incident(
    store: SQLiteStore, dev_articles: list[dict[str, Any]]
) -> None:
    first = update_incidents(store, [_save(store, _dev(dev_articles, "dev-039"))])
    kid = db.incident_ids_for_events(store.conn, ["dev-039-e1"])["dev-039-e1"]
    assert first.created == [kid]
    second = update_incidents(store, [_save(store, _dev(dev_articles, "dev-010"))])
    assert second.created == [] and second.updated == [kid]
    third = update_incidents(store, [_save(store, _dev(dev_articles, "dev-040"))])
    assert kid in third.updated
    inc = db.load_incident(store.conn, kid)
    assert inc is not None
    assert inc.reports == ("dev-039-e1", "dev-010-e1", "dev-040-e1")
    assert inc.killed == 89
    assert [(h.value, h.outlet, h.published) for h in inc.history if h.field == "killed"] == [
        (103, "المدار نيوز", "2024-01-03"), (84, "بوابة المشرق", "2024-01-04"), (89, "الضفتين", "2024-01-05"),
    ]
    assert dict(inc.rules)["killed"] == "latest report"
    assert len(db.load_incidents(store.conn, country="IR", kind="attack")) == 2  # Kerman + Shiraz background


def test_rerunning_fusion_changes_no_id(store: SQLiteStore, dev_articles: list[dict[str, Any]]) -> None:
    ids = [_save(store, a) for a in dev_articles]
    update_incidents(store, ids)
    before = {i.id: i.reports for i in db.load_incidents(store.conn)}
    again = rebuild_incidents(store)
    after = {i.id: i.reports for i in db.load_incidents(store.conn)}
    assert after == before
    assert again.created == [] and again.removed == []
    assert len(before) == 112  # 109 gold incidents; 3 month-only mentions stay apart


def test_a_republished_copy_is_linked_and_fused_with_its_original(
    store: SQLiteStore, dev_articles: list[dict[str, Any]]
) -> None:
    art = _dev(dev_articles, "dev-039")
    _save(store, art)
    update_incidents(store, ["dev-039"])
    copy = dict(art, published="2024-01-04", outlet="وكالة أخرى")
    copy_id = _save(store, copy, aid="copy-039", text=art["text"] + "\nالمصدر: وكالات")
    result = update_incidents(store, [copy_id])
    assert [(a, o) for a, o, _ in result.duplicates] == [("copy-039", "dev-039")]
    assert db.load_duplicates(store.conn) == {"copy-039": "dev-039"}
    ids = db.incident_ids_for_events(store.conn, ["dev-039-e1", "copy-039-e1"])
    assert ids["dev-039-e1"] == ids["copy-039-e1"]


def test_filters_select_incidents_by_group_and_date(store: SQLiteStore, dev_articles: list[dict[str, Any]]) -> None:
    ids = [_save(store, a) for a in dev_articles]
    update_incidents(store, ids)
    sinai = db.load_incidents(store.conn, group="Islamic State", country="EG", since="2017-11", kind="attack")
    assert [(i.date, i.city, i.killed) for i in sinai] == [("2017-11-24", "Bir al-Abd", 305)]
