"""Extract stage, fields: a cluster of mentions in; GTD-coded field values, each with its evidence span and rule, out.

Conventions follow ``shared/spec/event-format.md`` (annotation conventions) and the GTD
codebook 2021 (nkill, nkillter, nwound, nperps, claimed, suicide, targtype1, weaptype1).
Items (numbers, groups, targets) of a sentence shared by several incidents belong to the
incident whose trigger is nearest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marsad.extract.coded import Coded, Owner, nearest, owned_hits
from marsad.extract.counts import code_counts, victim_figures
from marsad.extract.merge import Cluster
from marsad.extract.perpetrators import code_perpetrators
from marsad.extract.view import View
from marsad.extract.where import ATTACK_KINDS, date_place
from marsad.text.matcher import Match

__all__ = ["ATTACK_KINDS", "Coded", "code_fields"]


def _targets_in(v: View, unit: int) -> list[Match[Any]]:
    """Target nouns of ``unit`` with their GTD type; a facility noun qualified by a type
    adjective takes the adjective's type ("المستشفى العسكري" → military, "مقار عسكرية
    وحكومية" → military + government_general; targets.yaml ``facility_heads``/``adjectives``).

    Memoised per unit in ``v.memo["targets_in"]`` (a pure function of the document): callers
    must not change the list returned.
    """
    memo = v.memo.get("targets_in")
    if memo is None:
        memo = v.memo["targets_in"] = {}
    found = memo.get(unit)
    if found is None:
        found = memo[unit] = _find_targets(v, unit)
    return found


def _find_targets(v: View, unit: int) -> list[Match[Any]]:
    """``_targets_in`` uncached."""
    # an administrative noun is a place, not a target ("محافظة المنيا" is no governor, محافظ)
    towns = [(t.nstart, t.nend) for t in v.in_unit("town", unit)] if "town" in v.res.matchers else []
    hits = [h for h in v.in_unit("target", unit) if not any(_overlaps((h.nstart, h.nend), t) for t in towns)]
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
            hits += [h._replace(value=a.value) for a in mine]
    for h in [*hits, *v.in_unit("target_head", unit)]:
        typed = _named_phrase(v, h, unit)
        if typed:
            hs = (h.nstart, h.nend)
            hits = [x for x in hits if not _overlaps((x.nstart, x.nend), hs)]
            hits += [h._replace(value=t) for t in typed]
    rigged = v.in_unit("cue_rigged", unit)
    hits = [h for h in hits if nearest(v, rigged, (h.nstart, h.nend), -1, 1) is None]  # the weapon, not the target
    return _inside(v, unit, _carried(v, unit, hits))


def _named_phrase(v: View, h: Match[Any], unit: int) -> list[str]:
    """Types of a target noun written apart from its qualifier by a name: "مركز «ويستغيت»
    التجاري" → المركز التجاري (business), "منشأة تيقنتورين للغاز" → منشأة للغاز (utilities),
    "مجمع «خطوط الشرطة»" → مجمع الشرطة (police). The noun is joined to the word after a
    quoted name (or after one or two plain words), or to the last word of the quoted name,
    and looked up in the target lexicon; [] when no such phrase is a target."""
    norm = v.doc.norm
    end = v.units[unit][1]
    words: list[str] = []
    rest = norm[h.nend:end]
    if rest.startswith(' "'):
        q = rest.find('"', 2)
        if q > 0:
            inner = rest[2:q].split()
            words += inner[-1:] + rest[q + 1:].split()[:1]
    else:
        words += rest.split()[1:3]
    head = h.key
    out: list[str] = []
    for w in words:
        w = w.strip(' ,.:;"()')
        if not w:
            continue
        # construct ("مجمع الشرطة") or agreeing adjective ("المركز التجاري")
        leads = [head] + ([v.res.article + head] if w.startswith(v.res.article) and not head.startswith(v.res.article) else [])
        for lead in leads:
            out += [x for x in _phrase_types(v, f"{lead} {w}") if x not in out]
        if out:
            break
    return out


def _phrase_types(v: View, phrase: str) -> list[Any]:
    """Values of the target-lexicon entries spanning all of ``phrase`` (in match order, repeats
    kept), memoised per document in ``v.memo["phrase_types"]``."""
    memo = v.memo.get("phrase_types")
    if memo is None:
        memo = v.memo["phrase_types"] = {}
    found = memo.get(phrase)
    if found is None:
        hits = v.res.matchers["target"].find(phrase, list(range(len(phrase) + 1)))
        found = memo[phrase] = [m.value for m in hits if m.nstart == 0 and m.nend == len(phrase)]
    return found


def _carried(v: View, unit: int, hits: list[Match[Any]]) -> list[Match[Any]]:
    """A vehicle carrying people ("حافلة وسيارات تقل أقباطاً"، "حافلة تقل جنوداً") is coded by its
    passengers (their target type, else private citizens), not as transportation (GTD
    targtype1: the victims; targets.yaml ``cues.carrying``)."""
    carry = v.in_unit("cue_carrying", unit)
    out = list(hits)
    for h in hits:
        if h.value != "transportation":
            continue
        cue = next((c for c in carry if c.nstart >= h.nend and v.gap((h.nstart, h.nend), (c.nstart, c.nend)) <= 2), None)
        if cue is None:
            continue
        cs = (cue.nstart, cue.nend)
        riders = [x.value for x in hits if x.nstart >= cue.nend and v.gap(cs, (x.nstart, x.nend)) <= 2
                  and x.value != "transportation"]
        out = [x for x in out if x is not h]
        out += [h._replace(value=t) for t in (riders or ["private_citizens_property"])]
    return out


#: GTD target types of an enclosing site that is itself the target of what lies inside it.
_ENCLOSING = frozenset({"police", "military", "government_general", "government_diplomatic"})


def _inside(v: View, unit: int, hits: list[Match[Any]]) -> list[Match[Any]]:
    """Drop a target noun that lies inside a police, military or government site named right
    after it ("مسجداً داخل مجمع «خطوط الشرطة»"، "تفجير مسجد في مجمع الشرطة" → police):
    the enclosing site is the target (targets.yaml ``cues.inside``)."""
    ins = v.in_unit("cue_inside", unit)
    drop = set()
    for a in hits:
        if a.value in _ENCLOSING:
            continue
        for cue in ins:
            if cue.nstart < a.nend or v.gap((a.nstart, a.nend), (cue.nstart, cue.nend)) > 0:
                continue
            if any(b.value in _ENCLOSING and b.nstart >= cue.nend and v.gap((cue.nstart, cue.nend), (b.nstart, b.nend)) <= 0
                   for b in hits):
                drop.add(id(a))
    return [x for x in hits if id(x) not in drop]


def _coordinated(v: View, first: tuple[int, int], h: tuple[int, int]) -> bool:
    """True when target noun ``h`` is joined by "و" to the target phrase ending near ``first``
    (at most 3 tokens between, no comma): "مطار زافنتم الدولي ومحطة مترو" → both targets."""
    if h[0] < first[1] or v.gap(first, h) > 3:
        return False
    tok = v.tok[v.ti(h[0])]
    norm = v.doc.norm
    return h[0] - tok == 1 and norm[tok] == "\u0648" and not any(ch in norm[first[1]:h[0]] for ch in ",\u060c.")


def _hostage_types(v: View, c: Cluster, atypes: dict[str, tuple[int, int]]) -> None:
    """GTD codebook 2021 attacktype1 for hostage incidents, in place on ``atypes``: hostages
    held in place ("يحتجزوا رهائن"، "أزمة احتجاز الرهائن") are a barricade incident, not a
    kidnapping, when the only kidnapping word is the bare hostage noun; killing captives
    ("ذبح 21 رهينة … اختطفوهم") is part of the kidnapping, not an armed assault."""
    kid = [m.span for m in c.mentions if m.atype == "hostage_taking_kidnapping"]
    nouns = [(h.nstart, h.nend) for h in v.hits("cue_hostage_nouns")]
    held = [(h.nstart, h.nend) for h in v.hits("cue_hostage_held")]
    if kid and all(any(_overlaps(k, n) for n in nouns) for k in kid) and (
            "hostage_taking_barricade" in atypes or any(v.gap(k, h) <= 3 for k in kid for h in held)):
        atypes.setdefault("hostage_taking_barricade", atypes.pop("hostage_taking_kidnapping"))
    armed = [m.span for m in c.mentions if m.atype == "armed_assault"]
    execs = [(h.nstart, h.nend) for h in v.hits("cue_executions")]
    if "hostage_taking_kidnapping" in atypes and armed and all(any(_overlaps(a, e) for e in execs) for a in armed):
        del atypes["armed_assault"]


def _hijacking(v: View, c: Cluster, atypes: dict[str, tuple[int, int]]) -> None:
    """GTD codebook 2021 attacktype1 = 4 (hijacking), in place on ``atypes``: a kidnapping
    trigger whose object, within two tokens after it, is a vehicle ("اختطف مسلحون طائرة ركاب"،
    "خطف قراصنة ناقلة نفط"; targets.yaml ``cues.hijacked``) seizes the vehicle, not people."""
    if "hostage_taking_kidnapping" not in atypes:
        return
    veh = v.hits("cue_hijacked")
    for m in c.mentions:
        if m.atype == "hostage_taking_kidnapping":
            h = nearest(v, veh, m.span, -1, 2)
            if h is not None and not any(x.nstart >= m.span[1] and x.nend <= h.nstart for x in v.hits("cue_hostage_nouns")):
                atypes.setdefault("hijacking", atypes.pop("hostage_taking_kidnapping"))
                return


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two normalised spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def _in_name(v: View, n: int) -> bool:
    """Whether normalised offset ``n`` lies inside a «…» quoted name of its sentence unit."""
    u = v.sent_of(n)
    if u < 0:
        return False
    a, b, _ = v.units[u]
    before, after = v.doc.norm[a:n], v.doc.norm[n:b]
    return before.count('"') % 2 == 1 and '"' in after  # normalisation writes «…» as "…"


def _weapons(v: View, own: Owner, ci: int, c: Cluster, fakes: Sequence[Match[Any]]) -> dict[str, tuple[int, int]]:
    """Weapon types of the cluster (GTD codebook 2021 weaptype1) with the span of each.

    Skipped: a weapon word inside a «quoted name» ("«سيف الله»") or a ceasefire phrase
    (weapons.yaml ``cues.not_weapon``). An attacker noun ("مسلحاً مجهولاً فجّر عبوة")
    in the singular names firearms only when the text names no other weapon (gunmen, plural,
    always do)."""
    weap: dict[str, tuple[int, int]] = {}
    weak: dict[str, tuple[int, int]] = {}
    perp = {(h.nstart, h.nend) for h in v.hits("perp")}
    nots = [(h.nstart, h.nend) for h in v.hits("cue_not_weapon")]
    for h in owned_hits(v, own, ci, c, "weapon"):
        hs = (h.nstart, h.nend)
        if _in_name(v, h.nstart) or any(_overlaps(hs, x) for x in nots):
            continue
        t = h.value
        if nearest(v, fakes, hs, 2, 3) is not None:
            t = "fake_weapons"
        one = hs in perp and (h.key in v.res.singular or h.key[:-1] in v.res.singular)
        (weak if one and t == "firearms" else weap).setdefault(t, hs)
    if "melee" in weap and "firearms" in weap and weap["firearms"] in perp:
        del weap["firearms"]  # "هجوم بالسواطير نفذه مسلحون": attackers armed with blades, no gun named
    return weap or weak


#: GTD codes at most three target types per incident (targtype1, targtype2, targtype3).
_MAX_TARGETS = 3


def _victim_types(v: View, own: Owner, ci: int, c: Cluster) -> list[tuple[str, tuple[int, int]]]:
    """Target types of the victims the incident's own toll names (GTD targtype1-3: every
    group among the victims), in text order with the span of each noun: the counted noun
    ("مقتل 13 عسكرياً"، dual "صحفيان"), and the nouns after "بينهم/معظمهم/من" within three
    words of the figure ("قتل 17 شخصاً، بينهم ضباط وأفراد شرطة"; targets.yaml
    ``cues.victims_among``), with the nouns joined to them by "و"."""
    among = v.hits("cue_victims_among")
    out: list[tuple[str, tuple[int, int]]] = []
    for sp, u in victim_figures(v, own, ci, c):
        hits = sorted(_targets_in(v, u), key=lambda h: h.nstart)
        kept = [(h.nstart, h.nend) for h in hits
                if _overlaps((h.nstart, h.nend), sp) or (h.nstart >= sp[1] and v.gap(sp, (h.nstart, h.nend)) == 0)]
        for cue in among:
            cs = (cue.nstart, cue.nend)
            if cs[0] >= sp[1] and v.gap(sp, cs) <= 3 and "." not in v.doc.norm[sp[1]:cs[0]]:
                kept += [(h.nstart, h.nend) for h in hits if h.nstart >= cs[1] and v.gap(cs, (h.nstart, h.nend)) <= 1]
        for h in hits:
            hs = (h.nstart, h.nend)
            if hs in kept or any(_coordinated(v, k, hs) for k in kept):
                if hs not in kept:
                    kept.append(hs)
                out.append((h.value, hs))
    return out


def _types(v: View, own: Owner, ci: int, c: Cluster, out: Coded) -> None:
    atypes: dict[str, tuple[int, int]] = {}
    fakes = owned_hits(v, own, ci, c, "fake")
    for m in c.mentions:
        if m.atype and m.atype != "unknown" and nearest(v, fakes, m.span, 2, 3) is None:
            atypes.setdefault(m.atype, m.span)
    _hostage_types(v, c, atypes)
    _hijacking(v, c, atypes)
    weap = _weapons(v, own, ci, c, fakes)
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
    awhy = ", ".join(f"{t} «{v.doc.norm[a:b]}»" for t, (a, b) in atypes.items())
    out.set(v, "attack_types", tuple(at_sorted), next(iter(atypes.values()), None),
            f"trigger lexicon (GTD attacktype1): {awhy}" if atypes else "no method in the text")
    if "vehicle" in weap and "explosives" in weap and "unarmed_assault" not in atypes:
        del weap["vehicle"]  # a car/truck bomb is explosives; a vehicle weapon is a ramming (GTD weaptype1)
    wt_sorted = sorted(weap) or ["unknown"]
    wwhy = ", ".join(f"{t} «{v.doc.norm[a:b]}»" for t, (a, b) in weap.items())
    out.set(v, "weapon_types", tuple(wt_sorted), next(iter(weap.values()), None),
            f"weapon lexicon (GTD weaptype1): {wwhy}" if weap else "no weapon in the text")
    # targets: nouns right after a trigger (or just before it) in the cluster's sentences
    report = v.hits("report") if "report" in v.res.matchers else []
    targets: dict[str, tuple[int, int]] = {}
    weak: dict[str, tuple[int, int]] = {}
    weak_places = v.hits("cue_weak_places")
    near = v.hits("cue_near_landmark")
    creating = {m.unit for m in c.mentions if m.creates} or set(c.units)
    for u in sorted(creating):
        trig = [m.span for m in c.mentions if m.unit == u and m.level not in ("toll", "claim")]
        best: list[tuple[int, Match[Any]]] = []
        for h in _targets_in(v, u):
            hs = (h.nstart, h.nend)
            if not own.owns(ci, u, hs) or any(a < hs[1] and hs[0] < b for a, b in trig):
                continue
            if nearest(v, report, hs, 2, -1) is not None or nearest(v, near, hs, 0, -1) is not None:
                continue  # a speaker ("قال مسؤول") or a landmark the attack was near ("قرب جسر لندن")
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
                if h.value == "private_citizens_property" and any(_overlaps(hs, (x.nstart, x.nend)) for x in weak_places):
                    weak.setdefault(h.value, hs)  # "شاطئ فندق": where, not whom (only when nothing else)
                else:
                    targets.setdefault(h.value, hs)
                kept.append(hs)
    targets = targets or weak
    for t, hs in _victim_types(v, own, ci, c):
        if t not in targets and len(targets) < _MAX_TARGETS:
            targets[t] = hs
    if targets and "private_citizens_property" not in targets and len(targets) < _MAX_TARGETS:
        civ = [h for h in owned_hits(v, own, ci, c, "civilians") if any(m.creates and m.unit == v.sent_of(h.nstart) for m in c.mentions)]
        if civ:
            targets["private_citizens_property"] = (civ[0].nstart, civ[0].nend)
    tt = sorted(targets) or ["unknown"]
    why = ", ".join(f"{t} «{v.doc.norm[a:b]}»" for t, (a, b) in targets.items())
    out.set(v, "target_types", tuple(tt), next(iter(targets.values()), None),
            f"target noun near the trigger (GTD targtype1): {why}" if targets else "no target noun")
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
            code_perpetrators(v, own, ci, c, out)
            _types(v, own, ci, c, out)
            code_counts(v, own, ci, c, out)
            if out.values.get("suicide") is None and out.values.get("perpetrators_killed") == 0:
                out.set(v, "suicide", False, None, "attackers survived (GTD suicide = 0)")
        coded.append(out)
    return coded
