"""CLI: each command over a temporary SQLite file (typer's CliRunner, no sockets)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.model import Article, Doc, Event
from marsad.store import open_store

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAGHDAD = "بغداد - قتل خمسة مدنيين وأصيب اثنا عشر آخرون بانفجار عبوة ناسفة استهدفت سوقا شعبية في منطقة الشعب."
PARIS = "باريس - أعلنت الحكومة الفرنسية رفع مستوى التأهب الأمني إلى أقصى درجة بعد الهجوم على قاعة الحفلات."


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "baghdad.txt").write_text(BAGHDAD, encoding="utf-8")
    (d / "paris.json").write_text(json.dumps({"id": "fr-1", "published": "2024-03-23", "text": PARIS}), encoding="utf-8")
    (d / "broken.json").write_text('{"id": "x", "text": "نص مقطوع', encoding="utf-8")
    (d / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    return d


@pytest.fixture()
def db_with_events(tmp_path):
    path = tmp_path / "ev.db"
    s = open_store(path)
    s.save_doc(Doc(Article(id="iq-1", text=BAGHDAD, lang="ar"), events=(
        Event(kind="attack", status="new", date="2016-07-03", country="IQ", city="Baghdad", lat=33.34, lon=44.4,
              perpetrators=("Islamic State",), attack_types=("bombing_explosion",), killed=5, wounded=12,
              evidence=BAGHDAD, evidence_start=0, evidence_end=len(BAGHDAD), confidence=0.7),)))
    s.save_doc(Doc(Article(id="fr-1", text=PARIS, lang="ar", published="2024-03-23"), events=(
        Event(kind="measure", status="new", date="2024-03-23", country="FR", evidence=PARIS, confidence=0.6),)))
    s.close()
    return path


def test_cli_run_stores_articles_and_reports_rejections_by_reason(folder, tmp_path):
    db = tmp_path / "m.db"
    res = runner.invoke(app, ["run", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "articles stored" in res.output and "invalid_json" in res.output and "binary" in res.output
    s = open_store(db)
    assert s.counts()["articles"] == 2
    assert s.counts()["rejections"] == {"binary": 1, "invalid_json": 1}
    s.close()


def test_cli_run_twice_stores_nothing_twice(folder, tmp_path):
    db = tmp_path / "m.db"
    runner.invoke(app, ["run", str(folder), "--db", str(db)])
    res = runner.invoke(app, ["run", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    s = open_store(db)
    last = s.runs()[-1]
    assert (last.articles_stored, last.duplicates, last.status) == (0, 2, "done")
    assert s.counts()["articles"] == 2
    s.close()


def test_cli_run_refuses_a_missing_path(tmp_path):
    res = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--db", str(tmp_path / "m.db")])
    assert res.exit_code != 0 and "not found" in res.output


def test_cli_rejections_lists_source_reason_and_detail(folder, tmp_path):
    db = tmp_path / "m.db"
    runner.invoke(app, ["run", str(folder), "--db", str(db)])
    res = runner.invoke(app, ["rejections", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert sorted((Path(r["source"]).name, r["reason"]) for r in rows) == [("blob.txt", "binary"),
                                                                             ("broken.json", "invalid_json")]
    assert all(r["detail"] for r in rows)


def test_cli_extract_json_prints_one_annotated_article_per_input(tmp_path):
    res = runner.invoke(app, ["extract", str(FIXTURES / "truncated.jsonl"), "--format", "json"])
    assert res.exit_code == 0, res.output
    docs = json.loads(res.stdout)
    assert [d["id"] for d in docs] == ["jl-1", "jl-2"]
    assert all("events" in d and d["text"] for d in docs)
    assert "invalid_json" in res.stderr


def test_cli_extract_single_input_is_one_object_and_out_dir_gets_one_file_each(tmp_path):
    res = runner.invoke(app, ["extract", str(FIXTURES / "utf8_bom.txt")])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["lang"] == "ar"
    out = tmp_path / "out"
    res = runner.invoke(app, ["extract", str(FIXTURES / "truncated.jsonl"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["jl-1.json", "jl-2.json"]


def test_cli_extract_fails_when_every_input_is_rejected():
    res = runner.invoke(app, ["extract", str(FIXTURES / "binary.txt")])
    assert res.exit_code == 1 and "binary" in res.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "geojson"])
def test_cli_events_filters_by_country_in_every_format(db_with_events, fmt):
    res = runner.invoke(app, ["events", "--db", str(db_with_events), "--country", "IQ", "--format", fmt])
    assert res.exit_code == 0, res.output
    out = res.stdout
    if fmt == "json":
        assert [e["id"] for e in json.loads(out)] == ["iq-1-e1"]
    elif fmt == "jsonl":
        assert [json.loads(ln)["country"] for ln in out.splitlines()] == ["IQ"]
    elif fmt == "csv":
        (row,) = list(csv.DictReader(io.StringIO(out)))
        assert (row["country_txt"], row["attacktype1_txt"], row["nkill"]) == ("Iraq", "Bombing/Explosion", "5")
    elif fmt == "geojson":
        (feat,) = json.loads(out)["features"]
        assert feat["geometry"]["coordinates"] == [44.4, 33.34]
    else:
        assert "iq-1-e1" in out and "fr-1-e1" not in out


def test_cli_events_group_kind_and_since_filters(db_with_events):
    res = runner.invoke(app, ["events", "--db", str(db_with_events), "--since", "2020-01-01", "--kind", "measure",
                              "--format", "json"])
    assert [e["country"] for e in json.loads(res.stdout)] == ["FR"]
    res = runner.invoke(app, ["events", "--db", str(db_with_events), "--group", "Islamic State", "--format", "json"])
    assert [e["country"] for e in json.loads(res.stdout)] == ["IQ"]


def test_cli_events_on_missing_database_is_a_clear_error(tmp_path):
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1
    assert "database not found" in res.output and "Traceback" not in res.output


def test_cli_every_command_is_documented_with_an_example():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"extract", "run", "events", "rejections", "eval", "eval-gsr"} <= set(names)
    for cmd in app.registered_commands:
        doc = (cmd.callback.__doc__ or "").strip()
        assert doc.splitlines()[-2].strip() == "Example:" or "Example:" in doc.split("\n\n")[-1], cmd.callback
        res = runner.invoke(app, [cmd.name or cmd.callback.__name__, "--help"])
        assert res.exit_code == 0 and "Example" in res.output


def test_readme_names_every_core_command_and_default_toml_comments_every_ingest_and_store_key():
    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for name in ("run", "extract", "events", "rejections", "runs", "eval", "eval-gsr"):
        assert f"marsad {name}" in readme, name
    toml_lines = (repo / "src" / "marsad" / "default.toml").read_text(encoding="utf-8").splitlines()
    section = None
    for line in toml_lines:
        if line.startswith("["):
            section = line.strip("[] ")
        elif section in ("ingest", "store") and "=" in line:
            assert "#" in line.split("=", 1)[1], f"undocumented setting: {line}"


def test_cli_extract_explain_adds_explanation_lines_to_each_event(samples_dir):
    res = runner.invoke(app, ["extract", str(samples_dir / "dev" / "dev-001.json"), "--explain"])
    assert res.exit_code == 0, res.output
    events = json.loads(res.stdout)["events"]
    assert all(isinstance(e["explanation"], list) for e in events)


@pytest.mark.parametrize("since", ["yesterday", "2024-13", "15/07/2024"])
def test_cli_events_refuses_a_date_that_is_not_iso(db_with_events, since):
    res = runner.invoke(app, ["events", "--db", str(db_with_events), "--since", since])
    assert res.exit_code == 2 and "YYYY" in res.output


def test_cli_version_option_prints_the_version():
    from marsad import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0, res.output
    assert __version__ in res.output


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--kind", "bogus"], "kind"),
        (["--status", "bogus"], "status"),
        (["--since", "2024-02-30"], "since"),
        (["--since", "2020", "--until", "2000"], "--since/--until"),
        (["--limit", "-1"], "limit"),
        (["--limit", "0"], "limit"),
        (["--country", "Oman"], "alpha-2"),
        (["--country", "XX"], "unknown country"),
    ],
)
def test_cli_events_refuses_bad_filter_values_like_the_api(db_with_events, args, hint):
    res = runner.invoke(app, ["events", "--db", str(db_with_events), *args])
    assert res.exit_code == 2, res.output
    assert hint in res.output


def test_cli_events_until_a_year_includes_that_whole_year(db_with_events):
    res = runner.invoke(app, ["events", "--db", str(db_with_events), "--until", "2016", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert [e["country"] for e in json.loads(res.stdout)] == ["IQ"]


@pytest.mark.parametrize(
    "args",
    [
        ["incidents", "--kind", "bogus"],
        ["incidents", "--since", "2024-02-30"],
        ["incidents", "--country", "Iraq"],
        ["trends", "--since", "notadate"],
        ["alerts", "--no-detect", "--until", "2024-13"],
        ["report", "--since", "notadate"],
    ],
)
def test_cli_analysis_and_incident_commands_refuse_bad_filters(db_with_events, args):
    res = runner.invoke(app, [*args, "--db", str(db_with_events)])
    assert res.exit_code == 2, res.output
    assert "Invalid isoformat" not in res.output


def test_cli_format_options_offer_only_what_each_command_writes(db_with_events, tmp_path):
    res = runner.invoke(app, ["extract", "--help"])
    assert "table" not in res.output.split("--format", 1)[1].split("\n\n")[0]
    assert runner.invoke(app, ["rejections", "--db", str(db_with_events), "--format", "geojson"]).exit_code == 2
    res = runner.invoke(app, ["rejections", "--db", str(db_with_events), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["incidents", "--db", str(db_with_events), "--format", "jsonl"])
    assert res.exit_code == 0, res.output


def test_cli_help_texts_say_where_samples_and_default_report_files_are():
    run_help = runner.invoke(app, ["run", "--help"]).output
    assert "repository" in run_help
    report_help = " ".join(runner.invoke(app, ["report", "--help"]).output.split())
    assert "report-<since>.md" in report_help


def test_cli_run_reports_inputs_seen_like_runs_and_lists_duplicates(folder, tmp_path):
    (folder / "copy.txt").write_text(BAGHDAD, encoding="utf-8")
    db = tmp_path / "m.db"
    res = runner.invoke(app, ["run", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    s = open_store(db)
    run = s.runs()[-1]
    assert run.articles_seen == 5  # 3 articles (one a duplicate) + 2 rejections = 5 files
    dups = s.duplicates()
    baghdad = [a.id for a in s.articles() if (a.source or "").endswith("baghdad.txt")]
    assert [(Path(d.source).name, d.article_id) for d in dups] == [("copy.txt", baghdad[0])]
    s.close()
    res = runner.invoke(app, ["duplicates", "--db", str(db)])
    assert res.exit_code == 0 and "copy.txt" in res.output


def test_cli_rerun_counts_earlier_articles_as_already_stored_not_duplicates(folder, tmp_path):
    db = tmp_path / "m.db"
    runner.invoke(app, ["run", str(folder), "--db", str(db)])
    res = runner.invoke(app, ["run", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "already stored" in res.output
    line = next(ln for ln in res.output.splitlines() if "already stored" in ln)
    assert "2" in line


def test_cli_run_skips_its_own_database_files(folder, tmp_path, monkeypatch):
    monkeypatch.chdir(folder)
    res = runner.invoke(app, ["run", ".", "--db", "p.db"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["run", ".", "--db", "p.db"])
    s = open_store(folder / "p.db")
    assert not [r for r in s.rejections() if "p.db" in r.source]
    s.close()


def test_cli_run_counts_articles_in_a_language_without_an_extractor(tmp_path):
    d = tmp_path / "en"
    d.mkdir()
    (d / "a.txt").write_text("A suicide bomber killed at least 30 people at a market in Baghdad on Sunday, "
                             "police said, and the Islamic State group claimed the attack.", encoding="utf-8")
    res = runner.invoke(app, ["run", str(d), "--db", str(tmp_path / "m.db")])
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if "no extractor" in ln)
    assert "1" in line and "en" in line


def test_cli_run_interrupted_says_how_to_resume(folder, tmp_path, monkeypatch):
    import marsad.store.runner as runner_mod

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner_mod, "run_paths", interrupted)
    res = runner.invoke(app, ["run", str(folder), "--db", str(tmp_path / "m.db")])
    assert res.exit_code == 130
    assert "interrupted" in res.output and "re-run" in res.output


def test_cli_runs_marks_a_run_whose_process_is_gone_as_stale(tmp_path):
    db = tmp_path / "m.db"
    s = open_store(db)
    s.start_run(["x"])
    s.conn.execute("UPDATE runs SET pid = 2147483646")
    s.close()
    res = runner.invoke(app, ["runs", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "stale" in res.output


def test_cli_extract_rejection_lines_are_not_wrapped(tmp_path):
    long_name = "a-very-long-file-name-that-goes-past-eighty-columns-on-any-terminal-" + "x" * 40 + ".txt"
    path = tmp_path / long_name
    path.write_bytes(b"")
    res = runner.invoke(app, ["extract", str(path)])
    assert long_name in res.output.replace("\n", "\n")
    assert any(long_name in ln for ln in res.output.splitlines())


_READONLY_SCRIPT = """
import json, os, sys
from typer.testing import CliRunner
import marsad.cli, marsad.export, marsad.filters, marsad.settings, marsad.store, marsad.store.incidents
CMDS = (["events", "--format", "json"], ["rejections"], ["runs"], ["incidents"], ["duplicates"])
for cmd in CMDS:  # load every lazily imported module while the venv is readable
    CliRunner().invoke(marsad.cli.app, [*cmd, "--db", sys.argv[2]])
