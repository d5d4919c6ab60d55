"""B-cubed scoring of a clustering against gold clusters."""

from __future__ import annotations

import pytest

from marsad.fuse.score import bcubed

CASES = [
    # gold, pred, precision, recall
    ({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"}, 1.0, 1.0),
    ({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "c": "y"}, 2 / 3, 2 / 3),
    ({"a": 1, "b": 1, "c": 1}, {"a": "x", "b": "y", "c": "z"}, 1.0, 1 / 3),
    ({"a": 1, "b": 2, "c": 3}, {"a": "x", "b": "x", "c": "x"}, 1 / 3, 1.0),
    ({"a": 1, "b": 1}, {"a": "x", "b": "x", "zzz": "x"}, 1.0, 1.0),
]


@pytest.mark.parametrize(("gold", "pred", "p", "r"), CASES)
def test_bcubed_scores_each_item_by_its_cluster_overlap(gold: dict, pred: dict, p: float, r: float) -> None:
    precision, recall, f1 = bcubed(gold, pred)
    assert precision == pytest.approx(p)
    assert recall == pytest.approx(r)
    assert f1 == pytest.approx(2 * p * r / (p + r))


def test_bcubed_of_no_shared_items_is_zero() -> None:
    assert bcubed({"a": 1}, {"b": 1}) == (0.0, 0.0, 0.0)
