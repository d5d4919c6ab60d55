"""Evaluation: annotated gold articles (or the peer GSR sentences) and predicted events in; scores out.

Implements exactly the comparison section of ``shared/spec/event-format.md`` ("How a
prediction is compared with gold"): per article, predictions are paired with gold events of
the same ``kind`` and ``status`` whose countries agree (or one is null) and whose dates, where
both are known, lie within 3 days; among several candidates the one with most equal fields
wins. Detection is scored as precision/recall/F1 over pairs (attacks = attack + foiled_plot;
other kinds apart), and every field over paired events. The predicted events are also fused
(``marsad.fuse``) and the fusion scored with B-cubed against the gold ``incident`` ids.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.filters import try_date_bounds
from marsad.fuse.score import FusionScore, event_from_dict, score_predicted
from marsad.model import Article, Event

if TYPE_CHECKING:
    from marsad.pipeline import Resources

__all__ = [
    "EvalReport",
    "GsrReport",
    "Prf",
    "evaluate_dir",
    "evaluate_gsr",
    "event_as_dict",
    "load_gold_article",
    "score_articles",
    "score_field",
]

ATTACK_KINDS = frozenset({"attack", "foiled_plot"})
#: Fields compared over paired events (spec order). kind/status are pairing keys; evidence is
#: about the mention and not scored.
FIELDS: tuple[str, ...] = (
    "date", "country", "admin1", "city", "place", "lat", "lon", "perpetrators",
    "attack_types", "target_types", "weapon_types", "killed", "perpetrators_killed",
    "wounded", "perpetrator_count", "claimed", "suicide",
)
#: Scored only where gold gives a value (spec: "location details … only where gold gives them").
GOLD_ONLY_FIELDS = frozenset({"admin1", "city", "place", "lat", "lon"})
_LIST_FIELDS = frozenset({"perpetrators", "attack_types", "target_types", "weapon_types"})
_COUNT_FIELDS = frozenset({"killed", "wounded", "perpetrators_killed", "perpetrator_count"})
#: Coordinates are floats; "equal" is read as within this many degrees (≈1 km).
COORD_TOLERANCE = 0.01
#: GSR: a sentence is detected when it yields one of these kinds with status new — the rule
#: stated by the peer gold standard's README (shared/peer/arabic_event_gsr): "at least one
#: event of kind attack, foiled_plot or security_operation with status new".
GSR_KINDS = frozenset({"attack", "foiled_plot", "security_operation"})


@dataclass
class Prf:
    """Detection counts with precision, recall and F1 (0.0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """{"tp", "fp", "fn", "precision", "recall", "f1"}."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class EvalReport:
    """Scores over a set of annotated articles.

    ``attack``: detection over attack + foiled_plot; ``other``: security_operation + measure;
    ``fields``: field → [score sum, count] over paired events; ``misses``: one dict per missed
    or spurious event or wrong field (for ``marsad eval --show``); ``fusion``: B-cubed score of
    the predicted events fused across articles against the gold ``incident`` ids (None when
    no gold event carries one).
    """

    articles: int = 0
    attack: Prf = field(default_factory=Prf)
    other: Prf = field(default_factory=Prf)
    fields: dict[str, list[float]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    fusion: FusionScore | None = None

    def field_accuracy(self) -> dict[str, float]:
        """Field → mean score over the paired events where it was scored."""
        return {f: s / n for f, (s, n) in self.fields.items() if n}

    @property
    def mean_field_accuracy(self) -> float:
        """Macro mean of the per-field accuracies (each field weighs the same)."""
        acc = self.field_accuracy()
        return sum(acc.values()) / len(acc) if acc else 0.0

    @property
    def micro_field_accuracy(self) -> float:
        """Mean over every scored (event, field) cell."""
        n = sum(c for _, c in self.fields.values())
        return sum(s for s, _ in self.fields.values()) / n if n else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary including the misses."""
        return {
            "articles": self.articles,
            "attack": self.attack.to_dict(),
            "other": self.other.to_dict(),
            "fields": {f: {"accuracy": round(s / n, 4), "n": int(n)} for f, (s, n) in self.fields.items() if n},
            "mean_field_accuracy": round(self.mean_field_accuracy, 4),
            "micro_field_accuracy": round(self.micro_field_accuracy, 4),
            "fusion": None if self.fusion is None else {
                "precision": round(self.fusion.precision, 4), "recall": round(self.fusion.recall, 4),
                "f1": round(self.fusion.f1, 4), "reports": self.fusion.reports,
                "gold_incidents": self.fusion.gold_incidents,
                "predicted_incidents": self.fusion.predicted_incidents},
            "misses": self.misses,
        }

    def render(self, show: bool = False) -> str:
        """Plain-text report; with ``show`` every miss is listed."""
        lines = [f"articles: {self.articles}"]
        for name, prf in (("attack (attack+foiled_plot)", self.attack), ("other kinds", self.other)):
            lines.append(f"{name:28s} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f} "
                         f"(tp={prf.tp} fp={prf.fp} fn={prf.fn})")
        lines.append("field accuracy over paired events:")
        for f, acc in self.field_accuracy().items():
            lines.append(f"  {f:20s} {acc:.3f}  (n={int(self.fields[f][1])})")
        lines.append(f"mean field accuracy: {self.mean_field_accuracy:.3f} (micro {self.micro_field_accuracy:.3f})")
        if self.fusion is not None:
            fu = self.fusion
            lines.append(f"fusion (B-cubed)             P={fu.precision:.3f} R={fu.recall:.3f} F1={fu.f1:.3f} "
                         f"(reports={fu.reports} gold incidents={fu.gold_incidents} "
                         f"predicted incidents={fu.predicted_incidents})")
        if show:
            lines.append("misses:")
            for m in self.misses:
                lines.append("  " + json.dumps(m, ensure_ascii=False))
        return "\n".join(lines)


@dataclass
class GsrReport:
    """Sentence-level detection on the peer GSR: ``yes`` vs ``easy no`` scored, others counted.

    ``unscored``: label → [rows, rows with a detection]; ``misses``: false negatives and
    false positives (id, label, text).
    """

    prf: Prf = field(default_factory=Prf)
    tn: int = 0
    unscored: dict[str, list[int]] = field(default_factory=dict)
    misses: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary including the misses."""
        return {"detection": self.prf.to_dict(), "tn": self.tn,
                "unscored": {k: {"rows": v[0], "detected": v[1]} for k, v in self.unscored.items()},
                "misses": self.misses}

    def render(self, show: bool = False) -> str:
        """Plain-text report; with ``show`` every miss is listed."""
        p = self.prf
        lines = [f"GSR yes vs easy no: P={p.precision:.3f} R={p.recall:.3f} F1={p.f1:.3f} "
                 f"(tp={p.tp} fp={p.fp} fn={p.fn} tn={self.tn})"]
        for k, (n, d) in self.unscored.items():
            lines.append(f"  unscored {k}: {n} rows, {d} detected")
        if show:
            for m in self.misses:
                lines.append(f"  {m['error']} {m['id']}: {m['text']}")
        return "\n".join(lines)


# ---------------------------------------------------------------- value comparison

def _fold(s: str) -> str:
    """Case- and diacritic-insensitive form: NFKD, combining marks and tatweel dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", s)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    return " ".join(kept.casefold().split())


def _empty(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, list | tuple) and len(v) == 0)


