"""Extract stage, passing: a doc view and a trigger in; whether the trigger names an incident in passing (or reports it) out.

Helpers that tell a report from a mention in passing: relative and appositive clauses
(«الذي اغتيل في …»), opening «when» clauses, counts over a period («منذ 2004»), a state in the
genitive, political criticism («هاجم الوزير …»), and the auxiliaries that make a verbal noun
a reported act («قام مسلحون بتفجير …»). Cue lists come from triggers.yaml, contexts.yaml,
kinds.yaml and status.yaml via the ``View``'s matchers.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from marsad.extract.view import View
from marsad.text.matcher import Match

__all__ = ["appositive", "auxiliary", "counted_since", "definite", "opening_when", "recent_words",
           "relative_reference", "reports_outcome", "state_genitive", "verbal_criticism"]


def recent_words(v: View, unit: int) -> list[Match[Any]]:
    """Recent-time words of ``unit`` (status.yaml ``recent``: أمس، فجر، الجمعة) that date something.

    Left out: a word that is part of an attack trigger («فجر مسلحون» = blew up, not "dawn"),
    and a word right after a since/until frame («منذ أمس», «حتى اليوم»): that bounds a period
    rather than dating an act.
    """
    cached = v._units.get("recent_words", {}).get(unit)
    if cached is not None:
        return cached
    trig = [(t.nstart, t.nend) for t in v.in_unit("triggers", unit)]
    since = [(s.nstart, s.nend) for s in v.in_unit("since", unit)]
    out = []
    for h in v.in_unit("recent", unit):
        if any(a < h.nend and h.nstart < b for a, b in trig):
            continue
        if any(b <= h.nstart and v.gap((a, b), (h.nstart, h.nend)) == 0 for a, b in since):
            continue
        out.append(h)
    v._units.setdefault("recent_words", {})[unit] = out
    return out


def definite(v: View, t: Match[Any]) -> bool:
    """Whether a hit carries the article (written before it, or part of the entry)."""
    art, lam = v.res.article, v.res.lam_article
    return t.prefix.endswith((art, lam)) or t.key.startswith(art)


def relative_reference(v: View, t: Match[Any], unit: int) -> bool:
    """A trigger that names a known event: a definite noun followed by a relative pronoun
    ("الهجوم الذي نفذته …"), or a trigger inside a relative clause ("الذي اغتيل في …").

    Not applied when the sentence updates a toll (a toll-revision word is present).
    """
    is_definite = definite(v, t)
    rels = v.in_unit("relative", unit)
    after = is_definite and any(r.nstart >= t.nend and v.gap((t.nstart, t.nend), (r.nstart, r.nend)) <= 1 for r in rels)
    inside = any(r.nend <= t.nstart and v.gap((r.nstart, r.nend), (t.nstart, t.nend)) <= v.res.params["rel_clause"]
                 and "," not in v.doc.norm[r.nend:t.nstart] for r in rels)
    if not (after or inside):
        return False
    toll = [h for h in v.in_unit("rose", unit)]
    if toll:
        return False
    # "قتل 11 مدنيا في التفجير الذي وقع …": a casualty figure before it makes the sentence a report
    nums = [(v.nidx(n.start), v.nidx(n.end)) for n in v.spans_in_unit(v.doc.numbers, unit)]
    cas = [(h.nstart, h.nend) for name in ("killed", "wounded") for h in v.in_unit(name, unit)]
    if any(s[1] <= t.nstart and v.gap(s, (t.nstart, t.nend)) <= 6 for s in nums) and any(
            c[1] <= t.nstart and v.gap(c, (t.nstart, t.nend)) <= 6 for c in cas):
        return False
    # "الهجمات التي استهدفت فجر أمس …": a time in the relative clause makes it the report itself
    for r in rels:
        if r.nstart >= t.nend and v.gap((t.nstart, t.nend), (r.nstart, r.nend)) <= 1:
            tail = (r.nend, r.nend + 1)
            if any(v.gap(tail, (h.nstart, h.nend)) <= 4 and h.nstart >= r.nend for h in recent_words(v, unit)):
                return False
    return True


def appositive(v: View, t: Match[Any], unit: int) -> bool:
    """Whether trigger ``t`` sits in a non-restrictive relative clause: a relative pronoun right
    after a comma, at most ``rel_clause`` tokens before it, no comma between («بيار الجميل، الذي
    اغتيل في 21 نوفمبر»). Such a clause identifies someone by what happened to them earlier, even in
    a lead, where «التفجير الذي استهدف …» (no comma) reports the news."""
    norm = v.doc.norm
    for r in v.in_unit("relative", unit):
        if r.nend <= t.nstart and v.gap((r.nstart, r.nend), (t.nstart, t.nend)) <= v.res.params["rel_clause"] \
                and "," not in norm[r.nend:t.nstart] and norm[:r.nstart].rstrip().endswith(","):
            return True
    return False


def reports_outcome(v: View, t: Match[Any], unit: int) -> bool:
    """A trigger with its own outcome: a casualty predicate supports it and the sentence gives
    a figure ("عندما أسفر تفجير انتحاري … عن سقوط 21 قتيلا"); a reference frame then does not
    stop it, status (frame, date) decides whether it is news or background."""
    if not v.spans_in_unit(v.doc.numbers, unit):
        return False
    w = v.res.params["support_window"]
    return any(v.gap((h.nstart, h.nend), (t.nstart, t.nend)) <= w and not definite(v, h)
               for name in ("killed", "wounded") for h in v.in_unit(name, unit, longest=False))


def state_genitive(v: View, t: Match[Any], unit: int) -> bool:
    """True when attack noun ``t`` is followed by a country name in the genitive and then an
    object preposition («هجوم إسرائيل على قرية …»; kinds.yaml ``operation.state_object_preps``):
    an act of a state, outside GTD's scope of non-state violence (GTD codebook 2021,
    inclusion criteria). A place-named attack («تفجيرات سريلانكا») has no preposition after it."""
    nxt = v.ti(t.nend - 1) + 1
    if nxt + 1 >= len(v.tok):
        return False
    start, end = v.raw(v.tok[nxt]), v.raw(v.tok[nxt + 1])
    if "trusted_by_start" not in v.memo:  # trusted places in text order, searched by bisection
        ordered = sorted(v.trusted, key=lambda p: p.start)
        v.memo["trusted_by_start"] = ([p.start for p in ordered], ordered)
    starts, ordered = v.memo["trusted_by_start"]
    inside = ordered[bisect_left(starts, start):bisect_left(starts, end)]
    if not any(p.precision == "country" and not p.adjective for p in inside):
        return False
    return any(q.nstart == v.tok[nxt + 1] for q in v.in_unit("state_prep", unit))


def auxiliary(v: View, t: Match[Any], unit: int) -> str:
    """The auxiliary verb that makes nominal trigger ``t`` a reported act, or '' (triggers.yaml
    ``auxiliaries``: «قام مسلحون بتفجير …», «أقدم شاب على طعن …», «عمدوا إلى إلقاء المتفجرات»):
    at most ``discontinuous_window`` tokens before it (a subject may stand between), same clause."""
    w = v.res.params["discontinuous_window"]
    norm = v.doc.norm
    for a in v.in_unit("auxiliary", unit):
        if a.nend <= t.nstart and v.gap((a.nstart, a.nend), (t.nstart, t.nend)) <= w and "," not in norm[a.nend:t.nstart]:
            return a.key
    return ""


def opening_when(v: View, t: Match[Any], unit: int) -> bool:
    """Whether trigger ``t`` sits in a temporal clause that opens its sentence: the unit's first
    token is a «when» word (contexts.yaml ``temporal_opening``) and ``t`` is at most 3 tokens
    after it, before any comma («عندما اغتيل فلان في دمشق، أعلن …»)."""
    first = v.ti(v.units[unit][0])
    for w in v.in_unit("temporal_opening", unit):
        if v.ti(w.nstart) == first and w.nend <= t.nstart and v.gap((w.nstart, w.nend), (t.nstart, t.nend)) <= 3 \
                and "," not in v.doc.norm[w.nend:t.nstart]:
            return True
    return False


def verbal_criticism(v: View, t: Match[Any], unit: int) -> bool:
    """Whether attack word ``t`` is political criticism (contexts.yaml ``verbal``).

    «هاجم الوزير المعارضة» (a speaker right after the verb) or «شن الرئيس … هجوما على …» (a
    launch verb directly before a speaker, the speaker at most 6 tokens before the noun, no
    comma between): the subject is someone who speaks, so the "attack" is verbal.
    """
    ts = (t.nstart, t.nend)
    if not any(h.nstart <= t.nstart and h.nend >= t.nend - len(t.suffix or "")
               for h in v.in_unit("verbal_trigger", unit)):
        return False
    norm = v.doc.norm
    for s in v.in_unit("speaker", unit):
        ss = (s.nstart, s.nend)
        if s.nstart >= t.nend and v.gap(ts, ss) == 0:
            return True
        if s.nend <= t.nstart and v.gap(ss, ts) <= 6 and "," not in norm[s.nend:t.nstart] and any(
                lv.nend <= s.nstart and v.gap((lv.nstart, lv.nend), ss) == 0 for lv in v.in_unit("launch", unit)):
            return True
    return False


def counted_since(v: View, t: Match[Any], unit: int) -> bool:
    """Whether verb trigger ``t`` is counted over a period: a since word (status.yaml ``since``)
    at most 3 tokens after it in the same clause, not bounding a recent time word
    («ان 12 صحافيا خطفوا منذ عام 2004»; «قتل 76 صحافيا منذ الغزو»): a running total, not
    one incident. «منذ صباح أمس» keeps the report (the period is the news itself)."""
    recent = recent_words(v, unit)
    norm = v.doc.norm
    for s in v.in_unit("since", unit):
        if s.nstart >= t.nend and v.gap((t.nstart, t.nend), (s.nstart, s.nend)) <= 3 and "," not in norm[t.nend:s.nstart]:
            if not any(r.nstart >= s.nend and v.gap((s.nstart, s.nend), (r.nstart, r.nend)) <= 3 for r in recent):
                return True
    return False
