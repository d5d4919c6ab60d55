"""Detection on plain, canonical wire-copy sentences (issue 5): bombings, shootings, ambushes,
assassinations, kidnappings, arson, sabotage, rocket fire and raids on villages, each with
cancelling twins (metaphor, hypothetical, denial, threat, title, court) and the homographs that
once cancelled them (طالبا students, القاضي a victim judge, الفجر dawn, «هيئة تحرير الشام»).

The table lives in plain_wire_probes.tsv (behaviour id, expected, sentence); expected is
``attack`` (an attack event), ``no_attack`` (neither attack nor foiled plot) or
``security_operation`` (that kind, and no attack).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import run

_TABLE = Path(__file__).with_name("plain_wire_probes.tsv")


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            bid, expected, text = line.split("\t")
            rows.append((bid, expected, text))
    return rows


ROWS = _rows()


def test_plain_wire_table_is_large_and_balanced() -> None:
    expected = [r[1] for r in ROWS]
    assert len(ROWS) >= 60 and expected.count("attack") >= 60 and expected.count("no_attack") >= 20
    assert len({r[0] for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize(("expected", "text"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_plain_wire_sentence_is_coded_as_expected(expected: str, text: str, resources) -> None:
    kinds = [str(e.kind) for e in run(text, resources, published="2024-03-10").events]
    if expected == "attack":
        assert "attack" in kinds, kinds
    elif expected == "no_attack":
        assert "attack" not in kinds and "foiled_plot" not in kinds, kinds
    else:
        assert expected in kinds and "attack" not in kinds, kinds
