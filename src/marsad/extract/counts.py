"""Extract stage, counts: a cluster of mentions in; killed, wounded, perpetrators killed and perpetrator count out.

GTD codebook 2021 (nkill, nwound, nkillter, nperps): the latest toll of the article, ranges
and lower bounds as numbers, attackers counted apart (``nkillter``) and added when the text
counts them apart; a suicide bomber is an attacker killed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from marsad.extract.coded import Coded, Owner, nearest, nspan, owned_hits
from marsad.extract.merge import Cluster
from marsad.extract.view import View
from marsad.model import NumberMention
from marsad.text.matcher import Match

__all__ = ["code_counts", "victim_figures"]


def _count_value(n: NumberMention) -> int | tuple[int, int] | None:
    if n.qualifier == "range" and n.low is not None and n.high is not None:
        return int(n.low), int(n.high)
    if n.value is None or n.qualifier == "vague":
        return None
    return int(n.value)


def _numbers(v: View, own: Owner, ci: int, c: Cluster) -> list[tuple[str, NumberMention, tuple[int, int], int]]:
    """Classified numbers of the cluster: (role, number, span, unit); role killed/wounded/perp."""
    w = v.res.params["count_window"]
    if "date_spans" not in v.memo:  # the document's dates in text order, once per document
        spans = sorted(nspan(v, d) for d in v.doc.dates)
        v.memo["date_spans"] = (spans, [a for a, _ in spans])
    date_spans, date_starts = v.memo["date_spans"]
    out = []
    for u in c.units:
        kh, wh, ph = v.in_unit("killed", u), v.in_unit("wounded", u), v.in_unit("perp", u)
        for n in v.spans_in_unit(v.doc.numbers, u):
            sp = nspan(v, n)
            i = bisect_left(date_starts, sp[1])  # dates starting before the number's end (text order)
            if any(a < sp[1] and sp[0] < b for a, b in date_spans[max(0, i - 4):i]) or not own.owns(ci, u, sp):
                continue
            if any(v.gap((g.nstart, g.nend), sp) <= 6 for g in v.in_unit("general_toll", u)):
                continue  # the toll of a conflict or a period, not of this incident
            full = (sp[0], max(sp[1], v.nidx(n.noun_end) if n.noun_end >= 0 else sp[1]))
            if n.noun_start >= 0:
                ns, ne = v.nidx(n.noun_start), v.nidx(n.noun_end)
                if any(ns <= h.nstart < ne for h in ph):
                    out.append(("perp", n, full, u))
                    continue
            p = nearest(v, ph, full, 1, int(v.res.params["perp_near"]))
            k = nearest(v, kh, full, 3, w)
            wd = nearest(v, wh, full, 3, w)
            if p is not None and (p.nstart >= full[1] or p.nend <= full[0]):
                gp = v.gap((p.nstart, p.nend), full)
                gk = v.gap((k.nstart, k.nend), full) if k else 99
                gw = v.gap((wd.nstart, wd.nend), full) if wd else 99
                if gp <= min(gk, gw) or gp == 0:
                    out.append(("perp", n, full, u))
                    continue
            last = out[-1] if out and out[-1][3] == u else None
            if (last is not None and last[0] in ("killed", "wounded") and _exact(n) and _exact(last[1])
                    and _joined(v, last[2], sp) and nearest(v, kh + wh, full, -1, 0) is None):
                out.append((last[0], n, full, u))  # "مقتل 12 مدنيا وثلاثة جنود": the same count goes on
                continue
            withs = [h for h in v.in_unit("with_others", u) if h.nend <= sp[0] and v.gap((h.nstart, h.nend), sp) == 0]
            one = [h for h in v.in_unit("death_one", u) if withs and h.nend <= withs[0].nstart
                   and v.gap((h.nstart, h.nend), (withs[0].nstart, withs[0].nend)) <= 8]
            if one and n.value is not None and n.qualifier != "range":
                # "لقي حتفه مع ستة من مرافقيه": the named victim and N others
                out.append(("killed", replace(n, value=n.value + 1), full, u))
                continue
            if k is None and wd is None:
                continue
            # the counted noun right after the number wins a tie (129 قتيلا و352 جريحا)
            # a dual carries its noun ("قتل جنديان وأصيب ثلاثة"): the verb before it wins the tie
            dual = n.noun_start >= 0
            gk = v.gap((k.nstart, k.nend), full) * 2 + (0 if (k.nstart >= full[1]) != dual else 1) if k else 999
            gw = v.gap((wd.nstart, wd.nend), full) * 2 + (0 if (wd.nstart >= full[1]) != dual else 1) if wd else 999
            out.append(("killed" if gk <= gw else "wounded", n, full, u))
    return out


#: The Arabic conjunction "wa", written as a prefix or a word (Unicode escape: code stays language-neutral).
_AND = "\u0648"


def _joined(v: View, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether number ``b`` follows number ``a`` as "N noun و M noun": at most three words
    (the counted noun, "من المدنيين") between them, then "و" alone or as M's prefix, no
    comma or full stop ("61 مدنيا و6 جنود"، "12 مدنيا وثلاثة جنود")."""
    if b[0] <= a[1]:
        return False
    between = v.doc.norm[a[1]:b[0]]
    if any(ch in between for ch in ",\u060c.;:"):
        return False
    words = between.split()
    if words and words[-1] == _AND:
        words = words[:-1]
    elif not v.doc.norm.startswith(_AND, b[0]):
        return False
    return len(words) <= 3


