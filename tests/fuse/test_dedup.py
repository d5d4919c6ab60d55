"""Near-duplicate articles: the same wire story on several sites is linked to its original."""

from __future__ import annotations

from typing import Any

from marsad.fuse import ArticleText, FuseSettings, near_duplicates
from marsad.fuse.dedup import signature

CFG = FuseSettings()


def _text(articles: list[dict[str, Any]], aid: str) -> str:
    return next(a["text"] for a in articles if a["id"] == aid)


def test_a_republished_wire_story_links_to_the_earliest_copy(dev_articles: list[dict[str, Any]]) -> None:
    body = _text(dev_articles, "dev-039")
    copy = "طهران - «وكالة أخرى»:\n" + body.split("\n", 1)[1]
    found = near_duplicates(
        [ArticleText("late-copy", copy, "2024-01-04"), ArticleText("dev-039", body, "2024-01-03")], CFG
    )
    assert [(d.article_id, d.original_id) for d in found] == [("late-copy", "dev-039")]
    assert found[0].similarity >= CFG.minhash_threshold


def test_different_reports_of_one_incident_are_not_duplicates(dev_articles: list[dict[str, Any]]) -> None:
    arts = [ArticleText(a["id"], a["text"], a["published"]) for a in dev_articles]
    assert near_duplicates(arts, CFG) == []


def test_known_signatures_act_as_originals(dev_articles: list[dict[str, Any]]) -> None:
    body = _text(dev_articles, "dev-010")
    known = [(ArticleText("dev-010", "", "2024-01-04"), signature(body, CFG))]
    found = near_duplicates([ArticleText("repost", body + "\nالمصدر: وكالات", "2024-01-05")], CFG, known)
    assert [(d.article_id, d.original_id) for d in found] == [("repost", "dev-010")]
