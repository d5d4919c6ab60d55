"""Store: migrations, one transaction per article, idempotence on content hash, event queries."""

from __future__ import annotations

import sqlite3

import pytest

from marsad.model import Article, Doc, Event, FieldEvidence, Rejection
from marsad.store import StoreError, apply_migrations, list_migrations, open_store

MUSCAT = "مسقط - هاجم ثلاثة مسلحين مسجدا في منطقة الوادي الكبير، وأعلن تنظيم داعش مسؤوليته عن الهجوم."
MOSCOW = "موسكو - قتل 145 شخصا في هجوم على قاعة كروكوس للحفلات قرب موسكو في مارس 2024."
KABUL = "كابول - قتل خمسة أشخاص في تفجير انتحاري تبناه تنظيم داعش خراسان."


def _doc(article_id: str, text: str, events: tuple[Event, ...] = (), published: str | None = None) -> Doc:
    return Doc(article=Article(id=article_id, text=text, lang="ar", published=published, source=f"{article_id}.json"),
               events=events)


def _attack(**kw) -> Event:
    base = dict(kind="attack", status="new", date="2024-07-15", country="OM", admin1="Muscat", city="Muscat",
                perpetrators=("Islamic State",), attack_types=("armed_assault",),
                target_types=("religious_figures_institutions",), weapon_types=("firearms",), killed=(6, 9),
                perpetrators_killed=3, wounded=28, perpetrator_count=3, claimed=True, suicide=False,
                evidence=MUSCAT, evidence_start=0, evidence_end=len(MUSCAT), confidence=0.8,
                fields=(FieldEvidence("country", 0, 4, "dateline"), FieldEvidence("perpetrators", 65, 70, "group")),
                explanation=("trigger هاجم",))
    base.update(kw)
    return Event(**base)


@pytest.fixture()
def store(tmp_path):
    s = open_store(tmp_path / "t.db")
    yield s
    s.close()


def test_store_applies_every_migration_once_and_records_its_version(tmp_path):
    s1 = open_store(tmp_path / "m.db")
    versions = [m.version for m in list_migrations()]
    assert s1.schema_version() == max(versions)
    s1.close()
    s2 = open_store(tmp_path / "m.db")
    rows = s2.conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == versions
    s2.close()


def test_migration_runner_picks_up_any_numbered_file_in_order(tmp_path):
    folder = tmp_path / "migs"
    folder.mkdir()
    (folder / "001_core.sql").write_text("CREATE TABLE a (x INTEGER);\n-- comment; with semicolon\n", encoding="utf-8")
    (folder / "020_alerts.sql").write_text("CREATE TABLE c (z INTEGER REFERENCES b(y));", encoding="utf-8")
    (folder / "010_incidents.sql").write_text(
        "CREATE TABLE b (y INTEGER PRIMARY KEY);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (NEW.x); END;\n",
        encoding="utf-8")
    (folder / "README.txt").write_text("not a migration", encoding="utf-8")
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert apply_migrations(conn, folder) == [1, 10, 20]
    assert apply_migrations(conn, folder) == []
    conn.execute("INSERT INTO a VALUES (7)")
    assert conn.execute("SELECT y FROM b").fetchall() == [(7,)]


