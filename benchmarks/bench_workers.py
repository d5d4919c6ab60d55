"""Benchmark workers (the subprocess side of ``benchmarks/bench.py``): a corpus JSONL in; one mode's figures (articles/s, per-stage seconds, peak memory, optional profile) out as JSON.

Each mode runs in a fresh process pinned to one CPU so that start-up, memory and timings of
different modes do not mix; ``bench.py --worker MODE`` is the entry point.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import corpus as bench_corpus  # sibling module (benchmarks/ is on sys.path when bench.py runs)

REPO = Path(__file__).resolve().parent.parent
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
    res = pipeline.load_resources(freeze=True)  # as the CLI does
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

    res = load_resources(freeze=True)  # as the CLI does
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
    res = load_resources(freeze=True)  # as the CLI does
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
