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
import cProfile
import datetime as dt
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import corpus as bench_corpus  # noqa: E402  (sibling module, benchmarks/ is not a package)

TARGETS = {
    # name: (figure path, comparison, target) — issue 7, one core
    "extract_articles_per_s": (("extract", "articles_per_s"), ">=", 150.0),
    "run_articles_per_s": (("run", "articles_per_s"), ">=", 100.0),
    "run_without_fuse_articles_per_s": (("run", "articles_per_s_without_fuse"), ">=", 100.0),
    "startup_s": (("startup", "total_s"), "<=", 2.0),
    "extract_peak_rss_mb": (("extract", "peak_rss_mb"), "<=", 600.0),
    "run_peak_rss_mb": (("run", "peak_rss_mb"), "<=", 600.0),
}
EXTRACT_STAGES = ("text", "gazetteer", "extract")
RUN_STAGES = ("ingest", "text", "gazetteer", "extract", "store", "fuse")  # + "other" (residual)


# ----------------------------------------------------------------------------- helpers


def _ru_maxrss_mb() -> float:
    """``getrusage(RUSAGE_SELF).ru_maxrss`` in MB (KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def _peak_rss_mb() -> float:
    """Peak resident set size of this process in MB.

    On Linux ``ru_maxrss`` survives ``exec``: a worker forked from the benchmark parent
    (which holds the corpus) would report the parent's size. ``VmHWM`` in
    ``/proc/self/status`` is the high-water mark of this program's own memory, so it is
    used where it exists; elsewhere ``ru_maxrss``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return _ru_maxrss_mb()


def _pin_one_cpu() -> int | None:
    """Pin this process to one CPU (the last allowed) so figures are one-core figures."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[-1]})
    return cpus[-1]


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _top_functions(prof: cProfile.Profile, n: int) -> dict[str, list[dict[str, Any]]]:
    """The ``n`` top functions of a profile by own time and by cumulative time."""
    stats = pstats.Stats(prof, stream=io.StringIO())
    out: dict[str, list[dict[str, Any]]] = {}
    for key, sort in (("tottime", "tottime"), ("cumtime", "cumulative")):
        stats.sort_stats(sort)
        rows = []
        for func in stats.fcn_list[:n]:  # type: ignore[attr-defined]
            cc, nc, tt, ct, _ = stats.stats[func]  # type: ignore[attr-defined]
            filename, line, name = func
            where = filename.replace(str(REPO) + "/", "") if filename != "~" else ""
            rows.append({"function": f"{where}:{line}({name})" if where else name,
                         "ncalls": nc, "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4)})
        out[key] = rows
    return out


# ----------------------------------------------------------------------------- workers (subprocess side)


def _worker_startup(corpus_path: Path, prof: cProfile.Profile | None = None) -> dict[str, Any]:
    if prof:
        prof.enable()
    t0 = time.perf_counter()
    import marsad.pipeline as pipeline

    t1 = time.perf_counter()
    res = pipeline.load_resources()
    t2 = time.perf_counter()
    if prof:
        prof.disable()
    rss_loaded = _peak_rss_mb()
    cli_import_s = None
    try:
        t3 = time.perf_counter()
        import marsad.cli  # noqa: F401

        cli_import_s = round(time.perf_counter() - t3, 4)
    except ImportError:
        pass
    # Lazily loaded data (e.g. an index read on the first lookup) shows up here, not in load_s.
    first = next(bench_corpus.iter_jsonl(corpus_path))
    t4 = time.perf_counter()
    pipeline.process(first, res)
    first_s = time.perf_counter() - t4
    return {"import_s": round(t1 - t0, 4), "load_s": round(t2 - t1, 4), "total_s": round(t2 - t0, 4),
            "rss_after_load_mb": rss_loaded, "cli_import_s": cli_import_s,
            "first_article_s": round(first_s, 4), "rss_after_first_article_mb": _peak_rss_mb()}


def _worker_extract(corpus_path: Path, prof: cProfile.Profile | None) -> dict[str, Any]:
    from marsad.pipeline import load_resources, process

    res = load_resources()
    stages = dict.fromkeys(EXTRACT_STAGES, 0.0)
    counts = dict.fromkeys(("tokens", "sentences", "numbers", "dates", "places", "groups", "entities", "events"), 0)
    n = n_bytes = 0
    wall = cpu = 0.0
    # Articles stream from the JSONL file so the corpus itself does not inflate peak memory;
    # only process() is on the clock (reading and parsing the file is not extraction).
    for art in bench_corpus.iter_jsonl(corpus_path):
        n += 1
        n_bytes += len(art.text.encode("utf-8"))
        if prof:
            prof.enable()
        t0 = time.perf_counter()
        c0 = time.process_time()
        doc = process(art, res, timings=True)
        cpu += time.process_time() - c0
        wall += time.perf_counter() - t0
        if prof:
            prof.disable()
        for k, v in doc.stats.items():
            stages[k] = stages.get(k, 0.0) + v
        for k in counts:
            counts[k] += len(getattr(doc, k))
    return _figures(n, n_bytes, wall, stages, counts, cpu)


def _figures(n: int, n_bytes: int, wall: float, stages: dict[str, float], counts: dict[str, int],
             cpu: float) -> dict[str, Any]:
    """The figures of one mode; ``articles_per_cpu_s`` is steadier than wall time on a shared machine."""
    return {
        "articles": n,
        "mb": round(n_bytes / 1e6, 3),
        "wall_s": round(wall, 4),
        "cpu_s": round(cpu, 4),
        "articles_per_s": round(n / wall, 1) if wall > 0 else None,
        "articles_per_cpu_s": round(n / cpu, 1) if cpu > 0 else None,
        "mb_per_s": round(n_bytes / 1e6 / wall, 3) if wall > 0 else None,
        "stages_s": {k: round(v, 4) for k, v in stages.items()},
        "stage_ms_per_article": {k: round(1000 * v / max(n, 1), 3) for k, v in stages.items()},
        "counts": counts,
        "peak_rss_mb": _peak_rss_mb(),
        "ru_maxrss_mb": _ru_maxrss_mb(),
    }


class _Timer:
    """Accumulates seconds spent in wrapped functions and generators, by stage name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, int] = {"articles": 0, "rejections": 0, "docs": 0, "events": 0}

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t

        return timed

    def wrap_gen(self, name: str, fn: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        from marsad.model import Article

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            it = fn(*args, **kwargs)
            while True:
                t = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t
                    return
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t
                self.counts["articles" if isinstance(item, Article) else "rejections"] += 1
                yield item

        return timed


def _instrument_run(timer: _Timer) -> Callable[[], None]:
    """Wrap the stage functions that ``marsad run`` calls with timers; returns an undo function.

    ``marsad.store.runner`` binds ``ingest_file`` by name, ``marsad.pipeline.process`` looks
    its stages up as module globals, and the store methods are patched on the class.
    """
    import marsad.pipeline as pipeline
    from marsad.store import runner
    from marsad.store.sqlite import SQLiteStore

    undo: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, new: Any) -> None:
        undo.append((owner, name, getattr(owner, name)))
        setattr(owner, name, new)

    patch(runner, "ingest_file", timer.wrap_gen("ingest", runner.ingest_file))
    patch(pipeline, "analyse", timer.wrap("text", pipeline.analyse))
    patch(pipeline, "annotate", timer.wrap("gazetteer", pipeline.annotate))
    real_extract = pipeline.extract

    def counted_extract(doc: Any, res: Any) -> Any:
        out = real_extract(doc, res)
        timer.counts["docs"] += 1
        timer.counts["events"] += len(out.events)
        return out

    patch(pipeline, "extract", timer.wrap("extract", counted_extract))
    if hasattr(runner, "_fuse"):  # the fusion pass at the end of a run (incidents)
        patch(runner, "_fuse", timer.wrap("fuse", runner._fuse))
    for meth in ("save_doc", "save_rejection", "has_article", "note_duplicate", "start_run", "finish_run"):
        if hasattr(SQLiteStore, meth):
            patch(SQLiteStore, meth, timer.wrap("store", getattr(SQLiteStore, meth)))

    def restore() -> None:
        for owner, name, old in reversed(undo):
            setattr(owner, name, old)

    return restore


