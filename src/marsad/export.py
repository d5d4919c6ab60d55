"""Export: Events and Docs in; the spec's JSON (annotated article), GTD-named CSV rows and GeoJSON out.

JSON follows ``shared/spec/event-format.md`` (the ``events`` of an annotated article) plus
marsad's fields (id, article_id, confidence, evidence offsets, per-field evidence). CSV uses
the GTD column names where GTD has one (GTD codebook 2021: iyear … suicide; ``*_txt`` hold
the codebook labels from ``resources/common/gtd_codebook.yaml``) and marsad's own columns.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

from marsad.model import Article, Doc, Event
from marsad.resources import ResourceError, load, load_tsv

__all__ = [
    "CSV_COLUMNS",
    "doc_to_annotated",
    "event_to_dict",
    "event_to_row",
    "events_to_geojson",
    "write_csv",
    "write_json",
]

SPEC_FIELDS = (
    "kind", "status", "date", "country", "admin1", "city", "place", "lat", "lon", "perpetrators",
    "attack_types", "target_types", "weapon_types", "killed", "perpetrators_killed", "wounded",
    "perpetrator_count", "claimed", "suicide", "evidence",
)

GTD_COLUMNS = (
    "iyear", "imonth", "iday", "country_txt", "provstate", "city", "latitude", "longitude",
    "attacktype1", "attacktype1_txt", "attacktype2_txt", "targtype1", "targtype1_txt", "targtype2_txt",
    "weaptype1", "weaptype1_txt", "weaptype2_txt", "gname", "gname2", "nkill", "nkillter", "nwound",
    "claimed", "suicide",
)
MARSAD_COLUMNS = (
    "event_id", "article_id", "kind", "status", "date", "country", "place", "perpetrators",
    "attack_types", "target_types", "weapon_types", "killed", "wounded", "perpetrator_count",
    "confidence", "evidence", "evidence_start", "evidence_end", "published", "outlet", "url", "source",
)
CSV_COLUMNS = GTD_COLUMNS + MARSAD_COLUMNS


def _count(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def event_to_dict(event: Event, *, marsad_fields: bool = True, explain: bool = False) -> dict[str, Any]:
    """One event as the spec's EVENT object (lists for codes, ``[min, max]`` for ranges).

    With ``marsad_fields`` it adds ``id``, ``article_id``, ``confidence``, ``evidence_start``,
    ``evidence_end`` and ``fields`` (per-field evidence: field, start, end, rule); with
    ``explain`` also the ``explanation`` lines.

    Example:
        >>> event_to_dict(Event(kind="attack", status="new", country="OM", killed=(6, 9)))["killed"]
        [6, 9]
    """
    out: dict[str, Any] = {}
    for name in SPEC_FIELDS:
        value = getattr(event, name)
        if isinstance(value, tuple) and name not in ("killed", "wounded"):
            value = [str(v) for v in value]
        out[name] = _count(value)
    out["kind"], out["status"] = str(event.kind), str(event.status)
    if marsad_fields:
        out["id"] = event.id
        out["article_id"] = event.article_id
        out["confidence"] = round(float(event.confidence), 4)
        out["evidence_start"] = event.evidence_start
        out["evidence_end"] = event.evidence_end
        out["fields"] = [{"field": f.field, "start": f.start, "end": f.end, "rule": f.rule} for f in event.fields]
    if explain:
        out["explanation"] = list(event.explanation)
    return out


def doc_to_annotated(doc: Doc, *, explain: bool = False) -> dict[str, Any]:
    """A processed Doc as an annotated-article object with the predicted ``events``.

    Example:
        >>> doc_to_annotated(process(Article(id="x", text="قتل خمسة أشخاص في انفجار ببغداد"), res))["events"]
    """
    art = doc.article
    return {
        "id": art.id,
        "lang": art.lang,
        "published": art.published,
        "outlet": art.outlet,
        "url": art.url,
        "title": art.title,
        "source": art.source,
        "text": art.text,
        "events": [event_to_dict(ev, explain=explain) for ev in doc.events],
    }


def write_json(obj: Any, fh: IO[str], *, lines: bool = False) -> None:
    """Write ``obj`` as indented UTF-8 JSON, or one compact line per item when ``lines``."""
    if lines:
        for item in obj:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    else:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


@functools.cache
def _codebook() -> Mapping[str, Any]:
    return load("common", "gtd_codebook")  # type: ignore[no-any-return]


@functools.cache
def _country_names() -> dict[str, str]:
    try:
        return {row["country"]: row["country_en"] for row in load_tsv("common", "m49_regions")}
    except (ResourceError, KeyError):
        return {}


def _label(table: str, codes: tuple[str, ...], i: int) -> tuple[Any, str]:
    if len(codes) <= i:
        return "", ""
    entry = _codebook()[table].get(str(codes[i]))
    return (entry["code"], entry["label"]) if entry else ("", str(codes[i]))


def _low(value: Any) -> Any:
    if value is None:
        return ""
    return value[0] if isinstance(value, tuple | list) else value


def _flag(value: bool | None) -> Any:
    return "" if value is None else int(value)


def event_to_row(
    event: Event, article: Article | None = None, country_name: Callable[[str], str | None] | None = None
) -> dict[str, Any]:
    """One event as a CSV row keyed by ``CSV_COLUMNS``.

    GTD conventions: unknown month/day are 0; ``nkill``/``nwound`` take the low end of a
    range (marsad's ``killed``/``wounded`` keep the range as "min-max"); ``claimed`` and
    ``suicide`` are 1/0, empty when unknown; ``country_txt`` is the English country name
    (UN M49/CLDR names, or ``country_name(code)`` when given).
    """
    parts = (event.date or "").split("-")
    at1, at1_txt = _label("attacktype1", event.attack_types, 0)
    tt1, tt1_txt = _label("targtype1", event.target_types, 0)
    wt1, wt1_txt = _label("weaptype1", event.weapon_types, 0)
    name = None
    if event.country:
        name = country_name(event.country) if country_name else _country_names().get(event.country)
    perps = list(event.perpetrators)

    def span(v: Any) -> Any:
        return "" if v is None else (f"{v[0]}-{v[1]}" if isinstance(v, tuple | list) else v)

    return {
        "iyear": parts[0] if parts[0] else "",
        "imonth": int(parts[1]) if len(parts) > 1 else (0 if parts[0] else ""),
        "iday": int(parts[2]) if len(parts) > 2 else (0 if parts[0] else ""),
        "country_txt": name or (event.country or ""),
        "provstate": event.admin1 or "",
        "city": event.city or "",
        "latitude": "" if event.lat is None else event.lat,
        "longitude": "" if event.lon is None else event.lon,
        "attacktype1": at1, "attacktype1_txt": at1_txt,
        "attacktype2_txt": _label("attacktype1", event.attack_types, 1)[1],
        "targtype1": tt1, "targtype1_txt": tt1_txt,
        "targtype2_txt": _label("targtype1", event.target_types, 1)[1],
        "weaptype1": wt1, "weaptype1_txt": wt1_txt,
        "weaptype2_txt": _label("weaptype1", event.weapon_types, 1)[1],
        "gname": perps[0] if perps else "",
        "gname2": perps[1] if len(perps) > 1 else "",
        "nkill": _low(event.killed),
        "nkillter": "" if event.perpetrators_killed is None else event.perpetrators_killed,
        "nwound": _low(event.wounded),
        "claimed": _flag(event.claimed),
        "suicide": _flag(event.suicide),
        "event_id": event.id, "article_id": event.article_id,
        "kind": str(event.kind), "status": str(event.status), "date": event.date or "",
        "country": event.country or "", "place": event.place or "",
        "perpetrators": ";".join(perps),
        "attack_types": ";".join(map(str, event.attack_types)),
        "target_types": ";".join(map(str, event.target_types)),
        "weapon_types": ";".join(map(str, event.weapon_types)),
        "killed": span(event.killed), "wounded": span(event.wounded),
        "perpetrator_count": "" if event.perpetrator_count is None else event.perpetrator_count,
        "confidence": round(float(event.confidence), 4),
        "evidence": event.evidence or "",
        "evidence_start": event.evidence_start, "evidence_end": event.evidence_end,
        "published": (article.published or "") if article else "",
        "outlet": (article.outlet or "") if article else "",
        "url": (article.url or "") if article else "",
        "source": (article.source or "") if article else "",
    }


def write_csv(
    events: Iterable[Event],
    fh: IO[str],
    articles: Mapping[str, Article] | None = None,
    country_name: Callable[[str], str | None] | None = None,
) -> int:
    """Write a header and one row per event to ``fh``; return the number of rows.

    ``articles`` (id → Article) fills the published/outlet/url/source columns.

    Example:
        >>> write_csv(store.events(country="IQ"), sys.stdout)   # header iyear,imonth,iday,country_txt,…
    """
    writer = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(event_to_row(ev, (articles or {}).get(ev.article_id), country_name))
        n += 1
    return n


def events_to_geojson(events: Iterable[Event], articles: Mapping[str, Article] | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: a Point ([lon, lat]) where both are known, else null geometry.

    Properties are ``event_to_dict`` plus the article's url/outlet/published when given.

    Example:
        >>> events_to_geojson([Event(kind="attack", status="new", lat=23.6, lon=58.4)])["features"][0]["geometry"]
        {'type': 'Point', 'coordinates': [58.4, 23.6]}
    """
    features = []
    for ev in events:
        props = event_to_dict(ev)
        art = (articles or {}).get(ev.article_id)
        if art is not None:
            props.update({"published": art.published, "outlet": art.outlet, "url": art.url})
        geom = None
        if ev.lat is not None and ev.lon is not None:
            geom = {"type": "Point", "coordinates": [ev.lon, ev.lat]}
        features.append({"type": "Feature", "id": ev.id or None, "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "features": features}
