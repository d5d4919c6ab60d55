"""Benchmark corpus: the bundled sample articles in; a large, varied, deterministic synthetic corpus out.

Each synthetic article takes one sample as its base, shuffles its sentences and mixes in
sentences from other samples, then substitutes place names, quoted names, month names,
numbers (value and digit script) and years, and shifts the publication date, so that no
cache keyed on text, sentence or name makes the benchmark trivial. Every substitution is
drawn from the samples' own vocabulary (nothing is hard-coded): dateline cities/countries,
gold ``place`` strings, «quoted» names, and month words found between a day number and a
year. Same ``seed`` → same corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from marsad.model import Article, content_hash
from marsad.resources import load

__all__ = [
    "Vocabulary",
    "build_corpus",
    "build_vocabulary",
    "iter_jsonl",
    "load_samples",
    "write_json_dir",
    "write_jsonl",
]

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

_ASCII = "0123456789"
_INDIC = "".join(chr(0x0660 + i) for i in range(10))  # Arabic-Indic digits ٠…٩
_TO_ASCII = str.maketrans(_INDIC, _ASCII)
_TO_INDIC = str.maketrans(_ASCII, _INDIC)
_DIGITS = re.compile(f"[{_ASCII}]+|[{_INDIC}]+")
_QUOTED = re.compile(r"«([^»\n]{1,40})»")
_SENT_SPLIT = re.compile(r"(?<=[.!?\u061f])\s+")  # after . ! ? or the Arabic question mark
_DATELINE = re.compile(r"^(?P<head>[^\n()\-:]{2,40}?)\s*(?:\((?P<paren>[^)\n]{2,30})\)\s*)?-\s*[^\n]{1,40}:$")
_DAY_WORD = re.compile(r"(?<!\d)(\d{1,2}) ([^\W\d_]+)")
_WORD_YEAR = re.compile(r"([^\W\d_]+) (\d{4})(?!\d)")
_MAX_NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Substitution pools harvested from the samples (sorted tuples, for determinism).

    ``cities``: dateline cities and countries; ``places``: short gold ``place`` strings
    (sites, districts, villages); ``names``:
    «quoted» names of at most four words (groups, venues, outlets); ``months``: words seen
    between a day number and a year; ``outlets``: sample outlet names.
    """

    cities: tuple[str, ...]
    places: tuple[str, ...]
    names: tuple[str, ...]
    months: tuple[str, ...]
    outlets: tuple[str, ...]


