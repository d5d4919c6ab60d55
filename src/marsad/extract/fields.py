"""Extract stage, fields: a cluster of mentions in; GTD-coded field values, each with its evidence span and rule, out.

Conventions follow ``shared/spec/event-format.md`` (annotation conventions) and the GTD
codebook 2021 (nkill, nkillter, nwound, nperps, claimed, suicide, targtype1, weaptype1).
Items (numbers, groups, targets) of a sentence shared by several incidents belong to the
incident whose trigger is nearest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from marsad.extract.coded import Coded, Owner, nearest, nspan, owned_hits
from marsad.extract.counts import code_counts
from marsad.extract.merge import Cluster
from marsad.extract.view import View
from marsad.extract.where import ATTACK_KINDS, date_place
from marsad.text.matcher import Match

__all__ = ["ATTACK_KINDS", "Coded", "code_fields"]


def _perpetrators(v: View, own: Owner, ci: int, c: Cluster, out: Coded) -> None:
    w = v.res.params["claim_window"]
    negs = v.hits("negator")
    cues = []
    for h in owned_hits(v, own, ci, c, "claim"):
        if h.value == "claim" and nearest(v, negs, (h.nstart, h.nend), 3, -1) is not None:
            h = replace(h, value="no_claim")  # لم تعلن أي جهة مسؤوليتها
        cues.append(h)
    groups = [g for u in c.units for g in v.spans_in_unit(v.doc.groups, u)
              if not g.generic and g.canonical and g.canonical != "unknown" and own.owns(ci, u, nspan(v, g))]
    anaphors = v.hits("anaphor")
    named = {g.canonical for g in groups if not any(a.nstart <= v.nidx(g.start) < a.nend for a in anaphors)}

    def canon(g: Any) -> str:
        """Canonical name; an anaphor resolved to an unnamed branch names the parent."""
        gs = nspan(v, g)
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
    for n, h in enumerate(active):
        hs = (h.nstart, h.nend)
        after = [g for g in heads if v.nidx(g.start) >= h.nend and v.gap(hs, nspan(v, g)) <= 3]
        if after and id(after[0]) not in owner:
            owner[id(after[0])] = h
            used.add(n)
        elif any(v.nidx(g.start) >= h.nend and v.gap(hs, nspan(v, g)) <= 1 for g in generic):
            used.add(n)  # "نسبته إلى «إرهابيين»": the cue names no group
    for n, h in enumerate(active):
        if n in used:
            continue
        hs = (h.nstart, h.nend)
        near_g = [g for g in heads if v.gap(hs, nspan(v, g)) <= w and id(g) not in owner]
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
    for h in cues:
        if h.value == "claim" and not any(v.gap((h.nstart, h.nend), nspan(v, g)) <= w for g in groups):
            prior = [g for g in v.doc.groups if not g.generic and g.canonical not in ("", "unknown")
                     and v.nidx(g.end) <= h.nstart]
            if prior:
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


def _targets_in(v: View, unit: int) -> list[Match[Any]]:
    """Target nouns of ``unit`` with their GTD type; a facility noun qualified by a type
    adjective takes the adjective's type ("المستشفى العسكري" → military, "مقار عسكرية
    وحكومية" → military + government_general; targets.yaml ``facility_heads``/``adjectives``)."""
    hits = list(v.in_unit("target", unit))
    adjs = v.in_unit("target_adj", unit, longest=False)
    for h in v.in_unit("target_head", unit):
        hs = (h.nstart, h.nend)
        mine = []
        last = hs
        for a in sorted(adjs, key=lambda a: a.nstart):
            if a.nstart >= last[1] and v.gap(last, (a.nstart, a.nend)) <= 1:
                mine.append(a)
                last = (a.nstart, a.nend)
        if mine:
            hits = [x for x in hits if not (x.nstart < hs[1] and hs[0] < x.nend)]
            hits += [replace(h, value=a.value) for a in mine]
    return hits


def _coordinated(v: View, first: tuple[int, int], h: tuple[int, int]) -> bool:
    """True when target noun ``h`` is joined by "و" to the target phrase ending near ``first``
    (at most 3 tokens between, no comma): "مطار زافنتم الدولي ومحطة مترو" → both targets."""
    if h[0] < first[1] or v.gap(first, h) > 3:
        return False
    tok = v.tok[v.ti(h[0])]
    norm = v.doc.norm
    return h[0] - tok == 1 and norm[tok] == "\u0648" and not any(ch in norm[first[1]:h[0]] for ch in ",\u060c.")


