"""Benchmark, fusion: 10,000 synthetic reports (1,000 incidents × 10) in; seconds, reports/s and B-cubed out (JSON).

The incidents are the dev corpus's gold attacks (new and background) moved to random dates
over ~5 years, each reported 10 times by synthetic outlets (``marsad.fuse.synth``: dates ±1 day,
rising tolls, paraphrased evidence, 2 near-copies per incident). Times near-duplicate detection
(MinHash LSH) and clustering separately. Target: the whole fusion under a minute on one core.

Seconds are wall time; ``*_cpu_s`` the process's CPU time (steadier on a shared machine).

Run: ``python benchmarks/bench_fuse.py [--incidents 1000] [--reports 10] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from marsad.fuse import FuseSettings, fuse, near_duplicates
from marsad.fuse.score import gold_reports, score_fusion
from marsad.fuse.synth import Seed, synthesize

DEV = Path(__file__).resolve().parent.parent / "samples" / "dev"


def _seeds(n: int, rng: random.Random) -> list[Seed]:
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("dev-*.json"))]
    texts = {a["id"]: a["text"] for a in articles}
    reports, gold = gold_reports(articles)
    by_incident = {}
    for r in reports:  # one report per real incident: two reports of one attack are not two attacks
        if r.event.kind == "attack" and r.event.date and len(r.event.date) == 10:
            by_incident.setdefault(gold.get(r.id, r.id), r)
    base = list(by_incident.values())
    seeds = []
    for i in range(n):
        r = base[i % len(base)]
        # copies of one dev attack lie ≥ 60 days apart (identical attacks days apart are
        # indistinguishable); different attacks in one city may still fall close together
        shift = -((i // len(base)) * 120 + rng.randrange(60))
        seeds.append(Seed(r.event, texts[r.article_id], f"{gold.get(r.id, r.id)}@{shift}#{i}", shift))
    return seeds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=1000)
    ap.add_argument("--reports", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    syn = synthesize(_seeds(args.incidents, rng), reports_per_incident=args.reports, rng_seed=args.seed)
    cfg = FuseSettings()
    t0, c0 = time.perf_counter(), time.process_time()
    dups = {d.article_id: d.original_id for d in near_duplicates(syn.articles, cfg)}
    t1, c1 = time.perf_counter(), time.process_time()
    incidents = fuse(syn.reports, cfg, duplicates=dups)
    t2, c2 = time.perf_counter(), time.process_time()
    score = score_fusion(incidents, syn.gold)
    print(json.dumps({
        "reports": len(syn.reports),
        "incidents_true": len(set(syn.gold.values())),
        "incidents_fused": len(incidents),
        "near_duplicates": len(dups),
        "dedup_s": round(t1 - t0, 2),
        "fuse_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "reports_per_s": round(len(syn.reports) / (t2 - t0)),
        "dedup_cpu_s": round(c1 - c0, 2),
        "fuse_cpu_s": round(c2 - c1, 2),
        "reports_per_cpu_s": round(len(syn.reports) / (c2 - c0)),
        "bcubed_precision": round(score.precision, 4),
        "bcubed_recall": round(score.recall, 4),
        "bcubed_f1": round(score.f1, 4),
    }, indent=2))


if __name__ == "__main__":
    main()
