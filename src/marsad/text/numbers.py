"""Text stage, numbers: normalised text in, cardinal NumberMentions (value, qualifier, range, dual noun) with raw offsets out.

Digits (ASCII, Arabic-Indic and Persian, all normalised to ASCII) with thousands and decimal
separators; Arabic number words in every gender/case form and their compounds (Wright, A
Grammar of the Arabic Language, §§ 321-340); English number words; duals of counted nouns
(قتيلين = 2); qualifiers (نحو / أكثر من / ما بين … و… / عشرات).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.model import NumberMention
from marsad.text.normalize import normalize_phrase
from marsad.text.scan import StartScan, finditer_at
from marsad.text.trie_regex import trie_pattern

__all__ = ["NumberRules", "find_numbers"]

# The not-after check sits after the first digit (same test, one character back), so the
# pattern opens with a digit and the regex engine skips ahead to digits.
_DIGITS = re.compile(r"(\d(?<![\d.,a-z:]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?:\.(\d+))?(?![\d:]|\.\d|[a-z])")
_B = r"\b"
_E = r"(?![\w])"


def _alt(words: Iterable[str]) -> str:
    return trie_pattern(words)


@dataclass(frozen=True, slots=True)
class NumberRules:
    """Compiled number lexicons and patterns for one or more languages.

    ``words`` maps a normalised number word to its (kind, value) readings; kinds are unit,
    teen_part, teen, ten, hundred, scale, scale_plural, fixed (see resources/ar/numbers.yaml).
    """

    words: Mapping[str, tuple[tuple[str, float], ...]]
    word_re: re.Pattern[str] | None
    vague_re: re.Pattern[str] | None
    dual_re: re.Pattern[str] | None
    approx_before: re.Pattern[str] | None
    approx_after: re.Pattern[str] | None
    min_before: re.Pattern[str] | None
    min_after: re.Pattern[str] | None
    max_before: re.Pattern[str] | None
    range_open: re.Pattern[str] | None
    range_join: re.Pattern[str] | None
    clock: re.Pattern[str] | None = None
    conj: frozenset[str] = frozenset()
    range_or: frozenset[str] = frozenset()
    range_from: re.Pattern[str] | None = None
    range_to: frozenset[str] = frozenset()
    #: zero-width matches at every word start where a number word, vague word or dual noun
    #: (with its prefix letters) may begin; word_re, vague_re and dual_re are tried only there.
    scan: StartScan | None = None
    #: the characters a match of word_re, vague_re, dual_re (in that order) can start with.
    firsts: tuple[frozenset[str], frozenset[str], frozenset[str]] = (frozenset(), frozenset(), frozenset())
    #: min_before, max_before and approx_before in one pattern: no match means none of them does.
    any_before: re.Pattern[str] | None = None

    @classmethod
    def from_resources(
        cls, datas: Iterable[Mapping[str, Any]], prepositions: Iterable[str] = (), article: str = ""
    ) -> NumberRules:
        """Build from loaded ``numbers`` resources (ar, en).

        ``prepositions`` may precede a number word (بثلاثة); ``article`` may sit between a
        qualifier and digits (قرابة الـ30).
        """
        words: dict[str, list[tuple[str, float]]] = {}
        vague: set[str] = set()
        duals: set[str] = set()
        restate: set[str] = set()
        quals: dict[str, set[str]] = {}
        conj: set[str] = set()
        clock: set[str] = set()
        range_or: set[str] = set()
        for d in datas:
            for kind, table in d["cardinals"].items():
                for w, v in table.items():
                    words.setdefault(normalize_phrase(w), []).append((kind, float(v)))
            vague.update(normalize_phrase(v) for v in d.get("vague", ()))
            for k, vals in d.get("qualifiers", {}).items():
                quals.setdefault(k, set()).update(normalize_phrase(v) for v in vals)
            clock.update(normalize_phrase(w) for w in d.get("clock_words", ()))
            if d.get("conjunction"):
                conj.add(normalize_phrase(d["conjunction"]))
            range_or.update(normalize_phrase(v) for v in d.get("qualifiers", {}).get("range_or", ()))
            for noun in d.get("dual_nouns", ()):
                n = normalize_phrase(noun)
                base = n[:-1] + "ت" if n.endswith("ه") else n
                duals.update({base + "ين", base + "ان"})
            for noun in d.get("dual_nouns_nominative", ()):
                n = normalize_phrase(noun)
                duals.add((n[:-1] + "ت" if n.endswith("ه") else n) + "ان")
            restate.update(normalize_phrase(v) for v in d.get("dual_restate", ()))

        def rx(key: str, before: bool, words: Iterable[str] | None = None) -> re.Pattern[str] | None:
            alt = _alt(quals.get(key, ()) if words is None else words)
            if not alt:
                return None
            if before:
                art = f"(?:{re.escape(article)})?" if article else ""
                return re.compile(rf"{_B}(?:[وفب])?(?:{alt})\s*{art}$")
            return re.compile(rf"^\s*(?:[^\s\d]+\s+)?(?:{alt}){_E}")

        preps = "".join(sorted(prepositions))
        pre = "(?:" + "|".join([*(re.escape(c) + " ?" for c in sorted(conj)), *( [f"[{preps}]"] if preps else [])]) + ")"
        walt = _alt(words)
        word_re = re.compile(rf"{_B}(?:(?P<a>{walt})|(?P<pre>{pre})(?P<b>{walt})){_E}") if walt else None
        valt = _alt(vague)
        vague_re = re.compile(rf"{_B}(?:[وفب])?(?:{valt}){_E}") if valt else None
        dalt = _alt(duals)
        ralt = _alt(restate)
        dual_re = (
            re.compile(rf"{_B}(?:[وفبل])?(?P<n>{dalt})(?P<r>\s+(?:{ralt}))?{_E}") if dalt and ralt else None
        )
        pre_first = {c[0] for c in conj if c} | set(preps)
        firsts = (
            frozenset({w[0] for w in words if w} | pre_first) if walt else frozenset(),
            frozenset({w[0] for w in vague if w} | set("وفب")) if valt else frozenset(),
            frozenset({w[0] for w in duals if w} | set("وفبل")) if dual_re is not None else frozenset(),
        )
        scan_words = set(words) | vague | (duals if dual_re is not None else set())
        scan_alt = _alt(scan_words)
        scan = StartScan(rf"(?:{pre}|[وفبل])?(?:{scan_alt})", firsts[0] | firsts[1] | firsts[2], False) if scan_alt else None
        ropen = _alt(quals.get("range_open", ()))
        rjoin = _alt(quals.get("range_join", ()))
        rfrom = _alt(quals.get("range_from", ()))
        return cls(
            words={k: tuple(v) for k, v in words.items()},
            word_re=word_re,
            vague_re=vague_re,
            dual_re=dual_re,
            approx_before=rx("approx_before", True),
            approx_after=rx("approx_after", False),
            min_before=rx("min_before", True),
            min_after=rx("min_after", False),
            max_before=rx("max_before", True),
            any_before=rx("", True, {w for k in ("min_before", "max_before", "approx_before") for w in quals.get(k, ())}),
            range_open=re.compile(rf"{_B}(?:[وف])?(?:{ropen})\s*$") if ropen else None,
            range_join=re.compile(rf"^\s*(?:{rjoin})\s*$") if rjoin else None,
            clock=re.compile(rf"{_B}(?:{_alt(clock)})\s+(?:[^\s\d]+\s+)?$") if clock else None,
            conj=frozenset(conj),
            range_or=frozenset(range_or),
            range_from=re.compile(rf"{_B}(?:[وف])?(?:{rfrom})\s*$") if rfrom else None,
            range_to=frozenset(quals.get("range_to", ())),
            scan=scan,
            firsts=firsts,
        )


# A raw number: normalised span, value, kind of its last part (for compounding).
_Item = tuple[int, int, float, str, bool]  # (nstart, nend, value, kind, conj)


def _finditer(pat: re.Pattern[str], norm: str, first: frozenset[str], starts: list[int] | None) -> Iterable[re.Match[str]]:
    """``pat.finditer(norm)``, tried only at ``starts`` when given (see marsad.text.scan)."""
    return pat.finditer(norm) if starts is None else finditer_at(pat, norm, first, False, starts)


def _word_items(norm: str, rules: NumberRules, starts: list[int] | None) -> list[_Item]:
    items: list[_Item] = []
    if rules.word_re is None:
        return items
    for m in _finditer(rules.word_re, norm, rules.firsts[0], starts):
        w = m.group("a") or m.group("b")
        pre = m.group("pre") or ""
        conj = pre.strip() in rules.conj
        if pre and not conj and len(w) < 4:
            continue  # لست / بست are not numbers
        for kind, v in rules.words[w]:
            items.append((m.start(), m.end(), v, kind, conj))
    return items


def _digit_items(norm: str) -> list[_Item]:
    out: list[_Item] = []
    for m in _DIGITS.finditer(norm):
        v = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        out.append((m.start(), m.end(), v, "digits", False))
    return out


_JOIN_NOCONJ = {
    ("unit", "teen"), ("teen_part", "teen"), ("unit", "hundred"), ("digits", "scale"), ("digits", "scale_plural"),
    ("unit", "scale"), ("unit", "scale_plural"), ("teen", "scale"), ("teen", "scale_plural"), ("ten", "scale"),
    ("hundred", "scale"), ("ten", "unit"), ("hundred", "unit"), ("hundred", "ten"),
}
_JOIN_CONJ = {
    ("unit", "ten"), ("teen", "ten"), ("hundred", "unit"), ("hundred", "ten"), ("hundred", "teen_part"),
    ("scale", "unit"), ("scale", "ten"), ("scale", "hundred"), ("scale", "teen_part"), ("scale_plural", "unit"),
    ("scale_plural", "ten"), ("scale_plural", "hundred"), ("fixed", "unit"), ("fixed", "ten"), ("fixed", "hundred"),
    ("scale", "fixed"), ("hundred", "fixed"), ("scale_plural", "teen_part"), ("fixed", "teen_part"),
    ("scale", "half"), ("scale_plural", "half"),
}


def _compounds(norm: str, items: list[_Item], conj_words: frozenset[str]) -> list[tuple[int, int, float]]:
    """Group adjacent number words into compounds and evaluate them."""
    items.sort(key=lambda it: (it[0], it[1]))
    out: list[tuple[int, int, float]] = []
    i = 0
    n = len(items)
    while i < n:
        # Choose a reading for this start: prefer one that joins the next item.
        seq = [items[i]]
        j = i + 1
        while j < n and items[j][0] == items[i][0]:
            j += 1
        alts = items[i:j]
        seq = [alts[0]]
        k = j
        while k < n:
            prev = seq[-1]
            gap = norm[prev[1]:items[k][0]]
            cands = [items[k]]
            kk = k + 1
            while kk < n and items[kk][0] == items[k][0]:
                cands.append(items[kk])
                kk += 1
            ok = None
            word_conj = gap.strip() in conj_words
            if gap in ("", " ", "-") or word_conj:
                for c in cands:
                    for p in ([prev] if len(seq) > 1 else alts):
                        conj = c[4] or word_conj
                        pair = (p[3], c[3])
                        if (conj and pair in _JOIN_CONJ) or (not conj and pair in _JOIN_NOCONJ):
                            if len(seq) == 1:
                                seq[0] = p
                            ok = c
                            break
                    if ok:
                        break
            if ok is None:
                break
            seq.append(ok)
            k = kk
        value = _evaluate(seq)
        if value is not None:
            out.append((seq[0][0], seq[-1][1], value))
        i = k if len(seq) > 1 else j
    return out


def _evaluate(seq: Sequence[_Item]) -> float | None:
    total = 0.0
    group = 0.0
    last_kind = ""
    last_val = 0.0
    for _s, _e, v, kind, _c in seq:
        if kind in ("unit", "digits", "teen_part", "ten"):
            group += v
        elif kind == "teen":
            if last_kind in ("unit", "teen_part") and last_val < 10:
                group += 10
            else:
                group += v
        elif kind == "hundred":
            if v == 100 and last_kind == "unit" and 3 <= last_val <= 9:
                group += last_val * 99
            elif v == 100 and last_kind == "unit" and not total and group == last_val:
                group = last_val * 100  # English "two hundred"
            else:
                group += v
        elif kind in ("scale", "scale_plural"):
            total += (group or 1) * v
            group = 0
        elif kind == "fixed":
            total += v
        elif kind == "half" and last_kind in ("scale", "scale_plural"):
            total += last_val * v
        last_kind, last_val = kind, v
    if len(seq) == 1 and seq[0][3] in ("teen_part", "scale_plural", "half"):
        return None  # أحد alone = "one of"; آلاف alone is vague
    return total + group


def find_numbers(norm: str, norm_map: Sequence[int], rules: NumberRules) -> tuple[NumberMention, ...]:
    """Cardinal numbers in a normalised text, with qualifiers, ranges and dual nouns.

    Args:
        norm, norm_map: ``normalize(text)``; rules: NumberRules (Arabic and English words;
            English compounds such as "twenty-five", "two hundred and five" join too).
    Returns:
        NumberMentions (raw offsets) in text order. ``value`` of a range is its low end;
        vague mentions (عشرات) have value None.

    Example:
        "قتل نحو ثلاثين شخصا" → NumberMention(value=30.0, qualifier="approx").
    """
    starts = rules.scan.starts(norm) if rules.scan is not None else None
    items = _word_items(norm, rules, starts) + _digit_items(norm)
    spans = _compounds(norm, items, rules.conj)
    spans.sort()
    if rules.clock is not None:
        clock = rules.clock
        spans = [sp for sp in spans if not clock.search(norm, max(0, sp[0] - 30), sp[0])]
    taken = [(s, e) for s, e, _ in spans]
    mentions: list[tuple[int, int, float | None, str, float | None, float | None, int, int]] = []
    # Ranges: "ما بين 30 و50", "من 30 إلى 50", "ثلاثة أو أربعة".
    i = 0
    while i < len(spans):
        s, e, v = spans[i]
        if i + 1 < len(spans) and rules.range_join is not None:
            s2, e2, v2 = spans[i + 1]
            gap = norm[e:s2]
            joiner = gap.strip()
            if not joiner and (norm[s2:s2 + 1] in rules.conj or norm[s2:s2 + 1] == "-"):
                joiner = norm[s2]
                gap = gap + joiner
            jm = rules.range_join.match(gap)
            if jm is not None and v2 > v:
                opened = rules.range_open is not None and rules.range_open.search(norm, max(0, s - 12), s)
                if not opened and joiner in rules.range_to and rules.range_from is not None:
                    opened = rules.range_from.search(norm, max(0, s - 12), s)
                if opened or joiner in rules.range_or:
                    mentions.append((s, e2, v, "range", v, v2, -1, -1))
                    i += 2
                    continue
        mentions.append((s, e, v, _qualifier(norm, s, e, rules), None, None, -1, -1))
        i += 1
    # Vague quantities not inside a number.
    if rules.vague_re is not None:
        for m in _finditer(rules.vague_re, norm, rules.firsts[1], starts):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                mentions.append((m.start(), m.end(), None, "vague", None, None, -1, -1))
    # Duals: قتيلين → 2 (not after a number: "ثلاثة قتيلين" is not written; plurals are).
    # A restating word ("جنديين اثنين") is absorbed into the dual's mention.
    if rules.dual_re is not None:
        ends = {e for _, e in taken}
        duals = []
        for m in _finditer(rules.dual_re, norm, rules.firsts[2], starts):
            if m.start() - 1 in ends or m.start() in ends:
                continue
            ns, ne = m.span("n")
            duals.append((ns, m.end(), 2.0, "exact", None, None, ns, ne))
        if duals:
            mentions = [x for x in mentions if not any(d[0] <= x[0] and x[1] <= d[1] for d in duals)]
            mentions.extend(duals)
    out: list[NumberMention] = []
    for s, e, v, q, lo, hi, ns, ne in sorted(mentions, key=lambda x: x[0]):
        if q == "min":
            lo = v
        elif q == "max":
            hi = v
        out.append(
            NumberMention(
                start=norm_map[s],
                end=norm_map[e - 1] + 1,
                value=v,
                qualifier=q,  # type: ignore[arg-type]
                low=lo,
                high=hi,
                noun_start=norm_map[ns] if ns >= 0 else -1,
                noun_end=norm_map[ne - 1] + 1 if ns >= 0 else -1,
            )
        )
    return tuple(out)


def _qualifier(norm: str, s: int, e: int, rules: NumberRules) -> str:
    before = norm[max(0, s - 30):s]
    after = norm[e:e + 40]
    # One search tells whether any qualifier word comes before; only then which one.
    if rules.any_before is None or rules.any_before.search(before):
        if rules.min_before is not None and rules.min_before.search(before):
            return "min"
        if rules.max_before is not None and rules.max_before.search(before):
            return "max"
        if rules.approx_before is not None and rules.approx_before.search(before):
            return "approx"
    if rules.min_after is not None and rules.min_after.match(after):
        return "min"
    if rules.approx_after is not None and rules.approx_after.match(after):
        return "approx"
    return "exact"
