"""Benchmark, text layer: dev-corpus article texts in, throughput (MB/s of UTF-8 text, one core) out.

CPU time (process_time) per part. Part 1 times normalise + tokens + sentences + numbers (target ≥ 2 MB/s per core), part 2
dates, part 3 the whole ``analyse``. Run: ``python benchmarks/bench_text.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from marsad.model import Article
from marsad.text import analyse, load_text_resources, normalize
from marsad.text.dates import find_dates
from marsad.text.numbers import find_numbers
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    """Print MB/s for each part over the dev (and seed) sample texts."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=10, help="passes over the corpus per round")
    ap.add_argument("--rounds", type=int, default=5, help="rounds; the best is reported (shared machines)")
    args = ap.parse_args()
    arts = []
    for f in sorted(SAMPLES.glob("*/*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        arts.append(Article(id=d["id"], text=d["text"], lang=d.get("lang", "ar"), published=d.get("published")))
    size = sum(len(a.text.encode("utf-8")) for a in arts) * args.repeat
    res = load_text_resources()
    date_rules = (res.dates_ar,)

    def run(label: str, fn) -> None:  # type: ignore[no-untyped-def]
        best = float("inf")
        for _ in range(args.rounds):
            t = time.process_time()
            for _ in range(args.repeat):
                for a in arts:
                    fn(a)
            best = min(best, time.process_time() - t)
        dt = best
        print(f"{label:48s} {size / dt / 1e6:7.2f} MB/s  ({len(arts) * args.repeat / dt:7.0f} articles/s)")

    def core(a: Article) -> None:
        norm, nmap = normalize(a.text)
        tokenize(norm, nmap, a.text, res.segmenter)
        split_sentences(a.text, res.sentences)
        find_numbers(norm, nmap, res.numbers)

    normed = {a.id: normalize(a.text) for a in arts}

    def dates(a: Article) -> None:
        norm, nmap = normed[a.id]
        find_dates(norm, nmap, a.published, date_rules)

    print(f"{len(arts)} articles, {size / args.repeat / 1e6:.3f} MB per pass, {args.repeat} passes, best of {args.rounds} rounds")
    run("normalise+tokens+sentences+numbers", core)
    run("dates (on normalised text)", dates)
    run("analyse (all of the above)", lambda a: analyse(a, res))


if __name__ == "__main__":
    main()
