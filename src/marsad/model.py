"""The frozen data model shared by every stage: articles in, annotated docs and coded events out.

Every span carries ``start``/``end`` character offsets into ``Article.text`` (the raw text,
never modified). Codes follow the Global Terrorism Database codebook (START, University of
Maryland, GTD codebook 2021), spelled in snake_case as in ``shared/spec/event-format.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "Article",
    "AttackType",
    "DateMention",
    "Doc",
    "EntityMention",
    "Event",
    "EventKind",
    "EventStatus",
    "FieldEvidence",
    "GroupMention",
    "Incident",
    "NumberMention",
    "PlaceMention",
    "Rejection",
    "ReportedValue",
    "Sentence",
    "TargetType",
    "Token",
    "WeaponType",
    "content_hash",
]


class EventKind(StrEnum):
    """Kinds of event (event-format.md, ``kind``)."""

    ATTACK = "attack"
    FOILED_PLOT = "foiled_plot"
    SECURITY_OPERATION = "security_operation"
    MEASURE = "measure"


class EventStatus(StrEnum):
    """Whether the article reports the event as its news or as background (``status``)."""

    NEW = "new"
    BACKGROUND = "background"


class AttackType(StrEnum):
    """GTD codebook 2021, ``attacktype1`` (names in snake_case)."""

    ASSASSINATION = "assassination"
    ARMED_ASSAULT = "armed_assault"
    BOMBING_EXPLOSION = "bombing_explosion"
    HIJACKING = "hijacking"
    HOSTAGE_TAKING_BARRICADE = "hostage_taking_barricade"
    HOSTAGE_TAKING_KIDNAPPING = "hostage_taking_kidnapping"
    FACILITY_INFRASTRUCTURE_ATTACK = "facility_infrastructure_attack"
    UNARMED_ASSAULT = "unarmed_assault"
    UNKNOWN = "unknown"


class TargetType(StrEnum):
    """GTD codebook 2021, ``targtype1`` (names in snake_case)."""

    BUSINESS = "business"
    GOVERNMENT_GENERAL = "government_general"
    POLICE = "police"
    MILITARY = "military"
    ABORTION_RELATED = "abortion_related"
    AIRPORTS_AIRCRAFT = "airports_aircraft"
    GOVERNMENT_DIPLOMATIC = "government_diplomatic"
    EDUCATIONAL_INSTITUTION = "educational_institution"
    FOOD_WATER_SUPPLY = "food_water_supply"
    JOURNALISTS_MEDIA = "journalists_media"
    MARITIME = "maritime"
    NGO = "ngo"
    OTHER = "other"
    PRIVATE_CITIZENS_PROPERTY = "private_citizens_property"
    RELIGIOUS_FIGURES_INSTITUTIONS = "religious_figures_institutions"
    TELECOMMUNICATION = "telecommunication"
    TERRORISTS_NON_STATE_MILITIA = "terrorists_non_state_militia"
    TOURISTS = "tourists"
    TRANSPORTATION = "transportation"
    UNKNOWN = "unknown"
    UTILITIES = "utilities"
    VIOLENT_POLITICAL_PARTY = "violent_political_party"


class WeaponType(StrEnum):
    """GTD codebook 2021, ``weaptype1`` (names in snake_case)."""

    BIOLOGICAL = "biological"
    CHEMICAL = "chemical"
    RADIOLOGICAL = "radiological"
    NUCLEAR = "nuclear"
    FIREARMS = "firearms"
    EXPLOSIVES = "explosives"
    FAKE_WEAPONS = "fake_weapons"
    INCENDIARY = "incendiary"
    MELEE = "melee"
    VEHICLE = "vehicle"
    SABOTAGE_EQUIPMENT = "sabotage_equipment"
    OTHER = "other"
    UNKNOWN = "unknown"


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the article text with whitespace runs collapsed.

    Two files whose text differs only in spacing hash the same, so re-ingesting an article
    stores it once.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested.

    Attributes:
        id: stable id (the annotated file's ``id`` or derived from the content hash).
        text: the raw body text, exactly as decoded; all offsets point into it.
        lang: ISO 639-1 code ("ar", "en", …) or "und".
        published: ISO date "YYYY-MM-DD" or None; relative dates resolve against it.
        title, outlet, url: metadata, None when unknown.
        source: the path (and line for JSONL) it came from.
        sha256: ``content_hash(text)``.
    """

    id: str
    text: str
    lang: str = "und"
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    source: str | None = None
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", content_hash(self.text))


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become an article, with the reason (e.g. "empty", "binary")."""

    source: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Token:
    """A whitespace/punctuation token with its clitic analysis.

    ``start``/``end`` are raw-text offsets of the whole token; ``norm`` is its normalised
    form; ``stem`` the normalised lookup form with proclitics and pronoun suffixes removed
    (``وبالموصل`` → ``موصل``); ``prefix``/``suffix`` the removed clitics (normalised).
    """

    start: int
    end: int
    norm: str
    stem: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a dateline unit when ``dateline`` is true) as raw-text offsets."""

    start: int
    end: int
    dateline: bool = False