def load_samples(root: Path = SAMPLES) -> list[dict]:
    """Read every ``*.json`` article under ``root`` (seed + dev), sorted by file path."""
    out = []
    for path in sorted(root.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            out.append(data)
    return out


def build_vocabulary(samples: Sequence[dict]) -> Vocabulary:
    """Harvest the substitution pools from ``samples`` (see ``Vocabulary``)."""
    cities: set[str] = set()
    places: set[str] = set()
    names: set[str] = set()
    months: set[str] = set()
    outlets: set[str] = set()
    after_day: set[str] = set()
    before_year: set[str] = set()
    for s in samples:
        text = s["text"]
        first = text.split("\n", 1)[0].strip()
        m = _DATELINE.match(first)
        if m:
            cities.add(m.group("head").strip())
            if m.group("paren"):
                cities.add(m.group("paren").strip())
        for q in _QUOTED.findall(text):
            if len(q.split()) <= _MAX_NAME_WORDS:
                names.add(q.strip())
        ascii_text = text.translate(_TO_ASCII)
        for day, word in _DAY_WORD.findall(ascii_text):
            if 1 <= int(day) <= 31:
                after_day.add(word)
        for word, year in _WORD_YEAR.findall(ascii_text):
            if 1900 <= int(year) <= 2099:
                before_year.add(word)
        for ev in s.get("events") or ():
            place = ev.get("place")
            if place and "«" not in place and len(place.split()) <= _MAX_NAME_WORDS:
                places.add(place)
        if s.get("outlet"):
            outlets.add(s["outlet"])
    places -= cities
    names -= places | cities
    months = after_day & before_year
    return Vocabulary(*(tuple(sorted(x)) for x in (cities, places, names, months, outlets)))


def _prefix_pattern() -> str:
    """Regex for the optional proclitics before a name, built from the clitics resource."""
    cl = load("ar", "clitics")
    conj = "".join(cl["conjunctions"])
    prep = "".join(cl["prepositions"])
    return f"(?:[{conj}])?(?:[{prep}])?(?:{re.escape(cl['article'])})?"


class _Substituter:
    """Per-article consistent replacement of vocabulary items (name → another name of its pool)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.pool_of: dict[str, tuple[str, ...]] = {}
        for pool in (vocab.cities, vocab.places, vocab.months):
            self.pool_of.update(dict.fromkeys(pool, pool))
        items = sorted(self.pool_of, key=len, reverse=True)
        alt = "|".join(re.escape(w) for w in items)
        self.word_re = re.compile(rf"(?<!\w)({_prefix_pattern()})({alt})(?!\w)")

    def apply(self, text: str, rng: random.Random, mapping: dict[str, str], year_shift: int, script: str) -> str:
        v = self.vocab

        def pick(pool: Sequence[str], old: str) -> str:
            if old not in mapping:
                mapping[old] = rng.choice(pool) if len(pool) > 1 else old
            return mapping[old]

        def word(m: re.Match[str]) -> str:
            old = m.group(2)
            return m.group(1) + pick(self.pool_of[old], old)

        def quoted(m: re.Match[str]) -> str:
            inner = m.group(1)
            if len(inner.split()) > _MAX_NAME_WORDS or not v.names:
                return m.group(0)
            return "«" + pick(v.names, inner) + "»"

        def number(m: re.Match[str]) -> str:
            raw = m.group(0)
            indic = raw[0] in _INDIC
            val = int(raw.translate(_TO_ASCII))
            if len(raw) == 4 and 1900 <= val <= 2099:
                new = val + year_shift
            elif val <= 31:
                new = rng.randint(1, 31)
            else:
                new = rng.randint(max(32, val // 2), val * 2)
            out = str(new)
            if script == "indic" or (script == "keep" and indic):
                out = out.translate(_TO_INDIC)
            return out

        text = self.word_re.sub(word, text)
        text = _QUOTED.sub(quoted, text)
        return _DIGITS.sub(number, text)


def _split(text: str) -> tuple[str | None, list[str]]:
    """(dateline line or None, body sentences) of one sample text."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    dateline = lines[0] if lines and _DATELINE.match(lines[0]) else None
    body = lines[1:] if dateline else lines
    sents = [s for ln in body for s in _SENT_SPLIT.split(ln) if s.strip()]
    return dateline, sents


def _shift_date(iso: str | None, years: int, days: int) -> str | None:
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    try:
        d = d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap year
        d = d.replace(year=d.year + years, day=28)
    return (d + dt.timedelta(days=days)).isoformat()


def build_corpus(n: int = 2000, seed: int = 13, samples: Sequence[dict] | None = None) -> list[Article]:
    """Build ``n`` distinct synthetic Arabic articles from the samples, deterministically.

    Args:
        n: number of articles (>= 1).
        seed: random seed; the same seed and samples give the same corpus.
        samples: sample article dicts (default: ``load_samples()``).

    Returns:
        Articles with ids ``bench-00000`` …, lang "ar", unique texts (distinct sha256).

    Raises:
        ValueError: no usable samples.
    """
    samples = list(samples if samples is not None else load_samples())
    if not samples:
        raise ValueError("no sample articles found")
    rng = random.Random(seed)
    vocab = build_vocabulary(samples)
    sub = _Substituter(vocab)
    parts = [_split(s["text"]) for s in samples]
    all_sents = [s for _, sents in parts for s in sents]
    datelines = [d for d, _ in parts if d]
    seen: set[str] = set()
    out: list[Article] = []
    while len(out) < n:
        i = rng.randrange(len(samples))
        base = samples[i]
        dateline, sents = parts[i]
        sents = list(sents)
        lead = sents.pop(0) if sents and rng.random() < 0.6 else None
        rng.shuffle(sents)
        target = max(2, round((len(sents) + 1) * rng.uniform(0.6, 1.8)))
        body = ([lead] if lead else []) + sents
        body = [s if rng.random() > 0.3 else rng.choice(all_sents) for s in body]
        while len(body) < target:
            body.append(rng.choice(all_sents))
        body = body[:target]
        paras, k = [], 0
        while k < len(body):
            step = rng.randint(1, 3)
            paras.append(" ".join(body[k : k + step]))
            k += step
        if dateline is None and datelines and rng.random() < 0.5:
            dateline = rng.choice(datelines)
        raw = "\n".join(([dateline] if dateline else []) + paras)
        mapping: dict[str, str] = {}
        year_shift = rng.randint(-8, 3)
        script = rng.choices(("keep", "indic", "ascii"), weights=(7, 2, 1))[0]
        text = sub.apply(raw, rng, mapping, year_shift, script)
        sha = content_hash(text)
        if sha in seen:
            continue
        seen.add(sha)
        title = base.get("title")
        out.append(
            Article(
                id=f"bench-{len(out):05d}",
                text=text,
                lang="ar",
                published=_shift_date(base.get("published"), year_shift, rng.randint(-20, 20)),
                title=sub.apply(title, rng, mapping, year_shift, script) if title else None,
                outlet=rng.choice(vocab.outlets) if vocab.outlets else None,
                sha256=sha,
            )
        )
    return out


def _article_dict(a: Article) -> dict:
    return {"id": a.id, "lang": a.lang, "published": a.published, "outlet": a.outlet,
            "url": a.url, "title": a.title, "text": a.text}


def write_jsonl(articles: Iterable[Article], path: Path) -> int:
    """Write articles as JSON Lines (one article object per line, sample keys); returns bytes written."""
    data = "".join(json.dumps(_article_dict(a), ensure_ascii=False) + "\n" for a in articles)
    path.write_text(data, encoding="utf-8")
    return len(data.encode("utf-8"))


def write_json_dir(articles: Iterable[Article], folder: Path) -> int:
    """Write one ``<id>.json`` file per article into ``folder``; returns the number written."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for a in articles:
        (folder / f"{a.id}.json").write_text(json.dumps(_article_dict(a), ensure_ascii=False), encoding="utf-8")
        count += 1
    return count


def iter_jsonl(path: Path) -> Iterator[Article]:
    """Stream the articles of a file written by ``write_jsonl``, one line at a time."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if line.strip():
                d = json.loads(line)
                yield Article(id=d["id"], text=d["text"], lang=d.get("lang") or "und",
                              published=d.get("published"), title=d.get("title"),
                              outlet=d.get("outlet"), url=d.get("url"), source=f"{path}:{lineno}")