def test_store_uses_wal_journal(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_saves_article_once_per_content_hash(store):
    run = store.start_run(["x"])
    first = store.save_doc(_doc("om-1", MUSCAT, (_attack(),)), run)
    again = store.save_doc(_doc("om-copy", MUSCAT.replace(" ", "  "), (_attack(),)), run)
    assert first.stored and first.events == 1
    assert not again.stored and again.article_id == "om-1"
    assert store.counts()["articles"] == 1 and store.counts()["events"] == {"attack": 1}
    rec = store.run(run)
    assert (rec.articles_seen, rec.articles_stored, rec.duplicates, rec.events_stored) == (2, 1, 1, 1)
    assert store.has_article(_doc("z", MUSCAT).article.sha256)


def test_store_round_trips_every_event_field_and_per_field_evidence(store):
    ev = _attack()
    store.save_doc(_doc("om-1", MUSCAT, (ev,)))
    (got,) = store.events()
    assert got.id == "om-1-e1" and got.article_id == "om-1"
    for name in ("kind", "status", "date", "country", "admin1", "city", "perpetrators", "attack_types",
                 "target_types", "weapon_types", "killed", "perpetrators_killed", "wounded", "perpetrator_count",
                 "claimed", "suicide", "evidence", "evidence_start", "evidence_end", "fields", "explanation"):
        assert getattr(got, name) == getattr(ev, name), name
    assert got.confidence == pytest.approx(0.8)


def test_store_rolls_back_the_article_when_one_of_its_events_fails(store):
    bad = _attack(killed="many")  # not a count: the event insert raises after the article row
    with pytest.raises(ValueError):
        store.save_doc(_doc("om-1", MUSCAT, (_attack(), bad)))
    assert store.counts()["articles"] == 0 and store.counts()["events"] == {}
    assert store.conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == 0


def test_store_gives_a_colliding_article_id_a_hash_suffix(store):
    store.save_doc(_doc("dev-001", MUSCAT))
    res = store.save_doc(_doc("dev-001", MOSCOW, (_attack(country="RU"),)))
    assert res.stored and res.article_id.startswith("dev-001@")
    assert store.article(res.article_id).text == MOSCOW
    assert [e.id for e in store.events(country="RU")] == [f"{res.article_id}-e1"]


@pytest.fixture()
def filled(store):
    store.save_doc(_doc("om-1", MUSCAT, (_attack(), _attack(kind="measure", status="new", country="OM",
                                                            perpetrators=(), date="2024-07-16"))))
    store.save_doc(_doc("ru-1", MOSCOW, (_attack(country="RU", status="background", date="2024-03"),)))
    store.save_doc(_doc("af-1", KABUL, (_attack(country="AF", date=None,
                                                  perpetrators=("Islamic State – Khorasan Province",)),)))
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "om"}, ["om-1-e1", "om-1-e2"]),
        ({"group": "Islamic State"}, ["ru-1-e1", "om-1-e1", "af-1-e1"]),
        ({"group": "islamic state – khorasan province"}, ["af-1-e1"]),
        ({"since": "2024-07-16"}, ["om-1-e2"]),
        ({"since": "2024-03-20"}, ["ru-1-e1", "om-1-e1", "om-1-e2"]),
        ({"until": "2024-03-31"}, ["ru-1-e1"]),
        ({"kind": "measure"}, ["om-1-e2"]),
        ({"status": "background"}, ["ru-1-e1"]),
        ({"country": "OM", "kind": "attack", "group": "Islamic State"}, ["om-1-e1"]),
        ({"article_id": "af-1"}, ["af-1-e1"]),
    ],
)
def test_store_event_query_filters(filled, filters, expected):
    assert [e.id for e in filled.events(**filters)] == expected


def test_store_records_a_rejection_once_and_counts_it_per_run(store):
    run = store.start_run(["in"])
    rej = Rejection("in/bad.txt", "binary", "NUL bytes")
    store.save_rejection(rej, run)
    store.save_rejection(rej, run)
    assert [(r.source, r.reason) for r in store.rejections()] == [("in/bad.txt", "binary")]
    assert store.run(run).rejections == 2
    assert store.counts()["rejections"] == {"binary": 1}


def test_store_run_is_marked_done_with_finish_run(store):
    run = store.start_run(["samples"])
    store.finish_run(run)
    (rec,) = store.runs()
    assert rec.status == "done" and rec.finished_at and rec.inputs == ("samples",)


def test_open_store_read_only_refuses_a_missing_file(tmp_path):
    with pytest.raises(StoreError, match="not found"):
        open_store(tmp_path / "absent.db", readonly=True)


def test_open_store_rejects_a_file_that_is_not_sqlite(tmp_path):
    f = tmp_path / "notes.db"
    f.write_text("this is not a database, just notes about attacks " * 20, encoding="utf-8")
    with pytest.raises(StoreError):
        open_store(f)


def test_store_drops_the_old_rejection_when_a_fixed_input_is_stored(store):
    store.save_rejection(Rejection("in/a.txt", "decode_error", "invalid UTF-8"))
    store.save_doc(Doc(article=Article(id="a", text=MUSCAT, lang="ar", source="in/a.txt")))
    assert store.rejections() == []


