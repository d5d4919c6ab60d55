"""Fusion's fast paths (memo, link_score, neighbour read) decide exactly as the plain paths do."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from marsad.fuse import FuseSettings, fuse
from marsad.fuse.cluster import FuseMemo
from marsad.fuse.compare import Report, _evidence_sim, features, link_score, score_pair, veto
from marsad.fuse.dedup import SCHEME, signature
from marsad.fuse.similarity import partial_below
from marsad.fuse.synth import Seed, synthesize
from marsad.fuse.update import _in_window, _merge
from marsad.text.normalize import normalize_phrase

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


# -- evidence similarity: partial_ratio is skipped only when it is proved below the cutoff -----

_ARABIC = "ابتثجحدرسشصعفقكلمنهوي "


@settings(max_examples=300, deadline=None)
@given(
    a=st.text(alphabet=_ARABIC, min_size=1, max_size=120),
    b=st.text(alphabet=_ARABIC, min_size=1, max_size=160),
    cutoff=st.sampled_from([40.0, 60.0, 75.0, 90.0]),
)
def test_partial_below_never_claims_below_a_cutoff_partial_ratio_reaches(a: str, b: str, cutoff: float) -> None:
    if partial_below(a, b, cutoff):
        assert fuzz.partial_ratio(a, b) < cutoff


def _evidence_pairs(dev_gold: tuple[list[Report], dict[str, str]]) -> list[tuple[str, str, bool]]:
    """(evidence, evidence, same gold incident) of the dev gold attacks, normalised as fusion does."""
    reports, gold = dev_gold
    feats = [(features(r, CFG).evidence, gold.get(r.id)) for r in reports if r.event.kind == "attack"]
    feats = [(e, g) for e, g in feats if len(e) >= 30]
    return [(a, b, ga is not None and ga == gb) for i, (a, ga) in enumerate(feats) for b, gb in feats[i + 1 :]]


def test_partial_below_is_exact_on_real_evidence_and_proves_most_unrelated_pairs(
    dev_gold: tuple[list[Report], dict[str, str]],
) -> None:
    pairs = _evidence_pairs(dev_gold)
    proved = 0
    for a, b, _ in pairs:
        below = partial_below(a, b, CFG.evidence_mid)
        if below:
            assert fuzz.partial_ratio(a, b) < CFG.evidence_mid
        proved += below
    unrelated = sum(fuzz.partial_ratio(a, b) < CFG.evidence_mid for a, b, _ in pairs)
    assert proved >= 0.9 * unrelated > 0


def test_evidence_similarity_equals_the_plain_maximum_of_token_sort_and_partial_ratio(
    dev_gold: tuple[list[Report], dict[str, str]],
) -> None:
    reports, _ = dev_gold
    feats = [features(r, CFG) for r in reports if r.event.kind == "attack" and r.event.evidence][:60]
    floor = CFG.evidence_mid
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            plain = fuzz.token_sort_ratio(a.evidence, b.evidence)
            if len(a.evidence) >= 30 and len(b.evidence) >= 30:
                plain = max(plain, fuzz.partial_ratio(a.evidence, b.evidence))
            fast = _evidence_sim(a, b, floor)
            assert fast == pytest.approx(plain) if plain >= floor else fast < floor


# -- MinHash signatures are the ones datasketch computes from SHA-1 word shingles ---------------

def _reference_signature(text: str) -> np.ndarray:
    words = normalize_phrase(text).split()
    k = CFG.shingle
    grams = {" ".join(words).encode()} if len(words) <= k else {
        " ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}
    mh = MinHash(num_perm=CFG.minhash_perm, seed=1, scheme=SCHEME)
    mh.update_batch(list(grams))
    return mh.hashvalues


def test_signature_equals_datasketch_minhash_of_sha1_word_shingles(dev_articles: list[dict]) -> None:
    texts = [a["text"] for a in dev_articles[:15]]
    texts += ["قتل\u00a0خمسة\tأشخاص\n\nفي  انفجار\u2009ببغداد\x1c أمس", "انفجار", ""]
    for text in texts:
        assert signature(text, CFG).tolist() == _reference_signature(text).tolist()
