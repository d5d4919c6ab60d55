"""The M49 country→region table loads with its source/licence header and rebuilds to the same bytes."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from marsad.analysis.base import load_regions

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("country", "region", "name_ar"),
    [("OM", "145", "غرب آسيا"), ("ML", "011", "غرب أفريقيا"), ("FR", "155", "غرب أوروبا"), ("AF", "034", "جنوب آسيا")],
)
def test_regions_place_countries_in_their_m49_region(country, region, name_ar):
    regions = load_regions()
    assert regions.region(country) == region
    assert regions.region_name(region, "ar") == name_ar


def test_regions_table_rebuilds_to_the_same_bytes(tmp_path):
    pytest.importorskip("babel", reason="the build extra (babel) builds the table")
    build = runpy.run_path(str(REPO / "scripts" / "build_analysis_regions.py"))
    out = tmp_path / "m49_regions.tsv"
    build["main"](out)
    shipped = REPO / "src" / "marsad" / "resources" / "common" / "m49_regions.tsv"
    assert out.read_bytes() == shipped.read_bytes()
