"""Extract stage, kinds: a doc view in; mentions of every kind (attack, foiled plot, security operation, measure) out.

Kind cues come from ``resources/ar/kinds.yaml`` (spec kinds: foiled_plot = a planned attack
stopped; security_operation = raid, arrest, strike or trial against an armed group; measure =
a counter-terrorism policy step).
"""

from __future__ import annotations

from typing import Any

from marsad.extract.detect import (
    HARD,
    Mention,
    attack_mentions,
    cancelling_context,
    claim_mention,
    recent_words,
    supported,
    toll_mention,
)
from marsad.extract.view import View

__all__ = ["find_mentions", "measure_mentions", "op_mention", "op_subkind"]


def op_mention(v: View, unit: int) -> Mention | None:
    """The security-operation mention of ``unit`` (at most one), or None.

    Needs an operation cue (a verb, or a noun with support) and a security-force agent or a
    militant target; a kill/arrest verb counts when a force is next to it and militants follow;
    an arrest counts whatever its object when the sentence links the person to the attack or its
    investigation (kinds.yaml ``operation.arrest``), or when a force is next to it and the
    sentence names militants or a terrorism/security context word (``measure.context``); a verbal noun
    (``arrest_noun``) with a link needs a recent time word as well.
    """
    ops = v.in_unit("operation", unit)
    agents = _acting_agents(v, unit, v.in_unit("agent", unit))
    targets = _militant_targets(v, v.in_unit("optarget", unit), agents)
    norm = v.doc.norm
    # an agent word in a speaker's title is dropped from the agents above; a clause boundary
    # between force and kill verb («… و6 من عناصر قوات الأمن، فيما قُتل خمسة من المهاجمين»)
    # makes the force a victim listed before, not the subject of the killing
    skip = ("court", "reference", "general") + (("metaphor",) if agents else ())
    if agents:
        attacked = _attacked_forces(v, unit, agents)
        for k in v.in_unit("opkill", unit):
            ks = (k.nstart, k.nend)
            near_agent = any(v.gap(ks, (a.nstart, a.nend)) <= 3 and a not in attacked
                             and "," not in norm[min(a.nend, k.nend):max(a.nstart, k.nstart)] for a in agents)
            if near_agent and any(t.nstart >= k.nend and v.gap(ks, (t.nstart, t.nend)) <= 5 for t in targets):
                name, _ = cancelling_context(v, k, unit, skip=skip)
                if name not in HARD:
                    return _op(v, unit, k, "forces kill/arrest militants")
    linked = bool(v.in_unit("arrest_link", unit))
    # an arrest in the very sentence that reports an attack is its outcome (attacker caught alive),
    # unless the sentence ties the arrested to the attack («واعتُقل 11 مشتبهاً بهم على صلة بالعملية»)
    attack_verb = not linked and any(t.value[1] == "verb" for t in v.in_unit("triggers", unit))
    announces = v.in_unit("op_announce", unit)
    for k in ([] if attack_verb else v.in_unit("oparrest", unit)):
        ks = (k.nstart, k.nend)
        by_agent = any(v.gap(ks, (a.nstart, a.nend)) <= 3 for a in agents)
        # a verbal noun linked to the investigation reports an arrest when the sentence says when
        # (أعلنت … أمس اعتقال …); without a recent time word it names one in passing
        # an arrest by a force with nothing tying it to armed groups or terrorism (strikers,
        # a journalist, rioters) is no counter-terrorism operation (spec: security_operation)
        tied = bool(targets or linked or v.in_unit("measure_ctx", unit))
        # «أعلنت الوزارة … توقيف المواطن»: the noun as an announcement's object reports the arrest
        announcer = next((a for a in announces if k.value == "noun" and a.nend <= k.nstart
                          and v.gap((a.nstart, a.nend), ks) <= 8 and "," not in norm[a.nend:k.nstart]), None)
        announced = announcer is not None
        if (by_agent and tied) or (linked and (k.value != "noun" or announced or recent_words(v, unit))):
            name, _ = cancelling_context(v, k, unit, skip=skip)
            if name not in HARD:
                # a finite arrest verb, or the noun as an announcement's object, reports the act
                # (an announced arrest is dated and placed from the announcement on: the clause after
                # the noun describes the arrested person, «توقيف امرأة سورية … التي انفجرت مساء أمس»)
                m = _op(v, unit, k, "arrest by a security agent or in the investigation",
                        "verb" if k.value != "noun" or announced else "cue")
                if announcer is not None:
                    m.nstart, m.nend = announcer.nstart, k.nend
                    between = [d for d in v.spans_in_unit(v.doc.dates, unit)
                               if d.iso and announcer.nstart <= v.nidx(d.start) < k.nstart]
                    if between:
                        m.frame_date = between[-1]  # the announcement's day dates the arrest
                return m
    court = _court_appearance(v, unit)
    if court is not None:
        return court
    if not ops:
        return None
    if not (agents or targets or v.in_unit("oparmed", unit)):
        return None
    for o in ops:
        name, cue = cancelling_context(v, o, unit, skip=skip)
        if name in HARD:
            continue
        if o.value == "noun" and not supported(v, o, unit):
            continue
        if not targets and _against_state(v, o, unit):
            continue
        return _op(v, unit, o, "operation cue")
    return None


