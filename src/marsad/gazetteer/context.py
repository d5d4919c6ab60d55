"""Gazetteer stage, place context: candidate readings and the article's already-resolved places in; admissibility and scores of readings out.

The rules are those of ``places`` (Leidner 2007, "Toponym Resolution in Text", ch. 4: one
sense per discourse, population and containment heuristics); this module holds them with
the per-article counts they read, built once per resolution round, and per-word memos
(clitic forms of a cue word, readings of a matched name) kept on the loaded tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.gazetteer.data import Memo, PlaceValue, Tables
from marsad.gazetteer.params import GazetteerParams
from marsad.model import Sentence
from marsad.text.matcher import Clitics

__all__ = ["Context", "CueInfo", "NameInfo", "Reading", "cue_forms", "cue_info", "first_cue", "name_info", "readings",
           "sentence_index", "word_forms"]

_NONE: dict[str, int] = {}
_NO_CUES: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Reading:
    """One interpretation of a matched name: kind C/N/A/P, country, admin1 key, place index."""

    kind: str
    country: str
    admin1: str | None = None
    place: int = -1
    prior: float = 0.0


def _readings(values: Sequence[PlaceValue], t: Tables) -> tuple[Reading, ...]:
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
    return tuple(out)


def readings(values: tuple[PlaceValue, ...], t: Tables) -> tuple[Reading, ...]:
    """Readings of a matched name's matcher values (kind, ref), in value order.

    Pure in ``values`` and the tables, so memoised in ``t.memo`` (a name's readings are
    built once per process).
    """
    memo = t.memo.readings
    hit = memo.get(values)
    if hit is None:
        hit = _readings(values, t)
        _store(t.memo, memo, values, hit)
    return hit


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What a matched name's own spelling says, whatever its context.

    ``readings``: its readings, divisions and places dropped when the name is a stop word;
    ``no_country``: the same without country readings (for a weak country name without support);
    ``weak``: a country reading whose name is also a common word (مالي، قطر);
    ``cues``: the context-free cue entries (homonym of its country, ``city_of:<admin1>`` for
    each place reading, weak_admin1, common);
    ``first``/``first_no_country``: the pass-1 pick (the first reading when all readings
    share one country, else None) of each reading list.
    """

    readings: tuple[Reading, ...]
    no_country: tuple[Reading, ...]
    weak: bool
    cues: dict[str, str | None]
    first: Reading | None
    first_no_country: Reading | None


def _first(rs: Sequence[Reading]) -> Reading | None:
    return rs[0] if rs and len({r.country for r in rs}) == 1 else None


def name_info(key: str, values: tuple[PlaceValue, ...], t: Tables) -> NameInfo:
    """``NameInfo`` of a name matched as entry ``key`` with matcher ``values``; memoised in ``t.memo``."""
    memo = t.memo.names
    mk = (key, values)
    hit = memo.get(mk)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    rs = readings(values, t)
    if key in t.stop:
        rs = tuple(r for r in rs if r.kind not in ("P", "A"))
    ccs = {r.country for r in rs if r.kind == "C"}
    cues: dict[str, str | None] = {
        "homonym": "homonym" if any(r.kind == "P" and r.country in ccs for r in rs) else None,
        "weak_admin1": "weak" if key in t.weak_admin1 else None,
        "common": "common" if key in t.common else None,
    }
    for r in rs:
        if r.kind == "P" and r.admin1:
            cues["city_of:" + r.admin1] = "city"
    no_country = tuple(r for r in rs if r.kind != "C")
    info = NameInfo(rs, no_country, any(r.kind == "C" and key in t.countries[r.country].weak for r in rs), cues,
                    _first(rs), _first(no_country))
    _store(t.memo, memo, mk, info)
    return info


def _store(m: Memo, memo: dict[Any, Any], key: object, value: object) -> None:
    """Keep the memo bounded: start afresh once it holds ``m.limit`` entries (``limit`` ≤ 0: keep nothing)."""
    if m.limit <= 0:
        return
    if len(memo) >= m.limit:
        memo.clear()
    memo[key] = value


def _forms(word: str, cl: Clitics) -> tuple[str, ...]:
    out = [word]
    for k in range(1, min(4, len(word) - 1)):
        if cl.split_prefix(word[:k]) is not None:
            out.append(word[k:])
    return tuple(out)


def word_forms(word: str, t: Tables) -> tuple[str, ...]:
    """``word`` and its readings without a valid proclitic string (بالمدينة → المدينة, مدينة).

    Memoised per process in ``t.memo`` (depends on the word and the clitic inventory only).
    """
    memo = t.memo.forms
    hit = memo.get(word)
    if hit is None:
        hit = _forms(word, t.clitics)
        _store(t.memo, memo, word, hit)
    return hit


