"""Incremental fusion against the SQLite store: ids kept, history stored, near-copies linked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad.fuse import FuseSettings
from marsad.fuse.compare import date_interval
from marsad.fuse.score import event_from_dict
from marsad.fuse.update import _in_window, _iso, _merge, _neighbours, rebuild_incidents, update_incidents
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


def _stamps(store: SQLiteStore) -> dict[str, str]:
    return dict(store.conn.execute("SELECT id, updated_at FROM incidents").fetchall())


def test_a_new_report_rewrites_only_the_incident_it_joins(
    store: SQLiteStore, dev_articles: list[dict[str, Any]]
) -> None:
    ids = [_save(store, a) for a in dev_articles if a["id"] != "dev-040"]
    update_incidents(store, ids)
    store.conn.execute("UPDATE incidents SET updated_at = 'before'")
    kid = db.incident_ids_for_events(store.conn, ["dev-039-e1"])["dev-039-e1"]
    result = update_incidents(store, [_save(store, _dev(dev_articles, "dev-040"))])
    assert result.updated == [kid]
    assert {inc.id for inc in result.incidents} == {kid, *result.created}
    assert {iid for iid, stamp in _stamps(store).items() if stamp != "before"} == {kid, *result.created}
    assert db.load_incident(store.conn, kid).reports == ("dev-039-e1", "dev-010-e1", "dev-040-e1")


def test_an_incident_re_fused_unchanged_is_not_written_again(
    store: SQLiteStore, dev_articles: list[dict[str, Any]]
) -> None:
    update_incidents(store, [_save(store, a) for a in dev_articles])
    store.conn.execute("UPDATE incidents SET updated_at = 'before'")
    kerman = _dev(dev_articles, "dev-039")
    # a bombing the same day in another Iranian city: Kerman's reports are re-fused with it, unchanged
    other = dict(kerman["events"][0], city="Zahedan", admin1="Sistan and Baluchestan", place=None, lat=None,
                 lon=None, killed=2, wounded=None, evidence="قتل شخصان في انفجار عبوة ناسفة في زاهدان")
    aid = _save(store, dict(kerman, id="zahedan", events=[other]), text="قتل شخصان في انفجار عبوة ناسفة في زاهدان")
    result = update_incidents(store, [aid])
    assert len(result.created) == 1 and result.updated == [] and result.removed == []
    assert result.reports >= 4  # the new report and the three Kerman reports
    assert [inc.id for inc in result.incidents] == result.created
    assert {iid for iid, stamp in _stamps(store).items() if stamp != "before"} == set(result.created)


def test_rebuilding_rewrites_every_incident(store: SQLiteStore, dev_articles: list[dict[str, Any]]) -> None:
    update_incidents(store, [_save(store, a) for a in dev_articles[:12]])
    store.conn.execute("UPDATE incidents SET updated_at = 'before'")
    rebuild_incidents(store)
    assert "before" not in _stamps(store).values()


def _neighbours_one_query_per_span(store: SQLiteStore, events: list, meta: dict) -> list[str]:
    """The plain neighbour read: ``store.events`` per kind and merged span, filtered per window."""
    cfg = FuseSettings()
    windows: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
    for ev in events:
        lo, hi, _ = date_interval(ev.date, meta[ev.article_id][0], cfg)
        key = (ev.kind, ev.country.upper() if ev.country else None)
        windows.setdefault(key, []).append((lo - cfg.date_window_days, hi + cfg.date_window_days))
    spans = {k: [(_iso(lo), _iso(hi)) for lo, hi in _merge(v)] for k, v in windows.items()}
    found: dict[str, None] = {}
    for kind in sorted({k for k, _ in windows}):
        for lo, hi in _merge(iv for (k, _), ivs in windows.items() if k == kind for iv in ivs):
            for ev in store.events(kind=kind, since=_iso(lo), until=_iso(hi)):
                keys = [(kind, None)] + ([(kind, ev.country.upper())] if ev.country else [])
                if ev.id not in found and any(
                        k in spans and _in_window(ev.date, spans[k], [u for _, u in spans[k]]) for k in keys):
                    found[ev.id] = None
    return list(found)


def test_neighbours_are_read_as_one_store_query_per_kind_and_span_would_read_them(
    store: SQLiteStore, dev_articles: list[dict[str, Any]]
) -> None:
    for a in dev_articles:
        _save(store, a)
    new = [a["id"] for a in dev_articles[::3]]
    events = [ev for aid in new for ev in store.events(article_id=aid)]
    meta = db.article_meta(store.conn, new)
    expected = _neighbours_one_query_per_span(store, events, meta)
    assert len(expected) > len(events)
    assert _neighbours(store, events, meta, FuseSettings()) == expected
