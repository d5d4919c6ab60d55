"""Extract stage: an annotated Doc in; GTD-coded events with per-field evidence out.

detect (triggers + cancelling contexts) and kinds → status (new/background) → merge (one
event per incident per article) → fields (date, place, perpetrators, claims, counts, types)
→ explain (confidence, explanation lines).
"""

from __future__ import annotations

from dataclasses import replace

from marsad.extract.detect import Mention, anchor, is_lead, recent_words
from marsad.extract.explain import build_events
from marsad.extract.fields import code_fields
from marsad.extract.kinds import find_mentions
from marsad.extract.lexicon import ExtractResources, load_extract_resources
from marsad.extract.merge import merge
from marsad.extract.status import assign_status, mention_date
from marsad.extract.view import View
from marsad.model import Doc

__all__ = ["ExtractResources", "extract", "load_extract_resources"]


def _timed(v: View, m: Mention) -> bool:
    """A recent time word or date within a few tokens after the trigger (… استهدفت صباح أمس)."""
    if m.level not in ("noun", "plural", "abstract") or not m.ctx.startswith(("reference", "definite")):
        return False
    if not is_lead(v, m.unit):
        return False  # only the lead of an article reports its news through a reference
    spans = [(h.nstart, h.nend) for h in recent_words(v, m.unit)]
    return any(s[0] >= m.nend and v.gap(m.span, s) <= 3 for s in spans)


def _stopped_by_force(v: View, m: Mention) -> bool:
    """A foiled plot whose sentence names the force that stopped it («تمكنت الأجهزة الأمنية من
    إحباط هجوم انتحاري …»; kinds.yaml ``agent``): a report even without a time, place or figure."""
    return m.kind == "foiled_plot" and bool(v.in_unit("agent", m.unit))


def _own_date(v: View, m: Mention) -> bool:
    """Whether the date that made ``m`` background belongs to it: after the trigger ("تفجير
    الكنيسة في ديسمبر الماضي") or right before it in the same clause ("شهدت في يناير 2018
    تفجيرا"), not a frame of another clause ("منذ … عام 2012، ما جعل الهجوم صادما")."""
    d = mention_date(v, m)
    if d is None:
        return True
    ds = (v.nidx(d.start), v.nidx(d.end))
    if ds[0] >= m.nend:
        return True
    return v.gap(ds, m.span) <= 2 and "," not in v.doc.norm[ds[1]:m.nstart]


def extract(doc: Doc, res: ExtractResources) -> Doc:
    """Detect and code the events of ``doc`` (norm, sentences, numbers, dates, places, groups used).

    Returns:
        ``doc`` with ``events``: one Event per incident the article reports, each with
        evidence offsets, FieldEvidence per set field, confidence and explanation lines.

    Example:
        >>> doc = process(Article(id="x", text="قتل 5 أشخاص في انفجار عبوة ناسفة في بغداد أمس"), res)
        >>> doc.events[0].kind, doc.events[0].attack_types
        ('attack', ('bombing_explosion',))
    """
    if not doc.norm:
        return doc
    v = View.build(doc, res)
    mentions = find_mentions(v)
    assign_status(v, mentions)
    for m in mentions:
        if (m.creates and m.status == "new" and m.level != "verb" and m.kind != "measure" and not anchor(v, m.unit)
                and not _stopped_by_force(v, m)):
            m.creates = False
            m.ctx = (m.ctx + "; " if m.ctx else "") + "no time, place or number (not a specific report)"
        if (not m.creates and m.may_background and m.status == "background"
                and (m.level not in ("plural", "abstract") or m.status_rule.startswith(("frame", "date")))
                and (not m.status_rule.startswith("date") or _own_date(v, m))):
            m.creates = True
            m.notes.append("earlier incident named in passing")
        elif (not m.creates and m.may_background and m.status == "new" and m.kind == "attack"
              and _timed(v, m)):
            m.creates = True
            m.notes.append("reference with its own recent time (the report itself)")
    clusters = merge(v, mentions)
    clusters = [c for c in clusters if any(m.creates for m in c.mentions)]
    coded = code_fields(v, clusters)
    ignored = [m for m in mentions if m.ctx.startswith("cancelled")]
    return replace(doc, events=build_events(v, clusters, coded, ignored))