def _types(v: View, own: Owner, ci: int, c: Cluster, out: Coded) -> None:
    atypes: dict[str, tuple[int, int]] = {}
    fakes = owned_hits(v, own, ci, c, "fake")
    for m in c.mentions:
        if m.atype and m.atype != "unknown" and nearest(v, fakes, m.span, 2, 3) is None:
            atypes.setdefault(m.atype, m.span)
    weap: dict[str, tuple[int, int]] = {}
    for h in owned_hits(v, own, ci, c, "weapon"):
        t = h.value
        if nearest(v, fakes, (h.nstart, h.nend), 2, 3) is not None:
            t = "fake_weapons"
        weap.setdefault(t, (h.nstart, h.nend))
    if not atypes:
        for wt, sp in weap.items():
            at = v.res.method.get(wt)
            if at:
                atypes.setdefault(at, sp)
    for at, sp in atypes.items():
        implied = v.res.attack_weapon.get(at)
        if implied and not (implied == "explosives" and "fake_weapons" in weap):
            weap.setdefault(implied, sp)
    at_sorted = sorted(atypes) or ["unknown"]
    out.set(v, "attack_types", tuple(at_sorted), next(iter(atypes.values()), None), "trigger lexicon (GTD attacktype1)" if atypes else "no method in the text")
    if "vehicle" in weap and "explosives" in weap and "unarmed_assault" not in atypes:
        del weap["vehicle"]  # a car/truck bomb is explosives; a vehicle weapon is a ramming (GTD weaptype1)
    wt_sorted = sorted(weap) or ["unknown"]
    out.set(v, "weapon_types", tuple(wt_sorted), next(iter(weap.values()), None), "weapon lexicon (GTD weaptype1)" if weap else "no weapon in the text")
    # targets: nouns right after a trigger (or just before it) in the cluster's sentences
    report = v.hits("report") if "report" in v.res.matchers else []
    targets: dict[str, tuple[int, int]] = {}
    creating = {m.unit for m in c.mentions if m.creates} or set(c.units)
    for u in sorted(creating):
        trig = [m.span for m in c.mentions if m.unit == u and m.level not in ("toll", "claim")]
        best: list[tuple[int, Match[Any]]] = []
        for h in _targets_in(v, u):
            hs = (h.nstart, h.nend)
            if not own.owns(ci, u, hs) or any(a < hs[1] and hs[0] < b for a, b in trig):
                continue
            if nearest(v, report, hs, 2, -1) is not None:
                continue
            after, before = v.res.params["target_after"], v.res.params["target_before"]
            gaps = [v.gap(s, hs) for s in trig
                    if (s[1] <= hs[0] and v.gap(s, hs) <= after) or (hs[1] <= s[0] and v.gap(hs, s) <= before)]
            if gaps:
                best.append((min(gaps), h))
        best.sort(key=lambda x: x[0])
        # the target of the first sentence that names one; later sentences add only the
        # civilian victims (GTD targtype1: the attacked target, not every noun nearby)
        later = bool(targets)
        kept: list[tuple[int, int]] = []
        for g, h in best:
            hs = (h.nstart, h.nend)
            joined = any(_coordinated(v, k, hs) for k in kept)
            if (g <= best[0][0] + 2 or joined) and (not later or h.value == "private_citizens_property"):
                targets.setdefault(h.value, hs)
                kept.append(hs)
    if targets and "private_citizens_property" not in targets:
        civ = [h for h in owned_hits(v, own, ci, c, "civilians") if any(m.creates and m.unit == v.sent_of(h.nstart) for m in c.mentions)]
        if civ:
            targets["private_citizens_property"] = (civ[0].nstart, civ[0].nend)
    tt = sorted(targets) or ["unknown"]
    out.set(v, "target_types", tuple(tt), next(iter(targets.values()), None), "target noun near the trigger (GTD targtype1)" if targets else "no target noun")
    suic = owned_hits(v, own, ci, c, "suicide")
    yes = [h for h in suic if h.value is True]
    no = [h for h in suic if h.value is False]
    if yes:
        out.set(v, "suicide", True, (yes[0].nstart, yes[0].nend), f"suicide cue «{yes[0].key}»")
    elif no:
        out.set(v, "suicide", False, (no[0].nstart, no[0].nend), f"not suicide «{no[0].key}»")
    else:
        out.set(v, "suicide", None, None, "not stated")


def code_fields(v: View, clusters: Sequence[Cluster]) -> list[Coded]:
    """Field values for every cluster (attack fields only for attack/foiled_plot)."""
    own = Owner(v, clusters)
    coded: list[Coded] = []
    for ci, c in enumerate(clusters):
        out = Coded()
        answered = None
        if c.kind == "security_operation" and c.status == "new":
            before = [x for x in clusters[:ci] if x.kind == "attack" and x.status == "new"]
            answered = before[-1] if before else None
        date_place(v, own, ci, c, out, answered)
        if c.kind in ATTACK_KINDS:
            _perpetrators(v, own, ci, c, out)
            _types(v, own, ci, c, out)
            code_counts(v, own, ci, c, out)
            if out.values.get("suicide") is None and out.values.get("perpetrators_killed") == 0:
                out.set(v, "suicide", False, None, "attackers survived (GTD suicide = 0)")
        coded.append(out)
    return coded