def _op(v: View, unit: int, cue: Any, why: str, level: str = "cue") -> Mention:
    """The security-operation Mention of cue ``cue`` (``level`` "verb" for a reported arrest).

    The span runs on to the last operation cue of the same clause («مقتل زعيم التنظيم … في
    عملية نفذتها قوات خاصة … في قرية باريشا»), so the place and date of the operation's
    description are the nearest to it.
    """
    end = cue.nend
    norm = v.doc.norm
    for o in v.in_unit("operation", unit):
        if o.nstart >= end and "," not in norm[end:o.nstart] and "." not in norm[end:o.nstart]:
            end = o.nend
    return Mention("security_operation", unit, cue.nstart, end, cue.key, None, level, notes=[f"{why} «{cue.key}»"])


def op_subkind(v: View, m: Mention) -> str | None:
    """The sub-kind of security-operation mention ``m``: ``"siege_end"`` when its sentence ends an
    attack in progress (kinds.yaml ``operation.siege_end``: «أنهت القوات الحصار», «استعادة
    السيطرة»), ``"arrest"`` when its cue is an arrest (``operation.arrest``/``arrest_noun``), else
    None. marsad.extract.merge keeps an arrest and the end of a siege apart (spec: the forces'
    operation and the arrests of the investigation are separate security_operation events).
    """
    if v.in_unit("op_siege_end", m.unit):
        return "siege_end"
    if any(a.nstart < m.nend and m.nstart < a.nend for a in v.in_unit("oparrest", m.unit)):
        return "arrest"
    return None


def _acting_agents(v: View, unit: int, agents: list[Any]) -> list[Any]:
    """Security-force words of ``unit`` less those in a speaker's title right before them
    («المتحدث باسم القوات المسلحة»; contexts.yaml ``speakers``): the spokesman reports, the
    force named in his title did nothing in the sentence."""
    speakers = v.in_unit("speaker", unit)
    norm = v.doc.norm
    return [a for a in agents if not any(
        s.nend <= a.nstart and v.gap((s.nstart, s.nend), (a.nstart, a.nend)) == 0 and "," not in norm[s.nend:a.nstart]
        for s in speakers)]


def _court_appearance(v: View, unit: int) -> Mention | None:
    """A court appearance: a head verb (kinds.yaml ``operation.court_head``, «مثل») followed within
    8 tokens of the same clause by «أمام» and a court or judge (``court_tail``): «مثل الأسترالي … صباح اليوم أمام محكمة»
    is a trial step (spec: security_operation includes trials). The bare verb is also the
    preposition «مثل» (like), hence the court in the tail."""
    hits = v.in_unit("op_court", unit)
    norm = v.doc.norm
    for h in hits:
        if h.value != "head":
            continue
        for t in hits:
            if (t.value == "tail" and t.nstart >= h.nend and v.gap((h.nstart, h.nend), (t.nstart, t.nend)) <= 8
                    and "," not in norm[h.nend:t.nstart]):
                name, _ = cancelling_context(v, h, unit, skip=("court", "reference", "general"))
                if name in HARD:
                    return None
                return Mention("security_operation", unit, h.nstart, t.nend, f"{h.key} … {t.key}", None, "cue",
                               notes=[f"court appearance «{h.key} … {t.key}»"])
    return None


def _militant_targets(v: View, targets: list[Any], agents: list[Any]) -> list[Any]:
    """Target words that name militants: not a member noun heading a security force
    («عناصر الشرطة», «سبعة من عناصر الجيش», «عناصر من الجيش»: a force word at most one token
    after it, same clause). Police or soldiers killed are an attack's victims, not the object of an
    operation (spec: security_operation is action against an armed group)."""
    norm = v.doc.norm
    out = []
    for t in targets:
        if any(a.nstart >= t.nend and v.gap((t.nstart, t.nend), (a.nstart, a.nend)) <= 1
               and "," not in norm[t.nend:a.nstart] for a in agents):
            continue
        out.append(t)
    return out


def _attacked_forces(v: View, unit: int, agents: list[Any]) -> list[Any]:
    """Security-force words of ``unit`` that are the object of an attack verb before them.

    «هاجم مسلحون حاجزا للشرطة … وقتلوا ثلاثة من عناصره»: the police word is what the militants
    attacked, so a following kill verb is the attackers' deed (an attack on police), not a
    security operation. A force word right after the verb (gap 0) is its subject
    («هاجمت قوات الأمن مخبأ …») and stays an agent; an object sits 1..6 tokens after the verb.
    """
    verbs = [t for t in v.in_unit("triggers", unit) if t.value[1] == "verb"]
    out = []
    for a in agents:
        span = (a.nstart, a.nend)
        if any(t.nend <= a.nstart and 0 < v.gap((t.nstart, t.nend), span) <= 6 for t in verbs):
            out.append(a)
    return out


