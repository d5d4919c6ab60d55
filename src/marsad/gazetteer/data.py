"""Gazetteer stage, loading: the shipped ``data/gazetteer.json.gz`` in; the frozen ``Gazetteer`` (records, matchers, lexicons) out."""

from __future__ import annotations

import gzip
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from marsad.gazetteer.params import GazetteerParams
from marsad.gazetteer.translit import Skeletons, TownIndex
from marsad.resources import load
from marsad.text.matcher import Clitics, Match, PhraseMatcher
from marsad.text.matchset import MatcherSet
from marsad.text.normalize import normalize_phrase

__all__ = ["LEXICON_MATCHERS", "Admin1Info", "CountryInfo", "GroupRecord", "Hits", "Memo", "PlaceRecord", "Tables", "load_tables"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.json.gz"


@dataclass(frozen=True, slots=True)
class CountryInfo:
    """One ISO 3166-1 country: ``iso2``, English (GeoNames) and Arabic (CLDR) names, capital.

    ``capital`` is the index of the capital in ``Tables.places`` (-1 when unknown); ``weak``
    holds normalised Arabic names that are also common words (مالي، قطر) and need support.
    """

    iso2: str
    name_en: str
    name_ar: str
    capital: int
    weak: frozenset[str]


@dataclass(frozen=True, slots=True)
class Admin1Info:
    """A first-level division: ``key`` "IQ.15", English GeoNames name, main Arabic name."""

    key: str
    iso2: str
    name_en: str
    name_ar: str


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """A populated place (GeoNames) or a curated district/village/landmark.

    ``kind`` is "city" or district/village/landmark; ``city`` is the parent populated place
    for the latter; ``admin1`` the GeoNames admin1 code; ``population`` 0 when unknown;
    ``lat``/``lon`` in decimal degrees (None when unknown); ``curated`` when the record comes
    from or is extended by curated/places.tsv.
    """

    geonameid: int
    name_en: str
    iso2: str
    admin1: str
    lat: float | None
    lon: float | None
    population: int
    kind: str
    city: str
    curated: bool = False


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """An armed group: canonical English Wikipedia title, parent, main countries, names, sources."""

    canonical: str
    parent: str | None
    countries: tuple[str, ...]
    names_ar: tuple[str, ...]
    names_en: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every name the registry knows for the group (Arabic then English)."""
        return self.names_ar + self.names_en


# Matcher values: (kind, ref). kind C country / N adjective / A admin1 / P place.
PlaceValue = tuple[str, Any]

#: The small lexicon matchers searched together in one pass (``Tables.lexicon_matchers``).
LEXICON_MATCHERS = ("group", "generic", "anaphor", "entity", "capital", "unresolved")

#: One document's matches of the lexicon matchers: name (``LEXICON_MATCHERS``) → matches in text order.
Hits = dict[str, list[Match[Any]]]


@dataclass(frozen=True, slots=True)
class Memo:
    """Per-process memos of pure per-name computations, shared by every article.

    ``forms``: a word → itself and its forms without proclitics (بالمدينة → المدينة, مدينة);
    ``readings``: a matched name's matcher values → its readings; ``names``: (entry key, values)
    → what the name's spelling says (``context.NameInfo``); ``cues``: the (up to three) words
    before a name → what they say (``context.CueInfo``). Each is cleared when it
    reaches ``limit`` entries, so memory stays bounded (≈ a few MB); ``limit`` 0 memoises nothing.
    """

    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    readings: dict[tuple[PlaceValue, ...], tuple[Any, ...]] = field(default_factory=dict)
    names: dict[tuple[str, tuple[PlaceValue, ...]], Any] = field(default_factory=dict)
    cues: dict[tuple[str, ...], Any] = field(default_factory=dict)
    limit: int = 20000


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything loaded from the shipped file, plus the matchers built from it.

    ``lexicon_matchers`` searches the six small lexicons (``LEXICON_MATCHERS``: groups, generic
    actors, anaphors, entities, capital words, unresolved-name cues) in one pass; its
    ``find_all`` gives each the same matches as its own ``*_matcher.find``. ``memo`` holds
    per-process memos of pure per-name computations (see ``Memo``).
    """

    countries: Mapping[str, CountryInfo]
    admin1: Mapping[str, Admin1Info]
    places: tuple[PlaceRecord, ...]
    groups: Mapping[str, GroupRecord]
    place_matcher: PhraseMatcher[PlaceValue]
    group_matcher: PhraseMatcher[str]
    generic_matcher: PhraseMatcher[str]
    anaphor_matcher: PhraseMatcher[str]
    entity_matcher: PhraseMatcher[tuple[str, str]]
    cues: Mapping[str, frozenset[str]]
    generic_not_after: frozenset[str]
    vicinity: frozenset[str]
    capital_words: frozenset[str]
    stop: frozenset[str]
    acronyms: frozenset[str]
    common: frozenset[str]
    weak_admin1: frozenset[str]
    weak_country_after: frozenset[str]
    clitics: Clitics
    capital_matcher: PhraseMatcher[str]
    unresolved_matcher: PhraseMatcher[str]
    lexicon_matchers: MatcherSet
    skeletons: Skeletons
    towns: TownIndex
    adjective_endings: tuple[str, ...]
    params: GazetteerParams = GazetteerParams()
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)


