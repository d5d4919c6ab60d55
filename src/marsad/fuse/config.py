"""Fusion settings: thresholds and weights for linking reports, read from the ``[fuse]`` settings section."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.settings import Settings, section_into

__all__ = ["FuseSettings", "fuse_settings"]


@dataclass(frozen=True, slots=True)
class FuseSettings:
    """Thresholds and weights for incident fusion (a log-odds style additive score).

    Attributes:
        link_threshold: a pair of reports links when its score reaches this.
        veto_floor: two clusters never merge when a pair across them scores below this.
        date_window_days: blocking window around a day-precision date (days).
        undated_lookback_days: an undated report's event is searched this far before publication.
        near_km / far_km: coordinates closer than ``near_km`` count as the same place, farther
            than ``far_km`` as different places (when both reports have coordinates); reports
            in different cities (or admin1) without coordinates are never one incident.
        toll_ratio: two tolls are compatible when max/min is at most this (tolls rise by the
            hour and get revised down; Kerman 2024: 103 → 84 → 89 → 95); beyond it they are
            compatible only when the higher figure was published later (a rising toll).
        toll_slack: small tolls are compatible when they differ by at most this many.
        minhash_threshold / minhash_perm / shingle: near-duplicate article detection (Jaccard
            threshold over word ``shingle``-grams, MinHash permutations).
        w_*: score weights (positive evidence for, negative against the same incident).
    """

    link_threshold: float = 3.5
    veto_floor: float = -2.0
    date_window_days: int = 3
    undated_lookback_days: int = 30
    near_km: float = 30.0
    far_km: float = 100.0
    toll_ratio: float = 3.0
    toll_slack: int = 3
    minhash_threshold: float = 0.8
    minhash_perm: int = 64
    shingle: int = 3
    w_same_day: float = 2.0
    w_day_apart: float = 1.0
    w_days_apart: float = 0.0
    w_same_month: float = 0.5
    w_same_city: float = 1.5
    w_same_admin1: float = 0.5
    w_place_same: float = 1.5
    w_place_differs: float = -1.0
    w_group_same: float = 1.5
    w_group_family: float = 1.0
    w_group_differs: float = -1.5
    w_toll_close: float = 1.0
    w_toll_compatible: float = 0.3
    w_toll_incompatible: float = -4.0
    w_types_overlap: float = 0.5
    w_types_disjoint: float = -0.5
    w_evidence_high: float = 2.0
    w_evidence_mid: float = 1.0
    evidence_high: float = 75.0
    evidence_mid: float = 60.0
    w_near_duplicate: float = 4.0
    w_uncorroborated: float = -1.5


def fuse_settings(settings: Settings | None = None) -> FuseSettings:
    """FuseSettings from the ``[fuse]`` section of ``settings`` (defaults where absent).

    Raises:
        KeyError: a key in ``[fuse]`` that FuseSettings does not know (a typo).
    """
    return section_into(settings, "fuse", FuseSettings())