def _sum_chains(v: View, nums: list[tuple[str, NumberMention, tuple[int, int], int]]
                ) -> list[tuple[str, NumberMention, tuple[int, int], int]]:
    """Tolls given as a sum of categories ("قتل 61 مدنيا و6 جنود و5 شرطيين" → 72;
    "14 جنديا وخمسة من المهاجمين" → 19, GTD nkill counts the attackers too) become one
    figure. Parts of a toll after "بينهم" (casualties.yaml ``includes_attackers``) are not
    added; exact counts only (a range or a vague quantity ends the chain)."""
    inc = v.hits("includes")
    order = sorted(range(len(nums)), key=lambda i: nums[i][2][0])
    out = list(nums)
    i = 0
    while i < len(order):
        r0, n0, sp0, u0 = nums[order[i]]
        j = i
        while (r0 in ("killed", "wounded") and j + 1 < len(order)
               and nums[order[j + 1]][3] == u0 and nums[order[j + 1]][0] in (r0, "perp" if r0 == "killed" else r0)
               and _exact(nums[order[j]][1]) and _exact(nums[order[j + 1]][1])
               and _joined(v, nums[order[j]][2], nums[order[j + 1]][2])
               and nearest(v, inc, nums[order[j + 1]][2], 4, -1) is None):
            j += 1
        if j > i and nearest(v, inc, sp0, 1, -1) is None:
            parts = [nums[order[k]] for k in range(i, j + 1)]
            total = sum(int(p[1].value or 0) for p in parts)
            span = (sp0[0], parts[-1][2][1])
            merged = replace(n0, value=float(total), qualifier="exact")
            drop = {order[k] for k in range(i, j + 1) if nums[order[k]][0] == r0}
            out = [x for k, x in enumerate(out) if k not in drop or x is None]
            out.append((r0, merged, span, u0))
        i = j + 1
    return out


def _exact(n: NumberMention) -> bool:
    """Whether the number is one exact or lower-bound figure (not a range, not vague)."""
    return n.value is not None and n.qualifier not in ("range", "vague")


def _among_dead(v: View, nums: list[tuple[str, NumberMention, tuple[int, int], int]], sp: tuple[int, int]) -> bool:
    """Whether the attacker number at ``sp`` follows "بينهم"/"من بينهم" (casualties.yaml
    ``includes_attackers``) right after a death toll: the attackers are among the dead."""
    inc = nearest(v, v.hits("includes"), sp, 1, -1)
    if inc is None:
        return False
    ins = (inc.nstart, inc.nend)
    return any(r == "killed" and x[1] <= ins[0] and v.gap(x, ins) <= 3 for r, _, x, _ in nums)


