"""Extract stage, coded fields: shared helpers of field coding (the Coded record, item ownership, proximity)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.merge import Cluster
from marsad.extract.view import View
from marsad.model import FieldEvidence
from marsad.text.matcher import Match

__all__ = ["Coded", "Owner", "nearest", "nspan", "owned_hits"]


@dataclass
class Coded:
    """Field values of one cluster plus evidence (FieldEvidence per set field) and notes."""

    values: dict[str, Any] = field(default_factory=dict)
    evidence: list[FieldEvidence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def set(self, v: View, name: str, value: Any, span: tuple[int, int] | None, rule: str) -> None:
        """Set field ``name`` with its normalised ``span`` (None: no text span) and rule."""
        self.values[name] = value
        if span is not None:
            self.evidence.append(FieldEvidence(name, v.raw(span[0]), v.raw(span[1] - 1) + 1 if span[1] > span[0] else v.raw(span[0]), rule))
        self.notes.append(f"{name} = {value!r} ({rule})")


class Owner:
    """Decides which cluster owns an item in a sentence unit (nearest trigger wins)."""

    def __init__(self, v: View, clusters: Sequence[Cluster]) -> None:
        self.v = v
        #: (unit, span) → index of the cluster owning it (the nearest trigger), memoised per item
        self._owner: dict[tuple[int, tuple[int, int]], int] = {}
        self.by_unit: dict[int, list[tuple[int, tuple[int, int]]]] = {}
        for ci, c in enumerate(clusters):
            for m in c.mentions:
                self.by_unit.setdefault(m.unit, []).append((ci, m.span))

    def owns(self, ci: int, unit: int, span: tuple[int, int]) -> bool:
        """Whether cluster ``ci`` has the trigger nearest to ``span`` in ``unit``."""
        key = (unit, span)
        best = self._owner.get(key)
        if best is None:
            cands = self.by_unit.get(unit)
            if not cands:
                return False
            gap = self.v.gap
            # min(cands, key=(gap, starts after span)) as a loop: the first minimum wins
            s0 = span[0]
            best, bk = cands[0][0], (gap(cands[0][1], span), cands[0][1][0] > s0)
            for c, s in cands[1:]:
                k = (gap(s, span), s[0] > s0)
                if k < bk:
                    best, bk = c, k
            self._owner[key] = best
        return best == ci

    def gap_to(self, ci: int, unit: int, span: tuple[int, int]) -> int:
        """Tokens from ``span`` to the nearest trigger of cluster ``ci`` in ``unit``."""
        spans = [s for c, s in self.by_unit.get(unit, []) if c == ci]
        return min((self.v.gap(s, span) for s in spans), default=10**6)


def owned_hits(v: View, own: Owner, ci: int, c: Cluster, name: str, longest: bool = True) -> list[Match[Any]]:
    """Hits of lexicon ``name`` in the cluster's units that the cluster owns (nearest trigger)."""
    return [h for u in c.units for h in v.in_unit(name, u, longest) if own.owns(ci, u, (h.nstart, h.nend))]


def nspan(v: View, x: Any) -> tuple[int, int]:
    """Normalised (start, end) of an item with raw ``start``/``end`` offsets."""
    return v.nidx(x.start), v.nidx(x.end)


#: Hit lists longer than this are narrowed by bisection in ``nearest``; tokens a hit may span.
_SCAN, _HIT_TOKENS = 32, 64
#: At most this many hit lists keep their starts in a document's memo.
_MEMO_LISTS = 256


def nearest(v: View, hits: Sequence[Match[Any]], span: tuple[int, int], before: int, after: int) -> Match[Any] | None:
    """The hit nearest ``span`` within ``before`` tokens before it or ``after`` tokens after it (-1: none)."""
    best: tuple[int, Match[Any]] | None = None
    # View.gap(hs, span) inlined (called per hit): the span's own token positions are looked up once
    tok = v.tok
    s0, s1 = span
    right_of_hit = bisect_right(tok, s0)  # hit before the span: tokens up to the span's start
    left_of_hit = bisect_right(tok, s1 - 1 if s1 - 1 > s0 else s0)  # hit after the span
    if len(hits) > _SCAN:
        # Only hits starting within reach can qualify (a hit spans < _HIT_TOKENS tokens): found
        # by bisection over their starts, so a document with thousands of hits stays linear.
        memo = v.memo.setdefault("hit_starts", {})
        cached = memo.get(id(hits))
        if cached is None or cached[0] is not hits:  # the list itself is kept: its id stays unique
            starts = [h.nstart for h in hits]
            cached = (hits, starts, all(a <= b for a, b in zip(starts, starts[1:], strict=False)))
            if len(memo) >= _MEMO_LISTS:  # bounded: callers also pass short-lived lists
                memo.clear()
            memo[id(hits)] = cached
        if cached[2]:  # in text order (View.hits, in_unit); a concatenation is scanned whole
            lo_tok = max(right_of_hit - 1 - max(before, 0) - 1 - _HIT_TOKENS, 0)
            hi_tok = left_of_hit + max(after, 0) + 1
            lo = bisect_left(cached[1], tok[lo_tok] if lo_tok < len(tok) else s0)
            hi = bisect_right(cached[1], tok[hi_tok] if hi_tok < len(tok) else len(v.doc.norm))
            hits = hits[lo:hi]
    for h in hits:
        h0, h1 = h.nstart, h.nend
        if h0 < s1 and s0 < h1:
            continue
        if h1 <= s0:
            g = right_of_hit - bisect_right(tok, h1 - 1 if h1 - 1 > h0 else h0) - 1
        elif s1 <= h0:
            g = bisect_right(tok, h0) - left_of_hit - 1
        else:
            g = 0
        if g < 0:
            g = 0
        if (h1 <= s0 and g <= before) or (h0 >= s1 and g <= after):
            if best is None or g < best[0]:
                best = (g, h)
    return best[1] if best else None
