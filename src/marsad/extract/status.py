"""Extract stage, status: mentions in; each marked new (the article's news) or background (an earlier incident) out.

Rules, in order (cues from ``resources/ar/status.yaml``): a framing cue of an earlier incident
(الذكرى، بعد شهرين من، هجوم مماثل، الأخير في سلسلة) makes it background; a resolved date near
the trigger more than ``days_new`` days before publication makes it background, a recent one
new; a recent-time word (أمس، اليوم) makes it new; a weak cue (سبق أن، العام الماضي) makes it
background; otherwise new. Marsad issue 5; spec "status".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from marsad.extract.detect import Mention
from marsad.extract.view import View
from marsad.filters import try_date_bounds
from marsad.model import DateMention
from marsad.text.matcher import Match

__all__ = ["assign_status", "dates_close", "duration_frames", "mention_date", "older_than"]


def dates_close(a: str | None, b: str | None, days: int = 3) -> bool | None:
    """Whether two ISO dates (any precision) lie within ``days`` of each other; None if unknown."""
    ba, bb = try_date_bounds(a or ""), try_date_bounds(b or "")
    if not a or not b or ba is None or bb is None:
        return None
    return max((bb[0] - ba[1]).days, (ba[0] - bb[1]).days, 0) <= days


def older_than(iso: str, published: str | None, days: int) -> bool | None:
    """True when ``iso`` ends more than ``days`` days before ``published``; None if unknown."""
    if not published:
        return None
    b, p = try_date_bounds(iso), try_date_bounds(published)
    if b is None or p is None:
        return None
    return (p[0] - b[1]).days > days


def mention_date(v: View, m: Mention, window: int | None = None) -> DateMention | None:
    """The resolved date mention nearest to ``m`` in its unit, within ``window`` tokens."""
    w = v.res.params["date_window"] if window is None else window
    best: tuple[int, DateMention] | None = None
    since = v.in_unit("since", m.unit)
    for d in v.spans_in_unit(v.doc.dates, m.unit):
        if not d.iso:
            continue
        ds = (v.nidx(d.start), v.nidx(d.end))
        if any(s.nstart < ds[0] and s.nend <= ds[1] and v.gap((s.nstart, s.nend), ds) == 0 for s in since):
            continue  # "منذ عام 1979": a since-frame, not the incident's date
        g = v.gap(ds, m.span)
        # the time adjunct follows the event word in Arabic news: prefer a date after it
        rank = g if ds[0] >= m.nend else g + w
        if g <= w and (best is None or rank < best[0]):
            best = (rank, d)
    return best[1] if best else None


def duration_frames(v: View, unit: int) -> list[Match[Any]]:
    """Duration frames of an earlier incident in ``unit`` ("بعد يومين فقط من", "بعد ثلاثة أشهر من"),
    as Matches with value "before" spanning head … link (status.yaml ``frame_pattern``)."""
    out: list[Match[Any]] = []
    links = v.in_unit("frame_link", unit, longest=False)
    nums = [(v.nidx(n.start), v.nidx(n.end)) for n in v.spans_in_unit(v.doc.numbers, unit)]
    norm = v.doc.norm
    for h in v.in_unit("frame_head", unit, longest=False):
        hi = v.ti(h.nstart)
        for lk in links:
            li = v.ti(lk.nstart)
            if not 1 < li - hi <= 5:
                continue
            words = [norm[v.tok[j]:v.tok[j + 1] if j + 1 < len(v.tok) else len(norm)].strip(" ,") for j in range(hi + 1, li)]
            in_num = [any(a <= v.tok[j] < b for a, b in nums) for j in range(hi + 1, li)]
            if any(w in v.res.frame_durations for w in words) and all(
                    w in v.res.frame_durations or w in v.res.frame_fillers or n for w, n in zip(words, in_num, strict=True)):
                out.append(replace(h, end=lk.end, nend=lk.nend, value="before", key=f"{h.key} … {lk.key}"))
                break
    return out


def assign_status(v: View, mentions: list[Mention]) -> None:
    """Set ``status``/``status_rule`` on every mention (in place)."""
    p = v.res.params
    pub = v.doc.article.published
    frames: dict[int, list[Match[Any]]] = {}
    for m in mentions:
        win = p["status_window"]
        if m.unit not in frames:
            frames[m.unit] = duration_frames(v, m.unit)
        cues = [c for c in v.in_unit("background", m.unit) + frames[m.unit]
                if v.gap((c.nstart, c.nend), m.span) <= win
                and (c.value == "after" or not (c.nstart < m.nend and m.nstart < c.nend))]
        strong = [c for c in cues if (c.value == "before" and c.nend <= m.nstart)
                  or (c.value == "after" and (c.nstart >= m.nstart) and v.gap(m.span, (c.nstart, c.nend)) <= 2)]
        if strong:
            c = min(strong, key=lambda c: v.gap((c.nstart, c.nend), m.span))
            m.status, m.status_rule = "background", f"frame «{c.key}»"
            continue
        sup = [c for c in v.in_unit("superlative", m.unit) if v.gap((c.nstart, c.nend), m.span) <= 1]
        if sup:
            prev = [x for x in mentions if x.unit == m.unit and x.nend <= m.nstart and x.kind == m.kind]
            if prev:
                # apposition ("…، في أعنف اعتداء تشهده البلاد"): the same incident as the one just named
                m.status, m.status_rule = prev[-1].status, f"superlative apposition «{sup[0].key}»"
                m.creates = False
            else:
                m.status, m.status_rule = "new", f"superlative comparison «{sup[0].key}» (the incident itself)"
            continue
        subject = [c for c in cues if c.value == "before" and c.nstart >= m.nend and v.gap(m.span, (c.nstart, c.nend)) <= 1]
        if subject:
            # "ويعيد الهجوم إلى الأذهان …": the incident that recalls another is the current one
            m.status, m.status_rule = "new", f"subject of the frame «{subject[0].key}»"
            continue
        d = mention_date(v, m)
        if d is not None and d.iso and pub is None and d.precision == "year" and not d.relative:
            m.status, m.status_rule = "background", f"a bare year ({d.iso}) in an undated text"
            continue
        if d is not None and d.iso:
            old = older_than(d.iso, pub, p["days_new"])
            if old is True:
                m.status, m.status_rule = "background", f"date {d.iso} before publication"
                continue
            if old is False:
                m.status, m.status_rule = "new", f"date {d.iso} near publication"
                continue
        near = [c for c in v.in_unit("recent", m.unit) if v.gap((c.nstart, c.nend), m.span) <= p["status_window"]]
        if near:
            m.status, m.status_rule = "new", f"recent «{near[0].key}»"
            continue
        bg = [c for c in cues if c.value == "weak" and (
            c.nend <= m.nstart
            or (v.gap(m.span, (c.nstart, c.nend)) <= 4 and "," not in v.doc.norm[m.nend:c.nstart]))]
        if bg:
            c = min(bg, key=lambda c: v.gap((c.nstart, c.nend), m.span))
            m.status, m.status_rule = "background", f"cue «{c.key}»"
            continue

        m.status, m.status_rule = "new", "default"