def _dates_compatible(a: str | None, b: str | None, days: int = 3) -> bool:
    """True when either date is unknown or their spans lie within ``days`` of each other."""
    if not a or not b:
        return True
    ba, bb = try_date_bounds(a), try_date_bounds(b)
    if ba is None or bb is None:
        return True
    gap = max((bb[0] - ba[1]).days, (ba[0] - bb[1]).days, 0)
    return gap <= days


def _count_eq(pred: Any, gold: Any) -> bool:
    """A number equals a range that contains it; ranges equal when both ends are equal."""
    if isinstance(pred, list | tuple) and isinstance(gold, list | tuple):
        return list(pred) == list(gold)
    if isinstance(gold, list | tuple):
        return gold[0] <= pred <= gold[1]
    if isinstance(pred, list | tuple):
        return pred[0] <= gold <= pred[1]
    return bool(pred == gold)


def score_field(name: str, pred: Any, gold: Any) -> float:
    """Score one field per the spec: 1 when both empty or equal, list Jaccard, date refine rules.

    Args:
        name: field name (e.g. "killed", "perpetrators", "date").
        pred, gold: JSON values (lists for list fields, [min, max] for ranges).
    Returns:
        A score in [0, 1]. Dates: 1 when equal or the prediction refines gold ("2024-07" →
        "2024-07-15"), 0.5 when consistent but less precise, else 0.

    Example:
        >>> score_field("killed", 30, [25, 35])
        1.0
    """
    if _empty(pred) and _empty(gold):
        return 1.0
    if _empty(pred) or _empty(gold):
        return 0.0
    if name in _LIST_FIELDS:
        a = {_fold(str(x)) for x in pred}
        b = {_fold(str(x)) for x in gold}
        return len(a & b) / len(a | b)
    if name == "date":
        p, g = str(pred), str(gold)
        if p == g or p.startswith(g + "-"):
            return 1.0
        if g.startswith(p + "-"):
            return 0.5
        return 0.0
    if name in _COUNT_FIELDS:
        return 1.0 if _count_eq(pred, gold) else 0.0
    if name in {"lat", "lon"}:
        return 1.0 if abs(float(pred) - float(gold)) <= COORD_TOLERANCE else 0.0
    if isinstance(pred, str) and isinstance(gold, str):
        return 1.0 if _fold(pred) == _fold(gold) else 0.0
    return 1.0 if pred == gold else 0.0


