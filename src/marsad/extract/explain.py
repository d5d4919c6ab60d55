"""Extract stage, explanation: clusters and coded fields in; Events with confidence and explanation lines out."""

from __future__ import annotations

from collections.abc import Sequence

from marsad.extract.detect import Mention
from marsad.extract.fields import ATTACK_KINDS, Coded
from marsad.extract.merge import Cluster
from marsad.extract.view import View
from marsad.model import Event

__all__ = ["build_event", "build_events", "confidence"]

_LEVEL = {"verb": 0.75, "noun": 0.65, "weak": 0.55, "plural": 0.5, "abstract": 0.5, "cue": 0.6, "toll": 0.5, "claim": 0.5}


def confidence(c: Cluster, coded: Coded) -> float:
    """Heuristic confidence in [0, 1]: trigger strength, supporting mentions, place and date found."""
    base = max((_LEVEL.get(m.level, 0.5) for m in c.mentions if m.creates), default=0.5)
    base += min(0.05 * (len(c.mentions) - 1), 0.1)
    if coded.values.get("country"):
        base += 0.05
    if coded.values.get("date"):
        base += 0.05
    if c.status == "background":
        base -= 0.05
    return round(min(max(base, 0.0), 0.99), 3)


def build_event(v: View, c: Cluster, coded: Coded, index: int, ignored: Sequence[Mention] = ()) -> Event:
    """Turn one cluster and its coded fields into an Event (evidence = its first creating sentence).

    ``ignored``: cancelled mentions; those in or next to the event's sentences are listed in
    the explanation with the context that cancelled them.
    """
    lead = next((m for m in c.mentions if m.creates), c.mentions[0])
    text, start, end = v.raw_text(lead.unit)
    vals = coded.values
    lines = [f"{c.kind}/{c.status}: {len(c.mentions)} mention(s) in sentence(s) {', '.join(str(u) for u in c.units)}"]
    for m in c.mentions:
        what = f"trigger «{v.doc.text[v.raw(m.nstart):v.raw(m.nend - 1) + 1]}» ({m.atype or m.kind}, {m.level})"
        how = "opens the event" if m is lead else ("adds facts" if not m.creates else "merged")
        ctx = f"; context {m.ctx}" if m.ctx else ""
        notes = f"; {'; '.join(m.notes)}" if m.notes else ""
        lines.append(f"  sentence {m.unit}: {what} {how}; status {m.status} ({m.status_rule}){ctx}{notes}")
    near = set(c.units) | {u + 1 for u in c.units} | {u - 1 for u in c.units}
    for m in ignored:
        if m.unit in near:
            trig = v.doc.text[v.raw(m.nstart):v.raw(m.nend - 1) + 1]
            lines.append(f"  sentence {m.unit}: trigger «{trig}» ignored, context {m.ctx}")
    lines += [f"  field {n}" for n in coded.notes]
    attack = c.kind in ATTACK_KINDS
    return Event(
        kind=c.kind,
        status=c.status,
        date=vals.get("date"),
        country=vals.get("country"),
        admin1=vals.get("admin1"),
        city=vals.get("city"),
        place=vals.get("place"),
        lat=vals.get("lat"),
        lon=vals.get("lon"),
        perpetrators=tuple(vals.get("perpetrators", ())) if attack else (),
        attack_types=tuple(vals.get("attack_types", ())) if attack else (),
        target_types=tuple(vals.get("target_types", ())) if attack else (),
        weapon_types=tuple(vals.get("weapon_types", ())) if attack else (),
        killed=vals.get("killed") if attack else None,
        perpetrators_killed=vals.get("perpetrators_killed") if attack else None,
        wounded=vals.get("wounded") if attack else None,
        perpetrator_count=vals.get("perpetrator_count") if attack else None,
        claimed=vals.get("claimed") if attack else None,
        suicide=vals.get("suicide") if attack else None,
        evidence=text,
        evidence_start=start,
        evidence_end=end,
        id=f"{v.doc.article.id}#{index}",
        article_id=v.doc.article.id,
        confidence=confidence(c, coded),
        fields=tuple(coded.evidence),
        explanation=tuple(lines),
    )


def build_events(v: View, clusters: Sequence[Cluster], coded: Sequence[Coded],
                 ignored: Sequence[Mention] = ()) -> tuple[Event, ...]:
    """Events for all clusters, in order of first mention."""
    order = sorted(range(len(clusters)), key=lambda i: min(m.nstart for m in clusters[i].mentions))
    return tuple(build_event(v, clusters[i], coded[i], k, ignored) for k, i in enumerate(order))