def _norm_set(words: Any) -> frozenset[str]:
    return frozenset(normalize_phrase(str(w)) for w in words)


def load_tables(path: Path = DATA_FILE, params: GazetteerParams | None = None,
                exclude_places: Collection[tuple[str, int]] = ()) -> Tables:
    """Read the shipped gazetteer file and build the matchers (≈1 s, ≈100 MB).

    ``params`` are the scoring weights (default: ``[gazetteer]`` of default.toml);
    ``exclude_places`` lists (normalised name, place index) pairs left out of the place
    matcher (evaluation of curated entries held out; empty in production).

    Raises:
        FileNotFoundError: the data file is missing (run scripts/build_gazetteer.py).
    """
    doc = json.loads(gzip.decompress(path.read_bytes()))
    clitics = Clitics.from_resource(load("ar", "clitics"))
    countries = {
        c[0]: CountryInfo(iso2=c[0], name_en=c[1], name_ar=c[2], capital=int(c[3]), weak=frozenset(c[4]))
        for c in doc["countries"]
    }
    admin1 = {a[0]: Admin1Info(key=a[0], iso2=a[0].split(".")[0], name_en=a[1], name_ar=a[2]) for a in doc["admin1"]}
    places = tuple(PlaceRecord(*p) for p in doc["places"])
    drop = set(exclude_places)
    place_matcher: PhraseMatcher[PlaceValue] = PhraseMatcher(
        ((n, (t, r)) for n, t, r in doc["names"] if not (t == "P" and (n, r) in drop)), clitics, article=False
    )
    groups: dict[str, GroupRecord] = {}
    gentries: list[tuple[str, str]] = []
    for g in doc["groups"]:
        rec = GroupRecord(
            canonical=g["canonical"],
            parent=g["parent"] or None,
            countries=tuple(x for x in g["countries"].split("|") if x),
            names_ar=tuple(x for x in g["names_ar"].split("|") if x),
            names_en=tuple(x for x in g["names_en"].split("|") if x),
            sources=tuple(x for x in g["sources"].split("|") if x),
        )
        groups[rec.canonical] = rec
        gentries += [(n, rec.canonical) for n in rec.aliases]
    lex = doc["lexicon"]
    generic = [*lex["generic_actors"]["ar"], *lex["generic_actors"]["en"]]
    entities: list[tuple[str, tuple[str, str]]] = []
    for label, rows in sorted(doc["entities"].items()):
        for row in rows:
            entities += [(str(n), (label, str(row[0]))) for n in row]
    small: dict[str, PhraseMatcher[Any]] = {
        "group": PhraseMatcher(gentries, clitics, article=False),
        "generic": PhraseMatcher(((w, "unknown") for w in generic), clitics, article=False),
        "anaphor": PhraseMatcher(((w, w) for w in [*lex["group_anaphors"]["ar"], *lex["group_anaphors"]["en"]]), clitics,
                                 article=False),
        "entity": PhraseMatcher(entities, clitics, article=False),
        "capital": PhraseMatcher(((w, w) for w in lex["capital_words"]), clitics, article=True),
        "unresolved": PhraseMatcher(((w, w) for w in lex["unresolved_after"]), clitics, article=True),
    }
    return Tables(
        countries=MappingProxyType(countries),
        admin1=MappingProxyType(admin1),
        places=places,
        groups=MappingProxyType(groups),
        place_matcher=place_matcher,
        group_matcher=small["group"],
        generic_matcher=small["generic"],
        anaphor_matcher=small["anaphor"],
        entity_matcher=small["entity"],
        cues=MappingProxyType({k: _norm_set(v) for k, v in lex["cues"].items()}),
        generic_not_after=_norm_set([*lex["generic_not_after"]["ar"], *lex["generic_not_after"]["en"]]),
        vicinity=_norm_set([*lex["vicinity"]["ar"], *lex["vicinity"]["en"]]),
        capital_words=_norm_set(lex["capital_words"]),
        stop=_norm_set([*lex["stoplist"]["ar"], *lex["stoplist"]["en"]]),
        common=frozenset(doc["common"]),
        weak_admin1=_norm_set(lex["weak_admin1"]),
        weak_country_after=_norm_set(lex["weak_country_after"]),
        clitics=clitics,
        capital_matcher=small["capital"],
        unresolved_matcher=small["unresolved"],
        lexicon_matchers=MatcherSet({k: small[k] for k in LEXICON_MATCHERS}),
        skeletons=Skeletons.from_lexicon(lex["skeleton"]),
        towns=TownIndex(),
        params=params or GazetteerParams.from_settings(),
        adjective_endings=tuple(sorted(_norm_set(lex["adjective_endings"]))),
        acronyms=frozenset(n.lower() for n, _ in [*gentries, *entities] if n.isascii() and n.upper() == n),
    )
