"""Benchmark smoke tests: the bench script and its synthetic corpus, on a handful of articles (no timing assertions)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks" / "bench.py"


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_mod():
    return _load_corpus_module()


@pytest.fixture(scope="module")
def bench_report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "result.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--articles", "20", "--mode", "both", "--out", str(out), "--startup-runs", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_corpus_is_deterministic_and_every_text_is_distinct(corpus_mod):
    a = corpus_mod.build_corpus(60, seed=5)
    b = corpus_mod.build_corpus(60, seed=5)
    c = corpus_mod.build_corpus(60, seed=6)
    assert [x.text for x in a] == [x.text for x in b]
    assert [x.text for x in a] != [x.text for x in c]
    assert len({x.sha256 for x in a}) == 60


def test_corpus_recombines_samples_instead_of_copying_them(corpus_mod):
    samples = corpus_mod.load_samples()
    sample_texts = {s["text"] for s in samples}
    sample_sentences = {ln.strip() for s in samples for ln in s["text"].split("\n")}
    arts = corpus_mod.build_corpus(60, seed=5)
    assert not sample_texts & {a.text for a in arts}
    # most paragraphs are new: shuffled/recombined sentences with substituted names and numbers
    paras = [ln for a in arts for ln in a.text.split("\n")[1:]]
    assert sum(p in sample_sentences for p in paras) < len(paras) / 4


def test_corpus_substitutes_datelines_from_the_samples_own_cities(corpus_mod):
    vocab = corpus_mod.build_vocabulary(corpus_mod.load_samples())
    arts = corpus_mod.build_corpus(200, seed=5)
    heads = {a.text.split("\n", 1)[0].split(" - ")[0].split(" (")[0] for a in arts}
    assert len(heads) > 10
    assert len(heads & set(vocab.cities)) > 10


def test_bench_writes_expected_figures_for_extract_mode(bench_report):
    for key in ("meta", "startup", "extract", "targets"):
        assert key in bench_report
    ex = bench_report["extract"]
    assert ex["articles"] == 20
    for key in ("mb", "wall_s", "cpu_s", "articles_per_s", "articles_per_cpu_s", "mb_per_s", "peak_rss_mb"):
        assert ex[key] > 0, key
    assert set(ex["stages_s"]) == {"text", "gazetteer", "extract"}
    assert ex["counts"]["sentences"] > 0
    assert bench_report["startup"]["total_s"] > 0
    assert bench_report["startup"]["rss_after_load_mb"] > 0
    assert set(bench_report["targets"]) >= {"extract_articles_per_s", "run_articles_per_s", "startup_s"}


def test_bench_writes_expected_figures_for_run_mode(bench_report):
    if importlib.util.find_spec("marsad.store.runner") is None:
        pytest.skip("marsad.store.runner (behind `marsad run`) does not exist yet")
    run = bench_report["run"]
    assert run.get("status", "").startswith("ok"), run
    assert run["articles"] == 20
    assert run["counts"]["docs"] == 20
    assert run["counts"]["stored"] == 20
    for key in ("mb", "wall_s", "articles_per_s", "peak_rss_mb", "db_bytes"):
        assert run[key] > 0, key
    assert set(run["stages_s"]) >= {"ingest", "text", "gazetteer", "extract", "store", "other"}


def test_bench_compare_prints_deltas_between_two_results(bench_report, tmp_path):
    a = tmp_path / "a.json"
    b = tmp_path / "b.json"
    a.write_text(json.dumps(bench_report), encoding="utf-8")
    faster = json.loads(json.dumps(bench_report))
    faster["extract"]["articles_per_s"] = bench_report["extract"]["articles_per_s"] * 2
    b.write_text(json.dumps(faster), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(BENCH), "--compare", str(a), str(b)],
                          cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("extract.articles_per_s"))
    assert "+100.0%" in line