def cue_forms(prev: Sequence[str], t: Tables) -> list[str]:
    """Candidate cue phrases ending right before a name, in the order they are tried.

    ``prev`` holds the words before the name (nearest last). First the forms of the last
    word (clitics stripped), then each form of the word before it joined with the last word.
    """
    if not prev:
        return []
    last = prev[-1]
    out = list(word_forms(last, t))
    if len(prev) >= 2:
        out += [f"{f} {last}" for f in word_forms(prev[-2], t)]
    return out


def first_cue(forms: Sequence[str], cues: frozenset[str]) -> str | None:
    """The first of ``forms`` (see ``cue_forms``) that is a cue phrase of ``cues``, or None."""
    for f in forms:
        if f in cues:
            return f
    return None


@dataclass(frozen=True, slots=True)
class CueInfo:
    """What the words right before a name say (lexicon ``cues``, ``vicinity``, ``capital_words``).

    ``city``/``admin1``/``country``: the cue phrase of that kind ending right before the name
    (مدينة، محافظة، دولة; clitics allowed on its first word), else None; ``vicinity``: a
    vicinity word (قرب، شمال) before the name, looked for before the cue word when the last
    word is a city/division/place cue ("قرب بلدة غوزا"); ``capital``: the last word is a
    capital word (بالعاصمة), else None; ``nationality``: the last word is a person noun
    (cues ``nationality``: امرأة، مواطنون، مسلح), so a demonym after it names a nationality;
    ``across``: the words name the other side of a border (cues ``across``: الحدود مع).
    """

    city: str | None
    admin1: str | None
    country: str | None
    vicinity: bool
    capital: str | None
    nationality: bool = False
    across: bool = False


def cue_info(prev: Sequence[str], t: Tables) -> CueInfo:
    """``CueInfo`` of the words ``prev`` before a name (nearest last); memoised in ``t.memo``."""
    key = tuple(prev)
    memo = t.memo.cues
    hit = memo.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    cues = t.cues
    forms = cue_forms(prev, t)
    last = word_forms(prev[-1], t) if prev else ()
    if prev and any(first_cue(last, cues[k]) for k in ("city", "admin1", "place")):
        forms_vic = cue_forms(prev[:-1], t)
    else:
        forms_vic = forms
    info = CueInfo(first_cue(forms, cues["city"]), first_cue(forms, cues["admin1"]), first_cue(forms, cues["country"]),
                   first_cue(forms_vic, t.vicinity) is not None, first_cue(last, t.capital_words),
                   first_cue(forms, cues.get("nationality", _NO_CUES)) is not None,
                   first_cue(forms, cues.get("across", _NO_CUES)) is not None)
    _store(t.memo, memo, key, info)
    return info


def sentence_index(sents: Sequence[Sentence]) -> list[int]:
    """For a sorted, non-overlapping sentence list: the sorted start offsets (for bisect); else []."""
    starts = [s.start for s in sents]
    for a, b in zip(sents, sents[1:], strict=False):
        if a.end < a.start or b.start < a.end:
            return []
    return starts


