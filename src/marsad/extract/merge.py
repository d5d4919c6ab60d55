"""Extract stage, merging: mentions in; clusters (one per incident per article) out.

A creating mention joins the latest cluster of the same kind and status whose place and date
agree with it (same city, or the same country when one side only names the country; dates
within 3 days); a "separate incident" cue (في هجوم آخر) or a conflicting place opens a new
cluster. Background mentions join an earlier background cluster only on positive evidence
(same place or date, or the next sentence). Non-creating mentions add facts to the cluster
they agree with, else to the latest one of their status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.extract.detect import Mention
from marsad.extract.kinds import op_subkind
from marsad.extract.status import dates_close, mention_date
from marsad.extract.view import View
from marsad.model import DateMention, PlaceMention

__all__ = ["Cluster", "merge", "mention_place"]

_RANK = {"place": 4, "city": 3, "admin1": 2, "country": 1}


@dataclass
class Cluster:
    """Mentions of one incident: kind, status and the place/date that identify it."""

    kind: str
    status: str
    mentions: list[Mention] = field(default_factory=list)
    place: PlaceMention | None = None
    date: DateMention | None = None

    @property
    def units(self) -> list[int]:
        """Sentence units of its mentions, in order, without repeats."""
        return sorted({m.unit for m in self.mentions})

    @property
    def last_unit(self) -> int:
        """Index of the last sentence unit with a mention."""
        return max(m.unit for m in self.mentions)


def mention_place(v: View, m: Mention) -> PlaceMention | None:
    """The resolved place nearest to ``m`` in its unit, most precise on ties.

    Windows (default.toml ``[extract]``): ``place_window`` tokens in all, ``place_before`` before it.
    """
    window, before = v.res.params["place_window"], v.res.params["place_before"]
    best: tuple[int, int, PlaceMention] | None = None
    for p in v.spans_in_unit(v.trusted, m.unit):
        ps = (v.nidx(p.start), v.nidx(p.end))
        g = v.gap(ps, m.span)
        if g > window or (ps[1] <= m.nstart and g > before):
            continue  # where an event happened follows its noun; a place far before names something else
        if p.adjective:
            continue  # a demonym (وزارة الخارجية الروسية) names a nationality more often than the spot
        key = (g, -_RANK.get(p.precision or "", 0))
        if best is None or key < best[:2]:
            best = (key[0], key[1], p)
    return best[2] if best else None


def _place_agrees(a: PlaceMention | None, b: PlaceMention | None, strict: bool = True) -> bool | None:
    """True same place, False conflict, None when either is unknown or only one is precise.

    With ``strict`` False (news of the article) only two different cities conflict; a
    differing country named alone (a border, a demonym) does not split an incident.
    """
    if a is None or b is None:
        return None
    if a.country and b.country and a.country != b.country and (strict or (a.city and b.city)):
        return False
    ca, cb = a.city or "", b.city or ""
    if ca and cb:
        return ca.casefold() == cb.casefold()
    return None


def _date_agrees(a: DateMention | None, b: DateMention | None) -> bool | None:
    if a is None or b is None:
        return None
    return dates_close(a.iso, b.iso)


def _new_method(c: Cluster, m: Mention) -> bool:
    """Whether ``m`` names an attack method the cluster has not ("وفي كركوك، اغتال مسلحون …"
    after a car bomb elsewhere): with another town, another incident."""
    known = {x.atype for x in c.mentions if x.atype and x.atype != "unknown"}
    return bool(m.atype) and m.atype != "unknown" and bool(known) and m.atype not in known


def _fits(c: Cluster, m: Mention, place: PlaceMention | None, date: DateMention | None, own_toll: bool) -> bool:
    pa, da = _place_agrees(c.place, place), _date_agrees(c.date, date)
    same_country = c.place is None or place is None or c.place.country == place.country
    if c.status == "new" and m.kind == "attack":
        # the article's news: only another country, or another town with its own toll, method or
        # day, makes a second incident (GTD: separate tolls, separate events); a date difference alone is
        # usually the report's date against the incident's
        if not same_country or (pa is False and m.level == "verb" and (own_toll or _new_method(c, m) or da is False)):
            return False
        return True
    if da is False or pa is False:
        return False
    if c.status == "background" and m.kind in ("attack", "foiled_plot"):
        return bool(pa or da or m.unit - c.last_unit <= 1 or (place is None and date is None and m.unit in c.units))
    if m.kind == "measure":
        return False
    if m.kind == "security_operation":
        return bool(pa or m.unit - c.last_unit <= 1) and pa is not False
    return True


def _other_operation(v: View, c: Cluster, m: Mention) -> bool:
    """Whether security operation ``m`` and cluster ``c`` are an arrest and the end of a siege
    (marsad.extract.kinds.op_subkind): two operations, the forces' assault and the arrests of the
    investigation, however close (spec: separate security_operation events)."""
    if m.kind != "security_operation":
        return False
    mine = op_subkind(v, m)
    theirs = {op_subkind(v, x) for x in c.mentions if x.kind == "security_operation"}
    return {mine} | theirs >= {"arrest", "siege_end"} and mine not in theirs


def _split_in_unit(m: Mention, same: list[Cluster], separate: list[Any]) -> bool:
    """Whether a "separate incident" cue lies between ``m`` and the mentions before it in its
    sentence ("قتل 11 جنديا في هجوم على قاعدة …، فيما قتل خمسة مدنيين في هجوم آخر على قرية …")."""
    before = [x.nend for c in same for x in c.mentions if x.unit == m.unit and x.nend <= m.nstart]
    if not before:
        return False
    start = max(before)
    return any(start <= s.nstart < m.nend for s in separate)


def merge(v: View, mentions: list[Mention]) -> list[Cluster]:
    """Group mentions into clusters (sets ``Mention.cluster``); clusters in order of creation."""
    clusters: list[Cluster] = []
    separate = v.hits("separate")
    separate_units = {v.sent_of(s.nstart) for s in separate}
    for m in mentions:
        if m.ctx.startswith("cancelled"):
            continue
        place, date = mention_place(v, m), mention_date(v, m)
        same = [i for i, c in enumerate(clusters) if c.kind == m.kind and c.status == m.status]
        if m.creates:
            target = -1
            if m.unit not in separate_units or (any(m.unit in clusters[i].units for i in same)
                                                and not _split_in_unit(m, [clusters[i] for i in same], separate)):
                toll = bool(v.in_unit("killed", m.unit) or v.in_unit("wounded", m.unit)) and bool(
                    v.spans_in_unit(v.doc.numbers, m.unit))
                for i in reversed(same):
                    if _fits(clusters[i], m, place, date, toll) and not _other_operation(v, clusters[i], m):
                        target = i
                        break
            if target < 0 and m.status == "new" and m.status_rule == "default" and place is not None:
                # no time cue, and the place is that of an earlier incident already named: that one
                for i, c in enumerate(clusters):
                    if (c.kind == m.kind and c.status == "background" and c.place is not None
                            and c.place.country == place.country and _place_agrees(c.place, place) is not False
                            and not any(_place_agrees(n.place, place) is not False for n in clusters if n.status == "new" and n.kind == m.kind)):
                        target = i
                        m.status, m.status_rule = "background", "same place as an earlier incident"
                        break
            if target < 0 and m.kind == "security_operation" and m.status == "new" and op_subkind(v, m) == "arrest":
                # the arrests that stopped a plot reported as the news are its foiling, not an
                # operation of their own, wherever in its country they were made (spec: foiled_plot
                # = arrest of a cell with a plan; a plot is located at its target)
                target = next((i for i, c in enumerate(clusters) if c.kind == "foiled_plot" and c.status == "new"
                               and (c.place is None or place is None or c.place.country == place.country)
                               and _date_agrees(c.date, date) is not False), -1)
            if target < 0:
                clusters.append(Cluster(m.kind, m.status, [m], place, date))
                m.cluster = len(clusters) - 1
                continue
        else:
            if m.kind not in ("attack", "foiled_plot"):
                continue
            pool = [i for i, c in enumerate(clusters) if c.kind in ("attack", "foiled_plot") and c.status == m.status]
            definite = (m.level in ("noun", "weak") and (m.prefix_article or bool(m.suffix))) or m.ctx.startswith("definite")
            target = -1
            if m.level == "toll":
                recent = [i for i in pool if 0 < m.unit - clusters[i].last_unit <= 2]
                pool = [max(recent, key=lambda i: clusters[i].last_unit)] if recent else []
                definite = True
            elif m.level == "claim":
                # a claim refers back to the latest incident of its status, however far back
                before = [i for i in pool if clusters[i].last_unit < m.unit]
                pool = [max(before, key=lambda i: clusters[i].last_unit)] if before else []
                definite = True
            elif v.in_unit("claim", m.unit):
                definite = True  # "أعلن التنظيم مسؤوليته عن الهجمات": the noun refers to the incident
            for i in reversed(pool):
                # a toll or claim sentence names victims' or groups' countries, not the spot
                pa = _place_agrees(clusters[i].place, place, strict=m.level not in ("toll", "claim"))
                da = _date_agrees(clusters[i].date, date)
                if pa is not False and da is not False and (definite or pa or m.unit in clusters[i].units):
                    target = i
                    break
            if target < 0:
                continue
        c = clusters[target]
        c.mentions.append(m)
        m.cluster = target
        if c.place is None or (place is not None and _RANK.get(place.precision or "", 0) > _RANK.get(c.place.precision or "", 0)
                               and _place_agrees(c.place, place) is not False):
            c.place = place or c.place
        if c.date is None:
            c.date = date
    return clusters
