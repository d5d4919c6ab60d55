"""Text stage, sentences: raw article text in, sentence spans (a leading dateline as its own unit) out.

Splits on . ! ? ؟ ؛ ; … and line breaks, never inside a «…» or “…” quote on the same line,
never after an abbreviation (د. م.) or a single letter, never inside a number (3.5).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from marsad.model import Sentence

__all__ = ["SentenceRules", "split_sentences"]

# Terminators, optional closing quotes/brackets, then whitespace or end of text.
# Also a terminator glued to the next Arabic word ("الهجوم.وقال"), after a word of 2+ letters.
_BOUNDARY = re.compile(
    r"[.!?\u061f\u061b;\u2026]+[\u00bb\u201d\"')\]]*(?=\s|$)"
    r"|(?<=[\u0621-\u064a]{2})[.!?\u061f\u061b]+(?=[\u0621-\u064a])"
    r"|\n"
)
_QUOTES = re.compile(r"\u00ab[^\u00ab\u00bb\n]*\u00bb|\u201c[^\u201c\u201d\n]*\u201d")
_PRE_WORD = re.compile(r"(?:^|[\s(\"\u00ab])([^\s(\"\u00ab]{1,12})$")
_DASH = r"\s*[-\u2013\u2014]\s*"


@dataclass(frozen=True, slots=True)
class SentenceRules:
    """Compiled sentence rules: dateline pattern and abbreviation set (from sentences.yaml, ar + en)."""

    dateline: re.Pattern[str]
    dateline_generic: re.Pattern[str]
    abbreviations: frozenset[str]

    @classmethod
    def from_resources(cls, data: Iterable[Mapping[str, Any]]) -> SentenceRules:
        """Build from the loaded ``sentences`` resources (keys: agencies, abbreviations, max_dateline_chars)."""
        agencies: list[str] = []
        abbrevs: set[str] = set()
        max_chars = 80
        for d in data:
            agencies.extend(d["agencies"])
            abbrevs.update(a.lower().rstrip(".") for a in d["abbreviations"])
            max_chars = max(max_chars, int(d.get("max_dateline_chars", 80)))
        # Agency written with spaces or dots between letters: "أ ف ب", "أ.ف.ب".
        alts = sorted({re.escape(a).replace(r"\ ", r"[\s.]*") for a in agencies}, key=len, reverse=True)
        agency = "(?:" + "|".join(alts) + ")"
        place = r"[^\n:.!?\u061f\-\u2013\u2014]{1," + str(max_chars) + "}?"
        credit = rf"(?:\(\s*{agency}\s*\)|{agency}|\u00ab[^\u00bb\n]{{1,40}}\u00bb|\([^)\n]{{1,40}}\))"
        # "بغداد - أ ف ب:" / "الموصل - رويترز" (then end of line, ":" or another dash).
        # "BAGHDAD (Reuters) -": the credit in brackets before the dash.
        dateline = re.compile(
            rf"^\s*({place})(?:{_DASH}{credit}(?:\s*:|{_DASH}|\s*(?=\n))|\s*\(\s*{agency}\s*\)(?:{_DASH}|\s*:))",
            re.IGNORECASE,
        )
        # Generic "PLACE - OUTLET:" on the first line, outlet unknown.
        generic = re.compile(rf"^\s*({place}){_DASH}[^\n:.!?]{{1,40}}:", re.IGNORECASE)
        return cls(dateline=dateline, dateline_generic=generic, abbreviations=frozenset(abbrevs))


def _is_abbreviation(text: str, dot: int, rules: SentenceRules) -> bool:
    """True when the '.' at ``dot`` closes an abbreviation or a single letter (د. / U.S.)."""
    m = _PRE_WORD.search(text, max(0, dot - 13), dot)
    if not m:
        return False
    w = m.group(1).lower()
    if len(w) == 1 and w.isalpha():
        return True
    return w in rules.abbreviations or w.rstrip(".") in rules.abbreviations


def split_sentences(text: str, rules: SentenceRules) -> tuple[Sentence, ...]:
    """Sentence spans of a raw text, whitespace-trimmed, in order.

    A leading dateline ("بغداد - أ ف ب:", "الموصل - رويترز", "PARIS (AFP) -") is returned as
    its own Sentence with ``dateline=True``.

    Example:
        "بغداد - أ ف ب: قتل 5. وأصيب 3." → [dateline "بغداد - أ ف ب:", "قتل 5.", "وأصيب 3."]
    """
    out: list[Sentence] = []
    pos = 0
    head = text[:400]
    m = rules.dateline.match(head) or rules.dateline_generic.match(head)
    if m and m.group(1).strip() and len(m.group(1).split()) <= 8:
        s = len(m.group(0)) - len(m.group(0).lstrip())
        e = m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append(Sentence(s, e, True))
        pos = m.end()
    quotes = [(q.start(), q.end()) for q in _QUOTES.finditer(text, pos)]
    qi = 0
    start = pos
    for b in _BOUNDARY.finditer(text, pos):
        bs, be = b.span()
        if text[bs] != "\n":
            while qi < len(quotes) and quotes[qi][1] <= bs:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] < bs and be < quotes[qi][1]:
                continue
            if text[bs] == "." and be - bs == 1 and _is_abbreviation(text, bs, rules):
                continue
        _emit(text, start, be if text[bs] != "\n" else bs, out)
        start = be
    _emit(text, start, len(text), out)
    return tuple(out)


def _emit(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e))
