"""Extract stage, detection: a doc view in; attack-trigger mentions with their cancelling contexts out.

Triggers come from ``resources/ar/triggers.yaml`` (per GTD attack type, GTD codebook 2021
``attacktype1``); the contexts that cancel them from ``contexts.yaml`` (metaphor,
hypothetical, question, negation/denial, future/threat, titles, court); the kind cues
(foiled plot, security operation, measure) from ``kinds.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.extract.passing import (
    appositive,
    auxiliary,
    counted_since,
    definite,
    opening_when,
    recent_words,
    relative_reference,
    reports_outcome,
    state_genitive,
    verbal_criticism,
)
from marsad.extract.view import View
from marsad.text.matcher import Match

__all__ = ["HARD", "Mention", "anchor", "attack_mentions", "cancelling_context", "claim_mention", "is_lead",
           "recent_words", "supported", "toll_mention"]

#: Contexts that cancel a trigger outright (the clause reports no incident).
HARD = ("question", "titles", "court", "negation", "hypothetical", "future", "metaphor", "non_terror")


@dataclass
class Mention:
    """One event mention: a trigger (or kind cue) in a sentence unit, with its reading.

    ``kind``: attack / foiled_plot / security_operation / measure; ``atype``: GTD attack type
    of the trigger (None for kind cues); ``level``: verb / noun / weak / plural / abstract / cue / toll / claim;
    ``creates``: whether it may open an event (else it only adds to one); ``ctx``: the
    context that limited it; ``status``/``status_rule`` set by marsad.extract.status;
    ``frame_date``: a DateMention dated back from the news by a duration frame (status).
    """

    kind: str
    unit: int
    nstart: int
    nend: int
    key: str
    atype: str | None
    level: str
    creates: bool = True
    may_background: bool = False
    ctx: str = ""
    status: str = "new"
    status_rule: str = "default"
    cluster: int = -1
    prefix_article: bool = False
    suffix: str = ""
    notes: list[str] = field(default_factory=list)
    frame_date: Any = None

    @property
    def span(self) -> tuple[int, int]:
        """Normalised (start, end) of the trigger."""
        return self.nstart, self.nend


def cancelling_context(v: View, m: Match[Any] | Mention, unit: int, skip: tuple[str, ...] = ()) -> tuple[str, str]:
    """The context that limits trigger ``m`` in ``unit``: (name, cue) or ("", "").

    Hard contexts (``HARD``) cancel the mention; ``reference`` and ``general`` keep it as a
    non-creating mention (a reference may still name an earlier incident). A cue inside a named
    group's span (doc.groups, not generic) is part of a name, not a context. Negation is ignored when a responsibility word lies between cue and trigger
    (a group denying responsibility does not deny the attack).
    """
    p = v.res.params
    span = (m.nstart, m.nend)
    if "question" not in skip and "?" in v.text(unit):
        return "question", "?"
    found: list[tuple[int, str, str]] = []
    norm = v.doc.norm
    in_name = _cues_in_names(v, unit)
    for c in v.in_unit("ctx", unit, longest=False):
        name, side = c.value
        if name in skip:
            continue
        cspan = (c.nstart, c.nend)
        if cspan[0] < span[1] and span[0] < cspan[1]:
            continue  # the cue is the trigger itself
        if (c.nstart, c.nend) in in_name:
            continue  # a word of a group's name («هيئة تحرير الشام», «حركة أمل») is no context
        g = v.gap(cspan, span)
        if side == "near":
            ok = g <= (p["ctx_before"] - 1 if c.nend <= span[0] else 2)
        elif side == "before":
            limit = p["attach_before"] if name in ("reference", "general") else p["ctx_before"]
            if name == "court":
                limit = p["court_before"]
            if name == "question":
                ok = c.nend <= span[0] and v.ti(c.nstart) == v.ti(v.units[unit][0])
            else:
                ok = c.nend <= span[0] and g <= limit
            if ok and name == "negation" and any(w in norm[c.nend:span[0]] for w in v.res.responsibility):
                ok = False
            if ok and name == "hypothetical" and c.key in v.res.affirmative:
                nxt = norm[c.nend:].split(maxsplit=1)
                is_verb_trigger = getattr(m, "value", ("", ""))[1] == "verb"
                imperfect = bool(nxt) and nxt[0].startswith(v.res.imperfect) and nxt[0] not in v.res.past_t
                ci = v.ti(c.nstart)
                before = {norm[v.tok[j]:v.tok[j + 1]].strip(" ,") for j in range(max(0, ci - 4), ci)}
                if is_verb_trigger or not imperfect or before & v.res.pluperfect:
                    ok = False  # affirmative particle before a past verb, or كان … قد (morphology.yaml)
            if ok and name != "court" and "," in norm[c.nend:span[0]]:
                ok = False  # modality does not reach across a clause boundary
        else:
            ok = c.nstart >= span[1] and g <= p["ctx_after"]
        if ok:
            found.append((HARD.index(name) if name in HARD else 99, name, c.key))
    if not found:
        return "", ""
    found.sort()
    return found[0][1], found[0][2]


def _cues_in_names(v: View, unit: int) -> set[tuple[int, int]]:
    """Spans of the context cues (``ctx``, all hits) of ``unit`` that lie inside a named group's
    span (doc.groups, not generic), computed once per unit (``v.memo["ctx_in_names"]``)."""
    memo = v.memo.get("ctx_in_names")
    if memo is None:
        memo = v.memo["ctx_in_names"] = {}
    found = memo.get(unit)
    if found is None:
        names = [(v.nidx(g.start), v.nidx(g.end)) for g in v.spans_in_unit(v.doc.groups, unit) if not g.generic]
        found = memo[unit] = {(c.nstart, c.nend) for c in v.in_unit("ctx", unit, longest=False)
                              if any(a <= c.nstart and c.nend <= b for a, b in names)} if names else set()
    return found


def supported(v: View, t: Match[Any] | Mention, unit: int) -> str:
    """Why a nominal trigger may open an event ('' when it may not).

    Support: an occurrence/outcome predicate or a casualty word within ``support_window``
    tokens, or an indefinite noun framed as "in an attack" (في هجوم).
    """
    tspan = (t.nstart, t.nend)
    w = v.res.params["support_window"]
    others = [(o.nstart, o.nend) for o in v.in_unit("triggers", unit)
              if (o.nstart, o.nend) != tspan and o.value[1] != "weak"]
    for name in ("support", "killed", "wounded"):
        for s in v.in_unit(name, unit, longest=False):
            sspan = (s.nstart, s.nend)
            if any(o[0] < sspan[1] and sspan[0] < o[1] for o in others):
                continue  # the predicate is itself another trigger's word
            if any(v.gap(o, sspan) < v.gap(tspan, sspan) for o in others):
                continue  # the predicate belongs to a nearer trigger
            if s.prefix.endswith((v.res.article, v.res.lam_article)):
                continue  # a definite verbal noun (the killing) is abstract, not a reported outcome
                # (an entry spelt with ال, الحصيلة، ألقى، ألحق, is a listed predicate and counts)
            if (s.nend <= t.nstart or s.nstart >= t.nend) and v.gap(sspan, tspan) <= w:
                return f"{'support' if name == 'support' else 'casualty'} «{s.key}»"
    for d in v.spans_in_unit(v.doc.dates, unit):
        ds = (v.nidx(d.start), v.nidx(d.end))
        if d.precision == "day" and not d.relative and v.gap(ds, tspan) <= 2 and "," not in v.doc.norm[
                min(ds[1], tspan[1]):max(ds[0], tspan[0])]:
            return "a calendar date of its own"  # "13 يونيو 2007: اغتيال النائب …" (a timeline entry)
    for s in v.in_unit("subjects", unit):
        if s.nstart >= t.nend and v.gap(tspan, (s.nstart, s.nend)) <= 1:
            return f"verb-subject «{s.key}»"
    for h in v.in_unit("perp", unit):
        if h.nend <= t.nstart and v.gap((h.nstart, h.nend), tspan) == 0 and "," not in v.doc.norm[h.nend:t.nstart]:
            return f"attacker subject «{h.key}»"  # مسلحين فجروا …، انتحاري فجر …
    for g in v.spans_in_unit(v.doc.groups, unit):
        gs = (v.nidx(g.start), v.nidx(g.end))
        if not g.generic and gs[0] >= t.nend and v.gap(tspan, gs) == 0:
            return "verb-subject (a named group)"  # خطفت الحركة …
    for n in v.spans_in_unit(v.doc.numbers, unit):
        ns = (v.nidx(n.start), v.nidx(n.end))
        # one word between (a subject: «طعن رجل ثلاثة أشخاص») only after a bare indefinite singular
        # noun that can be read as a verb; not «تراجعت الهجمات بالسيارات المفخخة بنسبة 36%»
        between = 0 if isinstance(t, Mention) or definite(v, t) or t.value[1] != "noun" else 1
        if ns[0] >= t.nend and v.gap(tspan, ns) <= between and "," not in v.doc.norm[t.nend:ns[0]]:
            return "verb-object count"  # خطفت 23 …، بخطف تسعة جنود
    if isinstance(t, Mention):
        return ""
    if not definite(v, t):
        ti = v.ti(t.nstart)
        if ti > 0:
            a = v.tok[ti - 1]
            prev = v.doc.norm[a:t.nstart].strip()
            if prev in v.res.frames:
                return f"frame «{prev} …»"
    return ""


def anchor(v: View, unit: int) -> str:
    """What makes unit ``unit`` a specific report ('' when nothing): a date or time word, a place, a number.

    Event reports say when, where or how many; rhetoric, analysis and generic talk mostly do not.
    """
    if v.spans_in_unit(v.doc.dates, unit) or recent_words(v, unit):
        return "time"
    if any(not p.adjective for p in v.spans_in_unit(v.trusted, unit)):
        return "place"
    if v.spans_in_unit(v.doc.numbers, unit):
        return "number"
    return ""


def is_lead(v: View, unit: int) -> bool:
    """Whether ``unit`` is the lead of a multi-sentence article (its first non-dateline unit)."""
    body = [i for i, u in enumerate(v.units) if not u[2]]
    return len(body) > 1 and body[0] == unit


def _discontinuous(v: View, unit: int, found: list[Match[Any]]) -> list[Match[Any]]:
    """Verb … object triggers with a subject between them (VSO), as Matches spanning both parts."""
    out: list[Match[Any]] = []
    w = v.res.params["discontinuous_window"]
    tails = v.in_unit("dtail", unit, longest=False)
    for h in v.in_unit("dhead", unit, longest=False):
        atype, tail = h.value
        if any(f.nstart <= h.nstart < f.nend for f in found):
            continue  # already read as a contiguous trigger
        for t in tails:
            if (t.value == tail and t.nstart >= h.nend and v.gap((h.nstart, h.nend), (t.nstart, t.nend)) <= w
                    and "," not in v.doc.norm[h.nend:t.nstart]):  # verb and object share a clause
                out.append(h._replace(end=t.end, nend=t.nend, word_end=t.word_end, value=(atype, "verb"),
                                   key=f"{h.key} … {t.key}"))
                break
    return out


def _agentive(v: View, unit: int, found: list[Match[Any]]) -> list[Match[Any]]:
    """Verb-subject triggers: a violent verb with an attacker noun right after it (triggers.yaml
    ``agentive_verbs``/``agentive_subjects``: «قتل مسلحون عائلة …», «دمر مسلحون أبراجا …»), as
    Matches spanning verb and subject, value (attack type, "verb").

    Unvocalised, the verb is also its own passive («قتل مسلحون في غارة» = gunmen were killed):
    the subject (after a named group it heads, «مسلحو تنظيم داعش») must be followed by an object,
    not by a stop word (``agentive_stops``: preposition, time word, second casualty verb) nor
    the end of the clause.
    """
    heads = v.in_unit("agentive", unit)
    if not heads:
        return []
    subs = sorted(v.in_unit("agentive_subject", unit), key=lambda s: s.nstart)
    norm = v.doc.norm
    end = v.units[unit][1]
    out: list[Match[Any]] = []
    for h in heads:
        if any(f.nstart < h.nend and h.nstart < f.nend and f.value[1] in ("verb", "weak") for f in found):
            continue  # already read as a listed verb
        cur, last = (h.nstart, h.nend), None
        for s in subs:
            if s.nstart >= cur[1] and v.gap(cur, (s.nstart, s.nend)) == 0 and "," not in norm[cur[1]:s.nstart]:
                cur, last = (s.nstart, s.nend), s
        if last is None:
            continue
        nxt = v.ti(cur[1] - 1) + 1
        for g in v.spans_in_unit(v.doc.groups, unit):
            if nxt < len(v.tok) and v.nidx(g.start) <= v.tok[nxt] < v.nidx(g.end):
                nxt = v.ti(v.nidx(g.end) - 1) + 1  # «مسلحو حركة الشباب …»: the group is part of the subject
        if nxt >= len(v.tok) or v.tok[nxt] >= end or "," in norm[cur[1]:v.tok[nxt]] or "." in norm[cur[1]:v.tok[nxt]]:
            continue  # the clause ends after the subject: a passive report
        if v.hit_on("agentive_stop", unit, v.tok[nxt]) is not None or v.hit_on("recent", unit, v.tok[nxt]) is not None:
            continue
        out.append(h._replace(end=last.end, nend=last.nend, word_end=last.word_end, value=(h.value, "verb"),
                              key=f"{h.key} {last.key}"))
    return out


def attack_mentions(v: View, unit: int, has_op: bool) -> list[Mention]:
    """Attack (or foiled-plot) mentions of ``unit``: one per trigger, with context and support.

    ``has_op``: the unit reports a security operation; then only specific attack verbs open
    an attack of their own.
    """
    out: list[Mention] = []
    foiled = v.in_unit("foiled", unit)
    found = v.in_unit("triggers", unit)
    found = found + _discontinuous(v, unit, found)
    agentive = _agentive(v, unit, found)
    # the verb reading replaces a nominal entry of the same word («خطف مسلحون» is not the noun خطف)
    found = [f for f in found if not any(a.nstart < f.nend and f.nstart < a.nend for a in agentive)]
    found = sorted(found + agentive, key=lambda m: m.nstart)
    # a plan cue alone (كان ينوي تنفيذ …) names an intention; it is a foiled plot only when the
    # sentence also says it was stopped: a foiling verb, an arrest/operation, a security agent
    # or the investigation (kinds.yaml ``foiled.plan``; spec: foiled_plot = a plan stopped)
    if foiled and all(f.value == "plan" for f in foiled) and not any(
            v.in_unit(n, unit) for n in ("oparrest", "opkill", "operation", "agent")) and not any(
            c.value[0] == "court" for c in v.in_unit("ctx", unit, longest=False)):
        for t in found:
            out.append(Mention("attack", unit, t.nstart, t.nend, t.key, t.value[0], t.value[1],
                               creates=False, ctx=f"cancelled:future «{foiled[0].key}» (a plan, not stopped)"))
        return out
    for t in found:
        atype, level = t.value
        aux = auxiliary(v, t, unit) if level not in ("verb", "weak") else ""
        if aux and cancelling_context(v, t, unit)[0] in ("reference", "general"):
            aux = ""  # «كل من قام باعتداء», «عما قامت به من اعتداء»: generic, not one act
        if aux:
            level = "verb"  # «قام مسلحون بخطف …»: the verbal noun reports the act
        if foiled:
            name, cue = cancelling_context(v, t, unit, skip=("future", "court", "reference", "general"))
            if name in ("negation", "question", "hypothetical", "metaphor", "non_terror", "titles"):
                continue
            out.append(Mention("foiled_plot", unit, t.nstart, t.nend, t.key, atype, level,
                               notes=[f"foiled cue «{foiled[0].key}»"]))
            continue
        name, cue = cancelling_context(v, t, unit)
        if not name and verbal_criticism(v, t, unit):
            name, cue = "metaphor", "speaker as subject (criticism)"
        if name in HARD:
            out.append(Mention("attack", unit, t.nstart, t.nend, t.key, atype, level,
                               creates=False, ctx=f"cancelled:{name} «{cue}»"))
            continue
        if level != "verb" and state_genitive(v, t, unit):
            out.append(Mention("attack", unit, t.nstart, t.nend, t.key, atype, level,
                               creates=False, ctx="cancelled:state actor (a country in the genitive)"))
            continue
        mm = Mention("attack", unit, t.nstart, t.nend, t.key, atype, level,
                     prefix_article=definite(v, t), suffix=t.suffix)
        if aux:
            mm.notes.append(f"auxiliary «{aux}» (a verbal noun reporting the act)")
        if name == "reference" and level != "verb" and reports_outcome(v, t, unit):
            mm.notes.append(f"reference «{cue}» with its own casualty figure (a report)")
        elif name == "reference" and level != "verb":
            mm.creates, mm.ctx = False, f"reference «{cue}»"
            mm.may_background = True
        elif name == "general" and level != "verb":
            mm.creates, mm.ctx = False, f"general «{cue}»"
        elif level in ("verb", "weak") and counted_since(v, t, unit):
            mm.creates, mm.ctx = False, "general: counted since a point in time (a running total)"
        elif opening_when(v, t, unit):
            mm.creates, mm.ctx = False, "temporal clause opening the sentence (an earlier incident)"
            mm.may_background = True
        elif relative_reference(v, t, unit) and (not is_lead(v, unit) or appositive(v, t, unit)):
            mm.creates, mm.ctx = False, "definite noun with a relative clause (known event)"
            mm.may_background = True
        elif level != "verb":
            why = supported(v, t, unit)
            if not why:
                mm.creates, mm.ctx = False, "unsupported noun"
                mm.may_background = level != "weak"
            elif level in ("plural", "abstract") and anchor(v, unit) not in ("time", "number"):
                mm.creates, mm.ctx = False, "plural without figures (general mention)"
            else:
                mm.notes.append(why)
        if has_op and mm.creates and (level != "verb" or atype == "unknown"):
            mm.creates, mm.ctx = False, "inside a security operation"
        out.append(mm)
    return out


def toll_mention(v: View, unit: int) -> Mention | None:
    """A sentence with a casualty figure or an attacker word but no trigger ("بلغت الحصيلة 39
    قتيلاً", "ولا تشمل الحصيلة منفذ الهجوم"): it adds facts to the incident just reported."""
    if not v.spans_in_unit(v.doc.numbers, unit) and not v.in_unit("perp", unit):
        return None
    for name in ("killed", "wounded", "perp_dead", "perp"):
        hits = v.in_unit(name, unit)
        if hits:
            h = hits[0]
            return Mention("attack", unit, h.nstart, h.nend, h.key, None, "toll", creates=False,
                           ctx="casualty figures without a trigger")
    return None


def claim_mention(v: View, unit: int) -> Mention | None:
    """A sentence with a claim, attribution or denial cue and a named group but no trigger
    ("وأعلن تنظيم «ولاية سيناء» مسؤوليته في بيان"): it adds the perpetrator to the incident
    just reported (GTD ``claimed``/``gname`` come from such sentences, often paragraphs later)."""
    cues = [h for h in v.in_unit("claim", unit) if h.value in ("claim", "attribution", "denial", "no_claim")]
    if not cues:
        return None
    if not any(not g.generic and g.canonical for g in v.spans_in_unit(v.doc.groups, unit)) and not any(
            h.value == "no_claim" for h in cues):
        return None
    h = cues[0]
    return Mention("attack", unit, h.nstart, h.nend, h.key, None, "claim", creates=False,
                   ctx="claim or attribution without a trigger")
