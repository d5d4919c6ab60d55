"""Extract stage, date and location: a cluster of mentions in; its date, country, admin1, city, spot and coordinates out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from marsad.extract.merge import Cluster
from marsad.extract.spot import find_spot
from marsad.extract.status import mention_date, older_than, since_framed
from marsad.extract.view import View
from marsad.gazetteer.places import not_a_location

if TYPE_CHECKING:
    from marsad.extract.coded import Coded, Owner

__all__ = ["ATTACK_KINDS", "date_place"]

#: Kinds that carry attack fields (spec: attack fields are empty for the other kinds).
ATTACK_KINDS = ("attack", "foiled_plot")


def _nspan(v: View, x: Any) -> tuple[int, int]:
    return v.nidx(x.start), v.nidx(x.end)


def _spot(v: View, c: Cluster, p: Any) -> tuple[str, tuple[int, int]] | None:
    """The specific spot as written: from the target noun (or a place-type/vicinity word) through the place name.

    ("شاطئ فندق «إمبريال مرحبا» في منطقة القنطاوي", "قرية باريشا", "قرب مدينة جرابلس"); None
    when the place is a whole city, region or country named alone.
    """
    ps = _nspan(v, p)
    unit = v.sent_of(ps[0])
    if unit < 0:
        return None
    trig = [m.span for m in c.mentions if m.unit == unit]
    start = ps[0]
    for t in v.in_unit("target", unit):
        if t.nend <= ps[0] and v.gap((t.nstart, t.nend), ps) <= 6 and "," not in v.doc.norm[t.nend:ps[0]] \
                and any(s[1] <= t.nstart and v.gap(s, (t.nstart, t.nend)) <= 8 for s in trig):
            start = min(start, t.nstart)
            break
    if start < ps[0]:
        # the facility noun the target is annexed to ("مقر البرلمان", "مسجد الإمام علي", "منصة عرض")
        for t in v.in_unit("target_head", unit) + v.in_unit("place_type", unit):
            if t.nend <= start and v.gap((t.nstart, t.nend), (start, start + 1)) == 0 \
                    and "," not in v.doc.norm[t.nend:start]:
                start = t.nstart
                break
    if start == ps[0]:
        towns = {x.nstart for x in v.in_unit("town", unit)}  # "مدينة الموصل" alone is the city, no spot
        for t in v.in_unit("place_type", unit):
            if t.nend <= ps[0] and v.gap((t.nstart, t.nend), ps) == 0 and t.nstart not in towns:
                start = t.nstart
    for t in v.in_unit("vicinity", unit):
        if t.nend <= start and v.gap((t.nstart, t.nend), (start, start + 1)) == 0:
            start = t.nstart
    if start == ps[0] and p.precision != "place":
        return None
    end = ps[1]
    if start < ps[0] and p.precision in ("city", "admin1", "country"):
        end = _before_town(v, unit, start, ps)
    end = _and_spot(v, unit, end)
    a, b = v.raw(start), v.raw(end - 1) + 1
    text = v.doc.text
    if a > 0 and text[a - 1] == "\u00ab" and "\u00bb" in text[a:b + 40]:
        a -= 1  # the spot starts inside a quoted name
    if text.count("\u00ab", a, b) > text.count("\u00bb", a, b):
        close = text.find("\u00bb", b)
        stop = min((i for i in (text.find(ch, b) for ch in ".\n\u060c,") if i >= 0), default=len(text))
        b = close + 1 if 0 <= close < min(stop, b + 40) else b  # keep a quoted name whole («مانشستر أرينا»)
    if b > 0 and text[b - 1] == "\u00bb":
        # a quoted name's purpose phrase belongs to the spot: «كروكوس سيتي هول» للحفلات
        purpose = re.match(r" (\u0644\u0644\w+)(?=[\s.,\u060c])", text[b:b + 30])
        if purpose:
            b += purpose.end()
    spot = text[a:b].strip()
    first, sep, rest = spot.partition(" ")
    second = rest.split(" ", 1)[0]
    if first.endswith(("\u0627\u064b", "\u064b\u0627")) and not second.endswith(("\u0627\u064b", "\u064b\u0627")):
        spot = first[:-2] + sep + rest  # the spot in its base form: سوقاً شعبية → سوق شعبية
    return spot, (start, end)


def _and_spot(v: View, unit: int, end: int) -> int:
    """End of a spot extended through a second spot joined by "و" and named by a place
    ("مطار زافنتم الدولي ومحطة مترو مالبيك": both spots are the attack's place)."""
    norm = v.doc.norm
    for q in v.spans_in_unit(v.doc.places, unit):
        qs = _nspan(v, q)
        if qs[0] < end or v.gap((end - 1, end), qs) > 4:
            continue
        between = norm[end:qs[0]]
        if any(ch in between for ch in ",\u060c.") or " \u0641\u064a " in f" {between} ":
            break
        heads = v.in_unit("place_type", unit) + v.in_unit("target", unit)
        if any(end <= t.nstart < qs[0] and t.nstart > 0 and norm[t.nstart - 1] == "\u0648"
               and norm[t.nstart - 2:t.nstart - 1] in (" ", "") for t in heads):
            return qs[1]
        break
    return end


def _before_town(v: View, unit: int, start: int, ps: tuple[int, int]) -> int:
    """End of a spot named before its town: before "في مدينة"/"بـ" + the town
    ("فندق «أساسي» في مدينة كيسمايو" → "فندق «أساسي»"); the town itself is ``city``."""
    norm = v.doc.norm
    cut = ps[0]
    if ps[0] > 0 and norm[ps[0] - 1] not in " \n" and v.ti(ps[0]) > v.ti(start):
        cut = v.tok[v.ti(ps[0])]  # the town carries the preposition as a clitic (بصنعاء)
    links = sorted(v.in_unit("city_link", unit, longest=False), key=lambda h: -h.nend)
    moved = True
    while moved:
        moved = False
        for h in links:
            if start < h.nstart and h.nend <= cut and not norm[h.nend:cut].strip(" \u00bb\u00ab"):
                cut, moved = h.nstart, True
    if cut == ps[0] or v.ti(cut) <= v.ti(start):
        return ps[1]
    end = cut
    while end > start and norm[end - 1] in " ,\n":
        end -= 1
    return end


def _in_dateline(v: View, x: Any) -> bool:
    """Whether mention ``x`` lies in the dateline unit («بيشاور - «السند اليوم»:»)."""
    u = v.sent_of(v.nidx(x.start))
    return u >= 0 and bool(v.units[u][2])


def _dateline(v: View) -> list[Any]:
    return [x for i, u in enumerate(v.units) if u[2] for x in v.spans_in_unit(v.trusted, i)]


_PRECISE = {"place": 0, "city": 0, "admin1": 1, "country": 2}


def _plot_place(v: View, c: Cluster, p: Any, owned: list[Any], rule: str) -> tuple[Any, str]:
    """The place of a foiled plot: where the attack was to happen (GTD codebook 2021 codes a
    foiled plot at its intended location), so a place named in the plot's own sentences wins
    over one taken from the arrest that foiled it («مخطط … في ملعب … بالعاصمة فيينا» … «أوقفت
    الشرطة شاباً في بلدة تيرنيتس»). Returns (place, rule); ``p`` unchanged when the plot's
    sentences name no place or ``p`` is in one of them."""
    units = {m.unit for m in c.mentions if m.kind == "foiled_plot"}
    if not units or v.sent_of(v.nidx(p.start)) in units:
        return p, rule
    mine = [x for x in owned if not x.adjective and x.precision and v.sent_of(v.nidx(x.start)) in units]
    if not mine:
        return p, rule
    return min(mine, key=lambda x: _PRECISE.get(x.precision, 3)), "place named in the plot's own sentences (its target)"


def date_place(v: View, own: Owner, ci: int, c: Cluster, out: Coded, answered: Cluster | None = None) -> None:
    """Set date, country, admin1, city, place, lat and lon of cluster ``ci`` on ``out``.

    Date: the dates next to the incident's triggers (the earliest for an attack: incidents
    precede their reports), else for news the date of its sentence or of the story. Place:
    the place nearest the trigger, else for a security operation the place of the attack it
    ``answered`` (when the dateline, if any, is in that country), else (news) the dateline,
    else a place in its sentences.
    """
    found = [x for x in (mention_date(v, m) for m in c.mentions) if x is not None and x.iso]
    if c.status == "new" and c.kind in ATTACK_KINDS:
        # every day-precise date in the news incident's own sentences is a candidate
        found += [x for u in c.units for x in v.spans_in_unit(v.doc.dates, u)
                  if x.iso and x.precision == "day" and own.owns(ci, u, _nspan(v, x)) and not since_framed(v, x, u)]
    if c.status == "new":
        pub = v.doc.article.published
        # a bare year (or an old date) next to the news is a frame ("… since 2019"), not its date
        found = [x for x in found if not (x.precision == "year" and (pub is None or older_than(x.iso or "", pub, 0)))
                 and older_than(x.iso or "", pub, v.res.params["days_new"]) is not True]
    rule = "date nearest the trigger"
    d = None
    if found and c.kind in ATTACK_KINDS:
        days = [x for x in found if x.precision == "day"]
        d = min(days, key=lambda x: x.iso or "") if days else found[0]
        rule = "earliest date near the incident's triggers (the incident precedes its reports)"
    elif found:
        d = found[0]
    if d is None and c.status == "new":
        lead = c.mentions[0]
        pub = v.doc.article.published
        same = [x for x in v.spans_in_unit(v.doc.dates, lead.unit) if x.iso and x.precision != "year"
                and older_than(x.iso, pub, v.res.params["days_new"]) is not True and not since_framed(v, x, lead.unit)]
        # (not a date in the dateline: «السند اليوم» is the outlet's name)
        before = [x for x in v.doc.dates if x.iso and v.nidx(x.start) < lead.nstart
                  and older_than(x.iso, pub, v.res.params["days_new"]) is False and not (pub and x.iso[:10] > pub[:10])
                  and not _in_dateline(v, x)]
        if same:
            d, rule = min(same, key=lambda x: v.gap(_nspan(v, x), lead.span)), "date in the same sentence"
        elif before and c.kind == "security_operation":
            # arrests and raids follow the attack they answer, reported as of the story's latest day
            d, rule = max(before, key=lambda x: x.iso or ""), "latest recent day before it (an operation follows the attack)"
        elif before:
            d, rule = before[-1], "latest recent date before it (the story's time)"
    out.set(v, "date", d.iso if d else None, _nspan(v, d) if d else None, rule if d else "no date")
    p = c.place
    rule = "place nearest the trigger"
    # (a person's nationality or the country across a border locates nothing: gazetteer.not_a_location)
    owned = [x for u in c.units for x in v.spans_in_unit(v.trusted, u) if own.owns(ci, u, _nspan(v, x))
             and not not_a_location(x)]
    owned.sort(key=lambda x: x.adjective)
    dl = _dateline(v)
    if p is None and answered is not None and answered.place is not None and (
            not dl or dl[0].country == answered.place.country):
        # an operation with no place of its own ends or answers the attack just reported
        p, rule = answered.place, "place of the attack the operation answers"
    if p is not None and c.kind == "foiled_plot":
        p, rule = _plot_place(v, c, p, owned, rule)
    if p is None and c.status == "new" and _dateline(v):
        p, rule = _dateline(v)[0], "dateline (the news is reported from there)"
    if p is None and owned:
        p, rule = owned[0], "place in the incident's sentences"
    if p is not None and not p.city:
        # a country or region alone: a town of the same country (of the same division, when a
        # division is named: «ولاية ننغرهار» is not refined by the Kabul dateline) in the incident's
        # sentences (or, for news, in the dateline) is more precise
        pool = [x for x in owned if not x.adjective] + (_dateline(v) if c.status == "new" else [])
        finer = next((x for x in pool if x.city and x.country == p.country and (not p.admin1 or x.admin1 == p.admin1)),
                     None)
        if finer is not None:
            p, rule = finer, rule + "; refined by a town of the same country"
    if p is None:
        out.set(v, "country", None, None, "no place")
        return
    sp = _nspan(v, p)
    out.set(v, "country", p.country, sp, rule)
    out.set(v, "admin1", p.admin1, sp if p.admin1 else None, rule)
    out.set(v, "city", p.city, sp if p.city else None, rule)
    spot = find_spot(v, c, town_ok=answered is None) or (_spot(v, c, p) if p.precision == "place" else None) or (
        # an operation that ends or answers an attack in the same town acts at the attack's spot
        find_spot(v, answered, town_ok=False) if answered is not None and answered.place is not None
        and answered.place.city == p.city else None) or find_spot(v, c) or _spot(v, c, p)
    out.set(v, "place", spot[0] if spot else None, spot[1] if spot else None, "target noun through the place name" if spot else rule)
    out.set(v, "lat", p.lat, sp if p.lat is not None else None, rule)
    out.set(v, "lon", p.lon, sp if p.lon is not None else None, rule)
