"""Text stage, phrase matching in one pass: a Doc's normalised text in, the matches of every PhraseMatcher of a set (by name) out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from marsad.text.matcher import (
    Clitics,
    Match,
    PhraseMatcher,
    _automaton,
    _hits,
    _order,
    _prefix_codes,
    _tuple_new,
)

__all__ = ["MatcherSet"]


class MatcherSet:
    """Several PhraseMatchers (sharing one clitic inventory) searched in one automaton pass.

    ``find_all(norm, norm_map)[name]`` equals ``matchers[name].find(norm, norm_map)``: same
    Match values in the same order; the text is scanned once and the boundary and clitic
    checks are done once per raw hit instead of once per matcher.

    Args:
        matchers: name → PhraseMatcher, all built with the same ``Clitics``.
    Raises:
        ValueError: the matchers use different clitic inventories.

    Example:
        >>> ms = MatcherSet({"a": PhraseMatcher([("هجوم", 1)], cl), "b": PhraseMatcher([("هجوم", 2)], cl)})
        >>> {k: [m.value for m in v] for k, v in ms.find_all("والهجوم", tuple(range(8))).items()}
        {'a': [1], 'b': [2]}
    """

    def __init__(self, matchers: Mapping[str, PhraseMatcher[Any]]) -> None:
        self.names: tuple[str, ...] = tuple(matchers)
        self._names = frozenset(self.names)
        inventories = {id(m._clitics): m._clitics for m in matchers.values()}
        if len(inventories) > 1:
            raise ValueError("MatcherSet: all matchers must share one Clitics inventory")
        self._clitics: Clitics | None = next(iter(inventories.values()), None)
        self._codes = _prefix_codes(self._clitics) if self._clitics is not None else {}
        # normalised text key → [(matcher index, article allowed, suffix allowed, *entry)]
        table: dict[str, list[tuple[Any, ...]]] = {}
        for i, m in enumerate(matchers.values()):
            if not m.size:
                continue
            for k, (n, vals, _, _) in m._automaton.items():
                # a key searched as لل + key (see _automaton) is longer than its phrase
                table.setdefault(k[len(k) - n:], []).extend((i, m._article, m._suffixes, *v) for v in vals)
        lam = self._clitics.lam_article if self._clitics is not None else ""
        self._automaton = _automaton({k: tuple(v) for k, v in table.items()}, lam, itemgetter(4, 6, 1, 2))
        self.size = len(table)

    def __contains__(self, name: object) -> bool:
        """Whether ``name`` is one of the matchers searched here."""
        return name in self._names

    def find_all(self, norm: str, norm_map: Sequence[int]) -> dict[str, list[Match[Any]]]:
        """Every matcher's matches in ``norm``: name → list as ``PhraseMatcher.find`` returns it."""
        buckets: list[list[Match[Any]]] = [[] for _ in self.names]
        cl = self._clitics
        tnew = _tuple_new
        if self.size and cl is not None:
            for rs, re_, rws, rwe, prefix, suffix, s, e, accepted in _hits(
                    self._automaton, norm, norm_map, self._codes, cl.suffixes, cl.whole_words):
                for i, _, _, key, _, value, _ in accepted:
                    buckets[i].append(tnew(Match, (rs, re_, rws, rwe, key, value, prefix, suffix, s, e)))
            for b in buckets:
                if len(b) > 1:
                    b.sort(key=_order)
        return dict(zip(self.names, buckets, strict=True))
