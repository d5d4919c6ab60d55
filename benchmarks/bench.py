"""Benchmark (``make bench``): a synthetic corpus in; articles/s, MB/s, start-up, peak memory and per-stage time as JSON out.

Modes, each measured single-process in its own fresh subprocess (pinned to one CPU) so
that start-up, memory and timings do not mix:

* ``extract``: ``marsad.pipeline.process(article, res, timings=True)`` over the corpus
  (text → gazetteer → extract), per-stage seconds from ``Doc.stats``.
* ``run``: ``marsad run`` (ingest + extract + store) into a temporary SQLite database:
  ``marsad.store.runner.run_paths`` (the library call behind the CLI's run command) over
  the corpus written as one JSONL file; ingest, stage and store functions are wrapped with
  timers (``store`` = the SQLite writes, ``fuse`` = the incident fusion pass at the end of a
  run), ``other`` is the residual (wall − the timed parts).

Usage::

    python benchmarks/bench.py [--articles N] [--mode extract|run|both] [--out FILE] [--profile]
    python benchmarks/bench.py --compare A.json B.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import corpus as bench_corpus  # noqa: E402  (sibling module, benchmarks/ is not a package)
from bench_workers import worker_main  # noqa: E402

TARGETS = {
    # name: (figure path, comparison, target) — issue 7, one core
    "extract_articles_per_s": (("extract", "articles_per_s"), ">=", 150.0),
    "run_articles_per_s": (("run", "articles_per_s"), ">=", 100.0),
    "run_without_fuse_articles_per_s": (("run", "articles_per_s_without_fuse"), ">=", 100.0),
    "startup_s": (("startup", "total_s"), "<=", 2.0),
    "extract_peak_rss_mb": (("extract", "peak_rss_mb"), "<=", 600.0),
    "run_peak_rss_mb": (("run", "peak_rss_mb"), "<=", 600.0),
}


# ----------------------------------------------------------------------------- helpers


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _write_corpus(articles: list[Any], path: Path) -> None:
    """Write the corpus JSONL plus a ``.meta.json`` sidecar giving its UTF-8 text size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    bench_corpus.write_jsonl(articles, path)
    meta = {"articles": len(articles), "text_bytes": sum(len(a.text.encode("utf-8")) for a in articles)}
    path.with_suffix(".meta.json").write_text(json.dumps(meta), encoding="utf-8")


# ----------------------------------------------------------------------------- driver (parent side)


def _spawn(mode: str, corpus_path: Path, tmp: Path, profile_top: int = 0, timeout: float = 3600) -> dict[str, Any]:
    result = tmp / f"{mode}-{profile_top}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--corpus", str(corpus_path),
           "--result", str(result), "--profile-top", str(profile_top)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not result.is_file():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
        return {"status": f"failed (exit {proc.returncode})", "error": "\n".join(tail)}
    out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    out["process_wall_s"] = round(wall, 4)
    return out


def _startup(corpus_path: Path, tmp: Path, runs: int) -> dict[str, Any]:
    results = [_spawn("startup", corpus_path, tmp) for _ in range(max(1, runs))]
    ok = [r for r in results if "total_s" in r]
    if not ok:
        return results[0]
    best = dict(min(ok, key=lambda r: r["total_s"]))
    out = {k: best[k] for k in ("import_s", "load_s", "rss_after_load_mb", "cli_import_s", "first_article_s",
                                "rss_after_first_article_mb")}
    out["total_s"] = round(statistics.median(r["total_s"] for r in ok), 4)
    out["total_s_runs"] = [r["total_s"] for r in ok]
    out["process_wall_s"] = round(statistics.median(r["process_wall_s"] for r in ok), 4)
    return out