def test_run_items_stores_an_ingested_article_and_records_a_stage_failure(store, resources, monkeypatch):
    from marsad.ingest import ingest_text
    from marsad.store import runner

    art = ingest_text(MUSCAT, "api:post-1", resources.settings)
    report = runner.run_items([art, art], store, resources, ("api",))
    assert (report.articles_stored, report.duplicates) == (1, 1)

    def broken(article, res):
        raise RuntimeError("stage bug")

    monkeypatch.setattr(runner, "process", broken)
    other = ingest_text(KABUL, "api:post-2", resources.settings)
    report = runner.run_items([other], store, resources, ("api",))
    assert dict(report.rejections_by_reason) == {"pipeline_error": 1}
    (rej,) = store.rejections(reason="pipeline_error")
    assert rej.source == "api:post-2" and "stage bug" in rej.detail
    assert store.runs()[-1].status == "done"


def test_store_records_each_duplicate_input_with_the_article_it_repeats(store):
    run = store.start_run(["in"])
    saved = store.save_doc(_doc("a", MUSCAT), run)
    copy = Doc(article=Article(id="b", text=MUSCAT, lang="ar", source="in/mirror/a.txt", sha256=saved_sha(store)))
    assert store.save_doc(copy, run).stored is False
    store.note_duplicate(run, "in/other/a.txt", saved_sha(store))
    dups = [(d.source, d.article_id, d.run_id) for d in store.duplicates()]
    assert dups == [("in/mirror/a.txt", saved.article_id, run), ("in/other/a.txt", saved.article_id, run)]
    assert store.run(run).duplicates == 2


def saved_sha(store) -> str:
    return store.conn.execute("SELECT sha256 FROM articles").fetchone()[0]


def test_store_run_counts_rejections_among_the_inputs_seen(store):
    run = store.start_run(["in"])
    store.save_doc(_doc("a", MUSCAT), run)
    store.save_rejection(Rejection("in/bad.txt", "binary", "NUL bytes"), run)
    assert store.run(run).articles_seen == 2


def test_store_read_only_open_falls_back_to_immutable_when_the_shm_cannot_be_made(tmp_path, monkeypatch):
    import marsad.store.sqlite as sqlite_mod

    path = tmp_path / "ro.db"
    s = open_store(path)
    s.save_doc(_doc("a", MUSCAT))
    s.close()
    real_connect = sqlite3.connect
    uris = []

    class NoShm:
        """A mode=ro connection that fails like SQLite in a read-only folder."""

        def __init__(self, conn):
            self.conn = conn

        def execute(self, *a):
            raise sqlite3.OperationalError("attempt to write a readonly database")

        def close(self):
            self.conn.close()

    def connect(target, *a, **kw):
        uris.append(str(target))
        conn = real_connect(target, *a, **kw)
        return conn if "immutable=1" in str(target) else NoShm(conn)

    monkeypatch.setattr(sqlite_mod.sqlite3, "connect", connect)
    ro = open_store(path, readonly=True)
    assert ro.immutable is True and ro.counts()["articles"] == 1
    ro.close()
    assert uris[-1].endswith("?mode=ro&immutable=1")


def test_run_holds_the_fusion_lock_so_concurrent_runs_do_not_both_count_incidents(tmp_path, resources, monkeypatch):
    import fcntl

    from marsad.fuse import update
    from marsad.store import runner

    seen = []
    real = update.fuse_pending

    def probe(store, **kw):
        with open(str(store.path) + "-fuse.lock", "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                seen.append("locked")
            else:
                seen.append("free")
                fcntl.flock(fh, fcntl.LOCK_UN)
        return real(store, **kw)

    monkeypatch.setattr(update, "fuse_pending", probe)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(MUSCAT, encoding="utf-8")
    s = open_store(folder / "t.db")
    report = runner.run_paths([folder], s, resources)
    s.close()
    assert seen == ["locked"]
    assert report.files == 1  # the lock file and the database are not inputs


def test_store_does_not_record_an_article_read_again_from_its_own_source_as_a_duplicate(store):
    run = store.start_run(["in"])
    store.save_doc(Doc(article=Article(id="a", text=MUSCAT, lang="ar", source="in/a.txt")), run)
    store.note_duplicate(run, "in/a.txt", saved_sha(store))
    assert store.duplicates() == []
    assert store.run(run).duplicates == 1
