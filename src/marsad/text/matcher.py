"""Text stage, phrase matching: lexicon entries found in normalised text at word boundaries, clitic-aware.

A ``PhraseMatcher`` is built once from (phrase, value) entries (Aho–Corasick via
pyahocorasick) and finds them in a Doc's normalised text, accepting Arabic proclitics
before the first word (و ف + ب ل ك + ال, and لل) and, when asked, pronoun suffixes after
the last word. Matches carry raw-text offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from marsad.resources import load
from marsad.text.normalize import normalize_phrase

__all__ = ["Clitics", "Match", "PhraseMatcher", "longest_only"]

V = TypeVar("V")

_WORD_CLASS = r"0-9a-z\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06d5\u06fa-\u06ff"


_WORD_RUN = re.compile(f"[{_WORD_CLASS}]+")
#: The characters of ``_WORD_CLASS`` (all below U+0700).
_WORD_CHARS = frozenset(c for c in map(chr, range(0x700)) if _WORD_RUN.match(c))


@lru_cache(maxsize=32)
def _word_runs(norm: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Runs of word characters (``_WORD_CLASS``) in ``norm``: (starts, ends), both ascending.

    Computed once per text and shared by every matcher (the cache key is the text itself);
    ``_hits`` reads the word boundaries of the offsets a matcher actually hits from them by
    bisection (instead of a table over every offset of the text).
    """
    spans = [m.span() for m in _WORD_RUN.finditer(norm)]
    if not spans:
        return (), ()
    starts, ends = zip(*spans, strict=True)
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


#: ``PhraseMatcher.find`` memoises the matches of texts up to this many characters (phrases
#: looked up one by one), at most ``_MEMO_LIMIT`` of them per matcher (then it starts afresh).
_MEMO_TEXT = 64
_MEMO_LIMIT = 20_000

#: Builds a Match from the tuple of its fields in order: ``_tuple_new(Match, (start, …, nend))``
#: (the named tuple's own ``__new__`` is a Python function around this; ≈2× slower).
_tuple_new = tuple.__new__


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
        self._automaton = _automaton({k: tuple(v) for k, v in table.items()}, clitics.lam_article,
                                     itemgetter(1, 3), (article, suffixes))
        self.size = len(table)
        #: short texts searched before (a phrase, not a Doc) → their matches; see ``find``.
        self._memo: dict[tuple[str, tuple[int, ...]], tuple[Match[V], ...]] = {}

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
        key = None
        if len(norm) <= _MEMO_TEXT:  # a phrase (a Doc's text is longer): same phrases recur across documents
            key = (norm, tuple(norm_map))
            known = self._memo.get(key)
            if known is not None:
                return list(known)
        out: list[Match[V]] = []
        append = out.append
        tnew = _tuple_new
        for rs, re_, rws, rwe, prefix, suffix, s, e, accepted in _hits(
                self._automaton, norm, norm_map, self._codes, self._suffix_set, self._clitics.whole_words):
            for k, _, value, _ in accepted:
                append(tnew(Match, (rs, re_, rws, rwe, k, value, prefix, suffix, s, e)))
        out.sort(key=_order)
        if key is not None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = tuple(out)
        return out


#: One automaton entry: (entry key, found bare, value, entry key starts with the article).
_Entry = tuple[str, bool, Any, bool]


def _order(m: Match[Any]) -> tuple[int, int]:
    return (m.nstart, -m.nend)


#: What an entry's acceptance depends on: (found bare (an "ال"+X entry found as X), entry key
#: starts with the article, article allowed, suffix allowed).
_Flags = tuple[bool, bool, bool, bool]


@lru_cache(maxsize=64)
def _slots(flags: _Flags) -> tuple[bool, ...]:
    """Whether an entry with ``flags`` is accepted in each context ``code * 2 + has_suffix``
    (``code``: the proclitic run's article code, ``_prefix_codes``: 0 none, 1 ال, 2 لل)."""
    bare, key_art, allow_art, allow_suffix = flags
    out = []
    for code in (0, 1, 2):
        for has_suffix in (False, True):
            if has_suffix and not allow_suffix:
                ok = False
            elif bare:
                ok = code == 2  # "ال"+X found as X: only after لل / (و|ف)?لل (ال would have matched whole)
            else:
                ok = not (code and (key_art or not allow_art))
            out.append(ok)
    return tuple(out)


