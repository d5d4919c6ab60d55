"""Extract stage, doc view: an annotated Doc in; sentence units, token positions and cached lexicon hits over its normalised text out."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.extract.lexicon import ExtractResources
from marsad.model import Doc
from marsad.text.matcher import Match, longest_only

__all__ = ["View", "trusted_places"]


def trusted_places(doc: Doc, min_score: float = 0.6) -> list[Any]:
    """Resolved places, dropping readings scored below ``min_score`` (default.toml
    ``[extract] min_place_score``) whose country the article does not otherwise name."""
    countries = {p.country for p in doc.places if p.country and (p.score >= min_score or p.precision == "country")}
    return [p for p in doc.places if p.country and (p.score >= min_score or p.country in countries)]

_TOKEN = re.compile(r"[^\s.,;:!?()\[\]\"'«»\-–—/]+")
_SENT_END = re.compile(r"[.!?](?=\s|$)")


@dataclass
class View:
    """Per-document working view for the extract stage (norm offsets throughout).

    ``units``: (start, end, dateline) sentence units in normalised offsets — the Doc's
    sentences, split further at sentence-final punctuation; ``tok``: token start offsets.
    """

    doc: Doc
    res: ExtractResources
    units: list[tuple[int, int, bool]] = field(default_factory=list)
    tok: list[int] = field(default_factory=list)
    trusted: list[Any] = field(default_factory=list)
    _cache: dict[Any, list[Any]] = field(default_factory=dict)
    _units: dict[Any, dict[int, list[Any]]] = field(default_factory=dict)
    _all: dict[str, list[Match[Any]]] | None = None
    _by_unit: dict[str, dict[int, list[Match[Any]]]] = field(default_factory=dict)
    _by_unit_all: dict[str, dict[int, list[Match[Any]]]] = field(default_factory=dict)
    _spans: dict[int, dict[int, list[Any]]] = field(default_factory=dict)
    _starts: list[int] | None = None
    _uo: tuple[list[int], list[int]] | None = None
    _on_token: dict[Any, dict[tuple[int, int], Any]] = field(default_factory=dict)
    #: per-document memos of the extract modules (key: a name of the module's choosing).
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, res: ExtractResources) -> View:
        """Index ``doc``: sentence units and tokens over ``doc.norm``."""
        v = cls(doc=doc, res=res)
        norm = doc.norm
        v.tok = [m.start() for m in _TOKEN.finditer(norm)]
        v.trusted = trusted_places(doc, float(res.params["min_place_score"]))
        sents = doc.sentences or ()
        spans: list[tuple[int, int, bool]] = []
        for s in sents:
            a, b = v.nidx(s.start), v.nidx(s.end)
            spans.append((a, b, s.dateline))
        if not spans:
            spans = [(0, len(norm), False)]
        for a, b, dl in spans:
            start = a
            for m in _SENT_END.finditer(norm, a, b):
                if m.end() - start > 1:
                    v.units.append((start, m.end(), dl))
                start = m.end()
            if b - start > 1 and norm[start:b].strip():
                v.units.append((start, b, dl))
        return v

    # ------------------------------------------------------------- offsets
    def nidx(self, raw: int) -> int:
        """Normalised offset of raw offset ``raw`` (first norm char at or after it)."""
        return bisect_left(self.doc.norm_map, raw)

    def raw(self, n: int) -> int:
        """Raw offset of normalised offset ``n``."""
        nm = self.doc.norm_map
        return nm[min(max(n, 0), len(nm) - 1)]

    def sent_of(self, n: int) -> int:
        """Index of the unit holding normalised offset ``n`` (-1 when none)."""
        table = self._uo
        if table is not None and 0 <= n < len(table[0]):
            return table[0][n]
        starts = self._starts
        if starts is None:
            starts = self._starts = [u[0] for u in self.units]
        i = bisect_right(starts, n) - 1
        if i >= 0 and n < self.units[i][1] + 1:
            return i
        return -1

    def ti(self, n: int) -> int:
        """Token index at normalised offset ``n``."""
        return bisect_right(self.tok, n) - 1

    def gap(self, a: tuple[int, int], b: tuple[int, int]) -> int:
        """Tokens strictly between two normalised spans (0 when adjacent or overlapping)."""
        a0, a1, b0, b1 = a[0], a[1], b[0], b[1]
        # ti(x) - ti(y) - 1, with ti(n) = bisect_right(tok, n) - 1 (inlined: called per candidate pair)
        if a1 <= b0:
            g = bisect_right(self.tok, b0) - bisect_right(self.tok, a1 - 1 if a1 - 1 > a0 else a0) - 1
        elif b1 <= a0:
            g = bisect_right(self.tok, a0) - bisect_right(self.tok, b1 - 1 if b1 - 1 > b0 else b0) - 1
        else:
            return 0
        return g if g > 0 else 0

    def text(self, i: int) -> str:
        """Normalised text of unit ``i``."""
        a, b, _ = self.units[i]
        return self.doc.norm[a:b]

    def raw_text(self, i: int) -> tuple[str, int, int]:
        """Raw text of unit ``i`` (trimmed) with its raw start and end offsets."""
        a, b, _ = self.units[i]
        rs, re_ = self.raw(a), self.raw(b)
        txt = self.doc.text[rs:re_]
        lead = len(txt) - len(txt.lstrip())
        txt = txt.strip()
        return txt, rs + lead, rs + lead + len(txt)

    # ------------------------------------------------------------- lexicon hits
    def hits(self, name: str, longest: bool = True) -> list[Match[Any]]:
        """All hits of matcher ``name`` over the document (cached; leftmost-longest by default).

        The first call searches the Doc once for every lexicon of ``res.matcher_set``;
        a matcher outside it searches on its own.
        """
        key = (name, longest)
        found = self._cache.get(key)
        if found is None:
            ms = self.res.matcher_set
            if ms is not None and name in ms:
                if self._all is None:
                    self._all = ms.find_all(self.doc.norm, self.doc.norm_map)
                found = self._all[name]
            else:
                found = self.res.matchers[name].find(self.doc.norm, self.doc.norm_map)
            if longest:
                found = longest_only(found, ordered=True)  # find / find_all give (nstart, -nend) order
            self._cache[key] = found
        return found

    def in_unit(self, name: str, i: int, longest: bool = True) -> list[Match[Any]]:
        """Hits of ``name`` inside unit ``i`` (indexed once per matcher)."""
        by = (self._by_unit if longest else self._by_unit_all).get(name)
        if by is None:
            by = self._index(name, longest)
        return by.get(i) or []

    def _index(self, name: str, longest: bool) -> dict[int, list[Match[Any]]]:
        """``in_unit``'s index of matcher ``name``: unit → its hits (those ending inside it)."""
        by: dict[int, list[Match[Any]]] = {}
        (self._by_unit if longest else self._by_unit_all)[name] = by
        hits = self.hits(name, longest)
        if not hits:
            return by
        uo, ends = self._unit_table()
        for m in hits:
            u = uo[m.nstart]  # sent_of, by table
            if u >= 0 and m.nend <= ends[u]:
                got = by.get(u)
                if got is None:
                    by[u] = [m]
                else:
                    got.append(m)
        return by

    def _unit_table(self) -> tuple[list[int], list[int]]:
        """(unit of every normalised offset as ``sent_of`` gives it, -1 outside units; unit ends),
        built once per document."""
        table = self._uo
        if table is None:
            units = self.units
            starts = self._starts
            if starts is None:
                starts = self._starts = [u[0] for u in units]
            size = max([len(self.doc.norm)] + [u[1] for u in units]) + 2
            uo = [-1] * size
            if all(a < b for a, b in zip(starts, starts[1:], strict=False)):
                for i, (a, b, _) in enumerate(units):
                    # a later unit wins on the offsets it shares with the one before (bisect_right)
                    uo[a:b + 1] = [i] * (b + 1 - a)
            else:  # units out of order: ask sent_of offset by offset
                uo = [self.sent_of(n) for n in range(size)]
            table = self._uo = (uo, [u[1] for u in units])
        return table

    def spans_in_unit(self, items: Sequence[Any], i: int) -> list[Any]:
        """Doc annotations (with raw ``start``/``end``) inside unit ``i`` (indexed once per sequence)."""
        by = self._spans.get(id(items))
        if by is None:
            by = self._spans[id(items)] = {}
            for x in items:
                u = self.sent_of(self.nidx(x.start))
                if u >= 0:
                    by.setdefault(u, []).append(x)
        return by.get(i) or []

    def hit_on(self, name: str, i: int, n: int) -> Match[Any] | None:
        """The first hit of ``name`` in unit ``i`` (``in_unit`` order) whose start lies on the
        token at normalised offset ``n`` (same token index), or None. Indexed once per matcher."""
        by = self._on_token.get(name)
        if by is None:
            by = self.token_index(name)
        return by.get((i, bisect_right(self.tok, n) - 1))

    def span_on(self, items: Sequence[Any], i: int, n: int) -> Any:
        """The first of ``items`` (``spans_in_unit`` order) in unit ``i`` whose raw ``start``
        lies on the token at normalised offset ``n``, or None. Indexed once per sequence."""
        by = self._on_token.get(id(items))
        if by is None:
            by = self.token_index(items)
        return by.get((i, bisect_right(self.tok, n) - 1))

    def token_index(self, source: str | Sequence[Any]) -> dict[tuple[int, int], Any]:
        """(unit, token index) → the first hit of matcher ``source`` (a name) or the first of the
        Doc annotations ``source`` (with raw ``start``) starting on that token (built once)."""
        key: Any = source if isinstance(source, str) else id(source)
        by = self._on_token.get(key)
        if by is not None:
            return by
        by = self._on_token[key] = {}
        tok = self.tok
        if isinstance(source, str):
            self.in_unit(source, 0)
            for u, hs in self._by_unit[source].items():
                for h in hs:
                    by.setdefault((u, bisect_right(tok, h.nstart) - 1), h)
        else:
            self.spans_in_unit(source, 0)
            nm = self.doc.norm_map
            for u, xs in self._spans[key].items():
                for x in xs:
                    by.setdefault((u, bisect_right(tok, bisect_left(nm, x.start)) - 1), x)
        return by
