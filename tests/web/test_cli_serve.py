"""``marsad serve``: loopback by default, read-only unless given a token, a clear error without a database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from marsad.cli import app


def _post_status(asgi) -> int:
    from fastapi.testclient import TestClient

    with TestClient(asgi) as c:
        return c.post("/api/articles", json={"text": "نص قصير"}).status_code


@pytest.fixture
def served(monkeypatch):
    """Capture what ``marsad serve`` hands to uvicorn instead of serving."""
    calls = {}

    def fake_run(asgi, **kwargs):
        calls["app"] = asgi
        calls.update(kwargs)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


def test_serve_binds_loopback_read_only_by_default(served, web_db):
    result = CliRunner().invoke(app, ["serve", "--db", str(web_db.path)])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8000
    assert _post_status(served["app"]) == 405  # no write endpoint


def test_serve_with_a_token_adds_the_write_endpoint(served, web_db):
    result = CliRunner().invoke(app, ["serve", "--db", str(web_db.path), "--token", "t0k", "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert served["port"] == 8765
    assert _post_status(served["app"]) == 401  # the endpoint exists and wants the token


def test_serve_without_a_database_says_how_to_make_one(served, tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code != 0
    assert "marsad run" in result.output and "app" not in served
