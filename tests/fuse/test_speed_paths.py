"""Fusion's fast paths (memo, link_score, neighbour read) decide exactly as the plain paths do."""

from __future__ import annotations

import pytest

from marsad.fuse import FuseSettings, fuse
from marsad.fuse.cluster import FuseMemo
from marsad.fuse.compare import Report, features, link_score, score_pair, veto
from marsad.fuse.synth import Seed, synthesize
from marsad.fuse.update import _in_window, _merge

CFG = FuseSettings()


def _clusters(incidents: list) -> set[frozenset[str]]:
    return {frozenset(inc.reports) for inc in incidents}


def test_fusion_with_a_memo_reused_across_batches_matches_fusion_without(
    twenty_seeds: list[Seed],
) -> None:
    syn = synthesize(twenty_seeds, reports_per_incident=6, rng_seed=3)
    memo = FuseMemo()
    half = syn.reports[: len(syn.reports) // 2]
    assert _clusters(fuse(half, CFG, memo=memo)) == _clusters(fuse(half, CFG))
    assert memo.scores  # the second call reuses these
    assert _clusters(fuse(syn.reports, CFG, memo=memo)) == _clusters(fuse(syn.reports, CFG))


def test_link_score_takes_every_clustering_decision_score_pair_takes(
    dev_gold: tuple[list[Report], dict[str, str]],
) -> None:
    reports, _ = dev_gold
    feats = [features(r, CFG) for r in reports]
    checked = 0
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            for dup in (False, True):
                exact = score_pair(a, b, CFG, duplicate=dup)[0]
                fast = link_score(a, b, CFG, duplicate=dup)
                assert veto(fast) == veto(exact)
                assert (fast <= CFG.veto_floor) == (exact <= CFG.veto_floor)
                assert (fast >= CFG.link_threshold) == (exact >= CFG.link_threshold)
                if exact >= CFG.link_threshold:
                    assert fast == exact
                checked += not veto(exact)
    assert checked > 50


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2024-01-03", True),     # inside the first span
        ("2024-01-06", False),    # between the spans
        ("2024-01", True),        # the month overlaps a span
        ("2024", True),           # the year overlaps a span
        ("2023-12", False),       # the month ends before the first span
        ("2024-02-11", True),     # last day of the second span
        ("2024-02-12", False),    # after every span
        (None, False),            # undated events are never neighbours
    ],
)
def test_neighbour_window_filter_matches_the_store_date_filter(iso: str | None, expected: bool) -> None:
    from datetime import date

    spans_ord = _merge([
        (date(2024, 1, 1).toordinal(), date(2024, 1, 5).toordinal()),
        (date(2024, 2, 1).toordinal(), date(2024, 2, 11).toordinal()),
        (date(2024, 1, 2).toordinal(), date(2024, 1, 4).toordinal()),
    ])
    spans = [(date.fromordinal(lo).isoformat(), date.fromordinal(hi).isoformat()) for lo, hi in spans_ord]
    assert len(spans) == 2
    assert _in_window(iso, spans, [u for _, u in spans]) is expected
    # the store's own predicate, one window at a time
    store_says = bool(iso) and any(iso >= s[: len(iso)] and iso <= u for s, u in spans)
    assert store_says is expected
