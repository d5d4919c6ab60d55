"""``marsad incidents`` / ``marsad incident`` / ``marsad fuse`` against a temporary database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from marsad.cli_incidents import register
from marsad.fuse.score import event_from_dict
from marsad.model import Article, Doc
from marsad.store import open_store


@pytest.fixture()
def app_db(tmp_path: Path, dev_articles: list[dict[str, Any]]) -> tuple[typer.Typer, str]:
    db = str(tmp_path / "cli.db")
    store = open_store(db)
    for art in dev_articles:
        if art["id"] in ("dev-003", "dev-010", "dev-039", "dev-040"):
            article = Article(id=art["id"], text=art["text"], lang="ar", published=art["published"],
                              outlet=art.get("outlet"))
            store.save_doc(Doc(article=article, events=tuple(event_from_dict(e, "", art["id"]) for e in art["events"])))
    store.close()
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app)
    return app, db


def test_fuse_then_list_incidents_as_json_csv_and_geojson(app_db: tuple[typer.Typer, str]) -> None:
    app, db = app_db
    runner = CliRunner()
    done = runner.invoke(app, ["fuse", "--db", db])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["reports"] == 8  # dev-003: 3, Kerman: 1 + 1 + 3
    listed = json.loads(runner.invoke(app, ["incidents", "--db", db, "--country", "IR", "--kind", "attack",
                                            "--format", "json"]).output)
    kerman = next(i for i in listed if i["city"] == "Kerman")
    assert kerman["killed"] == 89 and len(kerman["reports"]) == 3
    assert [h["value"] for h in kerman["history"] if h["field"] == "killed"] == [103, 84, 89]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["incidents", "--db", db, "--format", "csv"]).output)))
    karrada = next(r for r in rows if r["nkill"] == "213")
    assert (karrada["country_txt"], karrada["gname"], karrada["n_reports"]) == ("Iraq", "Islamic State", "1")
    geo = json.loads(runner.invoke(app, ["incidents", "--db", db, "--format", "geojson"]).output)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(rows)


def test_incident_shows_history_and_reports_with_evidence(app_db: tuple[typer.Typer, str]) -> None:
    app, db = app_db
    runner = CliRunner()
    runner.invoke(app, ["fuse", "--db", db])
    listed = json.loads(runner.invoke(app, ["incidents", "--db", db, "--group", "Islamic State", "--country", "IR",
                                            "--since", "2024-01-01", "--format", "json"]).output)
    assert len(listed) == 1
    shown = json.loads(runner.invoke(app, ["incident", listed[0]["id"], "--db", db, "--json"]).output)
    assert [r["published"] for r in shown["report_details"]] == ["2024-01-03", "2024-01-04", "2024-01-05"]
    assert all(r["evidence"] for r in shown["report_details"])
    assert shown["rules"]["claimed"] == "claim from any report"
    table = runner.invoke(app, ["incident", listed[0]["id"], "--db", db])
    assert table.exit_code == 0 and "latest report" in table.output


def test_unknown_incident_is_an_error(app_db: tuple[typer.Typer, str]) -> None:
    app, db = app_db
    runner = CliRunner()
    runner.invoke(app, ["fuse", "--db", db])
    result = runner.invoke(app, ["incident", "inc-000000000000", "--db", db])
    assert result.exit_code != 0
    assert "no incident inc-000000000000" in result.output
