"""Gazetteer stage, actors: a Doc and the loaded tables in; armed-group mentions, generic actor words and other entities out.

Groups match clitic-tolerant and most-specific-first (longest match: "داعش خراسان" is the
Khorasan Province, not Islamic State). A name shared by several groups (أنصار الشريعة) is decided
by the countries the article names. The anaphor "التنظيم" resolves to the most recent named
group, else is left out. States are never perpetrators (event-format.md): state bodies are
entities with label "state".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from marsad.gazetteer.data import Hits, Tables
from marsad.model import Doc, EntityMention, GroupMention
from marsad.text.matcher import Match, longest_only

__all__ = ["find_entities", "find_groups", "resolve_groups"]

_QUOTED = re.compile(r"[«\"]([^»\"\n]{2,40})[»\"]")


def _latin_ok(m: Match[object], text: str, acronyms: frozenset[str]) -> bool:
    """Latin names must carry a capital in the raw text; acronyms (ISIS, AP) must be all caps."""
    raw = text[m.start:m.end]
    if not raw[:1].isascii() or not raw[:1].isalpha():
        return True
    if raw == raw.lower():  # "al-Shabaab" and "the Taliban" keep a capital somewhere; "daesh" does not
        return False
    return raw.lower() not in acronyms or raw == raw.upper()


def _hits(doc: Doc, t: Tables, hits: Hits | None) -> Hits:
    """The doc's lexicon matches: ``hits`` when the caller has them, else one ``find_all`` pass now."""
    return hits if hits is not None else t.lexicon_matchers.find_all(doc.norm, doc.norm_map)


def find_entities(doc: Doc, t: Tables, dateline: tuple[int, int] | None, hits: Hits | None = None) -> list[EntityMention]:
    """Outlets, organisations, titles, research centres and state bodies named in ``doc``.

    A quoted name after the dateline dash ("العريش - «بوابة المشرق»:") is an outlet.
    ``hits``: ``t.lexicon_matchers.find_all`` of the doc when the caller has it.
    """
    out = [
        EntityMention(m.start, m.end, m.value[0], m.value[1])
        for m in longest_only(_hits(doc, t, hits)["entity"], ordered=True)
        if _latin_ok(m, doc.text, t.acronyms)
    ]
    if dateline:
        s, e = dateline
        dash = max(doc.text.rfind(" - ", s, e), doc.text.rfind(" – ", s, e))
        if dash >= 0:
            for q in _QUOTED.finditer(doc.text, dash, e):
                out.append(EntityMention(q.start(1), q.end(1), "outlet", q.group(1)))
    return sorted(out, key=lambda x: (x.start, x.end))


def find_groups(doc: Doc, t: Tables, hits: Hits | None = None) -> list[tuple[Match[str], list[str]]]:
    """Named-group matches, each with the canonical names its text can mean (longest match first).

    ``hits``: ``t.lexicon_matchers.find_all`` of the doc when the caller has it.
    """
    spans: dict[tuple[int, int], tuple[Match[str], list[str]]] = {}
    for m in longest_only(_hits(doc, t, hits)["group"], ordered=True):
        if not _latin_ok(m, doc.text, t.acronyms):
            continue
        entry = spans.setdefault((m.nstart, m.nend), (m, []))
        if m.value not in entry[1]:
            entry[1].append(m.value)
    return [spans[k] for k in sorted(spans)]


def resolve_groups(doc: Doc, t: Tables, named: Sequence[tuple[Match[str], list[str]]],
                   countries: Iterable[str], hits: Hits | None = None) -> list[GroupMention]:
    """GroupMentions: named groups (ambiguous names decided by the article's countries),
    generic actor words (generic=True, canonical "unknown") and resolved "التنظيم" anaphors.

    ``hits``: ``t.lexicon_matchers.find_all`` of the doc when the caller has it.
    """
    hits = _hits(doc, t, hits)
    cset = set(countries)
    out: list[GroupMention] = []
    spans: list[tuple[int, int]] = []
    for m, canon in named:
        score = 1.0
        best = canon[0]
        if len(canon) > 1:
            ranked = sorted(canon, key=lambda c: -len(cset & set(t.groups[c].countries)))
            best, score = ranked[0], 0.7
        out.append(GroupMention(m.start, m.end, best, t.groups[best].parent, False, score))
        spans.append((m.start, m.end))
    for m in longest_only(hits["generic"], ordered=True):
        if any(s <= m.start < e or s < m.end <= e for s, e in spans):
            continue
        before = doc.norm[max(0, m.nstart - len(m.prefix) - 30):m.nstart - len(m.prefix)].split()
        last = before[-1].strip("\"',") if before else ""
        two = " ".join(before[-2:]).strip("\"',")
        if last in t.generic_not_after or two in t.generic_not_after:
            continue
        out.append(GroupMention(m.start, m.end, "unknown", None, True, 0.8))
    named_sorted = sorted((g for g in out if not g.generic), key=lambda g: g.start)
    for m in longest_only(hits["anaphor"], ordered=True):
        if any(s <= m.start < e for s, e in spans):
            continue
        after = doc.norm[m.nend:m.nend + 4]
        if any(0 <= g.start - m.end <= 4 for g in named_sorted) and after.strip()[:1] in ('"', ""):
            continue  # "التنظيم «داعش»": the name follows, no anaphor
        prior = [g for g in named_sorted if g.end <= m.start]
        if prior:
            g = prior[-1]
            out.append(GroupMention(m.start, m.end, g.canonical, g.parent, False, 0.6))
    return sorted(out, key=lambda g: (g.start, g.end))
