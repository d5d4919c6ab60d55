"""The shipped offline basemap (scripts/build_basemap.py output): small, coded, drawable."""

from __future__ import annotations

import json

from marsad.web.app import BASEMAP


def test_basemap_is_small_natural_earth_countries_with_iso_codes():
    assert BASEMAP.stat().st_size < 400_000
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["meta"]["source"] and "public domain" in data["meta"]["license"]
    codes = {f["properties"]["iso_a2"] for f in data["features"]}
    assert {"OM", "IQ", "SY", "NG", "AF", "PK", "FR", "RU", "US"} <= codes


def test_basemap_rings_never_jump_across_the_antimeridian():
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    for f in data["features"]:
        for polygon in f["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1]
                assert all(abs(a[0] - b[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False)), f["properties"]["name"]
