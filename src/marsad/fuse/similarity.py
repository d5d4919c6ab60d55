"""Fusion stage, string similarity: two evidence strings and a cutoff in, a cheap exact proof that rapidfuzz's partial_ratio stays below the cutoff out."""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

__all__ = ["partial_below"]


def _windows_below(s1: str, s2: str, cutoff: float) -> bool:
    """True when ``fuzz.ratio(s1, w) < cutoff`` for every substring ``w`` of ``s2`` that
    ``fuzz.partial_ratio`` aligns ``s1`` with (``0 < len(s1) <= len(s2)``).

    partial_ratio compares ``s1`` with the windows ``s2[max(0, p):p + len(s1)]`` for start
    positions p from ``1 − len(s1)`` (prefixes) to ``len(s2) − 1`` (suffixes); ratio(s1, w) is
    ``200·LCS(s1, w) / (len(s1) + len(w))``. For a run of start positions, every window lies
    inside their union u, so LCS(s1, w) ≤ min(LCS(s1, u), len(w)); the ratio is then at most
    ``200·min(L, c) / (len(s1) + c)`` with L = LCS(s1, u) and c = L clamped to the runs' window
    lengths. Runs whose bound reaches ``cutoff`` are halved (down to 8 starts) and bounded
    again; the answer is False (not proved) when a short run still reaches it. One LCS costs
    a few microseconds (bit-parallel, rapidfuzz), partial_ratio of two 200-character
    sentences ~0.2 ms, and unrelated sentences are mostly proved below 60 in the first round.
    """
    l1, l2 = len(s1), len(s2)
    step = (l1 + 1) // 2
    full_last = l2 - l1  # windows starting in [0, full_last] have the full length l1
    limit = cutoff - 1e-6  # float slack: rapidfuzz normalises in another order
    quick = limit * l1 / (200.0 - limit)  # an LCS below this bounds every window below limit
    pending = [(p, p + step - 1 if p + step - 1 < l2 else l2 - 1) for p in range(1 - l1, l2, step)]
    while pending:
        units = [s2[(p if p > 0 else 0):(q + l1 if q + l1 < l2 else l2)] for p, q in pending]
        lcs = process.cdist([s1], units, scorer=LCSseq.similarity, workers=1)[0].tolist()
        split: list[tuple[int, int]] = []
        for (p, q), common in zip(pending, lcs, strict=True):
            if common < quick:
                continue
            w_p = (p + l1 if p + l1 < l2 else l2) - (p if p > 0 else 0)
            w_q = (q + l1 if q + l1 < l2 else l2) - (q if q > 0 else 0)
            w_min, w_max = (w_p, w_q) if w_p < w_q else (w_q, w_p)
            if p <= full_last and q >= 0:  # the run holds a full-length window
                w_max = l1
            c = w_min if common < w_min else w_max if common > w_max else common
            if 200.0 * (common if common < c else c) / (l1 + c) >= limit:
                if q - p < 8:
                    return False
                mid = (p + q) // 2
                split += [(p, mid), (mid + 1, q)]
        pending = split
    return True


def partial_below(a: str, b: str, cutoff: float) -> bool:
    """True when ``fuzz.partial_ratio(a, b)`` is proved to be below ``cutoff`` (cheaply).

    False means "not proved" (the score may still be below). Exact: never True for a pair
    whose partial_ratio reaches ``cutoff`` (see ``_windows_below``); like partial_ratio, equal
    lengths are checked in both directions. Empty strings are never proved below.
    """
    if not a or not b:
        return False
    if len(a) > len(b):
        a, b = b, a
    return _windows_below(a, b, cutoff) and (len(a) != len(b) or _windows_below(b, a, cutoff))