def _against_state(v: View, o: Any, unit: int) -> bool:
    """True when, within 7 tokens after operation cue ``o``, a country (not an adjective)
    directly follows an object preposition (kinds.yaml ``operation.state_object_preps``; after a
    territory word «الأراضي» the country adjective counts too: «داخل الأراضي السورية»), or
    a country is named within the 4 tokens before the cue (the state as subject).

    A strike by one state on another («شنت ضربات جوية ضد سورية») is no security operation:
    marsad's security_operation is action against an armed group (spec, event kinds; GTD
    codebook 2021 excludes state-on-state warfare). Callers apply it only when no militant
    target is named in the sentence.
    """
    ti = v.ti(o.nend - 1)
    end = v.tok[ti + 7] if ti + 7 < len(v.tok) else len(v.doc.norm)
    lo, hi = v.raw(o.nend), v.raw(end)
    # a state as the subject just before the cue («قبل أن تدمر إسرائيل الموقع في ضربة جوية»)
    first = v.tok[max(0, v.ti(o.nstart) - 4)]
    if any(v.raw(first) <= p.start < v.raw(o.nstart) and p.precision == "country" and not p.adjective
           for p in v.trusted):
        return True
    preps = [(p.nstart, p.nend, "اراضي" in p.key) for p in v.in_unit("state_prep", unit) if p.nstart >= o.nend]
    for p in v.trusted:
        if lo <= p.start < hi and p.precision == "country":
            ps = v.nidx(p.start)
            # a territory word takes the adjective (داخل الأراضي السورية = inside Syria)
            if any(v.gap(q[:2], (ps, ps + 1)) == 0 and q[1] <= ps and (q[2] or not p.adjective) for q in preps):
                return True
    return False


def measure_mentions(v: View, unit: int) -> list[Mention]:
    """Measure mentions of ``unit``: one per cue.

    A weak cue needs a security context word in its own clause (``measure.context``; «قبل ساعات
    من بدء إغلاق عام … لمواجهة جائحة كورونا» is no counter-terrorism step though the sentence
    names the attack). A cue right after a circumstance frame (``measure.frames``: «وسط إجراءات
    أمنية مشددة», «في ظل حالة الطوارئ المعلنة») is the setting of another report, not a step.
    """
    out: list[Mention] = []
    ctxs = v.in_unit("measure_ctx", unit)
    frames = v.in_unit("measure_frame", unit)
    norm = v.doc.norm
    last: tuple[int, int] | None = None
    for c in v.in_unit("measure", unit):
        cs = (c.nstart, c.nend)
        if c.value == "weak" and not any(
                "," not in norm[min(x.nend, c.nend):max(x.nstart, c.nstart)] for x in ctxs):
            continue
        if any(f.nend <= c.nstart and v.gap((f.nstart, f.nend), cs) == 0 for f in frames):
            continue
        name, _ = cancelling_context(v, c, unit, skip=("future", "court", "reference", "general", "metaphor"))
        if name in HARD:
            continue
        if last is not None and v.gap(last, (c.nstart, c.nend)) <= 8 and "," not in v.doc.norm[last[1]:c.nstart]:
            continue
        last = (c.nstart, c.nend)
        out.append(Mention("measure", unit, c.nstart, c.nend, c.key, None, "cue",
                           notes=[f"measure cue «{c.key}» ({c.value})"]))
    return out


def find_mentions(v: View) -> list[Mention]:
    """All mentions in text order: attack/foiled triggers, operations, measures.

    Each unit yields at most one security-operation mention; attack triggers inside an
    operation sentence only open an attack when they are specific verbs. Datelines and
    comments on a published item («تعقيبا على خبر … المنشور بتاريخ …») yield none.
    """
    out: list[Mention] = []
    for i, (_, _, dateline) in enumerate(v.units):
        if dateline or v.in_unit("commentary", i):
            continue  # a comment on a published item (contexts.yaml ``commentary``) reports nothing
        op = op_mention(v, i)
        atk = attack_mentions(v, i, op is not None)
        foiled = [m for m in atk if m.kind == "foiled_plot"]
        strong = [f for f in v.in_unit("foiled", i) if f.value == "plot"]
        if not foiled and strong:
            f = strong[0]
            foiled = [Mention("foiled_plot", i, f.nstart, f.nend, f.key, "unknown", "cue",
                              notes=[f"foiled cue «{f.key}» with an operation"])]
            atk.extend(foiled)
        out.extend(atk)
        if not atk and op is None:
            extra = toll_mention(v, i) or claim_mention(v, i)
            if extra is not None:
                out.append(extra)
        if op is not None and not foiled:
            out.append(op)
        out.extend(measure_mentions(v, i))
    out.sort(key=lambda m: (m.unit, m.nstart))
    return out
