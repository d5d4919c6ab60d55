"""Text stage, phrase matching: lexicon entries found in normalised text at word boundaries, clitic-aware.

A ``PhraseMatcher`` is built once from (phrase, value) entries (Aho–Corasick via
pyahocorasick) and finds them in a Doc's normalised text, accepting Arabic proclitics
before the first word (و ف + ب ل ك + ال, and لل) and, when asked, pronoun suffixes after
the last word. Matches carry raw-text offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from marsad.resources import load
from marsad.text.normalize import normalize_phrase

__all__ = ["Clitics", "Match", "PhraseMatcher", "longest_only"]

V = TypeVar("V")

_WORD_CLASS = r"0-9a-z\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06d5\u06fa-\u06ff"


_WORD_RUN = re.compile(f"[{_WORD_CLASS}]+")


@lru_cache(maxsize=8)
def _word_bounds(norm: str) -> tuple[list[int], list[int]]:
    """Word-run boundaries of ``norm``, computed once per text and shared by every matcher.

    ``starts[i]`` (0 ≤ i ≤ len): where the run of word characters (``_WORD_CLASS``) ending just
    before ``i`` begins (``i`` itself when ``norm[i - 1]`` is no word character);
    ``ends[i]``: where the run starting at ``i`` ends (``i`` when ``norm[i]`` is none).
    A Doc's text is searched by dozens of matchers; the cache key is the text itself.
    """
    n = len(norm)
    starts = list(range(n + 1))
    ends = list(range(n + 1))
    for m in _WORD_RUN.finditer(norm):
        a, b = m.span()
        starts[a + 1 : b + 1] = [a] * (b - a)
        ends[a:b] = [b] * (b - a)
    return starts, ends


@dataclass(frozen=True, slots=True)
class Clitics:
    """Clitic inventory (normalised) from ``resources/ar/clitics.yaml``.

    ``whole_words`` (normalised) are words that only look like clitic + word (وكان, لندن);
    a lexicon entry is never found inside one of them (كان "Cannes" is not in وكان).
    ``needs_evidence``: clitics that token segmentation strips (without the article) only
    when the document shows the stem elsewhere (ف ب ل ك; بوتين stays whole).
    """

    conjunctions: frozenset[str]
    prepositions: frozenset[str]
    article: str
    lam_article: str
    suffixes: frozenset[str]
    whole_words: frozenset[str] = frozenset()
    needs_evidence: frozenset[str] = frozenset()
    future: str = ""

    @classmethod
    def from_resource(cls, data: Mapping[str, Any]) -> Clitics:
        """Build from the loaded clitics resource (keys: conjunctions, prepositions, article, lam_article, suffixes).

        An optional ``whole_words`` key names the resource (same language folder, "ar") whose
        lists (every key but ``meta``) give the whole-word lexicon.
        """
        whole: set[str] = set()
        if data.get("whole_words"):
            for key, words in load("ar", str(data["whole_words"])).items():
                if key != "meta":
                    whole.update(normalize_phrase(w) for w in words)
        return cls(
            conjunctions=frozenset(data["conjunctions"]),
            prepositions=frozenset(data["prepositions"]),
            article=str(data["article"]),
            lam_article=str(data["lam_article"]),
            suffixes=frozenset(data["suffixes"]),
            whole_words=frozenset(whole),
            needs_evidence=frozenset(data.get("needs_evidence", ())),
            future=str(data.get("future", "")),
        )

    def split_prefix(self, prefix: str) -> tuple[str, str, str] | None:
        """Split a written prefix into (conjunction, preposition, article), or None if invalid.

        "وبال" → ("و", "ب", "ال"); "لل" → ("", "ل", "ال"); "وكان"[:2] "وك" → ("و", "ك", "").
        """
        conj = prep = art = ""
        rest = prefix
        if rest[:1] in self.conjunctions:
            conj, rest = rest[:1], rest[1:]
        if rest == self.lam_article:
            return conj, rest[:1], self.article
        if rest[:1] in self.prepositions:
            prep, rest = rest[:1], rest[1:]
        if rest == self.article:
            art, rest = rest, ""
        return (conj, prep, art) if rest == "" else None


class Match(NamedTuple, Generic[V]):
    """One lexicon hit (immutable; a named tuple because documents make thousands and a
    tuple is built ≈4× faster than a frozen dataclass).

    ``start``/``end``: raw offsets of the matched phrase (without proclitics and suffix);
    ``word_start``/``word_end``: raw offsets of the whole written words incl. clitics;
    ``key``: the normalised phrase; ``value``: the entry's value; ``prefix``/``suffix``:
    the clitics written around it (normalised); ``nstart``/``nend``: normalised offsets.
    """

    start: int
    end: int
    word_start: int
    word_end: int
    key: str
    value: V
    prefix: str
    suffix: str
    nstart: int
    nend: int


#: Builds a Match from its fields in order (positional).
_new_match = Match


class PhraseMatcher(Generic[V]):
    """Clitic-aware multi-phrase matcher over normalised text.

    Args:
        entries: (phrase, value) pairs; phrases are normalised here. One phrase may carry
            several values (all are returned).
        clitics: the clitic inventory.
        article: allow the article ال (and لل) before entries written without it
            (common nouns: هجوم matches الهجوم); set False for proper names.
        suffixes: allow pronoun suffixes after the entry (هجومه).

    Entries written with ال also match after لل (التنظيم in للتنظيم).

    Example:
        >>> m = PhraseMatcher([("الموصل", "Mosul")], clitics, article=False)
        >>> [x.value for x in m.find("وبالموصل", tuple(range(9)))]
        ['Mosul']
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, V]],
        clitics: Clitics,
        *,
        article: bool = True,
        suffixes: bool = False,
    ) -> None:
        self._clitics = clitics
        self._article = article
        self._suffixes = suffixes
        self._suffix_set = clitics.suffixes if suffixes else frozenset()
        self._codes = _prefix_codes(clitics)
        # normalised text key → [(entry key, found bare (ال dropped), value, entry key has ال)]
        table: dict[str, list[_Entry]] = {}
        art = clitics.article
        min_bare = len(art) + 1
        for phrase, value in entries:
            key = normalize_phrase(phrase)
            if not key:
                continue
            if key.startswith(art):
                table.setdefault(key, []).append((key, False, value, True))
                if len(key) > min_bare:
                    table.setdefault(key[len(art):], []).append((key, True, value, True))
            else:
                table.setdefault(key, []).append((key, False, value, False))
        self._automaton = ahocorasick.Automaton()
        for k, vals in table.items():
            self._automaton.add_word(k, (len(k), tuple(vals)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def find(self, norm: str, norm_map: Sequence[int]) -> list[Match[V]]:
        """All accepted matches in ``norm`` (a Doc's normalised text), in text order.

        Args:
            norm: normalised text; norm_map: its offset map (len(norm) + 1 entries).
        Returns:
            Matches with raw offsets, sorted by (nstart, -nend), several values of one span
            in entry order; overlapping matches are all kept (see longest_only).
        """
        if not self.size:
            return []
        out: list[Match[V]] = []
        append = out.append
        allow_art = self._article
        new = _new_match
        for s, e, ws, we, prefix, suffix, code, vals in _hits(self._automaton, norm, self._codes,
                                                              self._suffix_set, self._clitics.whole_words):
            rs, re_, rws, rwe = norm_map[s], norm_map[e - 1] + 1, norm_map[ws], norm_map[we - 1] + 1
            for key, bare, value, key_art in vals:
                if bare:
                    # "ال"+X entry found as X: only after لل / (و|ف)?لل (ال would have matched whole).
                    if code != 2:
                        continue
                elif code and (key_art or not allow_art):
                    continue
                append(new(rs, re_, rws, rwe, key, value, prefix, suffix, s, e))
        out.sort(key=_order)
        return out


#: One automaton entry: (entry key, found bare, value, entry key starts with the article).
_Entry = tuple[str, bool, Any, bool]


def _order(m: Match[Any]) -> tuple[int, int]:
    return (m.nstart, -m.nend)


@lru_cache(maxsize=8)
def _prefix_codes(cl: Clitics) -> dict[str, int]:
    """Every proclitic run ``split_prefix`` accepts → 0 (no article), 1 (article), 2 (article
    written as, or ending in, لل). ``""`` → 0. Built once per inventory (a few dozen strings)."""
    heads = ["", cl.lam_article] + [p + a for p in ("", *cl.prepositions) for a in ("", cl.article)]
    codes: dict[str, int] = {}
    for conj in ("", *cl.conjunctions):
        for head in heads:
            prefix = conj + head
            parts = cl.split_prefix(prefix)
            if parts is not None:
                codes[prefix] = 0 if not parts[2] else 2 if prefix.endswith(cl.lam_article) else 1
    return codes


def _hits(automaton: Any, norm: str, codes: Mapping[str, int], suffixes: frozenset[str],
          whole_words: frozenset[str]) -> Iterator[tuple[int, int, int, int, str, str, int, Any]]:
    """Raw automaton hits that sit at word boundaries: (s, e, ws, we, prefix, suffix, code, entries).

    ``s``/``e``: normalised span of the key; ``ws``/``we``: of the whole written word(s);
    ``code``: the prefix's article code (``_prefix_codes``). Rejected: more than 5 letters
    before or 4 after, a prefix that is no proclitic run, a suffix not in ``suffixes``, and
    clitic-looking words of ``whole_words``.
    """
    starts, ends = _word_bounds(norm)
    for end_idx, (n, vals) in automaton.iter(norm):
        e = end_idx + 1
        s = e - n
        ws = starts[s]
        we = ends[e]
        if ws == s:
            prefix = ""
            code = 0
            if we == e:
                yield s, e, ws, we, "", "", 0, vals
                continue
        else:
            # Left: the word starts at most 5 letters (the longest proclitic run) before the
            # phrase; the letters between are the prefix.
            if s - ws > 5:
                continue
            prefix = norm[ws:s]
            c = codes.get(prefix)
            if c is None:
                continue
            code = c
        # Right: whole word, or at most 4 letters of suffix.
        if we == e:
            suffix = ""
        else:
            if we - e > 4:
                continue
            suffix = norm[e:we]
            if suffix not in suffixes:
                continue
        if norm[ws:we] in whole_words:
            continue
        yield s, e, ws, we, prefix, suffix, code, vals


def longest_only(matches: Sequence[Match[V]]) -> list[Match[V]]:
    """Drop matches contained in a longer overlapping match (leftmost-longest), text order.

    Several values for the same span are all kept.
    """
    ordered = sorted(matches, key=lambda m: (m.nstart, -(m.nend - m.nstart)))
    out: list[Match[V]] = []
    last_end = -1
    last_span: tuple[int, int] | None = None
    for m in ordered:
        span = (m.nstart, m.nend)
        if span == last_span:
            out.append(m)
            continue
        if m.nstart >= last_end:
            out.append(m)
            last_end = m.nend
            last_span = span
    return out