def _pick_toll(v: View, cands: list[tuple[NumberMention, tuple[int, int], int]]) -> tuple[Any, tuple[int, int], str] | None:
    """Latest toll: a revised/'rose to' figure, else the largest figure not marked early."""
    if not cands:
        return None
    rose = v.hits("rose")
    early = v.hits("early")
    to = v.hits("cue_revised_to")
    revised = [x for x in cands if nearest(v, rose, x[1], 5, -1) is not None
               or (nearest(v, to, x[1], 0, -1) is not None and nearest(v, rose, x[1], 10, -1) is not None)]
    if revised:
        n, sp, _ = revised[-1]
        return _count_value(n), sp, "revised toll (rose/revised to)"
    fresh = [x for x in cands if nearest(v, early, x[1], 5, 2) is None] or cands
    vals = [(x, _count_value(x[0])) for x in fresh]
    vals = [(x, val) for x, val in vals if val is not None]
    if not vals:
        n, sp, _ = fresh[0]
        return None, sp, "vague quantity"

    def size(val: Any) -> float:
        """Upper figure of a count or range."""
        return float(val[1]) if isinstance(val, tuple) else float(val)

    x, val = max(vals, key=lambda t: size(t[1]))
    # conflicting figures from different sources (spec: "the range they span"): whole tolls,
    # each with its own reporting cue, not a part of another ("بينهم 132 طالبا")
    inc, rep = v.hits("includes"), v.hits("report")
    whole = [(y, w) for y, w in vals if isinstance(w, int) and nearest(v, inc, y[1], 3, -1) is None
             and nearest(v, rep, y[1], 15, 15) is not None]
    def source(y: tuple[Any, tuple[int, int], int]) -> tuple[int, int]:
        """The figure's sentence and the reporting cue nearest before it (its source)."""
        r = nearest(v, rep, y[1], 15, -1)
        return y[2], (r.nstart if r is not None else -1)

    # two figures, each from its own source: different sentences, or one sentence with two
    # reporting cues ("قالت الشرطة إن 17 … بينما قال مسؤولون محليون إن … 25")
    if len({w for _, w in whole}) == 2 and len({source(y) for y, _ in whole}) == 2:
        lo, hi = min(w for _, w in whole), max(w for _, w in whole)
        if size(val) == hi and hi <= 4 * lo:  # two reports of one toll, not a part of it
            return (lo, hi), x[1], "conflicting tolls from different sources (range)"
    return val, x[1], "largest stated toll"


def _definite_counts(v: View, ph: Sequence[Match[Any]]) -> list[tuple[Match[Any], int, tuple[int, int]]]:
    """Attacker words followed by an agreeing definite cardinal ("المهاجمين الأربعة" → 4)."""
    out = []
    norm = v.doc.norm
    for h in ph:
        i = v.ti(h.nend - 1) + 1
        if i >= len(v.tok) or "," in norm[h.nend:v.tok[i]]:
            continue
        word = norm[v.tok[i]:v.tok[i + 1] if i + 1 < len(v.tok) else len(norm)].strip(" ,.")
        val = v.res.definite_cardinals.get(word)
        if val:
            out.append((h, val, (h.nstart, v.tok[i] + len(word))))
    return out


def _plural_attackers(v: View, h: Match[Any]) -> bool:
    """Whether attacker word ``h`` names several attackers of the incident: a plural
    (the accusative "مسلحاً" is singular) that is not a generic word ("عناصر الشرطة",
    "ملاحقة منفذيه"; casualties.yaml ``cues.perp_generic``)."""
    if h.key in v.res.singular or h.key[:-1] in v.res.singular:
        return False
    return not any(g.nstart <= h.nstart and h.nend <= g.nend for g in v.hits("cue_perp_generic"))


def _several(v: View, own: Owner, ci: int, c: Cluster) -> bool:
    """Whether the suicide bombing has several blasts or attacks ("تفجيرين"، "سلسلة هجمات"),
    leaving its bomber count open. Read only in the sentences that call it suicide; a
    comparison ("أعنف الهجمات التي شهدتها") is not one."""
    sup = v.hits("superlative")
    units = {v.sent_of(h.nstart) for h in owned_hits(v, own, ci, c, "suicide") if h.value is True}

    def counts(span: tuple[int, int]) -> bool:
        return v.sent_of(span[0]) in units and nearest(v, sup, span, 2, -1) is None

    return (any(counts((h.nstart, h.nend)) for h in owned_hits(v, own, ci, c, "several"))
            or any(m.level == "plural" and counts(m.span) for m in c.mentions))


def victim_figures(v: View, own: Owner, ci: int, c: Cluster) -> list[tuple[tuple[int, int], int]]:
    """Normalised spans (number plus a dual's own noun) and sentence units of every killed or
    wounded figure cluster ``ci`` owns, each part of a sum apart ("169 أفغانياً و13 عسكرياً"):
    the victims a field coder reads the target types from (GTD targtype1-3)."""
    return [(sp, u) for r, _, sp, u in _numbers(v, own, ci, c) if r in ("killed", "wounded")]