class Context:
    """Counts of the readings picked so far in one resolution round, and the rules that read them.

    Built from ``(pick, in_dateline, sentence index)`` per candidate span (pick None when
    undecided). ``country``/``strong`` count picked readings per country (strong: not an
    adjective), ``admin1`` picked divisions, ``admin1_places`` the places picked in each
    division, ``sent``/``sent_strong`` per sentence, ``dl`` in the dateline.
    """

    __slots__ = ("admin1", "admin1_places", "country", "dl", "sent", "sent_strong", "strong", "_mains", "_t")

    def __init__(self, picks: Sequence[tuple[Reading | None, bool, int]], t: Tables) -> None:
        self._t = t
        self.country: dict[str, int] = {}
        self.strong: dict[str, int] = {}
        self.admin1: dict[str, int] = {}
        self.admin1_places: dict[str, set[int]] = {}
        self.sent: dict[int, dict[str, int]] = {}
        self.sent_strong: dict[int, dict[str, int]] = {}
        self.dl: dict[str, int] = {}
        self._mains: dict[str | None, str | None] = {}
        for pick, in_dl, si in picks:
            if pick is None:
                continue
            c = pick.country
            self.country[c] = self.country.get(c, 0) + 1
            if pick.kind != "N":
                self.strong[c] = self.strong.get(c, 0) + 1
                ss = self.sent_strong.setdefault(si, {})
                ss[c] = ss.get(c, 0) + 1
            sc = self.sent.setdefault(si, {})
            sc[c] = sc.get(c, 0) + 1
            if pick.admin1 and pick.kind == "A":
                self.admin1[pick.admin1] = self.admin1.get(pick.admin1, 0) + 1
            elif pick.admin1 and pick.kind == "P":
                self.admin1_places.setdefault(pick.admin1, set()).add(pick.place)
            if in_dl:
                self.dl[c] = self.dl.get(c, 0) + 1

    def main(self, exclude: str | None) -> str | None:
        """The country with most strong picks (first named on ties), one pick of ``exclude`` not counted; None if none."""
        if exclude in self._mains:
            return self._mains[exclude]
        best, top = None, 0
        for k, v in self.strong.items():
            if k == exclude:
                v -= 1
            if v > top:
                best, top = k, v
        self._mains[exclude] = best
        return best

    def other_place_in(self, r: Reading) -> bool:
        """Another place in the same division was picked (not this place itself)."""
        return any(p != r.place for p in self.admin1_places.get(r.admin1 or "", ()))

    def admissible(self, r: Reading, cue: dict[str, str | None], own: Reading | None, si: int) -> bool:
        """Support needed by a reading beyond its prior.

        Divisions whose name is a common word (الشرقية، الداخلية) need a cue (محافظة) or their
        country in the same sentence. GeoNames places: alone ≥ 200k or a capital; else their
        country must be the article's main or dateline country, or named in the same sentence,
        and the place ≥ 50k or preceded by a cue (مدينة، بلدة، قرية); or their division is named.
        Curated places need nothing unless their name is also a common word (الباب، جوهر)
        (one sense per discourse; Leidner 2007).
        """
        t = self._t
        kind = r.kind
        if kind != "P" and kind != "A":
            return True
        mine = 1 if own is not None and own.kind != "N" and own.country == r.country else 0
        same_sentence = self.sent_strong.get(si, _NONE).get(r.country, 0) > mine
        if kind == "A":
            return not cue.get("weak_admin1") or bool(cue["admin1"]) or same_sentence
        p = t.places[r.place]
        if p.curated and not cue.get("common"):
            return True
        c = t.countries.get(r.country)
        if p.population >= t.params.pop_alone or (c is not None and c.capital == r.place):
            return True
        known = (same_sentence or self.dl.get(r.country, 0) > (mine if cue.get("in_dl") else 0)
                 or r.country == self.main(r.country if mine else None))
        if known and (p.population >= t.params.pop_needs_country or cue["city"]):
            return True
        return bool(r.admin1 and self.admin1.get(r.admin1, 0) > 0)

    def score(self, r: Reading, si: int, cue: dict[str, str | None], in_dateline: bool, own: Reading | None,
              why: list[str] | None = None) -> float:
        """Prior + context bonuses (weights ``[gazetteer]``); ``own`` is this span's own contribution to the counts.

        With ``why`` (a list), the label of each rule that fired is appended to it.
        """
        w: GazetteerParams = self._t.params
        s = r.prior
        oc = 1 if own is not None and own.country == r.country else 0
        oa = 1 if own is not None and own.admin1 and own.admin1 == r.admin1 else 0
        kind = r.kind
        if self.country.get(r.country, 0) > oc:
            s += w.w_country_in_article
            if why is not None:
                why.append(f"{r.country} named in article")
        if self.sent.get(si, _NONE).get(r.country, 0) > oc:
            s += w.w_same_sentence
            if why is not None:
                why.append("same sentence")
        if self.dl.get(r.country, 0) > (oc if in_dateline else 0):
            s += w.w_dateline_country
            if why is not None:
                why.append("dateline country")
        if r.admin1 and (self.admin1.get(r.admin1, 0) > oa or self.other_place_in(r)):
            s += w.w_division_named
            if why is not None:
                why.append("division named")
        if kind == "P" and cue["city"]:
            s += w.w_city_cue
            if why is not None:
                why.append(f"cue {cue['city']}")
        if kind == "A" and cue["admin1"]:
            s += w.w_admin1_cue
            if why is not None:
                why.append(f"cue {cue['admin1']}")
        if kind == "A" and not cue["admin1"] and cue.get("city_of:" + (r.admin1 or "")):
            s += w.w_admin1_city_homonym
            if why is not None:
                why.append("a city of the same name")
        if kind == "C" and cue["country"]:
            s += w.w_country_cue
            if why is not None:
                why.append(f"cue {cue['country']}")
        if kind == "C" and cue["city"]:
            s += w.w_country_city_cue
        if in_dateline and kind == "P":
            s += w.w_dateline_place
            if why is not None:
                why.append("dateline position")
        if kind == "C" and cue.get("paren"):
            s += w.w_paren_country
            if why is not None:
                why.append("in parentheses after a place")
        if kind == "P" and cue.get("homonym") and not (in_dateline or cue["city"]):
            s += w.w_homonym_place
            if why is not None:
                why.append("same name as its country")
        return s
