"""Benchmark, incremental fusion in the store: the bench corpus stored unfused in; fusion CPU seconds per article (JSON) out.

Builds the synthetic corpus of ``bench.py`` (``corpus.py``), stores it with ``marsad run``'s
code but without fusing, then times ``marsad.fuse.update.fuse_pending`` (what ``marsad run``
calls at its end: 500 articles a batch) on a copy of that database, for each size asked.
Pinned to one CPU; figures are CPU seconds (steadier than wall time on a shared machine).
``--profile`` prints the top functions of the largest size.

Run: ``python benchmarks/bench_fuse_store.py [--sizes 500 2000 10000] [--seed 13] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as bench_corpus  # noqa: E402  (sibling module, benchmarks/ is not a package)

_PER_FILE = 2000  # articles per corpus file (~6 MB)


def _stored_db(n: int, seed: int, folder: Path, res: Any) -> Path:
    """A database holding the ``n``-article corpus, stored but not fused."""
    from marsad.store import open_store, runner

    articles = bench_corpus.build_corpus(n, seed)
    src = folder / f"corpus-{n}"
    src.mkdir()
    for k in range(0, n, _PER_FILE):  # JSONL files above [ingest] max_file_bytes are rejected
        bench_corpus.write_jsonl(articles[k : k + _PER_FILE], src / f"part-{k // _PER_FILE:03d}.jsonl")
    db = folder / f"stored-{n}.db"
    store = open_store(db, res.settings)
    fuse = runner._fuse
    runner._fuse = lambda *_args, **_kw: None  # store only; fusion is what is timed
    try:
        runner.run_paths([src], store, res)
    finally:
        runner._fuse = fuse
        store.close()
    return db


def _time_fusion(db: Path, res: Any, prof: cProfile.Profile | None) -> dict[str, Any]:
    from marsad.fuse import update
    from marsad.store import open_store

    work = db.with_name(db.stem + "-fused.db")
    shutil.copy(db, work)
    store = open_store(work, res.settings)
    try:
        n = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if prof:
            prof.enable()
        c0, t0 = time.process_time(), time.perf_counter()
        result = update.fuse_pending(store, settings=res.settings, gazetteer=res.gazetteer)
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        if prof:
            prof.disable()
    finally:
        store.close()
    return {"articles": n, "cpu_s": round(cpu, 3), "wall_s": round(wall, 3),
            "ms_per_article_cpu": round(1000 * cpu / max(1, n), 2),
            **{k: v for k, v in result.to_dict().items() if k != "incidents"}}  # "incidents": last batch only


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    from marsad.pipeline import load_resources

    res = load_resources()
    out = []
    with tempfile.TemporaryDirectory(prefix="marsad-bench-fuse-") as tmp:
        for i, n in enumerate(args.sizes):
            db = _stored_db(n, args.seed, Path(tmp), res)
            prof = cProfile.Profile() if args.profile and i == len(args.sizes) - 1 else None
            out.append(_time_fusion(db, res, prof))
            if prof:
                pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(20)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
