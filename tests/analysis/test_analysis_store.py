"""Alerts are stored once per key with the incidents that fired them; coverage is read from articles."""

from __future__ import annotations

from analysis_helpers import inc

from marsad.analysis.alerts import detect_alerts
from marsad.analysis.base import AnalysisSettings
from marsad.model import Article, Doc
from marsad.store.alerts import article_refs, coverage, load_alerts, save_alerts
from marsad.store.sqlite import SQLiteStore


def test_alerts_are_stored_once_with_their_incidents_and_read_back_equal(tmp_path):
    history = [inc("2024-07-15", "OM", admin1="Muscat", killed=6, wounded=30, claimed=True)]
    alerts = detect_alerts(history, settings=AnalysisSettings())
    assert {a.kind for a in alerts} == {"new_theatre", "new_claimant"}
    with SQLiteStore(tmp_path / "m.db") as store:
        assert save_alerts(store.conn, alerts) == 2
        assert save_alerts(store.conn, alerts) == 0
        back = load_alerts(store.conn)
        assert back == alerts
        assert back[0].incidents == (history[0].id,)
        assert load_alerts(store.conn, kind="new_claimant", since="2024-07-15", until="2024-07-15") == [
            a for a in alerts if a.kind == "new_claimant"
        ]
        assert load_alerts(store.conn, since="2024-07-16") == []


def test_coverage_counts_articles_per_publication_date(tmp_path):
    with SQLiteStore(tmp_path / "m.db") as store:
        for n, day in enumerate(["2024-07-15", "2024-07-15", "2024-07-16", None]):
            art = Article(id=f"a{n}", text=f"انفجار في مسقط رقم {n} أسفر عن قتلى", lang="ar", published=day,
                          title=f"t{n}", outlet="الأفق")
            store.save_doc(Doc(article=art))
        assert coverage(store.conn) == {"2024-07-15": 2, "2024-07-16": 1}
        assert article_refs(store.conn, ["a2", "zz"]) == {
            "a2": {"title": "t2", "outlet": "الأفق", "url": None, "published": "2024-07-16", "lang": "ar"}
        }