NumberQualifier = Literal["exact", "approx", "min", "max", "range", "vague"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A cardinal number found in the text.

    ``value`` is the number (None when vague: عشرات); ``low``/``high`` give a range
    ("ما بين 30 و50"); ``qualifier`` is exact, approx (نحو), min (أكثر من), max, range or
    vague. ``noun_start``/``noun_end`` point at a counted noun that carries the number
    itself (duals: قتيلين = 2), else equal -1.
    """

    start: int
    end: int
    value: float | None
    qualifier: NumberQualifier = "exact"
    low: float | None = None
    high: float | None = None
    noun_start: int = -1
    noun_end: int = -1


DatePrecision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression; ``iso`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY", None if unresolved.

    ``relative`` is true for expressions resolved against the publication date (أمس).
    """

    start: int
    end: int
    iso: str | None
    precision: DatePrecision | None
    relative: bool = False


PlacePrecision = Literal["place", "city", "admin1", "country"]


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A resolved (or unresolved) place name.

    ``country`` is ISO 3166-1 alpha-2; ``admin1``/``city`` English GeoNames names; ``lat``/
    ``lon`` only when the place itself is known (never a country centroid); ``vicinity`` when
    the text says near/قرب/بضواحي; ``adjective`` when written as a demonym (العمانية).
    ``score`` in [0, 1] and ``reason`` explain the choice.
    """

    start: int
    end: int
    name: str
    precision: PlacePrecision | None
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    vicinity: bool = False
    adjective: bool = False
    score: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class GroupMention:
    """An armed group (canonical English Wikipedia title) or a generic actor word.

    ``generic`` is true for unnamed perpetrators (مسلحون، انتحاري، مجهولون); then
    ``canonical`` is "unknown". ``parent`` is the parent group's canonical name or None.
    """

    start: int
    end: int
    canonical: str
    parent: str | None = None
    generic: bool = False
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A person or organisation that is not an armed group (label: person, org, outlet, state)."""

    start: int
    end: int
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """Where one event field came from: raw-text offsets and the rule that set it."""

    field: str
    start: int
    end: int
    rule: str


Count = int | tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Event:
    """One event reported by one article, in the export format of event-format.md.

    Attack fields (``attack_types`` … ``suicide``) are empty/None for kinds other than
    attack and foiled_plot. ``killed``/``wounded`` are an int, a (min, max) range or None.
    ``evidence`` is the sentence text; ``evidence_start``/``evidence_end`` its raw offsets;
    ``fields`` the per-field evidence; ``confidence`` in [0, 1]; ``explanation`` lines for
    ``marsad extract --explain``.
    """

    kind: str
    status: str
    date: str | None = None
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    perpetrators: tuple[str, ...] = ()
    attack_types: tuple[str, ...] = ()
    target_types: tuple[str, ...] = ()
    weapon_types: tuple[str, ...] = ()
    killed: Count = None
    perpetrators_killed: int | None = None
    wounded: Count = None
    perpetrator_count: int | None = None
    claimed: bool | None = None
    suicide: bool | None = None
    evidence: str | None = None
    evidence_start: int = -1
    evidence_end: int = -1
    id: str = ""
    article_id: str = ""
    confidence: float = 0.0
    fields: tuple[FieldEvidence, ...] = ()
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Doc:
    """An article flowing through the pipeline; each stage returns a new Doc via replace().

    ``norm`` is the normalised text for matching and ``norm_map[i]`` the raw offset of
    ``norm[i]`` (len(norm_map) == len(norm) + 1, the last entry = len(article.text)).
    """

    article: Article
    norm: str = ""
    norm_map: tuple[int, ...] = ()
    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    groups: tuple[GroupMention, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    events: tuple[Event, ...] = ()
    stats: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        """The raw article text."""
        return self.article.text


@dataclass(frozen=True, slots=True)
class ReportedValue:
    """One value of one field as one report gave it (the history of an incident field).

    ``value`` is JSON-compatible (str, int, [min, max], list, bool or None); ``published``
    the report's publication date (ISO) or None.
    """

    field: str
    value: object
    event_id: str
    article_id: str
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world incident fused from the events (reports) of one or more articles.

    Fields mirror Event's incident fields and hold the best estimate; ``rules`` gives, per
    field, the rule that chose it ("latest report", "claim from any report" …); ``history``
    every reported value; ``reports`` the event ids and ``articles`` the article ids fused.
    ``first_reported``/``last_reported`` are ISO dates of the earliest/latest report.
    """

    id: str
    kind: str
    date: str | None = None
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    perpetrators: tuple[str, ...] = ()
    attack_types: tuple[str, ...] = ()
    target_types: tuple[str, ...] = ()
    weapon_types: tuple[str, ...] = ()
    killed: Count = None
    perpetrators_killed: int | None = None
    wounded: Count = None
    perpetrator_count: int | None = None
    claimed: bool | None = None
    suicide: bool | None = None
    reports: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    history: tuple[ReportedValue, ...] = ()
    rules: tuple[tuple[str, str], ...] = ()
    first_reported: str | None = None
    last_reported: str | None = None
