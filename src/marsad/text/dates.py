"""Text stage, dates: normalised text and the publication date in, DateMentions (ISO date, precision, relative flag) with raw offsets out.

Spans are found by our own patterns built from resources/<lang>/dates.yaml (month-name series
per region as in dateparser's locale_specific data, Hijri months, weekdays, relative words);
Hijri dates convert with hijridate (Umm al-Qura calendar). Relative expressions resolve
against the publication date and stay unresolved (iso None) without one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hijridate import Hijri

from marsad.model import DateMention
from marsad.text.normalize import normalize_phrase
from marsad.text.scan import StartScan, finditer_at
from marsad.text.trie_regex import trie_pattern

__all__ = ["DateRules", "find_dates"]

_B = r"\b"
_E = r"(?![\w])"


def _alt(words: Any) -> str:
    return trie_pattern(words)


def _table(data: Mapping[Any, Any]) -> dict[str, int]:
    return {normalize_phrase(w): int(k) for k, ws in data.items() for w in ws}


@dataclass(frozen=True, slots=True)
class DateRules:
    """Compiled date patterns and lookup tables for one language (see ``from_resources``)."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    months: Mapping[str, int]
    hijri: Mapping[str, int]
    weekdays: Mapping[str, int]
    relative: Mapping[str, int]
    ordinals: Mapping[str, int]
    period_of: Mapping[str, tuple[str, int]]  # form -> (unit, count implied: 0 plural, 1 singular, 2 dual)
    period_art: Mapping[str, str]
    numbers: Mapping[str, int]
    past: frozenset[str]
    future: frozenset[str]
    this: frozenset[str]
    approx: frozenset[str]
    wd_block_before: re.Pattern[str] | None = None
    wd_block_after: re.Pattern[str] | None = None
    #: words after a relative day word that make it anaphoric ("اليوم نفسه" = the same day, not today)
    rel_block_after: re.Pattern[str] | None = None
    #: per pattern (same order): a sub-pattern every match of it contains (a year, a marker), or None.
    #: A text without it is not scanned with that pattern (same result, one cheap scan).
    needs: tuple[re.Pattern[str] | None, ...] = ()
    #: per pattern (same order): the characters its matches can start with and whether a digit
    #: can start one, or None for a pattern that is scanned on its own (finditer).
    heads: tuple[tuple[frozenset[str], bool] | None, ...] = ()
    #: every word start where some pattern's first word begins: the patterns with a head are
    #: tried (``match``) only there, one scan instead of one per pattern (same matches).
    scan: StartScan | None = None

    @classmethod
    def from_resources(
        cls, data: Mapping[str, Any], numbers: Mapping[str, Any] | None = None
    ) -> DateRules:
        """Build from a loaded ``dates`` resource and (optionally) the same language's ``numbers``.

        Month series: ``months.default`` plus every ``locale_specific`` series (all accepted;
        Gregorian month names never clash across series).
        """
        months = _table(data["months"]["default"])
        for series in data.get("locale_specific", {}).values():
            months.update(_table(series))
        ambiguous = {normalize_phrase(w) for w in data.get("ambiguous_months", ())}
        hijri = _table(data.get("hijri_months", {}))
        weekdays = _table(data["weekdays"])
        relative = {normalize_phrase(k): int(v) for k, v in data.get("relative_days", {}).items()}
        past = frozenset(normalize_phrase(w) for w in data.get("past_markers", ()))
        future = frozenset(normalize_phrase(w) for w in data.get("future_markers", ()))
        this = frozenset(normalize_phrase(w) for w in data.get("this_markers", ()))
        period_of: dict[str, tuple[str, int]] = {}
        for unit, spec in data.get("periods", {}).items():
            for f in spec.get("plural", ()):
                period_of[normalize_phrase(f)] = (unit, 0)
            for f in spec.get("singular", ()):
                period_of[normalize_phrase(f)] = (unit, 1)
            for f in spec.get("dual", ()):
                period_of[normalize_phrase(f)] = (unit, 2)
        period_art = {normalize_phrase(w): unit for unit, ws in data.get("period_with_article", {}).items() for w in ws}
        nums: dict[str, int] = {normalize_phrase(k): int(v) for k, v in data.get("period_numbers", {}).items()}
        ordinals: dict[str, int] = {}
        approx: set[str] = set()
        if numbers is not None:
            for kind in ("unit", "ten"):
                for w, v in numbers["cardinals"].get(kind, {}).items():
                    nums.setdefault(normalize_phrase(w), int(v))
            approx.update(normalize_phrase(w) for w in numbers.get("qualifiers", {}).get("approx_before", ()))
            ordinals = _day_ordinals(numbers.get("ordinals"), numbers.get("conjunction", ""))
        suffix = _alt(data.get("day_suffixes", ()))
        day = r"(?:[12]?\d|3[01])" + (f"(?:{suffix})?" if suffix else "")
        ordalt = _alt(ordinals)
        pm_words = past | future | this
        day_any = f"(?:{day}|{ordalt})" if ordalt else day
        mon_all = _alt(months)
        mon_safe = _alt(set(months) - ambiguous)
        dm_link = _alt(normalize_phrase(w) for w in data.get("day_month_links", ()))
        y_link = _alt(normalize_phrase(w) for w in data.get("year_links", ()))
        r_link = _alt(normalize_phrase(w) for w in data.get("day_range_links", ()))
        pm = _alt(past | future | this)
        year = r"(?:19|20)\d\d"
        needs: dict[int, re.Pattern[str]] = {}  # index in pats → a part every match contains
        heads: dict[int, tuple[set[str], bool]] = {}  # index in pats → (first words, digit may start)
        has_year = re.compile(year)
        # A past/future/this marker (الماضي، المقبل، الجاري): the patterns whose match must hold one
        # are not run over a text without any (searched without word bounds: a cheap scan).
        has_marker = re.compile(pm or "(?!)")  # only used by patterns built when pm is non-empty
        mon2 = rf"(?:\s*\(\s*(?:{mon_all})\s*\)|\s*/\s*(?:{mon_all}))?"
        year_part = rf"(?:\s*,?\s*(?:(?:{y_link})\s*)?(?P<year>{year}){_E})" if y_link else rf"(?:\s*,?\s*(?P<year>{year}){_E})"
        marker_after = rf"(?:\s+(?P<mk>{pm}){_E})?" if pm else ""
        day_part = rf"(?P<day>{day_any})(?:\s*(?:{r_link})\s*{day})?\s*(?:(?:{dm_link})\s+)?" if dm_link else rf"(?P<day>{day_any})\s+"
        pats: list[tuple[str, re.Pattern[str]]] = []
        # 15 يوليو (تموز) 2024 / الخامس عشر من يوليو / في مارس الماضي / 15th of July 2024.
        pats.append(("abs", re.compile(rf"{_B}(?:{day_part}\s*)(?P<month>{mon_all}){mon2}{year_part}?{marker_after}{_E}")))
        heads[len(pats) - 1] = (set(ordinals), True)
        pats.append(("abs", re.compile(rf"{_B}(?P<month>{mon_all}){mon2}{year_part}{_E}")))
        needs[len(pats) - 1] = has_year
        heads[len(pats) - 1] = (set(months), False)
        if pm:
            pats.append(("abs", re.compile(rf"{_B}(?P<month>{mon_all}){mon2}\s+(?P<mk>{pm}){_E}")))
            needs[len(pats) - 1] = has_marker
            heads[len(pats) - 1] = (set(months), False)
        if mon_safe:
            pats.append(("abs", re.compile(rf"{_B}(?P<month>{mon_safe}){mon2}{marker_after}{_E}")))
            heads[len(pats) - 1] = (set(months) - ambiguous, False)
        mcue_words = {normalize_phrase(w) for w in data.get("month_cues", ())}
        mcues = _alt(mcue_words)
        if mcues:
            pats.append(("abs", re.compile(rf"{_B}(?:{mcues})\s+(?P<month>{mon_all}){mon2}{marker_after}{_E}")))
            heads[len(pats) - 1] = (mcue_words, False)
        # English month-first: July 15, 2024.
        if suffix:
            pats.append(("abs", re.compile(rf"{_B}(?P<month>{mon_all})\s+(?P<day>{day}){_E}(?:\s*,?\s*(?P<year>{year}){_E})?")))
            heads[len(pats) - 1] = (set(months), False)
        if pm and data.get("marker_first"):
            pats.append(("abs", re.compile(rf"{_B}(?P<mk>{pm})\s+(?P<month>{mon_all}){_E}")))
            needs[len(pats) - 1] = has_marker
            heads[len(pats) - 1] = (set(pm_words), False)
        # The not-after-a-digit check sits after the first digit (same test, one character back),
        # so the pattern opens with a digit and the regex engine skips ahead to digits.
        pats.append(("num", re.compile(r"(?P<a>\d(?<![\d/.\-]\d)\d?)(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d])")))
        needs[len(pats) - 1] = has_year
        pats.append(("num", re.compile(r"(?P<y>(?:19|20)(?<![\d/.\-]\d\d)\d\d)(?P<sep>[/\-])(?P<b>\d{1,2})(?P=sep)(?P<a>\d{1,2})(?![\d])")))
        needs[len(pats) - 1] = has_year
        if hijri:
            hmark = _alt(normalize_phrase(w) for w in data.get("hijri_markers", ()))
            pats.append(("hijri", re.compile(
                rf"{_B}(?:(?P<day>{day})\s+)?(?P<hmonth>{_alt(hijri)})\s+(?:(?:{y_link})\s+)?(?P<hyear>1[34]\d\d)(?:\s*(?:{hmark}))?{_E}")))
            needs[len(pats) - 1] = re.compile(r"1[34]\d\d")
            heads[len(pats) - 1] = (set(hijri), True)
        part_words = {normalize_phrase(w) for w in data.get("day_parts", ())}
        parts = _alt(part_words)
        wd = _alt(weekdays)
        rel = _alt(relative)
        if rel:
            pats.append(("rel", re.compile(
                rf"{_B}(?:(?:{parts})\s+)?(?P<rel>{rel})(?:\s+(?P<wd>{wd}))?{_E}" if parts else rf"{_B}(?P<rel>{rel}){_E}")))
            heads[len(pats) - 1] = (part_words | set(relative), False)
        if parts:
            pats.append(("wd", re.compile(rf"{_B}(?:{parts})\s+(?P<wd>{wd}){marker_after}{_E}")))
            heads[len(pats) - 1] = (set(part_words), False)
        if pm:
            pats.append(("wd", re.compile(rf"{_B}(?P<wd>{wd})\s+(?P<mk>{pm}){_E}")))
            needs[len(pats) - 1] = has_marker
            heads[len(pats) - 1] = (set(weekdays), False)
            if data.get("marker_first"):
                pats.append(("wd", re.compile(rf"{_B}(?P<mk>{pm})\s+(?P<wd>{wd}){_E}")))
                needs[len(pats) - 1] = has_marker
                heads[len(pats) - 1] = (set(pm_words), False)
        # A bare weekday (Arabic wire style "قتل خمسة الأحد"), checked against blockers below.
        bare = data.get("weekday_blockers_before") is not None and not data.get("marker_first")
        if bare:
            pats.append(("wd_bare", re.compile(rf"{_B}(?P<wd>{wd}){_E}")))
            heads[len(pats) - 1] = (set(weekdays), False)
        bb = _alt(normalize_phrase(w) for w in data.get("weekday_blockers_before", ()))
        ba = _alt(normalize_phrase(w) for w in data.get("weekday_blockers_after", ()))
        ra = _alt(normalize_phrase(w) for w in data.get("relative_blockers_after", ()))
        if period_art and pm:
            pa = _alt(period_art)
            if data.get("marker_first"):
                pats.append(("period", re.compile(rf"{_B}(?P<mk>{pm})\s+(?P<pa>{pa}){_E}")))
                needs[len(pats) - 1] = has_marker
                heads[len(pats) - 1] = (set(pm_words), False)
            else:
                pats.append(("period", re.compile(rf"{_B}(?P<pa>{pa})\s+(?P<mk>{pm}){_E}")))
                needs[len(pats) - 1] = has_marker
                heads[len(pats) - 1] = (set(period_art), False)
        ago_words = {normalize_phrase(w) for w in data.get("ago_words", ())}
        ago = _alt(ago_words)
        blockers = _alt(normalize_phrase(w) for w in data.get("ago_blockers", ()))
        # Not "منذ يوم الأحد" (a weekday follows) nor "قبل يومين من الهجوم" (anchored elsewhere).
        no_follow = "|".join(x for x in (wd, blockers, r"(?:19|20)\d\d") if x)
        if ago and period_of:
            per = _alt(period_of)
            num = _alt(nums)
            apx = _alt(approx)
            n = rf"(?:(?P<apx>{apx})\s+)?" if apx else ""
            count = rf"(?:(?P<n>\d{{1,3}}|{num})\s+)?" if num else r"(?:(?P<n>\d{1,3})\s+)?"
            if data.get("marker_first"):
                pats.append(("ago", re.compile(rf"{_B}{n}{count}(?P<per>{per})\s+(?:{ago}){_E}")))
                heads[len(pats) - 1] = ((set(approx) if apx else set()) | (set(nums) if num else set()) | set(period_of), True)
            else:
                pats.append(("ago", re.compile(rf"{_B}(?:{ago})\s+{n}{count}(?P<per>{per}){_E}(?!\s+(?:{no_follow}){_E})")))
                heads[len(pats) - 1] = (set(ago_words), False)
        cue_words = {normalize_phrase(w) for w in data.get("year_cues", ())}
        cues = _alt(cue_words)
        if cues:
            # "بين عامي 2015 و2017": one mention (the first year) covering both.
            ylink = rf"(?:\s*(?:{r_link})\s*{year}{_E})?" if r_link else ""
            pats.append(("year", re.compile(rf"{_B}(?:{cues})\s+(?P<year>{year}){_E}{ylink}")))
            needs[len(pats) - 1] = has_year
            heads[len(pats) - 1] = (set(cue_words), False)
        head_words = {w for ws, _ in heads.values() for w in ws if w}
        head_alt = "|".join(x for x in (_alt(head_words), r"\d" if any(d for _, d in heads.values()) else "") if x)
        return cls(
            patterns=tuple(pats),
            needs=tuple(needs.get(i) for i in range(len(pats))),
            heads=tuple(
                (frozenset(w[0] for w in heads[i][0] if w), heads[i][1]) if i in heads else None for i in range(len(pats))
            ),
            scan=StartScan(
                head_alt, {c for ws, _ in heads.values() for w in ws if w for c in w[0]}, any(d for _, d in heads.values())
            ) if head_alt else None,
            months=months,
            hijri=hijri,
            weekdays=weekdays,
            relative=relative,
            ordinals=ordinals,
            period_of=period_of,
            period_art=period_art,
            numbers=nums,
            past=past,
            future=future,
            this=this,
            approx=frozenset(approx),
            wd_block_before=re.compile(rf"{_B}(?:{bb})\s*$") if bb else None,
            wd_block_after=re.compile(rf"\s*(?:{ba}){_E}") if ba else None,
            rel_block_after=re.compile(rf"\s*(?:{ra}){_E}") if ra else None,
        )


