"""Extract stage, specific spot: a cluster's trigger sentences in; the spot noun phrase as written (``place``) out."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.merge import Cluster
from marsad.extract.view import View

__all__ = ["find_spot"]

#: Tokens a spot head may lie after its trigger (the trigger's object or prepositional phrase).
_HEAD_WINDOW = 12
#: Tokens a spot may span at most after its head (a longer run has overrun into the next clause).
_MAX_TOKENS = 16
_TOKEN = re.compile(r"[^\s.,;:!?()\[\]\"'«»\-–—/]+")
_BREAK = re.compile(r"[.,;:!?()\[\]\n\u060c\u061b]")
_ACC = ("\u0627\u064b", "\u064b\u0627")  # tanwin alif, either order of the marks
_BA, _WA, _LAM = "\u0628", "\u0648", "\u0644"
#: Endings of common nouns and adjectives (feminine, nisba, sound plurals): a word without the
#: article and without them is read as a proper name ("متحف باردو", not "مدرسة ثانوية").
_COMMON_ENDINGS = ("\u0647", "\u064a", "\u0627\u062a", "\u064a\u0646", "\u0648\u0646", "\u0627")
_AFTER_LINK = ("\u0627\u0644\u064a", "\u0645\u0646")  # الى، من after a participle or قريب


@dataclass
class _Walk:
    """One spot being read left to right: normalised span, kept pieces, and what it holds."""

    start: int
    end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    town: bool = False  # the town (the event's city) was read into the spot
    named: bool = False  # the spot carries a name (quoted, a place, a proper name)


def _hit_at(v: View, name: str, unit: int, s: int) -> Any:
    """The hit of matcher ``name`` on the written word that starts at normalised offset ``s``."""
    return v.hit_on(name, unit, s)


def _place_at(v: View, unit: int, s: int) -> Any:
    """The place mention (gazetteer) on the written word at ``s``, or None."""
    return v.span_on(v.doc.places, unit, s)


def _blocked(v: View, unit: int, s: int) -> bool:
    """A date, number, group, casualty or trigger word at ``s``: the next clause, not the spot."""
    keys = v.memo.get("spot_blocked")
    if keys is None:
        sources: tuple[Any, ...] = (v.doc.dates, v.doc.numbers, v.doc.groups, "killed", "wounded", "triggers", "claim")
        keys = v.memo["spot_blocked"] = set().union(*(v.token_index(x) for x in sources))
    return (unit, v.ti(s)) in keys


def _tokens(v: View, a: int, b: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(v.doc.norm, a, b)]


def _heads(v: View, c: Cluster) -> list[list[tuple[Any, int]]]:
    """Spot nouns after each of the cluster's triggers (same sentence, within ``_HEAD_WINDOW``
    tokens), one list per trigger in text order, with their units. Possessed nouns (طريقهم)
    name no place."""
    norm = v.memo.get("spot_norm")
    if norm is None:
        norm = v.memo["spot_norm"] = v.doc.norm.replace(",", " ")  # a comma does not end the window
    out: list[list[tuple[Any, int]]] = []
    for m in sorted(c.mentions, key=lambda x: x.nstart):
        u, found = m.unit, []
        for h in v.in_unit("place_type", u):
            if h.nstart < m.nend or h.suffix or any(
                    v.nidx(g.start) <= h.nstart < v.nidx(g.end) for g in v.spans_in_unit(v.doc.groups, u)):
                continue  # a group's name (تنظيم «القاعدة») is no spot
            if v.gap(m.span, (h.nstart, h.nend)) > _HEAD_WINDOW or _BREAK.search(norm, m.nend, h.nstart):
                break
            found.append((h, u))
        out.append(found)
    return out


def _anaphoric(v: View, unit: int, h: Any) -> bool:
    """A definite spot noun with no definite modifier, name or place after it ("الجامعة",
    "البوابة", "الشارع نفسه"): it refers back to the spot named earlier."""
    if not h.prefix.endswith(v.res.article):
        return False
    nxt = _tokens(v, h.nend, v.units[unit][1])
    if not nxt or _BREAK.search(v.doc.norm, h.nend, nxt[0][0]) or '"' in v.doc.norm[h.nend:nxt[0][0]]:
        return True
    s = nxt[0][0]
    modifier = v.doc.norm.startswith(v.res.article, s) and _hit_at(v, "spot_stop", unit, s) is None \
        and _hit_at(v, "spot_descriptive", unit, s) is None
    return not modifier and _place_at(v, unit, s) is None


def _antecedent(v: View, h: Any) -> tuple[Any, int] | None:
    """The nearest earlier spot noun of the same word that is named in full."""
    for x in reversed(v.hits("place_type")):
        if x.nstart >= h.nstart or x.key != h.key:
            continue
        u = v.sent_of(x.nstart)
        if u >= 0 and not x.suffix and not _anaphoric(v, u, x):
            return x, u
    return None


def _town_named(v: View, unit: int, h: Any) -> bool:
    """A settlement noun followed by a town-level place ("مدينة كرمان"): the town, a weak spot."""
    if _hit_at(v, "settlement", unit, h.nstart) is None:
        return False
    nxt = _tokens(v, h.nend, v.units[unit][1])
    q = _place_at(v, unit, nxt[0][0]) if nxt else None
    return q is not None and q.precision != "place"


def _kind(v: View, unit: int, toks: list[tuple[int, int]], k: int) -> str:
    """What token ``k`` after a link word is: "town" (a town, region or country: the event's
    ``city`` and above), "spot" (a facility noun or a place inside a town), "stop" (a direction
    or time word: the town follows) or "name" (any other word)."""
    s = toks[k][0]
    q = _place_at(v, unit, s)
    if q is not None and not q.adjective:
        return "spot" if q.precision == "place" else "town"
    town, area = _hit_at(v, "town", unit, s), _hit_at(v, "settlement", unit, s)
    if town is not None or area is not None:
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        q2 = _place_at(v, unit, nxt[0]) if nxt and not _BREAK.search(v.doc.norm, toks[k][1], nxt[0]) else None
        if q2 is not None and not q2.adjective:
            return "spot" if q2.precision == "place" else "town"
        return "town" if town is not None else "spot"  # "في بلدة إيناتس" / "في ضاحية نيانيا"
    if _hit_at(v, "spot_stop", unit, s) is not None:
        return "stop"
    if _hit_at(v, "place_type", unit, s) is not None:
        if k + 1 < len(toks) and not _BREAK.search(v.doc.norm, toks[k][1], toks[k + 1][0]):
            q2 = _place_at(v, unit, toks[k + 1][0])
            if q2 is not None and q2.precision in ("city", "admin1"):
                return "town"  # a district noun named by a town ("التابعة لمركز بئر العبد")
        return "spot"
    return "name"


def _noun(v: View, unit: int, s: int) -> Any:
    """A lexicon noun (place or target noun) written at ``s``, or None."""
    return _hit_at(v, "place_type", unit, s) or _hit_at(v, "target", unit, s)


def _link(v: View, unit: int, toks: list[tuple[int, int]], i: int) -> tuple[Any, int]:
    """The link word at token ``i`` (a spot_links hit, or "ب" written on a place) and the index
    of the token it governs; (None, i) when token ``i`` is no link."""
    norm = v.doc.norm
    s, e = toks[i]
    link = _hit_at(v, "spot_link", unit, s)
    if link is not None:
        k = i + 1
        while k < len(toks) and toks[k][0] < link.nend:
            k += 1
        if k < len(toks) and norm[toks[k][0]:toks[k][1]] in _AFTER_LINK:
            k += 1  # المؤدي إلى …، القريب من …
        return link, k
    if norm.startswith(_BA, s) and e - s > 2:
        q = _place_at(v, unit, s)
        n = _hit_at(v, "place_type", unit, s) or _hit_at(v, "town", unit, s)
        if (q is not None and v.nidx(q.start) > s) or (n is not None and n.prefix.startswith(_BA)):
            return _BA, i  # the preposition written on the word: بمنطقة، بالعاصمة، بصنعاء
    return None, i


def _read(v: View, unit: int, h: Any) -> _Walk:
    """Read the spot noun phrase from head ``h``: genitives, names, adjectives, lam phrases,
    and linked spots inside it; up to (not into) the town, a time word or the next clause."""
    norm = v.doc.norm
    art = v.res.article
    s0 = h.nstart - len(art) if h.prefix.endswith(art) else h.nstart  # the article belongs to the spot
    w = _Walk(s0, h.nend, [(s0, h.nend)])
    toks = [t for t in _tokens(v, h.nend, v.units[unit][1]) if t[0] >= h.nend]
    i, quoted = 0, norm.count('"', v.units[unit][0], h.nstart) % 2 == 1  # the head is inside a quoted name
    definite, after_lam = s0 < h.nstart, False
    w.named = _place_at(v, unit, h.nstart) is not None  # the gazetteer knows the spot ("منشأة تيقنتورين")
    while i < len(toks) and i < _MAX_TOKENS:
        s, e = toks[i]
        sep = norm[w.end:s]
        if sep.count('"') % 2:
            quoted = not quoted
        if quoted:
            w.named = True
            w.pieces.append((s, e))
            w.end, i = e, i + 1
            continue
        if _BREAK.search(sep):
            break
        d = _hit_at(v, "spot_descriptive", unit, s)
        if d is not None:
            while i < len(toks) and toks[i][0] < d.nend:
                i += 1
            w.end = toks[i - 1][1]
            continue  # left out, reading goes on ("محطة حافلات مزدحمة في ضاحية نيانيا")
        if _hit_at(v, "spot_stop", unit, s) is not None or _blocked(v, unit, s):
            break
        link, k = _link(v, unit, toks, i)
        if link is not None:
            if k >= len(toks) or _BREAK.search(norm, e if k > i else s, toks[k][0]):
                break
            kind = _kind(v, unit, toks, k)
            participle = link != _BA and link.key.startswith(art)
            if kind == "town":
                if w.named or definite or w.town or participle or link == _BA:
                    break
                j = _town_end(v, unit, toks, k)
                w.pieces.append((s, toks[j][1]))
                w.end, w.town = toks[j][1], True
                break  # an unnamed spot is placed by its town ("منصة عرض عسكري في مدينة الأهواز")
            if kind == "stop" or (kind == "name" and not participle):
                break
            j = _town_end(v, unit, toks, k)  # a settlement noun with its name ("قرب قرية زابارماري")
            w.pieces.append((s, toks[j][1]))
            w.end, i = toks[j][1], j + 1
            w.named = w.named or _place_at(v, unit, toks[k][0]) is not None or j > k
            continue
        word = norm[s:e]
        if word.startswith(_BA + art):
            break  # another prepositional phrase ("بالمتسوقين")
        n = _noun(v, unit, s)
        if word.startswith(_WA) and (n is None or n.prefix.startswith(_WA)):
            # "و" + a second spot noun is coordinated with it; any other و-word opens a clause
            if _hit_at(v, "place_type", unit, s) is None:
                break
        q = _place_at(v, unit, s)
        if (q is not None and not q.adjective) or not (word.startswith((art, _LAM)) or n is not None
                                                       or word.endswith(_COMMON_ENDINGS)):
            w.named = True  # a place or a proper name: "جامعة كابول"، "متحف باردو"
        # a definite genitive or adjective makes the spot definite; an adjective of a lam
        # phrase does not ("معسكراً للجيش النيجري")
        definite = definite or (word.startswith(art) and not after_lam)
        after_lam = word.startswith(_LAM) or (after_lam and word.startswith(art))
        w.pieces.append((s, e))
        w.end, i = e, i + 1
    return w


def _town_end(v: View, unit: int, toks: list[tuple[int, int]], k: int) -> int:
    """Index of the last token of the town phrase starting at token ``k`` ("مدينة الأهواز")."""
    s = toks[k][0]
    q = _place_at(v, unit, s)
    j = k
    if q is None and (_hit_at(v, "town", unit, s) or _hit_at(v, "settlement", unit, s)) and k + 1 < len(toks) \
            and not _BREAK.search(v.doc.norm, toks[k][1], toks[k + 1][0]) and not _blocked(v, unit, toks[k + 1][0]) \
            and _hit_at(v, "spot_stop", unit, toks[k + 1][0]) is None:
        j = k + 1
        q = _place_at(v, unit, toks[j][0])
    if q is not None:
        qe = v.nidx(q.end)
        while j + 1 < len(toks) and toks[j + 1][0] < qe:
            j += 1
    return j


def find_spot(v: View, c: Cluster, town_ok: bool = True) -> tuple[str, tuple[int, int]] | None:
    """The specific spot of cluster ``c`` as written, with its normalised span, or None.

    Read from the first spot noun (targets.yaml ``place_types``) after one of the cluster's
    triggers: the noun with its genitives, names and classifying adjectives, lam phrases and the
    spots linked inside it (في/عند/داخل/قرب + a spot or a district), stopping before the town
    (the ``city`` field), a time word or the next clause; an unnamed spot keeps its town
    ("منصة عرض عسكري في مدينة الأهواز"). Evaluative adjectives are left out (targets.yaml
    ``spot_descriptive``). A vicinity word written before the noun stays ("قرب جسر لندن").
    Convention: marsad dev corpus annotation of ``place`` (spec: "the specific spot as written").

    With ``town_ok`` False a town named with its settlement noun alone ("مدينة كيسمايو") is
    not returned.

    Example: "… الذي استهدف مساء الثلاثاء محيط سوق عيد الميلاد في مدينة ستراسبورغ" →
    "محيط سوق عيد الميلاد".

    Memoised per document on the cluster's mention spans and ``town_ok`` (``v.memo["find_spot"]``).
    """
    memo = v.memo.get("find_spot")
    if memo is None:
        memo = v.memo["find_spot"] = {}
    key = (town_ok, tuple((m.unit, m.nstart, m.nend) for m in c.mentions))
    if key in memo:
        return memo[key]
    found = memo[key] = _find_spot(v, c, town_ok)
    return found


def _find_spot(v: View, c: Cluster, town_ok: bool) -> tuple[str, tuple[int, int]] | None:
    """``find_spot`` uncached."""
    best: tuple[_Walk, int] | None = None
    for found in _heads(v, c):
        mine: list[tuple[_Walk, int, bool]] = []
        for h, unit in found:
            if _anaphoric(v, unit, h):
                ante = _antecedent(v, h)
                if ante is None:
                    continue
                h, unit = ante
            w = _read(v, unit, h)
            if w.end <= h.nend + 1 and not w.named:
                continue  # a bare indefinite noun names no spot
            mine.append((w, unit, _hit_at(v, "settlement", unit, h.nstart) is not None or _town_named(v, unit, h)))
        # a facility noun after the trigger wins over a settlement or area noun after it
        pick = next((x for x in mine if not x[2]), None) or next(
            (x for x in mine if not _town_named(v, x[1], _hit_at(v, "place_type", x[1], x[0].start))), None)
        if pick is not None:
            best = (pick[0], pick[1])
            break
        if best is None and mine and town_ok and (_hit_at(v, "town", mine[0][1], mine[0][0].start) is None
                                                  or _vicinity(v, mine[0][1], mine[0][0].start) is not None):
            # a part of the town ("وسط فيينا") or its vicinity ("قرب مدينة جرابلس"); the town alone is `city`
            best = (mine[0][0], mine[0][1])
    if best is None:
        return None
    w, unit = best
    t = _vicinity(v, unit, w.start)
    if t is not None:
        w.pieces.insert(0, (t.nstart, w.start))
        w.start = t.nstart
    return _render(v, w), (w.start, w.end)


def _vicinity(v: View, unit: int, start: int) -> Any:
    """The vicinity word (قرب، محيط) written right before ``start``, or None."""
    for t in v.in_unit("vicinity", unit):
        if t.nend <= start and v.gap((t.nstart, t.nend), (start, start + 1)) == 0 and \
                not _BREAK.search(v.doc.norm, t.nend, start):
            return t
    return None


def _render(v: View, w: _Walk) -> str:
    """Raw text of the walk's pieces joined (quotes kept whole, the first word in its base form)."""
    text = v.doc.text
    parts: list[list[int]] = []
    for a, b in w.pieces:
        ra, rb = v.raw(a), v.raw(b - 1) + 1
        while rb < len(text) and unicodedata.combining(text[rb]):
            rb += 1  # diacritics written after the last letter (tanwin)
        if parts and not text[parts[-1][1]:ra].strip(" \u00ab\u00bb\""):
            parts[-1][1] = rb
        else:
            parts.append([ra, rb])
    a0 = parts[0][0]
    if a0 > 0 and text[a0 - 1] == "\u00ab":
        parts[0][0] = a0 - 1
    out = []
    for a, b in parts:
        seg = text[a:b]
        if seg.count("\u00ab") > seg.count("\u00bb") and text[b:b + 1] == "\u00bb":
            seg += "\u00bb"
        out.append(seg.strip())
    spot = " ".join(out)
    if spot.startswith("\u00ab") and spot.endswith("\u00bb") and spot.count("\u00ab") == 1:
        spot = spot[1:-1]  # a spot that is only a quoted name is written without its quotes
    first, sep, rest = spot.partition(" ")
    second = rest.split(" ", 1)[0]
    if first.endswith(_ACC) and not second.endswith(_ACC):
        spot = first[:-2] + sep + rest  # the spot in its base form: سوقاً شعبية → سوق شعبية
    return spot