def _automaton(table: Mapping[str, tuple[Any, ...]], lam_article: str, flags: Callable[[Any], tuple[bool, ...]],
               const: tuple[bool, ...] = ()) -> Any:
    """The Aho–Corasick automaton of ``table`` (normalised key → its entries): ``flags(entry) +
    const`` gives each entry's ``_Flags`` (``flags`` an ``itemgetter``: fast on big tables).

    Each key's value is ``(len(key), entries, accepted, suffix_ok)``: ``accepted[code * 2 +
    has_suffix]`` says which entries are accepted in that context: True (all), False (none)
    or the tuple of those accepted (in entry order), so ``_hits`` decides per raw hit with one
    index instead of per entry (keys whose entries share their flags share one ``accepted``);
    ``suffix_ok``: some entry accepts a suffix (else a hit followed by a letter is dropped at
    once: most raw hits of place names are the start of a longer word).

    A key whose entries are all "found bare" is only ever accepted right after لل (للتنظيم,
    وللتنظيم), so it is searched as لل+X, its value still giving len(X): ``_hits`` then puts
    the phrase at X and the proclitic run (ending in لل) before it, as for X alone, while the
    text's many X inside other words (ين of الين in "عين") are no raw hits any more. Unless
    لل+X is itself a key of the table.
    """
    auto = ahocorasick.Automaton()
    add = auto.add_word
    shared: dict[tuple[bool, ...], tuple[tuple[bool, ...], bool]] = {}  # flags → (accepted, suffix_ok)
    for k, entries in table.items():
        f0 = flags(entries[0])
        bare = f0[0]
        if len(entries) > 1:
            fl = [flags(x) for x in entries]
            bare = all(f[0] for f in fl)
        if len(entries) == 1 or all(f == f0 for f in fl):
            known = shared.get(f0)
            if known is None:
                acc = _slots(f0 + const)
                known = shared[f0] = (acc, any(acc[1::2]))
            accepted: tuple[Any, ...] = known[0]
            suffix_ok = known[1]
        else:
            slots = [_slots(f + const) for f in fl]
            accepted = tuple(tuple(x for x, sl in zip(entries, slots, strict=True) if sl[i]) or False
                             for i in range(6))
            suffix_ok = any(accepted[1::2])
        if bare and lam_article and lam_article + k not in table:
            add(lam_article + k, (len(k), entries, accepted, suffix_ok))
        else:
            add(k, (len(k), entries, accepted, suffix_ok))
    if table:
        auto.make_automaton()
    return auto


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


def _hits(automaton: Any, norm: str, norm_map: Sequence[int], codes: Mapping[str, int], suffixes: frozenset[str],
          whole_words: frozenset[str]) -> Iterator[tuple[int, int, int, int, str, str, int, int, tuple[Any, ...]]]:
    """Automaton hits at word boundaries with accepted entries:
    (rs, re, rws, rwe, prefix, suffix, s, e, accepted).

    ``s``/``e``: normalised span of the key, ``rs``/``re`` its raw span; ``rws``/``rwe``: raw
    span of the whole written word(s); ``accepted``: the key's entries accepted after this
    prefix (article code, ``_prefix_codes``) and suffix (``_automaton``), never empty.
    Rejected: more than 5 letters before or 4 after, a prefix that is no proclitic run, a
    suffix not in ``suffixes``, clitic-looking words of ``whole_words``, and hits no entry
    accepts.
    """
    runs, run_ends = _word_runs(norm)
    size = len(norm)
    wc = _WORD_CHARS
    enders = {p[-1] for p in codes if p}  # last letters of the proclitic runs
    for end_idx, (n, entries, accepted, suffix_ok) in automaton.iter(norm):
        e = end_idx + 1
        # we: end of the word run holding e (e when none); ws: start of the run holding s - 1.
        if e == size or norm[e] not in wc:
            we = e
        elif not suffix_ok:
            continue  # letters follow and no entry takes a suffix
        else:
            we = run_ends[bisect_right(runs, e) - 1]
        s = e - n
        if s == 0 or norm[s - 1] not in wc:
            ws = s
        elif norm[s - 1] not in enders:
            continue  # inside a word: the letter before is no proclitic's last letter
        else:
            ws = runs[bisect_right(runs, s - 1) - 1]
        if ws == s:
            prefix = ""
            code = 0
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
            acc = accepted[code * 2]
            if acc is True:
                acc = entries
            elif not acc:
                continue
            if ws == s:  # the key is the whole written word
                yield norm_map[s], norm_map[e - 1] + 1, norm_map[ws], norm_map[we - 1] + 1, "", "", s, e, acc
                continue
        else:
            if we - e > 4:
                continue
            suffix = norm[e:we]
            if suffix not in suffixes:
                continue
            acc = accepted[code * 2 + 1]
            if acc is True:
                acc = entries
            elif not acc:
                continue
        if norm[ws:we] in whole_words:
            continue
        yield norm_map[s], norm_map[e - 1] + 1, norm_map[ws], norm_map[we - 1] + 1, prefix, suffix, s, e, acc


def longest_only(matches: Sequence[Match[V]], *, ordered: bool = False) -> list[Match[V]]:
    """Drop matches contained in a longer overlapping match (leftmost-longest), text order.

    Several values for the same span are all kept. ``ordered``: ``matches`` are already
    sorted by (nstart, -nend), as ``PhraseMatcher.find`` and ``MatcherSet.find_all`` return
    them (the sort is then skipped; same result).
    """
    ordered_ = matches if ordered else sorted(matches, key=lambda m: (m.nstart, -(m.nend - m.nstart)))
    out: list[Match[V]] = []
    last_end = -1
    last_span: tuple[int, int] | None = None
    for m in ordered_:
        span = (m.nstart, m.nend)
        if span == last_span:
            out.append(m)
            continue
        if m.nstart >= last_end:
            out.append(m)
            last_end = m.nend
            last_span = span
    return out
