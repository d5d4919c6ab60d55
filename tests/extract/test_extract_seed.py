"""The seed article: both attacks match gold on kind, status, country, perpetrators, targets, claim, count."""

from __future__ import annotations

import json

from marsad.evaluate import load_gold_article
from marsad.pipeline import process

KEYS = ("kind", "status", "country", "perpetrators", "target_types", "claimed", "perpetrator_count")


def _key(e):
    return {k: (sorted(v) if isinstance(v, list | tuple) else v) for k, v in e.items() if k in KEYS}


def test_extract_seed_attacks_match_gold_on_the_coded_fields(resources, samples_dir):
    path = samples_dir / "seed" / "seed-000.json"
    gold, article = load_gold_article(path)
    doc = process(article, resources)
    predicted = [_key({k: getattr(e, k) for k in KEYS}) for e in doc.events if e.kind == "attack"]
    for g in (e for e in json.loads(path.read_text(encoding="utf-8"))["events"] if e["kind"] == "attack"):
        assert _key(g) in predicted, (g["evidence"], predicted)
    assert gold["id"] == article.id


def test_extract_seed_france_alert_level_is_a_new_measure(resources, samples_dir):
    _, article = load_gold_article(samples_dir / "seed" / "seed-000.json")
    doc = process(article, resources)
    assert any(e.kind == "measure" and e.status == "new" and e.country == "FR" for e in doc.events)