def _day_ordinals(spec: Mapping[str, Any] | None, conj: str) -> dict[str, int]:
    """Ordinal day words 1..31 from the numbers resource (الأول … الحادي والثلاثين)."""
    if not spec:
        return {}
    units = {normalize_phrase(k): int(v) for k, v in spec["units"].items()}
    one = normalize_phrase(spec["one_in_compound"])
    teen = normalize_phrase(spec["teen_word"])
    tens = {normalize_phrase(k): int(v) for k, v in spec["tens"].items()}
    c = normalize_phrase(conj)
    out = dict(units)
    for w, v in [(one, 1), *((w, v) for w, v in units.items() if 2 <= v <= 9)]:
        out[f"{w} {teen}"] = 10 + v
    for tw, tv in tens.items():
        out[tw] = tv
        for w, v in [(one, 1), *((w, v) for w, v in units.items() if 2 <= v <= 9)]:
            if tv + v <= 31:
                out[f"{w} {c}{tw}"] = tv + v
    return out


def _ymd(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _weekday_on_or_before(pub: date, wd: int, strict: bool) -> date:
    delta = (pub.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _month_shift(d: date, months: int) -> tuple[int, int]:
    k = d.year * 12 + (d.month - 1) + months
    return k // 12, k % 12 + 1


def _resolve(kind: str, m: re.Match[str], rules: DateRules, pub: date | None) -> tuple[str | None, str | None, bool] | None:
    g = m.groupdict()
    mk = g.get("mk")
    if kind == "abs":
        mon = rules.months[m.group("month")]
        dtxt = g.get("day")
        day = None
        if dtxt:
            day = rules.ordinals.get(dtxt) or int(re.sub(r"\D", "", dtxt) or 0)
        if g.get("year"):
            y = int(g["year"])
            if day:
                d = _ymd(y, mon, day)
                return (d.isoformat(), "day", False) if d else None
            return f"{y:04d}-{mon:02d}", "month", False
        prec = "day" if day else "month"
        if pub is None:
            return None, prec, True
        if mk in rules.past:
            y = pub.year if mon < pub.month else pub.year - 1
        elif mk in rules.future:
            y = pub.year if mon > pub.month else pub.year + 1
        else:
            y = pub.year
            cand = _ymd(y, mon, day or 1)
            if cand is not None and cand > pub + timedelta(days=31):
                y -= 1
        if day:
            d = _ymd(y, mon, day)
            return (d.isoformat(), "day", True) if d else None
        return f"{y:04d}-{mon:02d}", "month", True
    if kind == "num":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        d = _ymd(y, b, a) or _ymd(y, a, b)
        return (d.isoformat(), "day", False) if d else None
    if kind == "hijri":
        hm = rules.hijri[m.group("hmonth")]
        hy = int(g["hyear"])
        hd = int(g["day"]) if g.get("day") else 15
        try:
            gd = Hijri(hy, hm, hd).to_gregorian()
        except (ValueError, OverflowError):
            return None
        if g.get("day"):
            return f"{gd.year:04d}-{gd.month:02d}-{gd.day:02d}", "day", False
        return f"{gd.year:04d}-{gd.month:02d}", "month", False
    if kind == "year":
        return g["year"], "year", False
    if pub is None:
        return None, "day" if kind in ("rel", "wd", "wd_bare", "ago") else None, True
    if kind == "rel":
        return (pub + timedelta(days=rules.relative[m.group("rel")])).isoformat(), "day", True
    if kind in ("wd", "wd_bare"):
        wd = rules.weekdays[m.group("wd")]
        if mk in rules.future:
            delta = (wd - pub.weekday()) % 7 or 7
            return (pub + timedelta(days=delta)).isoformat(), "day", True
        return _weekday_on_or_before(pub, wd, mk in rules.past).isoformat(), "day", True
    if kind == "period":
        unit = rules.period_art[m.group("pa")]
        step = 0 if mk in rules.this else (1 if mk in rules.future else -1)
        if unit == "year":
            return f"{pub.year + step:04d}", "year", True
        if unit == "month":
            y, mo = _month_shift(pub, step)
            return f"{y:04d}-{mo:02d}", "month", True
        d = pub + timedelta(days=7 * step)
        return f"{d.year:04d}-{d.month:02d}", "month", True
    if kind == "ago":
        unit, implied = rules.period_of[m.group("per")]
        ntxt = g.get("n")
        if ntxt:
            n = int(ntxt) if ntxt.isdigit() else rules.numbers.get(ntxt, 0)
        else:
            n = implied
        if not n:
            return None
        approx = bool(g.get("apx"))
        if unit == "year":
            return f"{pub.year - n:04d}", "year", True
        if unit == "month":
            y, mo = _month_shift(pub, -n)
            return f"{y:04d}-{mo:02d}", "month", True
        d = pub - timedelta(days=n * (7 if unit == "week" else 1))
        if approx and unit == "week":
            return f"{d.year:04d}-{d.month:02d}", "month", True
        return d.isoformat(), "day", True
    return None


def find_dates(norm: str, norm_map: Sequence[int], published: str | None, rules: Sequence[DateRules]) -> tuple[DateMention, ...]:
    """Date expressions in a normalised text, resolved to ISO strings.

    Args:
        norm, norm_map: ``normalize(text)``; published: "YYYY-MM-DD" or None; rules: the
            DateRules of each language to try (Arabic, English).
    Returns:
        DateMentions (raw offsets, leftmost-longest, no overlaps) in text order. Relative
        expressions (أمس، مساء الاثنين، في مارس الماضي، قبل يومين) have ``relative=True``
        and ``iso=None`` when ``published`` is None.

    Example:
        "فجر أمس الأحد" published 2016-07-04 → DateMention(iso="2016-07-03", precision="day", relative=True).
    """
    pub: date | None = None
    if published:
        try:
            pub = date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    cands: list[tuple[int, int, str, re.Match[str], DateRules]] = []
    for r in rules:
        present: dict[re.Pattern[str], bool] = {}
        starts: list[int] | None = None
        for i, (kind, pat) in enumerate(r.patterns):
            head = r.heads[i] if i < len(r.heads) and r.scan is not None else None
            if head is not None:
                # Same matches as pat.finditer, tried only where the scan found a possible start.
                if starts is None:
                    starts = r.scan.starts(norm)  # type: ignore[union-attr]
                for m in finditer_at(pat, norm, head[0], head[1], starts):
                    cands.append((m.start(), m.end(), kind, m, r))
                continue
            need = r.needs[i] if i < len(r.needs) else None
            if need is not None:
                ok = present.get(need)
                if ok is None:
                    ok = present[need] = need.search(norm) is not None
                if not ok:
                    continue
            for m in pat.finditer(norm):
                cands.append((m.start(), m.end(), kind, m, r))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[DateMention] = []
    last_end = -1
    for s, e, kind, m, r in cands:
        if s < last_end:
            continue
        if kind == "wd_bare" and (
            (r.wd_block_before is not None and r.wd_block_before.search(norm, max(0, s - 20), s))
            or (r.wd_block_after is not None and r.wd_block_after.match(norm, e, e + 12))
        ):
            continue
        if kind == "rel" and m.groupdict().get("wd") is None and r.rel_block_after is not None and r.rel_block_after.match(norm, e, e + 12):
            continue  # "في وقت سابق من اليوم نفسه": the day of the story, not the publication day
        try:
            res = _resolve(kind, m, r, pub)
        except OverflowError:  # relative arithmetic past year 1 or 9999: leave it unresolved
            res = (None, None, True)
        if res is None:
            continue
        iso, prec, rel = res
        out.append(DateMention(norm_map[s], norm_map[e - 1] + 1, iso, prec, rel))  # type: ignore[arg-type]
        last_end = e
    return tuple(out)