if os.geteuid() == 0:  # root ignores file modes: become nobody
    os.setgid(65534)
    os.setuid(65534)
results = {}
for cmd in CMDS:
    res = CliRunner().invoke(marsad.cli.app, [*cmd, "--db", sys.argv[1]])
    results[cmd[0]] = [res.exit_code, res.output[-300:] + repr(res.exception)]
print(json.dumps(results))
"""


def test_cli_query_commands_work_on_a_read_only_database_folder(db_with_events):
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="marsad-ro-"))
    try:
        os.chmod(folder, 0o755)
        db = folder / "x.db"
        shutil.copy(db_with_events, db)
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        proc = subprocess.run([sys.executable, "-c", _READONLY_SCRIPT, str(db), str(db_with_events)],
                              capture_output=True, text=True,
                              timeout=300, cwd=folder)
        assert proc.returncode == 0, proc.stderr[-2000:]
        results = json.loads(proc.stdout.strip().splitlines()[-1])
        assert {cmd: code for cmd, (code, _) in results.items()} == dict.fromkeys(results, 0), results
        assert not os.path.exists(str(db) + "-shm")
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_readme_is_honest_about_english_postgres_setup_and_points_to_no_missing_file():
    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    flat = " ".join(readme.split())
    assert "shared/spec" not in readme
    assert "English extraction is not available yet" in flat
    assert "PostgreSQL is not implemented yet" in flat
    assert "Python ≥ 3.11" in flat and "pip install ." in flat
    for word in ("marsad serve", "/api/events", "marsad duplicates", "already stored", "marsad.db", "immutable"):
        assert word in flat, word
