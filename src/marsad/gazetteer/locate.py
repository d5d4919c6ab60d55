"""Gazetteer stage, event location: an annotated Doc and a raw span in; the best PlaceMention for an event there out."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from marsad.gazetteer.places import not_a_location
from marsad.model import Doc, PlaceMention

__all__ = ["best_location"]


def _rank(p: PlaceMention) -> tuple[int, bool, int]:
    """place (with a known city) > city > place without city > admin1 > country; direct before vicinity; earliest."""
    order = {"place": 0 if p.city else 2, "city": 1, "admin1": 3, "country": 4}
    return (order.get(p.precision or "country", 5), p.vicinity, p.start)


def _fill(best: PlaceMention, cands: list[PlaceMention], reason: str) -> PlaceMention:
    """Fill a precise mention's missing admin1 from a division named nearby in the same country."""
    if best.admin1 is None and best.precision in ("city", "place"):
        for p in cands:
            if p.precision == "admin1" and p.country == best.country and p.admin1:
                best = replace(best, admin1=p.admin1)
                break
    return replace(best, reason=f"{reason}; {best.reason}")


def _km(a: PlaceMention, b: PlaceMention) -> float:
    """Great-circle distance between two mentions in km (0 when either lacks coordinates)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 0.0
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def best_location(doc: Doc, start: int, end: int, dateline: tuple[int, int] | None, *,
                  focus: bool = True, conflict_km: float = 50.0) -> PlaceMention | None:
    """Best location for an event reported in the raw span ``[start, end)``.

    1. A place, city or division named in the span (not as an adjective): the most precise
       one (see ``_rank``), its admin1 filled from a division named in the span; a place lying
       more than ``conflict_km`` from a city of its country named (not as vicinity) in the span
       yields to that city.
    2. Else the span's country: a country named in the span, else an adjective's country if
       the article also names that country outright, else the article's main country (most
       non-adjective mentions; dateline country on ties).
    3. With ``focus`` (default), the city of that country named nearest before the span
       (outside the dateline), else the first one after it, else the dateline city; this is
       "the last place mentioned" rule of news narrative. Without it, or when the article
       names no city there, the country alone (no coordinates).
    Returns None when the article names no place at all.
    """
    resolved = [p for p in doc.places if p.precision and p.country]
    if not resolved:
        return None
    inside = [p for p in resolved if start <= p.start < end]
    direct = [p for p in inside if not p.adjective and p.precision != "country"]
    if direct:
        best = min(direct, key=_rank)
        far = [p for p in direct if p.precision == "city" and p.country == best.country and not p.vicinity
               and _km(p, best) > conflict_km]
        if best.precision == "place" and far:
            # A landmark far from the city named with it is the wrong homonym (several cities
            # have a "St Mark's cathedral"): the named city wins.
            best = min(far, key=_rank)
        return _fill(best, inside, "named in span")
    strong = Counter(p.country for p in resolved if not p.adjective)
    in_dl = [p for p in resolved if dateline and dateline[0] <= p.start < dateline[1]]
    dl_countries = {p.country for p in in_dl}
    named = [p.country for p in inside if not p.adjective]
    adjs = [p.country for p in inside if p.adjective and strong[p.country] > 0 and not not_a_location(p)]
    counts = strong or Counter(p.country for p in resolved)
    main = max(counts, key=lambda c: (counts[c], c in dl_countries))
    country = named[0] if named else adjs[0] if adjs else main
    why = "country named in span" if named else "adjective in span" if adjs else f"article's main country ({counts[main]} mentions)"
    if focus:
        body = [p for p in resolved if p.country == country and p.precision in ("city", "place") and not p.adjective
                and p not in in_dl and p.city]
        named_body = [p for p in body if not p.reason.startswith("bare capital")]
        body = named_body or body
        before = [p for p in body if p.start < start]
        after = [p for p in body if p.start >= end]
        near = before[-1] if before else after[0] if after else None
        if near is None:
            near = next((p for p in in_dl if p.country == country and p.precision == "city"), None)
        if near is not None:
            return replace(near, score=min(near.score, 0.5), reason=f"{why}; nearest city named in article; {near.reason}")
    src = next((p for p in inside if p.country == country), None) or next(p for p in resolved if p.country == country)
    return PlaceMention(src.start, src.end, src.name, "country", country, score=0.4, reason=why)