def _worker_run(corpus_path: Path, prof: cProfile.Profile | None) -> dict[str, Any]:
    """``marsad run`` = ``marsad.store.runner.run_paths`` (what the CLI's run command calls).

    Resources are loaded and the store opened (migrations applied) before the clock starts,
    as start-up is measured on its own; ``other`` is what no wrapped stage accounts for.
    """
    try:
        from marsad.pipeline import load_resources
        from marsad.store import open_store
        from marsad.store.runner import run_paths
    except ImportError as exc:
        return {"status": f"unavailable: {exc}"}
    n_bytes = int(json.loads(corpus_path.with_suffix(".meta.json").read_text(encoding="utf-8"))["text_bytes"])
    res = load_resources()
    timer = _Timer()
    restore = _instrument_run(timer)
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        t_open = time.perf_counter()
        store = open_store(db, res.settings)
        open_s = time.perf_counter() - t_open
        try:
            if prof:
                prof.enable()
            t0 = time.perf_counter()
            c0 = time.process_time()
            report = run_paths([corpus_path], store, res)
            cpu = time.process_time() - c0
            wall = time.perf_counter() - t0
            if prof:
                prof.disable()
        finally:
            store.close()
            restore()
        db_bytes = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
    stages = {k: timer.seconds.get(k, 0.0) for k in RUN_STAGES}
    stages["other"] = max(0.0, wall - sum(stages.values()))
    counts = dict(timer.counts)
    counts["stored"] = report.articles_stored
    counts["duplicates"] = report.duplicates
    counts["events_stored"] = sum(report.events_by_kind.values())
    counts["incidents_created"] = getattr(report, "incidents_created", 0)
    out = _figures(report.articles_stored, n_bytes, wall, stages, counts, cpu)
    fuse_s = stages.get("fuse", 0.0)
    if fuse_s and wall > fuse_s:  # issue 7's "marsad run" = ingest + extract + store, before fusion was added
        out["articles_per_s_without_fuse"] = round(report.articles_stored / (wall - fuse_s), 1)
    out.update(db_bytes=db_bytes, store_open_s=round(open_s, 4), run_report=report.to_dict(),
               call="marsad.store.runner.run_paths([corpus.jsonl], open_store(tmp/bench.db), load_resources())")
    ok = report.articles_stored == counts["articles"] and not report.rejections_by_reason
    out["status"] = "ok" if ok else "ok (some articles not stored: see run_report)"
    return out


def worker_main(mode: str, corpus_path: Path, result_path: Path, profile_top: int) -> None:
    """Subprocess entry: run one ``mode`` and write its figures to ``result_path`` (JSON)."""
    cpu = _pin_one_cpu()
    prof = cProfile.Profile() if profile_top else None
    if mode == "startup":
        out = _worker_startup(corpus_path, prof)
    elif mode == "extract":
        out = _worker_extract(corpus_path, prof)
    elif mode == "run":
        out = _worker_run(corpus_path, prof)
    else:
        raise ValueError(f"unknown worker mode {mode!r}")
    out["cpu"] = cpu
    if prof:
        out = {"profile": _top_functions(prof, profile_top)}
    result_path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


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
