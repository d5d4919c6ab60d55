"""Text stage, phrase matching in one pass: a Doc's normalised text in, the matches of every PhraseMatcher of a set (by name) out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ahocorasick

from marsad.text.matcher import Clitics, Match, PhraseMatcher, _hits, _new_match, _order, _prefix_codes

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
        # normalised text key → [(matcher index, article allowed, suffix allowed, *_Entry)]
        table: dict[str, list[tuple[Any, ...]]] = {}
        for i, m in enumerate(matchers.values()):
            if not m.size:
                continue
            for k, (_, vals) in m._automaton.items():
                table.setdefault(k, []).extend((i, m._article, m._suffixes, *v) for v in vals)
        self._automaton = ahocorasick.Automaton()
        for k, vals in table.items():
            self._automaton.add_word(k, (len(k), tuple(vals)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def __contains__(self, name: object) -> bool:
        """Whether ``name`` is one of the matchers searched here."""
        return name in self._names

    def find_all(self, norm: str, norm_map: Sequence[int]) -> dict[str, list[Match[Any]]]:
        """Every matcher's matches in ``norm``: name → list as ``PhraseMatcher.find`` returns it."""
        buckets: list[list[Match[Any]]] = [[] for _ in self.names]
        cl = self._clitics
        new = _new_match
        if self.size and cl is not None:
            for s, e, ws, we, prefix, suffix, code, vals in _hits(self._automaton, norm, self._codes,
                                                                  cl.suffixes, cl.whole_words):
                rs, re_, rws, rwe = norm_map[s], norm_map[e - 1] + 1, norm_map[ws], norm_map[we - 1] + 1
                for i, allow_art, allow_suffix, key, bare, value, key_art in vals:
                    if suffix and not allow_suffix:
                        continue
                    if bare:
                        if code != 2:
                            continue
                    elif code and (key_art or not allow_art):
                        continue
                    buckets[i].append(new(rs, re_, rws, rwe, key, value, prefix, suffix, s, e))
            for b in buckets:
                if len(b) > 1:
                    b.sort(key=_order)
        return dict(zip(self.names, buckets, strict=True))