def code_counts(v: View, own: Owner, ci: int, c: Cluster, out: Coded) -> None:
    """Set killed, wounded, perpetrator_count and perpetrators_killed of cluster ``ci`` on ``out``."""
    nums = _sum_chains(v, _numbers(v, own, ci, c))
    kh = owned_hits(v, own, ci, c, "killed")
    none = owned_hits(v, own, ci, c, "no_casualties")
    for role in ("killed", "wounded"):
        picked = _pick_toll(v, [(n, sp, u) for r, n, sp, u in nums if r == role])
        if picked is None and none:
            picked = (0, (none[0].nstart, none[0].nend), f"no casualties «{none[0].key}»")
        out.set(v, role, picked[0] if picked else None, picked[1] if picked else None, picked[2] if picked else "no figure")
    perp_nums = [(n, sp) for r, n, sp, _ in nums if r == "perp"]
    pk: int | None = None
    pk_span: tuple[int, int] | None = None
    count: int | None = None
    count_span: tuple[int, int] | None = None
    for n, sp in perp_nums:
        val = _count_value(n)
        if not isinstance(val, int):
            continue
        if nearest(v, kh, sp, 2, 1) is not None and pk is None:
            pk, pk_span = val, sp
        elif pk is None and _among_dead(v, nums, sp):
            pk, pk_span = val, sp  # "قتل 25 شخصا بينهم ثلاثة مهاجمين": attackers among the dead
            if count is None:
                count, count_span = val, sp
        elif count is None:
            count, count_span = val, sp
    trig = [(t.nstart, t.nend) for t in v.hits("triggers")]
    # an attacker word inside a trigger is an adjective (هجوم انتحاري، هجوم مسلح), not a person
    ph = [h for h in owned_hits(v, own, ci, c, "perp") if not any(a <= h.nstart and h.nend <= b for a, b in trig)]
    dead = owned_hits(v, own, ci, c, "perp_dead")
    if count is None or pk is None:
        for _h, val, span in _definite_counts(v, ph):
            dying = nearest(v, kh + dead + owned_hits(v, own, ci, c, "adds"), span, 6, 2) is not None
            if pk is None and dying:
                pk, pk_span = val, span
            if count is None:
                count, count_span = val, span
    if pk is None and dead:
        h = dead[0]
        if h.value != "generic" or nearest(v, ph, (h.nstart, h.nend), 12, 6) is not None:
            pk, pk_span = (2 if h.value == "two" else (count or 1)), (h.nstart, h.nend)
    if pk is None and owned_hits(v, own, ci, c, "perp_alive") and not dead:
        alive = owned_hits(v, own, ci, c, "perp_alive")
        if nearest(v, ph, (alive[0].nstart, alive[0].nend), 8, 8) is not None:
            pk, pk_span = 0, (alive[0].nstart, alive[0].nend)
    if count is None and ph:
        singular = [h for h in ph if h.key in v.res.singular]
        plural = [h for h in ph if h.key not in v.res.singular]
        if singular and not plural:
            count, count_span = 1, (singular[0].nstart, singular[0].nend)
    lone = owned_hits(v, own, ci, c, "lone")
    if count is None and lone:
        count, count_span = 1, (lone[0].nstart, lone[0].nend)
    if (out.values.get("suicide") is True and count is None and pk in (None, 1)
            and not any(_plural_attackers(v, h) for h in ph) and not _several(v, own, ci, c)):
        # a suicide bombing with no count of its own: one bomber, two for a "double" one (GTD nperps)
        double = owned_hits(v, own, ci, c, "double")
        if double:
            count, count_span = 2, (double[0].nstart, double[0].nend)
        else:
            yes = owned_hits(v, own, ci, c, "suicide")
            count, count_span = 1, ((yes[0].nstart, yes[0].nend) if yes else None)
    if out.values.get("suicide") is True and pk is None and count:
        pk, pk_span = count, count_span  # GTD: a suicide bomber is an attacker killed
    out.set(v, "perpetrator_count", count, count_span, "number of attackers" if count is not None else "not stated")
    out.set(v, "perpetrators_killed", pk, pk_span, "attackers reported dead/alive" if pk is not None else "not stated")
    killed = out.values.get("killed")
    if isinstance(killed, int) and pk:
        adds = owned_hits(v, own, ci, c, "adds")
        # «تشمل» inside «لا تشمل» is the negated cue, not an inclusion
        inc = [h for h in owned_hits(v, own, ci, c, "includes")
               if not any(x.nstart <= h.nstart and h.nend <= x.nend for x in adds)]
        a = next((h for h in adds if nearest(v, ph + dead, (h.nstart, h.nend), -1, 6) is not None), None)
        i = next((h for h in inc if nearest(v, ph, (h.nstart, h.nend), -1, 4) is not None), None)
        if a is not None and i is None:
            out.set(v, "killed", killed + pk, (a.nstart, a.nend), f"toll {killed} + {pk} attackers counted apart «{a.key}»")
