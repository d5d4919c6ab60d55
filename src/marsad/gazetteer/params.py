"""Gazetteer stage, parameters: the ``[gazetteer]`` section of default.toml in; frozen scoring weights and thresholds out."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.gazetteer.data import PlaceRecord
    from marsad.settings import Settings

__all__ = ["GazetteerParams"]


@dataclass(frozen=True, slots=True)
class GazetteerParams:
    """Weights and thresholds of place resolution (see default.toml ``[gazetteer]`` for each meaning).

    Populations are inhabitants (GeoNames), distances km, priors/weights unitless scores
    added together (readings above are kept; Leidner 2007, "Toponym Resolution in Text", ch. 4).
    The ``build_*`` values only matter when scripts/build_gazetteer.py runs.
    """

    build_min_pop_english: int = 15000
    build_short_name_letters: int = 3
    build_short_name_min_pop: int = 100000
    build_common_word_pop: int = 1000000
    build_district_city_pop: int = 1000000
    build_district_km: float = 12.0
    build_district_pop_ratio: float = 0.5
    build_variant_min_pop: int = 300000
    pop_alone: int = 200000
    pop_needs_country: int = 50000
    prior_country: float = 0.7
    prior_adjective: float = 0.6
    prior_admin1: float = 0.45
    prior_capital_bonus: float = 0.15
    prior_subplace: float = 0.45
    prior_curated_unknown_pop: float = 0.4
    prior_pop_base: float = 0.1
    prior_pop_slope: float = 0.075
    prior_pop_max: float = 0.55
    w_country_in_article: float = 0.25
    w_same_sentence: float = 0.1
    w_dateline_country: float = 0.3
    w_division_named: float = 0.3
    w_city_cue: float = 0.3
    w_admin1_cue: float = 0.4
    w_admin1_city_homonym: float = -0.3
    w_country_cue: float = 0.4
    w_country_city_cue: float = -0.3
    w_dateline_place: float = 0.2
    w_paren_country: float = 0.5
    w_homonym_place: float = -0.25
    locate_conflict_km: float = 50.0

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> GazetteerParams:
        """Read ``[gazetteer]`` from ``settings`` (default: marsad.settings.load_settings()).

        Keys missing from the section keep the defaults above; unknown keys raise KeyError.
        """
        from marsad.settings import load_settings, section_into

        return section_into(settings or load_settings(), "gazetteer", cls())

    def place_prior(self, p: PlaceRecord) -> float:
        """Population prior of a place: sub-places a constant, towns log-scaled by population, capped."""
        if p.kind != "city":
            return self.prior_subplace
        if p.curated and p.population == 0:
            return self.prior_curated_unknown_pop
        return min(self.prior_pop_max, self.prior_pop_base + self.prior_pop_slope * math.log10(max(p.population, 1)))
