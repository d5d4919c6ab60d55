"""Fusion test data: gold events of annotated articles in, many synthetic reports of them (outlets, dates, toll updates, copies) out."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from marsad.fuse.compare import Report
from marsad.fuse.dedup import ArticleText
from marsad.model import Count, Event

__all__ = ["Seed", "SyntheticSet", "synthesize"]

_SENTENCE = re.compile(r"(?<=[.!؟?\n])\s+")


@dataclass(frozen=True, slots=True)
class Seed:
    """One real incident to paraphrase: its gold event, its article's text and its incident key.

    ``shift_days`` moves every date (to make many distinct incidents from few seeds).
    """

    event: Event
    text: str
    key: str
    shift_days: int = 0


@dataclass(frozen=True, slots=True)
class SyntheticSet:
    """Synthetic articles and their reports, with the true incident of each report's event."""

    articles: list[ArticleText]
    reports: list[Report]
    gold: dict[str, str]


def _shift(iso: str | None, days: int) -> str | None:
    if not iso or len(iso) != 10:
        return iso
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def _scale(value: Count, fraction: float) -> Count:
    if value is None:
        return None
    if isinstance(value, tuple):
        return (max(0, round(value[0] * fraction)), max(0, round(value[1] * fraction)))
    return max(0 if value == 0 else 1, round(value * fraction))


def _paraphrase(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    kept = [w for w in words if rng.random() > 0.2] or words
    if len(kept) > 6 and rng.random() < 0.5:
        cut = rng.randrange(2, len(kept) - 2)
        kept = kept[cut:] + kept[:cut]
    return " ".join(kept)


def _report_event(seed: Seed, k: int, n: int, rng: random.Random) -> Event:
    ev = seed.event
    day = _shift(ev.date, seed.shift_days)
    if day and rng.random() < 0.3:
        day = _shift(day, rng.choice((-1, 1)))
    if day and rng.random() < 0.1:
        day = day[:7]
    fraction = 0.5 + 0.5 * k / max(1, n - 1)
    early = k < n // 3 and rng.random() < 0.5
    keep_city = rng.random() > 0.15
    return replace(
        ev,
        status="new",
        date=day,
        city=ev.city if keep_city else None,
        place=ev.place if keep_city and rng.random() > 0.3 else None,
        killed=_scale(ev.killed, fraction),
        wounded=_scale(ev.wounded, fraction),
        perpetrators=() if early else ev.perpetrators,
        claimed=None if early else ev.claimed,
        evidence=_paraphrase(ev.evidence or "", rng) or None,
        fields=(),
        explanation=(),
    )


def synthesize(
    seeds: Sequence[Seed], reports_per_incident: int = 10, copies: int = 2, rng_seed: int = 0
) -> SyntheticSet:
    """Generate ``reports_per_incident`` reports of each seed incident, ``copies`` of them near-copies.

    Each report is its own article from one of several outlets, published 0–2 days after the
    incident. The event date is off by one day in ~30 % of reports and month-only in ~10 %;
    the tolls rise from half to the full figure in publication order (toll updates); a third
    of the early reports name no perpetrator yet; ~15 % lose the city; the evidence sentence
    is paraphrased (words dropped, clauses rotated). A near-copy repeats an earlier report's
    text and event under another outlet (the same wire story). Deterministic for ``rng_seed``.
    """
    rng = random.Random(rng_seed)
    articles: list[ArticleText] = []
    reports: list[Report] = []
    gold: dict[str, str] = {}
    for s_idx, seed in enumerate(seeds):
        sentences = [x for x in _SENTENCE.split(seed.text) if x.strip()]
        base = _shift(seed.event.date, seed.shift_days)
        made: list[tuple[ArticleText, Report]] = []
        for k in range(reports_per_incident):
            outlet = f"outlet-{rng.randrange(40)}"
            pub = _shift(base, min(2, 3 * k // reports_per_incident)) if base and len(base) == 10 else base
            aid = f"syn-{s_idx}-{k}"
            if k >= reports_per_incident - copies and made:
                src_art, src_rep = made[rng.randrange(len(made))]
                text = f"{outlet} {pub}\n" + src_art.text.split("\n", 1)[-1]
                event = replace(src_rep.event, id=f"{aid}#0", article_id=aid)
            else:
                event = replace(_report_event(seed, k, reports_per_incident, rng), id=f"{aid}#0", article_id=aid)
                body = [_paraphrase(x, rng) for x in sentences if rng.random() < 0.4]
                rng.shuffle(body)
                text = f"{outlet} {pub}\n{event.evidence or ''}\n" + "\n".join(body)
            art = ArticleText(aid, text, pub)
            rep = Report(event, pub, outlet)
            made.append((art, rep))
            gold[event.id] = seed.key
        for art, rep in made:
            articles.append(art)
            reports.append(rep)
    return SyntheticSet(articles, reports, gold)
