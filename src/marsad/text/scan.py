"""Text stage helper: a normalised text in, the sorted word-start offsets where a set of patterns may match out.

Patterns that open with a word boundary (``\\b``) give Python's regex engine no first
character to skip ahead to, so each one costs a call per text position. The date and number
finders instead scan once for candidate starts (``StartScan``) and try their patterns with
``Pattern.match`` only there (``finditer_at``), which yields the very same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["StartScan", "finditer_at"]

_WORD = re.compile(r"\w")


class StartScan:
    """Every offset ``p`` of a text where ``\\b(?=head)`` matches, found without a per-position scan.

    Args:
        head: a regex source (no capturing groups needed) that every pattern's match opens with
            at its start; ``first``: every character such a match can start with; ``digits``:
            whether it can also start with a decimal digit.

    When all of ``first`` are word characters, the boundary before ``p`` is "start of text or a
    non-word character before": the scan looks for a space (a literal the engine skips ahead to)
    or another non-word character followed by the head. Otherwise it falls back to
    ``\\b(?=head)``. ``starts`` returns the same offsets either way.
    """

    __slots__ = ("_at0", "_fallback", "_other", "_space")

    def __init__(self, head: str, first: Iterable[str], digits: bool) -> None:
        chars = set(first)
        cls = "".join(re.escape(c) for c in sorted(chars)) + (r"\d" if digits else "")
        if not cls:
            cls = "(?!)"
        else:
            cls = f"[{cls}]"
        self._fallback: re.Pattern[str] | None = None
        if not all(_WORD.match(c) for c in chars):
            self._fallback = re.compile(rf"\b(?=(?:{head}))")
        self._space = re.compile(rf" (?={cls})(?=(?:{head}))")
        self._other = re.compile(rf"[^\w ](?={cls})(?=(?:{head}))")
        self._at0 = re.compile(rf"(?={cls})(?=(?:{head}))")

    def starts(self, norm: str) -> list[int]:
        """Sorted offsets in ``norm`` that are a word boundary followed by the head."""
        if self._fallback is not None:
            return [m.start() for m in self._fallback.finditer(norm)]
        out = [m.end() for m in self._space.finditer(norm)]
        other = [m.end() for m in self._other.finditer(norm)]
        if other:
            out += other
            out.sort()
        if self._at0.match(norm):
            out.insert(0, 0)
        return out


def finditer_at(pat: re.Pattern[str], norm: str, first: frozenset[str], digits: bool, starts: Iterable[int]) -> list[re.Match[str]]:
    """The matches of ``pat.finditer(norm)``, given ``starts`` (sorted) holding every offset where one may begin.

    ``pat.match`` is tried at each start that is not inside the previous match and whose
    character is in ``first`` (or is a decimal digit when ``digits``), left to right.
    """
    out: list[re.Match[str]] = []
    last = -1
    for p in starts:
        if p < last:
            continue
        ch = norm[p]
        if ch in first or (digits and ch.isdecimal()):
            m = pat.match(norm, p)
            if m is not None:
                out.append(m)
                last = m.end()
    return out
