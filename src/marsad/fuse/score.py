"""Fusion evaluation: gold ``incident`` ids and predicted incidents in, B-cubed precision, recall and F1 out."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.fuse.compare import ParentOf, Report
from marsad.fuse.config import FuseSettings
from marsad.model import Event, Incident

__all__ = [
    "FusionScore", "bcubed", "event_from_dict", "gold_reports", "inherit_gold", "score_fusion", "score_gold_dir",
    "score_predicted",
]

_TUPLE_FIELDS = ("perpetrators", "attack_types", "target_types", "weapon_types")
_EVENT_FIELDS = frozenset(Event.__dataclass_fields__)


def bcubed(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    Args:
        gold: item → gold cluster id; pred: item → predicted cluster id. Items in only one
            of the two are ignored.
    Returns:
        (precision, recall, f1) in [0, 1]; (0, 0, 0) when no item is shared.

    Example: ``bcubed({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "c": "y"})`` →
    precision 2/3, recall 2/3.
    """
    items = [i for i in gold if i in pred]
    if not items:
        return 0.0, 0.0, 0.0
    by_gold: dict[Hashable, set[Hashable]] = defaultdict(set)
    by_pred: dict[Hashable, set[Hashable]] = defaultdict(set)
    for i in items:
        by_gold[gold[i]].add(i)
        by_pred[pred[i]].add(i)
    p = r = 0.0
    for i in items:
        g, q = by_gold[gold[i]], by_pred[pred[i]]
        both = len(g & q)
        p += both / len(q)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def event_from_dict(data: Mapping[str, Any], event_id: str, article_id: str) -> Event:
    """An Event from one event object of the spec's JSON format (lists become tuples)."""
    values: dict[str, Any] = {k: v for k, v in data.items() if k in _EVENT_FIELDS}
    for name in _TUPLE_FIELDS:
        values[name] = tuple(values.get(name) or ())
    for name in ("killed", "wounded"):
        if isinstance(values.get(name), list):
            values[name] = tuple(values[name])
    values["id"], values["article_id"] = event_id, article_id
    return Event(**values)


def gold_reports(articles: Iterable[Mapping[str, Any]]) -> tuple[list[Report], dict[str, str]]:
    """Reports and gold clusters from annotated articles (the spec's JSON objects).

    Event ids are ``<article id>#<index>``. Returns (reports, event id → gold incident id) for
    the events that carry an ``incident`` id.
    """
    reports: list[Report] = []
    gold: dict[str, str] = {}
    for art in articles:
        for n, data in enumerate(art.get("events") or ()):
            eid = f"{art['id']}#{n}"
            reports.append(Report(event_from_dict(data, eid, art["id"]), art.get("published"), art.get("outlet")))
            if data.get("incident"):
                gold[eid] = data["incident"]
    return reports, gold


@dataclass(frozen=True, slots=True)
class FusionScore:
    """B-cubed scores of a fusion plus the counts behind them."""

    precision: float
    recall: float
    f1: float
    reports: int
    gold_incidents: int
    predicted_incidents: int


def score_fusion(incidents: Sequence[Incident], gold: Mapping[str, str]) -> FusionScore:
    """B-cubed score of ``incidents`` against ``gold`` (event id → gold incident id)."""
    pred = {rid: inc.id for inc in incidents for rid in inc.reports}
    p, r, f1 = bcubed(gold, pred)
    shared = [e for e in gold if e in pred]
    return FusionScore(p, r, f1, len(shared), len({gold[e] for e in shared}), len({pred[e] for e in shared}))


def score_gold_dir(
    gold_dir: Path, cfg: FuseSettings | None = None, parent_of: ParentOf | None = None
) -> FusionScore:
    """Fuse the gold events of every annotated ``*.json`` in ``gold_dir`` and score them (B-cubed).

    This scores fusion alone (gold events in); ``marsad eval`` wires it in.
    """
    from marsad.fuse.cluster import fuse

    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))]
    reports, gold = gold_reports(articles)
    return score_fusion(fuse(reports, cfg, parent_of=parent_of), gold)


def _equal_fields(p: Event, g: Event) -> int:
    names = ("date", "country", "admin1", "city", "perpetrators", "attack_types", "target_types", "killed", "wounded")
    return sum(getattr(p, n) == getattr(g, n) for n in names)


def _compatible(p: Event, g: Event) -> bool:
    from marsad.fuse.compare import _parse_date

    if p.kind != g.kind or p.status != g.status:
        return False
    if p.country and g.country and p.country != g.country:
        return False
    pd, gd = _parse_date(p.date), _parse_date(g.date)
    return pd is None or gd is None or (pd[0] - 3 <= gd[1] and gd[0] - 3 <= pd[1])


def inherit_gold(predicted: Sequence[Event], gold_events: Sequence[tuple[Event, str]]) -> dict[str, str]:
    """Predicted event id → gold incident id of the gold event it pairs with (one article).

    Pairing as the spec's comparison section: same kind and status, countries agree (or one is
    null), dates within 3 days; among candidates the one with most equal fields wins (one-to-one).
    """
    cands = sorted(
        ((-_equal_fields(p, g), i, j) for i, p in enumerate(predicted) for j, (g, _) in enumerate(gold_events)
         if _compatible(p, g)),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: dict[str, str] = {}
    for _, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out[predicted[i].id] = gold_events[j][1]
    return out


def score_predicted(
    articles: Sequence[Mapping[str, Any]],
    predicted: Mapping[str, Sequence[Event]],
    cfg: FuseSettings | None = None,
    parent_of: ParentOf | None = None,
) -> FusionScore:
    """Fuse predicted events and score them (B-cubed) against the gold ``incident`` ids.

    Args:
        articles: annotated articles (the spec's JSON objects, with gold ``incident`` ids).
        predicted: article id → the events the pipeline extracted from it (ids set).
    Returns:
        FusionScore over the predicted events that pair with a gold event carrying an
        ``incident`` id (unpaired predictions are detection errors, scored by ``marsad eval``).
    """
    from marsad.fuse.cluster import fuse

    reports: list[Report] = []
    gold: dict[str, str] = {}
    for art in articles:
        events = list(predicted.get(art["id"], ()))
        golds = [(event_from_dict(e, f"{art['id']}#g{n}", art["id"]), e["incident"])
                 for n, e in enumerate(art.get("events") or ()) if e.get("incident")]
        gold.update(inherit_gold(events, golds))
        reports += [Report(ev, art.get("published"), art.get("outlet")) for ev in events]
    return score_fusion(fuse(reports, cfg, parent_of=parent_of), gold)
