"""Text stage, tokens: normalised text (with its offset map) in, word tokens with clitic segmentation out.

Segmentation is a light stemmer in the style of Larkey et al.'s light10 (Larkey, Ballesteros
& Connell, "Light Stemming for Arabic Information Retrieval", 2007), restricted to clitics
(conjunctions و ف, prepositions ب ل ك, the article ال and لل, pronoun suffixes) and checked
against a lexicon of whole words that only look segmentable (وكان، لندن، بغداد).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from marsad.model import Token
from marsad.text.matcher import Clitics
from marsad.text.normalize import normalize_phrase

__all__ = ["Segmenter", "tokenize"]

# Word characters: ASCII letters/digits and the Arabic letters (normalised text).
_WORD_RE = re.compile(r"[0-9a-z\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]+")
_RAW_HA = "\u0647"  # ه written as such (not ة, which normalises to ه)
_CACHE_LIMIT = 200_000
# (prefix, stem, suffix, fallback): fallback is None when the analysis stands on its own, else
# the analysis to use when the document never shows the stem (بوتين is not ب+وتين).
_Seg = tuple[str, str, str, "tuple[str, str, str] | None"]
# Combining marks (harakat, superscript alef, Quranic marks) and tatweel that end a word.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")


@dataclass(frozen=True, slots=True)
class Segmenter:
    """Clitic segmentation rules plus the whole-word lexicon (normalised).

    ``prefixes`` are all written proclitic strings, longest first, each with the minimum
    stem length it leaves; ``suffixes`` the pronoun suffixes, longest first.
    """

    clitics: Clitics
    whole: frozenset[str]
    prefixes: tuple[tuple[str, int], ...]
    suffixes: tuple[str, ...]
    doubtful: frozenset[str] = frozenset()
    cache: dict[str, _Seg] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_resource(cls, clitics: Clitics, whole_words: Mapping[str, Any] | None = None) -> Segmenter:
        """Build from the clitics inventory (its ``whole_words``) plus an optional extra whole-word resource."""
        whole: set[str] = set(clitics.whole_words)
        for key, words in (whole_words or {}).items():
            if key == "meta":
                continue
            whole.update(normalize_phrase(w) for w in words)
        art, lam = clitics.article, clitics.lam_article
        prefixes: dict[str, int] = {}
        for conj in ("", *sorted(clitics.conjunctions)):
            prefixes[conj + lam] = 2
            prefixes[conj + art] = 2
            for prep in sorted(clitics.prepositions):
                prefixes[conj + prep + art] = 2
                prefixes[conj + prep] = 3
            if conj:
                prefixes[conj] = 3
            if clitics.future:
                # Future marker before an imperfect verb (سيقوم، وستعقد); always needs evidence.
                prefixes[conj + clitics.future] = 4
        prefixes.pop("", None)
        ordered = tuple(sorted(prefixes.items(), key=lambda kv: -len(kv[0])))
        sfx = tuple(sorted((s for s in clitics.suffixes if s not in ("ي", "ني")), key=len, reverse=True))
        return cls(
            clitics=clitics,
            whole=frozenset(whole),
            prefixes=ordered,
            suffixes=sfx,
            doubtful=frozenset(clitics.needs_evidence) | ({clitics.future} if clitics.future else set()),
        )

    def segment(self, word: str, raw_last: str = "") -> _Seg:
        """Split a normalised word into (prefix, stem, suffix, fallback).

        ``raw_last`` is the word's last raw character: a final ه is a suffix only when it was
        written ه (not ة). ``fallback`` is None, or the analysis to use when the document
        gives no evidence for the stem (the prefix holds a clitic from ``needs_evidence``).
        Example: "وبالموصل" → ("وبال", "موصل", "", None); "لندن" → ("", "لندن", "", None).
        """
        key = word if word[-1:] != "ه" else word + ("|h" if raw_last == _RAW_HA else "|")
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        res = self._segment(word, raw_last)
        if len(self.cache) > _CACHE_LIMIT:
            self.cache.clear()
        self.cache[key] = res
        return res

    def _segment(self, word: str, raw_last: str) -> _Seg:
        whole = self.whole
        if word in whole or not ("\u0621" <= word[:1] <= "\u064a"):
            return "", word, "", None
        art, lam = self.clitics.article, self.clitics.lam_article
        sfx = [s for s in self.suffixes if word.endswith(s) and not (s == _RAW_HA and raw_last != _RAW_HA)]
        pfx = [p for p, _ in self.prefixes if word.startswith(p)]
        # 1. Lexicon first: a listed word inside clitics (وبغداد، بلادكم).
        for s in sfx:
            if word[: -len(s)] in whole:
                return "", word[: -len(s)], s, None
        for p in pfx:
            rest = word[len(p):]
            if rest in whole:
                return p, rest, "", None
            if art not in p and lam not in p:
                for s in sfx:
                    if rest[: -len(s)] in whole:
                        return p, rest[: -len(s)], s, None
        # 2. Rules: longest prefix leaving a long enough stem.
        prefix, stem = "", word
        for p, min_len in self.prefixes:
            if word.startswith(p) and len(word) - len(p) >= min_len:
                prefix, stem = p, word[len(p):]
                break
        fallback = None
        if art not in prefix and lam not in prefix and any(c in self.doubtful for c in prefix):
            # Keep a sure conjunction (و) when the rest is long enough, else the whole word.
            head = prefix[:1]
            if head in self.clitics.conjunctions and head not in self.doubtful and len(word) - 1 >= 3:
                fallback = (head, word[1:], "")
            else:
                fallback = ("", word, "")
        # Pronoun suffixes: never after the article, stem of three letters or more.
        if art in prefix or lam in prefix:
            return prefix, stem, "", None
        for s in sfx:
            if stem.endswith(s) and len(stem) - len(s) >= 3:
                base = stem[: -len(s)]
                # مدينتها → مدينه: restore ta marbuta (normalised ه) on longer noun stems.
                if base.endswith("ت") and not base.endswith("ات") and len(base) >= 4:
                    base = base[:-1] + "ه"
                return prefix, base, s, fallback
        return prefix, stem, "", fallback


def tokenize(norm: str, norm_map: Sequence[int], text: str, seg: Segmenter) -> tuple[Token, ...]:
    """Word tokens of a normalised text with raw offsets and clitic analysis.

    Args:
        norm, norm_map: ``normalize(text)``; text: the raw text (to tell ة from ه).
        seg: the segmenter from TextResources.
    Returns:
        Tokens (letters/digits runs; punctuation is not a token) in text order.

    Example:
        "وبالموصل" → Token(norm="وبالموصل", prefix="وبال", stem="موصل", suffix="").
    """
    cache = seg.cache
    segment = seg.segment
    new, (s0, s1, s2, s3, s4, s5) = object.__new__, _token_setters()
    out: list[Token] = []
    append = out.append
    doubtful: list[tuple[int, _Seg]] = []  # (index in out, analysis) of tokens built with a doubtful prefix
    for m in _WORD_RE.finditer(norm):
        s, e = m.span()
        w = m.group()
        rs = norm_map[s]
        re_ = norm_map[e - 1] + 1
        if norm_map[e] > re_:  # diacritics/tatweel written after the last letter
            mk = _MARKS.match(text, re_)
            if mk is not None:
                re_ = mk.end()
        if w[-1] == "ه":
            hit = segment(w, text[norm_map[e - 1]])
        else:
            hit = cache.get(w)
            if hit is None:
                hit = segment(w)
        if hit[3] is not None:
            doubtful.append((len(out), hit))
        # Token(rs, re_, w, stem, prefix, suffix), slots filled directly (see _token_setters).
        t = new(Token)
        s0(t, rs)
        s1(t, re_)
        s2(t, w)
        s3(t, hit[1])
        s4(t, hit[0])
        s5(t, hit[2])
        append(t)
    if doubtful:
        # Evidence: the stem is written elsewhere in the document, bare or as a sure analysis;
        # without it a doubtful token takes its fallback analysis.
        seen = {t.norm for t in out}
        doubt = {i for i, _ in doubtful}
        seen.update(t.stem for i, t in enumerate(out) if t.prefix and i not in doubt)
        for i, h in doubtful:
            if h[1] not in seen:
                t = out[i]
                p, st, sf = h[3]  # type: ignore[misc]
                out[i] = Token(t.start, t.end, t.norm, st, p, sf)
    return tuple(out)


@lru_cache(maxsize=1)
def _token_setters() -> tuple[Callable[[Token, Any], None], ...]:
    """Setters of Token's six slots (start, end, norm, stem, prefix, suffix), in field order.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``;
    ``tokenize`` fills the slots of ``object.__new__(Token)`` through their descriptors
    instead (≈2× faster; a document makes hundreds of tokens). Same class and field values,
    so the token is equal (and hashes equal) to ``Token(...)`` and stays frozen.

    Raises:
        TypeError: Token's fields are no longer these six slots (update ``tokenize``).
    """
    names = tuple(f.name for f in fields(Token))
    if names != ("start", "end", "norm", "stem", "prefix", "suffix"):
        raise TypeError(f"tokenize: Token fields changed to {names}")
    return tuple(Token.__dict__[n].__set__ for n in names)
