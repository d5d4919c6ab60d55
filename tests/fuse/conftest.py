"""Fixtures for fusion tests: the dev corpus's gold events as reports, and synthetic report sets."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from marsad.fuse.compare import Report
from marsad.fuse.score import gold_reports
from marsad.fuse.synth import Seed

DEV = Path(__file__).resolve().parents[2] / "samples" / "dev"


@pytest.fixture(scope="session")
def dev_articles() -> list[dict[str, Any]]:
    """The 40 annotated dev articles (spec JSON)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("dev-*.json"))]


@pytest.fixture(scope="session")
def dev_gold(dev_articles: list[dict[str, Any]]) -> tuple[list[Report], dict[str, str]]:
    """Gold events of the dev set as reports, and event id → gold incident id."""
    return gold_reports(dev_articles)


@pytest.fixture(scope="session")
def twenty_seeds(dev_articles: list[dict[str, Any]], dev_gold: tuple[list[Report], dict[str, str]]) -> list[Seed]:
    """20 distinct dev attacks (new), those sharing an article (same city/day pairs) first."""
    reports, gold = dev_gold
    texts = {a["id"]: a["text"] for a in dev_articles}
    seen: dict[str, Report] = {}
    for r in reports:
        if r.event.kind == "attack" and r.event.status == "new" and gold[r.id] not in seen:
            seen[gold[r.id]] = r
    per_article = Counter(r.article_id for r in seen.values())
    ranked = sorted(seen.values(), key=lambda r: (-per_article[r.article_id], gold[r.id]))
    return [Seed(r.event, texts[r.article_id], gold[r.id]) for r in ranked[:20]]