def _targets(report: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, (path, op, target) in TARGETS.items():
        val: Any = report
        for key in path:
            val = val.get(key) if isinstance(val, dict) else None
        met = None if not isinstance(val, int | float) else (val >= target if op == ">=" else val <= target)
        out[name] = {"value": val, "target": f"{op} {target:g}", "met": met}
    return out


def run_benchmark(n: int, modes: tuple[str, ...], seed: int = 13, startup_runs: int = 3,
                  profile_top: int = 0, profile_articles: int = 500) -> dict[str, Any]:
    """Build an ``n``-article corpus and measure start-up plus each mode in fresh subprocesses.

    Returns the report dict (keys meta, startup, extract and/or run, targets, optionally
    profile) that ``main`` writes as JSON.
    """
    load1 = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    t0 = time.perf_counter()
    articles = bench_corpus.build_corpus(n, seed=seed)
    build_s = time.perf_counter() - t0
    sha = _git("rev-parse", "--short", "HEAD") or "nogit"
    report: dict[str, Any] = {
        "meta": {
            "git_sha": sha,
            "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "load_avg_1m_at_start": load1,
            "articles": len(articles),
            "corpus_mb": round(sum(len(a.text.encode("utf-8")) for a in articles) / 1e6, 3),
            "corpus_seed": seed,
            "corpus_sha256": hashlib.sha256("".join(a.sha256 for a in articles).encode()).hexdigest()[:16],
            "corpus_build_s": round(build_s, 3),
            "modes": list(modes),
        }
    }
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmpdir:
        tmp = Path(tmpdir)
        corpus_path = tmp / "corpus" / "corpus.jsonl"
        _write_corpus(articles, corpus_path)
        report["startup"] = _startup(corpus_path, tmp, startup_runs)
        for mode in modes:
            report[mode] = _spawn(mode, corpus_path, tmp)
        if profile_top:
            prof_path = tmp / "profile" / "corpus.jsonl"
            _write_corpus(articles[:profile_articles], prof_path)
            report["profile"] = {"articles": min(profile_articles, len(articles)),
                                 "startup": _spawn("startup", prof_path, tmp, profile_top).get("profile")}
            for mode in modes:
                report["profile"][mode] = _spawn(mode, prof_path, tmp, profile_top).get("profile")
    report["meta"]["load_avg_1m_at_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    report["targets"] = _targets(report)
    return report


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:,.3f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def print_report(report: dict[str, Any], out: Any = sys.stdout) -> None:
    """Print the report as a short human-readable summary."""
    m = report["meta"]
    print(f"marsad benchmark @ {m['git_sha']}{' (dirty)' if m['dirty'] else ''}: {m['articles']} articles, "
          f"{m['corpus_mb']} MB, seed {m['corpus_seed']}, load avg {_fmt(m['load_avg_1m_at_start'])}"
          f"→{_fmt(m.get('load_avg_1m_at_end'))} on {m['cpu_count']} CPUs", file=out)
    s = report.get("startup", {})
    print(f"start-up: {_fmt(s.get('total_s'))} s (import {_fmt(s.get('import_s'))} + load {_fmt(s.get('load_s'))}; "
          f"cli import {_fmt(s.get('cli_import_s'))}; rss after load {_fmt(s.get('rss_after_load_mb'))} MB); "
          f"first article {_fmt(s.get('first_article_s'))} s, rss then {_fmt(s.get('rss_after_first_article_mb'))} MB",
          file=out)
    for mode in ("extract", "run"):
        r = report.get(mode)
        if r is None:
            continue
        if "articles_per_s" not in r:
            print(f"{mode}: {r.get('status')} {r.get('error', '')}", file=out)
            continue
        stages = ", ".join(f"{k} {_fmt(v)} ms" for k, v in r["stage_ms_per_article"].items())
        if r.get("articles_per_s_without_fuse"):
            stages += f"  (without fuse: {_fmt(r['articles_per_s_without_fuse'])} articles/s)"
        print(f"{mode}: {_fmt(r['articles_per_s'])} articles/s ({_fmt(r.get('articles_per_cpu_s'))} per CPU-second), "
              f"{_fmt(r['mb_per_s'])} MB/s, "
              f"peak rss {_fmt(r['peak_rss_mb'])} MB, wall {_fmt(r['wall_s'])} s", file=out)
        print(f"  per article: {stages}", file=out)
        print(f"  counts: {r['counts']}", file=out)
    for name, t in report.get("targets", {}).items():
        flag = {True: "ok", False: "MISSED", None: "n/a"}[t["met"]]
        print(f"target {name}: {_fmt(t['value'])} (target {t['target']}) {flag}", file=out)
    for mode, prof in (report.get("profile") or {}).items():
        if isinstance(prof, dict):
            key = "cumtime" if mode == "startup" else "tottime"
            print(f"profile {mode} (top by {'cumulative' if key == 'cumtime' else 'own'} time):", file=out)
            for row in prof[key][:12]:
                print(f"  {row['tottime_s']:8.3f} s own {row['cumtime_s']:8.3f} s cum {row['ncalls']:>9} "
                      f"{row['function']}", file=out)


def _flatten(obj: Any, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k not in ("profile", "meta", "targets", "cpu", "run_report"):
                out.update(_flatten(v, f"{prefix}{k}."))
    elif isinstance(obj, int | float) and not isinstance(obj, bool):
        out[prefix.rstrip(".")] = float(obj)
    return out


def compare(a_path: Path, b_path: Path, out: Any = sys.stdout) -> dict[str, dict[str, float | None]]:
    """Print and return the deltas of every numeric figure between two result files (B − A)."""
    a = json.loads(a_path.read_text(encoding="utf-8"))
    b = json.loads(b_path.read_text(encoding="utf-8"))
    fa, fb = _flatten(a), _flatten(b)
    print(f"A = {a_path} ({a['meta']['git_sha']})  B = {b_path} ({b['meta']['git_sha']})", file=out)
    if a["meta"].get("corpus_sha256") != b["meta"].get("corpus_sha256"):
        print("warning: the two runs used different corpora (size, seed or samples differ)", file=out)
    print(f"{'figure':44} {'A':>12} {'B':>12} {'B-A':>12} {'change':>8}", file=out)
    deltas: dict[str, dict[str, float | None]] = {}
    for key in sorted(set(fa) | set(fb)):
        va, vb = fa.get(key), fb.get(key)
        d = None if va is None or vb is None else vb - va
        pct = None if d is None or not va else 100.0 * d / va
        deltas[key] = {"a": va, "b": vb, "delta": d, "pct": pct}
        print(f"{key:44} {_fmt(va):>12} {_fmt(vb):>12} {_fmt(d):>12} "
              f"{'' if pct is None else f'{pct:+.1f}%':>8}", file=out)
    return deltas


def main(argv: list[str] | None = None) -> int:
    """Command-line entry (see the module docstring)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    p.add_argument("--mode", choices=("extract", "run", "both"), default="both")
    p.add_argument("--out", type=Path, help="result JSON (default bench-results/bench-<git short sha>.json)")
    p.add_argument("--seed", type=int, default=13, help="corpus seed (default 13)")
    p.add_argument("--startup-runs", type=int, default=3, help="fresh start-up measurements, median kept")
    p.add_argument("--profile", action="store_true", help="also cProfile each mode (separate run, not timed)")
    p.add_argument("--profile-articles", type=int, default=500)
    p.add_argument("--profile-top", type=int, default=25)
    p.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"), help="print deltas B − A")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker_main(args.worker, args.corpus, args.result, args.profile_top)
        return 0
    if args.compare:
        compare(*args.compare)
        return 0
    modes = ("extract", "run") if args.mode == "both" else (args.mode,)
    report = run_benchmark(args.articles, modes, seed=args.seed, startup_runs=args.startup_runs,
                           profile_top=args.profile_top if args.profile else 0,
                           profile_articles=args.profile_articles)
    out = args.out or REPO / "bench-results" / f"bench-{report['meta']['git_sha']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print_report(report)
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