# ---------------------------------------------------------------- pairing

def event_as_dict(ev: Event | Mapping[str, Any]) -> dict[str, Any]:
    """An Event (or an already exported dict) as a plain JSON dict in the spec's field names."""
    if isinstance(ev, Mapping):
        return dict(ev)
    out: dict[str, Any] = {"kind": ev.kind, "status": ev.status}
    for f in FIELDS:
        v = getattr(ev, f)
        out[f] = list(v) if isinstance(v, tuple) else v
    out["evidence"] = ev.evidence
    return out


def _compatible(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    if p.get("kind") != g.get("kind") or p.get("status") != g.get("status"):
        return False
    pc, gc = p.get("country"), g.get("country")
    if pc and gc and str(pc).upper() != str(gc).upper():
        return False
    return _dates_compatible(p.get("date"), g.get("date"))


def _scored_fields(g: Mapping[str, Any]) -> list[str]:
    return [f for f in FIELDS if f not in GOLD_ONLY_FIELDS or not _empty(g.get(f))]


def _pair(preds: Sequence[Mapping[str, Any]], golds: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index): compatible candidates, most equal fields first."""
    cands: list[tuple[float, int, int]] = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if _compatible(p, g):
                eq = sum(score_field(f, p.get(f), g.get(f)) == 1.0 for f in _scored_fields(g))
                cands.append((-eq, i, j))
    cands.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _brief(e: Mapping[str, Any]) -> str:
    ev = (e.get("evidence") or "")[:90]
    return f"{e.get('kind')}/{e.get('status')} {e.get('country')} {e.get('date')} «{ev}»"


def _as_events(aid: str, predicted: Sequence[Event | Mapping[str, Any]]) -> list[Event]:
    """Predicted events as Events with ids unique across articles (``<article>#p<n>``)."""
    out: list[Event] = []
    for n, p in enumerate(predicted):
        eid = f"{aid}#p{n}"
        if isinstance(p, Mapping):
            out.append(event_from_dict(p, eid, aid))
        else:
            out.append(replace(p, id=eid, article_id=aid))
    return out


def _fusion(scored: list[tuple[Mapping[str, Any], list[Event]]]) -> FusionScore | None:
    """B-cubed score of the fused predictions (marsad.fuse.score.score_predicted); None without gold ids."""
    if not any(e.get("incident") for g, _ in scored for e in g.get("events") or ()):
        return None
    return score_predicted([g for g, _ in scored], {str(g.get("id", "")): evs for g, evs in scored})


def score_articles(
    pairs: Iterable[tuple[Mapping[str, Any], Sequence[Event | Mapping[str, Any]]]],
) -> EvalReport:
    """Score predicted events against gold, article by article, then their fusion across articles.

    Args:
        pairs: (gold article dict with ``id`` and ``events``, predicted events of that article).
    Returns:
        An EvalReport (detection P/R/F1, per-field accuracy, misses, B-cubed fusion score).
    """
    rep = EvalReport(fields={f: [0.0, 0] for f in FIELDS})
    scored: list[tuple[Mapping[str, Any], list[Event]]] = []
    for gold_article, predicted in pairs:
        rep.articles += 1
        aid = str(gold_article.get("id", ""))
        scored.append((gold_article, _as_events(aid, predicted)))
        golds = [dict(g) for g in gold_article.get("events", [])]
        preds = [event_as_dict(p) for p in predicted]
        matched = _pair(preds, golds)
        mp = {i for i, _ in matched}
        mg = {j for _, j in matched}
        for i, j in matched:
            prf = rep.attack if golds[j]["kind"] in ATTACK_KINDS else rep.other
            prf.tp += 1
            for f in _scored_fields(golds[j]):
                s = score_field(f, preds[i].get(f), golds[j].get(f))
                rep.fields[f][0] += s
                rep.fields[f][1] += 1
                if s < 1.0:
                    rep.misses.append({"article": aid, "error": "field", "field": f,
                                       "gold": golds[j].get(f), "pred": preds[i].get(f),
                                       "event": _brief(golds[j])})
        for i, p in enumerate(preds):
            if i not in mp:
                (rep.attack if p.get("kind") in ATTACK_KINDS else rep.other).fp += 1
                rep.misses.append({"article": aid, "error": "spurious", "event": _brief(p)})
        for j, g in enumerate(golds):
            if j not in mg:
                (rep.attack if g.get("kind") in ATTACK_KINDS else rep.other).fn += 1
                rep.misses.append({"article": aid, "error": "missed", "event": _brief(g)})
    rep.fusion = _fusion(scored)
    return rep


# ---------------------------------------------------------------- drivers

def load_gold_article(path: Path) -> tuple[dict[str, Any], Article]:
    """Read one annotated-article JSON file → (the gold dict, an Article without its events).

    Raises:
        ValueError: the file is not valid JSON, or not a JSON object with ``text`` (the
            message names the file).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError(f"{path}: not an annotated article (object with 'text')")
    art = Article(id=str(data.get("id") or path.stem), text=data["text"], lang=data.get("lang") or "ar",
                  published=data.get("published"), title=data.get("title"), outlet=data.get("outlet"),
                  url=data.get("url"), source=str(path))
    return data, art


def evaluate_dir(gold_dir: str | Path, resources: Resources) -> EvalReport:
    """Run the pipeline over every ``*.json`` annotated article under ``gold_dir`` and score it.

    Example:
        >>> evaluate_dir("samples/dev", load_resources()).attack.f1
    """
    from marsad.pipeline import process

    def gen() -> Iterable[tuple[dict[str, Any], Sequence[Event]]]:
        """(gold, predicted events) per article file, sorted by path."""
        for path in sorted(Path(gold_dir).rglob("*.json")):
            gold, art = load_gold_article(path)
            yield gold, process(art, resources).events

    return score_articles(gen())


def evaluate_gsr(csv_path: str | Path, resources: Resources) -> GsrReport:
    """Sentence-level detection on the OEDA Arabic ASSAULT gold standard (columns id, label, text).

    A sentence counts as detected when it yields at least one attack or security_operation
    event with status ``new`` (a foiled plot is no assault). ``yes`` rows are positives,
    ``easy no`` negatives; ``difficult no`` and ``ambiguous`` rows are counted, not scored. Sentences are
    processed without a publication date (GSR "yes" rows include past assaults named in
    passing; with the Gigaword date they would be read as background and missed).

    Raises:
        ValueError: the file has no ``text`` and ``label`` columns (not the peer CSV).
    """
    from marsad.pipeline import process

    rep = GsrReport()
    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not {"text", "label"} <= set(reader.fieldnames or ()):
            raise ValueError(f"{csv_path}: not the peer gold standard (needs the columns text and label, "
                             f"found {', '.join(reader.fieldnames or ()) or 'none'})")
        for row in reader:
            label = (row.get("label") or "").strip()
            text = row.get("text") or ""
            doc = process(Article(id=row.get("id") or "", text=text, lang="ar"), resources)
            hit = any(e.kind in GSR_KINDS and e.status == "new" for e in doc.events)
            if label == "yes":
                if hit:
                    rep.prf.tp += 1
                else:
                    rep.prf.fn += 1
                    rep.misses.append({"error": "FN", "id": row.get("id", ""), "label": label, "text": text})
            elif label == "easy no":
                if hit:
                    rep.prf.fp += 1
                    rep.misses.append({"error": "FP", "id": row.get("id", ""), "label": label, "text": text})
                else:
                    rep.tn += 1
            else:
                counts = rep.unscored.setdefault(label or "unlabelled", [0, 0])
                counts[0] += 1
                counts[1] += int(hit)
    return rep
