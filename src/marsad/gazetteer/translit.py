"""Gazetteer stage, transliteration skeletons: a town name in Arabic or Latin script in; its consonant skeleton and GeoNames matches out.

An Arabic press spelling of a foreign town ("كامبريلس") and its GeoNames English name
("Cambrils") share a consonant skeleton (KMBRLS) once letters map to classes and vowels drop;
the letter classes live in ``curated/lexicon.yaml`` (``skeleton``). The town index
(``data/towns.tsv.gz``, all GeoNames cities500 names, sorted by skeleton) is decompressed on
first use only and searched by bisection; only the rows a lookup returns are parsed.
"""

from __future__ import annotations

import gzip
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Skeletons", "Town", "TownIndex"]

TOWNS_FILE = Path(__file__).resolve().parent / "data" / "towns.tsv.gz"


def _collapse(s: str) -> str:
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Skeletons:
    """Letter-class tables: Arabic letter → class, Latin digraph/letter → class; unmapped letters drop."""

    arabic: Mapping[str, str]
    digraphs: tuple[tuple[str, str], ...]
    latin: Mapping[str, str]
    min_length: int

    @classmethod
    def from_lexicon(cls, data: Mapping[str, Any]) -> Skeletons:
        """Build from the lexicon's ``skeleton`` mapping (keys arabic, latin_digraphs, latin, min_length)."""
        dg = sorted(((str(k), str(v)) for k, v in data["latin_digraphs"].items()), key=lambda kv: -len(kv[0]))
        return cls(
            arabic={str(k): str(v) for k, v in data["arabic"].items()},
            digraphs=tuple(dg),
            latin={str(k): str(v) for k, v in data["latin"].items()},
            min_length=int(data["min_length"]),
        )

    def arabic_key(self, name: str) -> str:
        """Skeleton of a normalised Arabic name ("كامبريلس" → "KMBRLS")."""
        return _collapse("".join(self.arabic.get(ch, "") for ch in name))

    def latin_key(self, name: str) -> str:
        """Skeleton of a Latin-script name, diacritics removed ("Cambrils" → "KMBRLS")."""
        s = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
        out: list[str] = []
        i = 0
        while i < len(s):
            for dg, klass in self.digraphs:
                if s.startswith(dg, i):
                    out.append(klass)
                    i += len(dg)
                    break
            else:
                out.append(self.latin.get(s[i], ""))
                i += 1
        return _collapse("".join(out))


@dataclass(frozen=True, slots=True)
class Town:
    """A GeoNames populated place from the town index (English name, ISO2, admin1 code, lat/lon, population;
    ``city`` the big city it is a district of, "" for a town of its own)."""

    geonameid: int
    name: str
    iso2: str
    admin1: str
    lat: float
    lon: float
    population: int
    city: str = ""

    @property
    def parent(self) -> str | None:
        """The big city this place is a district of ("Sadr City" → "Baghdad"), else None."""
        return self.city or None


def _rows(data: bytes, key: bytes) -> list[bytes]:
    """The rows (after the key column) of skeleton ``key`` in ``data``, a TSV sorted by its first
    column (header lines start with "#", which sorts before every skeleton letter), file order."""
    lo, hi = 0, len(data)  # both line starts; find the first line whose key is >= ``key``
    while lo < hi:
        mid = (lo + hi) // 2
        nl = data.rfind(b"\n", lo, mid)
        start = nl + 1 if nl >= 0 else lo
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if data[start:end].partition(b"\t")[0] < key:
            lo = end + 1
        else:
            hi = start
    out = []
    while lo < len(data):
        end = data.find(b"\n", lo)
        end = len(data) if end < 0 else end
        k, tab, rest = data[lo:end].partition(b"\t")
        if k != key or not tab:
            break
        out.append(rest)
        lo = end + 1
    return out


@dataclass(frozen=True, slots=True)
class TownIndex:
    """Skeleton → towns, from ``data/towns.tsv.gz`` (rows sorted by skeleton, as the build writes
    them): decompressed on the first lookup (≈0.1 s, ≈12 MB), then each lookup bisects the rows
    and parses only the few it returns."""

    path: Path = TOWNS_FILE
    _data: list[bytes] = field(default_factory=list, compare=False, repr=False)

    def _load(self) -> bytes:
        if not self._data:
            if not self.path.is_file():
                return b""
            self._data.append(gzip.decompress(self.path.read_bytes()))
        return self._data[0]

    def lookup(self, key: str, countries: Iterable[str]) -> list[Town]:
        """Towns with skeleton ``key`` in the given countries, most populous first."""
        data = self._load()
        if not key or key.startswith("#"):
            return []
        allowed = set(countries)
        out = []
        for row in _rows(data, key.encode("utf-8")):
            gid, name, cc, adm, lat, lon, pop, *parent = row.decode("utf-8").split("\t")
            if cc in allowed:
                out.append(Town(int(gid), name, cc, adm, float(lat), float(lon), int(pop), "".join(parent)))
        return sorted(out, key=lambda t: -t.population)
