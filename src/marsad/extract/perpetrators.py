"""Extract stage, perpetrators: a cluster of mentions in; its perpetrator groups and claim of responsibility (GTD gname, claimed) with evidence out.

Claims (تبنى، أعلن مسؤوليته) are kept apart from attributions (اتهم، نسب) and denials (نفى):
a denial sets claimed = false and the denying group stays a perpetrator only when others
blame it; states are never perpetrators (shared/spec/event-format.md, annotation conventions).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

from marsad.extract.coded import Coded, Owner, nearest, nspan, owned_hits
from marsad.extract.merge import Cluster
from marsad.extract.view import View
from marsad.text.matcher import Match

__all__ = ["code_perpetrators"]

#: Tokens a group name may span at most, for the window search below (names run 1–10 tokens).
_NAME_TOKENS = 64


class _Near:
    """Group mentions indexed by token, so that the groups within a few tokens of a cue are
    found by bisection instead of a scan of every group (an article with thousands of cues
    and groups stays linear). ``around`` returns a superset of the groups whose ``View.gap``
    to the span is ≤ ``w`` — callers keep their exact test — in their original order."""

    def __init__(self, v: View, groups: Sequence[Any]) -> None:
        self.v = v
        items = sorted((v.ti(v.nidx(g.start)), i) for i, g in enumerate(groups))
        self.keys = [t for t, _ in items]
        self.order = [i for _, i in items]
        self.groups = list(groups)

    def around(self, span: tuple[int, int], w: int) -> list[Any]:
        a, b = self.v.ti(span[0]), self.v.ti(max(span[1] - 1, span[0]))
        lo = bisect_left(self.keys, a - w - 1 - _NAME_TOKENS)
        hi = bisect_right(self.keys, b + w + 1)
        return [self.groups[i] for i in sorted(self.order[lo:hi])]


def code_perpetrators(v: View, own: Owner, ci: int, c: Cluster, out: Coded) -> None:
    """Set ``perpetrators`` (canonical group names, or "individual" for a lone attacker) and
    ``claimed`` (True / False / None) of cluster ``c`` (index ``ci``) on ``out``, each with its
    evidence span and rule; claim cues and groups are those ``own`` assigns to this cluster."""
    w = v.res.params["claim_window"]
    negs = v.hits("negator")
    cues = []
    for h in owned_hits(v, own, ci, c, "claim"):
        if h.value == "claim" and nearest(v, negs, (h.nstart, h.nend), 3, -1) is not None:
            h = h._replace(value="no_claim")  # لم تعلن أي جهة مسؤوليتها
        cues.append(h)
    groups = [g for u in c.units for g in v.spans_in_unit(v.doc.groups, u)
              if not g.generic and g.canonical and g.canonical != "unknown" and own.owns(ci, u, nspan(v, g))]
    anaphors = v.hits("anaphor")
    named = {g.canonical for g in groups if not any(a.nstart <= v.nidx(g.start) < a.nend for a in anaphors)}

    if "claimants" not in v.memo:  # a property of the document: once, not once per cluster
        v.memo["claimants"] = _claimants(v, negs, anaphors)
    claimants = v.memo["claimants"]

    def canon(g: Any) -> str:
        """Canonical name; an anaphor ("تبناه التنظيم نفسه") names the group that claimed an
        earlier attack of the article, else, resolved to an unnamed branch, the parent."""
        gs = nspan(v, g)
        if any(a.nstart <= gs[0] < a.nend for a in anaphors):
            before = [name for pos, name in claimants if pos < gs[0]]
            if before:
                return before[-1]
        if g.parent and g.canonical not in named and any(a.nstart <= gs[0] < a.nend for a in anaphors):
            return str(g.parent)  # "التنظيم" resolved to a branch the incident never names
        return str(g.canonical)

    perps: dict[str, tuple[tuple[int, int], str]] = {}
    near: list[tuple[Any, tuple[int, int]]] = []
    denied: set[str] = set()
    claimed: bool | None = None
    claim_span: tuple[int, int] | None = None
    affil = v.hits("affiliation")
    heads = [g for g in groups  # not described through another group ("المرتبطة بـ…")
             if not any(a.nend <= nspan(v, g)[0] and v.gap((a.nstart, a.nend), nspan(v, g)) <= 2 for a in affil)]
    owner: dict[int, Any] = {}
    generic = [g for u in c.units for g in v.spans_in_unit(v.doc.groups, u) if g.generic]
    active = [h for h in cues if h.value in ("claim", "attribution", "denial")]
    # first the group right after its cue (نفت «جماعة …»، تبنى تنظيم …), then the nearest one
    used: set[int] = set()
    near_heads = _Near(v, heads)
    for n, h in enumerate(active):
        hs = (h.nstart, h.nend)
        after = [g for g in near_heads.around(hs, 3) if v.nidx(g.start) >= h.nend and v.gap(hs, nspan(v, g)) <= 3]
        if after and id(after[0]) not in owner:
            owner[id(after[0])] = h
            used.add(n)
        elif any(v.nidx(g.start) >= h.nend and v.gap(hs, nspan(v, g)) <= 1 for g in generic):
            used.add(n)  # "نسبته إلى «إرهابيين»": the cue names no group
    for n, h in enumerate(active):
        if n in used:
            continue
        hs = (h.nstart, h.nend)
        near_g = [g for g in near_heads.around(hs, w) if v.gap(hs, nspan(v, g)) <= w and id(g) not in owner]
        if near_g:
            owner[id(min(near_g, key=lambda g: v.gap(hs, nspan(v, g))))] = h
    for g in heads:
        gs = nspan(v, g)
        cue = owner.get(id(g))
        trig_gap = own.gap_to(ci, v.sent_of(gs[0]), gs)
        if cue is None:
            if trig_gap <= 3:
                near.append((g, gs))
            continue
        if cue.value == "denial":
            denied.add(canon(g))
            continue
        perps[canon(g)] = (gs, f"{cue.value} «{cue.key}»")
        if cue.value == "claim":
            claimed, claim_span = True, (cue.nstart, cue.nend)
    near_groups = _Near(v, groups)
    for h in cues:
        if h.value == "claim" and not any(v.gap((h.nstart, h.nend), nspan(v, g)) <= w
                                          for g in near_groups.around((h.nstart, h.nend), w)):
            prior = [g for g in v.doc.groups if not g.generic and g.canonical not in ("", "unknown")
                     and v.nidx(g.end) <= h.nstart]
            earlier = [name for pos, name in claimants if pos < h.nstart]
            if earlier:  # "وكان التنظيم قد … حين تبنى …": the group that claimed before
                perps.setdefault(earlier[-1], ((h.nstart, h.nend), f"claim «{h.key}» by the group that claimed before"))
            elif prior:
                g = prior[-1]
                perps.setdefault(canon(g), ((h.nstart, h.nend), f"claim «{h.key}» by the group named before"))
            claimed, claim_span = True, (h.nstart, h.nend)
    if not perps:
        for g, gs in near:
            perps.setdefault(canon(g), (gs, "group next to the trigger"))
    denied -= set(perps)
    if claimed is None:
        neg = [h for h in cues if h.value == "no_claim"]
        if neg:
            claimed, claim_span = False, (neg[0].nstart, neg[0].nend)
        elif denied:
            claimed, claim_span = False, None
    names = sorted(perps)
    if not names:
        ind = [h for h in cues if h.value == "individual"] + owned_hits(v, own, ci, c, "lone")
        if ind:
            names, perps = ["individual"], {"individual": ((ind[0].nstart, ind[0].nend), f"lone attacker «{ind[0].key}»")}
    out.set(v, "perpetrators", tuple(names), perps[names[0]][0] if names else None,
            "; ".join(f"{n}: {perps[n][1]}" for n in names) or "no group named")
    out.set(v, "claimed", claimed, claim_span, "claim cue" if claimed else ("no claim / denial" if claimed is False else "not mentioned"))


def _claimants(v: View, negs: Sequence[Match[Any]], anaphors: Sequence[Match[Any]]) -> list[tuple[int, str]]:
    """Groups the article names as claiming an attack, as (normalised offset, canonical), in
    text order: the group right after a claim cue ("تبنى تنظيم «ولاية خراسان»"), else the one
    right before it ("أعلن تنظيم «داعش» مسؤوليته"); not a negated claim, not an anaphor.
    A later "التنظيم نفسه" refers back to them (claims.yaml ``anaphors``)."""
    named = [g for g in v.doc.groups if not g.generic and g.canonical not in ("", "unknown")
             and not any(a.nstart <= v.nidx(g.start) < a.nend for a in anaphors)]
    out: list[tuple[int, str]] = []
    index = _Near(v, named)
    for h in v.hits("claim"):
        hs = (h.nstart, h.nend)
        if h.value != "claim" or nearest(v, negs, hs, 3, -1) is not None:
            continue
        close = index.around(hs, 3)
        after = [g for g in close if v.nidx(g.start) >= h.nend and v.gap(hs, nspan(v, g)) <= 3]
        before = [g for g in close if v.nidx(g.end) <= h.nstart and v.gap(nspan(v, g), hs) <= 3]
        g = after[0] if after else (before[-1] if before else None)
        if g is not None:
            out.append((v.nidx(g.start), str(g.canonical)))
    return sorted(out)
