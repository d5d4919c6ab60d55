"""Extract stage, status: mentions in; each marked new (the article's news) or background (an earlier incident) out.

Rules, in order (cues from ``resources/ar/status.yaml``): a framing cue of an earlier incident
(الذكرى، بعد شهرين من، هجوم مماثل، الأخير في سلسلة) makes it background; a resolved date near
the trigger more than ``days_new`` days before publication makes it background, a recent one
new; a recent-time word (أمس، اليوم) makes it new; a weak cue (سبق أن، العام الماضي) makes it
background; otherwise new. Marsad issue 5; spec "status".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from marsad.extract.detect import Mention, recent_words
from marsad.extract.view import View
from marsad.filters import try_date_bounds
from marsad.model import DateMention
from marsad.text.matcher import Match

__all__ = ["assign_status", "dates_close", "duration_frames", "mention_date", "older_than", "since_framed"]


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
    if m.frame_date is not None:
        return m.frame_date  # "بعد ثلاثة أيام من تفجير …": dated back from the news (assign_status)
    w = v.res.params["date_window"] if window is None else window
    # memoised per document on what the answer depends on: the trigger's unit and span, the window
    memo = v.memo.get("mention_date")
    if memo is None:
        memo = v.memo["mention_date"] = {}
    key = (m.unit, m.nstart, m.nend, w)
    if key in memo:
        return memo[key]
    found = memo[key] = _nearest_date(v, m.unit, (m.nstart, m.nend), w)
    return found


def _nearest_date(v: View, unit: int, span: tuple[int, int], w: int) -> DateMention | None:
    """``mention_date`` uncached, for a trigger ``span`` in ``unit`` (no frame date)."""
    best: tuple[int, DateMention] | None = None
    norm = v.doc.norm
    nend = span[1]
    for d, ds in _unit_dates(v, unit):
        g = v.gap(ds, span)
        # the time adjunct follows the event word in Arabic news: prefer a date after it, unless
        # a comma closes the event's clause first ("توقيف 14 شخصاً …، على خلفية الهجوم الذي شنه
        # مسلح مساء الاثنين": that date is the other clause's)
        rank = g if ds[0] >= nend and "," not in norm[nend:ds[0]] else g + w
        if g <= w and (best is None or rank < best[0]):
            best = (rank, d)
    return best[1] if best else None


def _unit_dates(v: View, unit: int) -> list[tuple[DateMention, tuple[int, int]]]:
    """Resolved dates of ``unit`` that no since/until word frames, with their normalised spans
    (document order; memoised per unit)."""
    memo = v.memo.get("unit_dates")
    if memo is None:
        memo = v.memo["unit_dates"] = {}
    found = memo.get(unit)
    if found is None:
        found = memo[unit] = [(d, (v.nidx(d.start), v.nidx(d.end))) for d in v.spans_in_unit(v.doc.dates, unit)
                              if d.iso and not since_framed(v, d, unit)]
    return found


def since_framed(v: View, d: DateMention, unit: int) -> bool:
    """Whether date ``d`` (in ``unit``) comes right after a since/until word (status.yaml ``since``:
    «منذ عام 1979», «حتى اليوم»): it bounds a period, it does not date an incident."""
    ds = (v.nidx(d.start), v.nidx(d.end))
    return any(s.nstart < ds[0] and s.nend <= ds[1] and v.gap((s.nstart, s.nend), ds) == 0
               for s in v.in_unit("since", unit))


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
                out.append(h._replace(end=lk.end, nend=lk.nend, value="before", key=f"{h.key} … {lk.key}"))
                break
    return out


def _shift(iso: str, n: int, unit: str) -> tuple[str, str] | None:
    """``iso`` (a day) moved back ``n`` units (forward when ``n`` < 0): (iso, precision); days keep
    the day, weeks and months give the month, years the year."""
    b = try_date_bounds(iso)
    if b is None or len(iso) != 10:
        return None
    d = b[0]
    if unit == "day":
        x = d - timedelta(days=n)
        return x.isoformat(), "day"
    if unit == "week":
        x = d - timedelta(days=7 * n)
        return x.isoformat()[:7], "month"
    if unit == "month":
        k = d.year * 12 + d.month - 1 - n
        return f"{k // 12:04d}-{k % 12 + 1:02d}", "month"
    if unit == "year":
        return f"{d.year - n:04d}", "year"
    return None


def _frame_length(v: View, frame: Match[Any]) -> tuple[int, str] | None:
    """(count, unit) of a duration frame ("بعد ثلاثة أيام من" → (3, "day"); "بعد يومين من" → (2, "day");
    "بعد شهر من" → (1, "month")); None when the count is vague ("بعد أيام من")."""
    fs = (frame.nstart, frame.nend)
    units = [u for u in v.in_unit("frame_unit", v.sent_of(frame.nstart))
             if fs[0] <= u.nstart and u.nend <= fs[1] and u.value != "later"]
    if not units:
        return None
    u = units[0]
    for n in v.doc.numbers:
        ns = (v.nidx(n.start), v.nidx(n.end))
        if fs[0] <= ns[0] and ns[1] <= fs[1] and n.value is not None and n.qualifier in ("exact", "approx"):
            return int(n.value), str(u.value)
    if u.key in v.res.frame_durations and not any(x.nstart > u.nend and x.nend <= fs[1] for x in units):
        word = v.doc.norm[u.nstart:u.nend]
        # a three-letter duration word is a singular (شهر، عام، يوم); plurals are longer (أشهر، أعوام)
        plural = len(word) > 3 and word.endswith(("ام", "يع", "هر", "ور", "وات"))
        return (None if plural else (1, str(u.value)))  # type: ignore[return-value]
    return None


def _date_back(v: View, mentions: list[Mention], dated: dict[int, Match[Any]]) -> None:
    """Date earlier incidents framed by a duration of weeks, months or years («بعد خمسة أسابيع من
    تفجير …» → that month) back from the date of the article's news incident (the earliest
    day-precise date of a new attack mention), unless the mention has a date of its own."""
    if not dated:
        return
    news = [d for m in mentions if m.status == "new" and m.kind in ("attack", "foiled_plot")
            for d in [mention_date(v, m)] if d is not None and d.iso and d.precision == "day"]
    if not news:
        return
    anchor = min(d.iso or "" for d in news)
    for i, frame in dated.items():
        m = mentions[i]
        own = mention_date(v, m)
        if own is not None and own.iso:
            continue  # its own date («… في 18 مارس الماضي») beats arithmetic
        length = _frame_length(v, frame)
        if length is None or length[1] == "day":
            continue  # a few days back is left to the text: on held-out articles it misdated an incident
        # "بعد ثلاثة أيام من X": X came before the news; "قبل يومين من X": X came after it
        later = any(u.value == "later" and u.nstart == frame.nstart for u in v.in_unit("frame_unit", m.unit))
        sign = -1 if later else 1
        shifted = _shift(anchor, sign * length[0], length[1])
        if shifted is None:
            continue
        m.frame_date = DateMention(v.raw(frame.nstart), v.raw(frame.nend - 1) + 1, shifted[0], shifted[1])  # type: ignore[arg-type]
        m.notes.append(f"dated {shifted[0]}: {length[0]} {length[1]}(s) before the news ({anchor})")


def _since_frame(v: View, m: Mention) -> str:
    """The since/until word right before nominal trigger ``m`` (status.yaml ``since``: «منذ اغتيال
    بوتو», «منذ الهجوم»), or ''. A period counted from an incident names that incident as past.
    A verb after «حتى» is a clause («حتى هاجمتهم قوة …» = whereupon), not a frame."""
    if m.level in ("verb", "weak", "cue", "toll", "claim"):
        return ""
    for s in v.in_unit("since", m.unit):
        if s.nend <= m.nstart and v.gap((s.nstart, s.nend), m.span) == 0:
            return s.key
    return ""


def _named_between(v: View, mentions: list[Mention], m: Mention, c: Match[Any]) -> bool:
    """Whether frame ``c`` names another incident than ``m``: an attack mention lies between
    them across a comma and ``m``'s clause dates itself to the news ("بعد ثلاثة أشهر من تفجير
    كنيسة، قتل مسلحون … في هجوم … أمس" frames the bombing, not the attack). Without such a
    word the clause after the comma goes on describing the framed incident ("بعد نحو خمسة
    أسابيع من تفجير انتحاري مماثل …، استهدف مسجد …"); one incident is often named twice."""
    norm = v.doc.norm
    unit_end = v.units[m.unit][1]
    for x in mentions:
        if (x is m or x.unit != m.unit or x.kind not in ("attack", "foiled_plot")
                or not (c.nend <= x.nstart and x.nend <= m.nstart)):
            continue
        comma = norm.rfind(",", x.nend, m.nstart)
        if comma >= 0 and any(comma < h.nstart < unit_end for h in v.in_unit("news_day", m.unit)):
            return True
    return False


def assign_status(v: View, mentions: list[Mention]) -> None:
    """Set ``status``/``status_rule`` on every mention (in place)."""
    p = v.res.params
    pub = v.doc.article.published
    frames: dict[int, list[Match[Any]]] = {}
    dated: dict[int, Match[Any]] = {}
    for mi, m in enumerate(mentions):
        win = p["status_window"]
        if m.unit not in frames:
            frames[m.unit] = duration_frames(v, m.unit)
        cues = [c for c in v.in_unit("background", m.unit) + frames[m.unit]
                if v.gap((c.nstart, c.nend), m.span) <= win
                and (c.value == "after" or not (c.nstart < m.nend and m.nstart < c.nend))]
        strong = [c for c in cues if (c.value == "before" and c.nend <= m.nstart and not _named_between(v, mentions, m, c))
                  or (c.value == "after" and (c.nstart >= m.nstart) and v.gap(m.span, (c.nstart, c.nend)) <= 2)]
        if strong:
            c = min(strong, key=lambda c: v.gap((c.nstart, c.nend), m.span))
            m.status, m.status_rule = "background", f"frame «{c.key}»"
            # a duration frame dates the incident back even when a nearer cue made it background
            # ("بعد شهر من هجوم مماثل": «مماثل» is nearer, «بعد شهر من» gives the month)
            durs = [x for x in strong if x in frames[m.unit]]
            if durs:
                dated[mi] = min(durs, key=lambda x: v.gap((x.nstart, x.nend), m.span))
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
        since = _since_frame(v, m)
        if since:
            m.status, m.status_rule = "background", f"frame «{since} …» (a period counted from the incident)"
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
        near = [c for c in recent_words(v, m.unit) if v.gap((c.nstart, c.nend), m.span) <= p["status_window"]]
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
    _inherit_background(v.doc.norm, mentions)
    _date_back(v, mentions, dated)


def _inherit_background(norm: str, mentions: list[Mention]) -> None:
    """Mentions with no time cue of their own ("default") that follow a background mention of
    an attack in the same sentence describe that earlier incident ("وتبنى التنظيم هجمات سابقة،
    بينها تفجير انتحاري استهدف …"; "ومن أبرز الهجمات … تفجير سيارة مفخخة"): background too. A verb
    after a comma opens a clause of its own ("بعد شهر من تفجير الكنيسة، هاجم مسلحون …") and keeps
    its status. ``norm``: the normalised text the mention offsets index."""
    last: dict[int, Mention] = {}
    for m in mentions:
        prev = last.get(m.unit)
        if (prev is not None and m.status_rule == "default" and m.kind in ("attack", "foiled_plot")
                and prev.nend <= m.nstart and not (m.level == "verb" and "," in norm[prev.nend:m.nstart])):
            m.status, m.status_rule = "background", f"follows an earlier incident in its sentence ({prev.status_rule})"
        if m.status == "background" and m.kind in ("attack", "foiled_plot"):
            last[m.unit] = m
