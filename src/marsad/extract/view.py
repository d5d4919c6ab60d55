"""Extract stage, doc view: an annotated Doc in; sentence units, token positions and cached lexicon hits over its normalised text out."""

from __future__ import annotations

import bisect
import re
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
    _cache: dict[str, list[Match[Any]]] = field(default_factory=dict)
    _units: dict[str, dict[int, list[Any]]] = field(default_factory=dict)

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
        return bisect.bisect_left(self.doc.norm_map, raw)

    def raw(self, n: int) -> int:
        """Raw offset of normalised offset ``n``."""
        nm = self.doc.norm_map
        return nm[min(max(n, 0), len(nm) - 1)]

    def sent_of(self, n: int) -> int:
        """Index of the unit holding normalised offset ``n`` (-1 when none)."""
        if "_starts" not in self._cache:
            self._cache["_starts"] = [u[0] for u in self.units]  # type: ignore[list-item]
        i = bisect.bisect_right(self._cache["_starts"], n) - 1
        if i >= 0 and n < self.units[i][1] + 1:
            return i
        return -1

    def ti(self, n: int) -> int:
        """Token index at normalised offset ``n``."""
        return bisect.bisect_right(self.tok, n) - 1

    def gap(self, a: tuple[int, int], b: tuple[int, int]) -> int:
        """Tokens strictly between two normalised spans (0 when adjacent or overlapping)."""
        if a[1] <= b[0]:
            return max(self.ti(b[0]) - self.ti(max(a[1] - 1, a[0])) - 1, 0)
        if b[1] <= a[0]:
            return max(self.ti(a[0]) - self.ti(max(b[1] - 1, b[0])) - 1, 0)
        return 0

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
        """All hits of matcher ``name`` over the document (cached; leftmost-longest by default)."""
        key = f"{name}:{int(longest)}"
        if key not in self._cache:
            found = self.res.matchers[name].find(self.doc.norm, self.doc.norm_map)
            self._cache[key] = longest_only(found) if longest else found
        return self._cache[key]

    def in_unit(self, name: str, i: int, longest: bool = True) -> list[Match[Any]]:
        """Hits of ``name`` inside unit ``i`` (indexed once per matcher)."""
        key = f"{name}:{int(longest)}:units"
        if key not in self._units:
            by: dict[int, list[Match[Any]]] = {}
            for m in self.hits(name, longest):
                u = self.sent_of(m.nstart)
                if u >= 0 and m.nend <= self.units[u][1]:
                    by.setdefault(u, []).append(m)
            self._units[key] = by
        return self._units[key].get(i, [])

    def spans_in_unit(self, items: Sequence[Any], i: int) -> list[Any]:
        """Doc annotations (with raw ``start``/``end``) inside unit ``i`` (indexed once per sequence)."""
        key = f"{id(items)}:spans"
        if key not in self._units:
            by: dict[int, list[Any]] = {}
            for x in items:
                u = self.sent_of(self.nidx(x.start))
                if u >= 0:
                    by.setdefault(u, []).append(x)
            self._units[key] = by
        return self._units[key].get(i, [])
