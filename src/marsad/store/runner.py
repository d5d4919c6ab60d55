"""The ``marsad run`` job: input paths in; articles, events and rejections committed to a store out.

ingest → pipeline.process → store, one transaction per article. Articles whose content hash
is already stored are skipped before processing, so an interrupted run re-run only does the
remaining work; they are counted as ``already_stored`` (stored by an earlier run) or
``duplicates`` (a copy of an article stored earlier in this run) and listed in the store's
``input_duplicates`` table.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from marsad.ingest import discover, ingest_file
from marsad.model import Article, Rejection
from marsad.pipeline import Resources, process
from marsad.resources import resource_path
from marsad.store.sqlite import SQLiteStore

__all__ = ["RunReport", "has_extractor", "run_items", "run_paths"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class RunReport:
    """What one run did: files read, articles stored/duplicated, events by kind, rejections by reason.

    ``duplicates`` counts inputs repeating an article stored earlier in this run,
    ``already_stored`` inputs whose article an earlier run stored (a resumed run), and
    ``no_extractor`` the stored articles per language that has no event extractor yet
    (they are stored, but yield no events).
    """

    run_id: int
    files: int = 0
    articles_stored: int = 0
    duplicates: int = 0
    already_stored: int = 0
    no_extractor: Counter[str] = field(default_factory=Counter)
    events_by_kind: Counter[str] = field(default_factory=Counter)
    rejections_by_reason: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    incidents_created: int = 0
    incidents_updated: int = 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready summary."""
        return {
            "run_id": self.run_id,
            "files": self.files,
            "articles_stored": self.articles_stored,
            "duplicates": self.duplicates,
            "already_stored": self.already_stored,
            "no_extractor": dict(sorted(self.no_extractor.items())),
            "events_by_kind": dict(sorted(self.events_by_kind.items())),
            "rejections_by_reason": dict(sorted(self.rejections_by_reason.items())),
            "incidents_created": self.incidents_created,
            "incidents_updated": self.incidents_updated,
        }


def run_paths(
    paths: Iterable[str | Path], store: SQLiteStore, res: Resources, progress: Progress | None = None
) -> RunReport:
    """Ingest ``paths``, process each new article and commit it with its events.

    Every input ends stored, skipped as a duplicate (same content hash), or recorded as a
    rejection (a stage that raises on an article records it as ``pipeline_error``).
    ``progress(done_files, total_files, source)`` is called after each file. The store's own
    files (the database and its ``-wal``/``-shm``/``-journal``) are never read as inputs.

    Raises:
        StoreError: the database stayed locked beyond the retries.

    Example:
        >>> run_paths(["samples"], open_store("marsad.db"), load_resources()).articles_stored
        41
    """
    paths = list(paths)
    own = [] if store.path == ":memory:" else [store.path, store.path + _FUSE_LOCK]
    files = discover(paths, skip=own)
    run_id = store.start_run([str(p) for p in paths])
    report = RunReport(run_id=run_id, files=len(files))
    status = "failed"
    try:
        for i, path in enumerate(files, start=1):
            for item in ingest_file(path, res.settings):
                _store_item(item, store, res, report)
            if progress is not None:
                progress(i, len(files), str(path))
        _fuse(store, res, report)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, status)
    return report


def run_items(
    items: Iterable[Article | Rejection], store: SQLiteStore, res: Resources, inputs: tuple[str, ...] = ("items",)
) -> RunReport:
    """Like ``run_paths`` for already-ingested items (e.g. ``ingest_text`` of an API post).

    Example:
        >>> art = ingest_text("قتل خمسة أشخاص في انفجار عبوة ناسفة ببغداد", "api", settings)
        >>> run_items([art], store, res, ("api",)).articles_stored
        1
    """
    run_id = store.start_run(list(inputs))
    report = RunReport(run_id=run_id)
    status = "failed"
    try:
        for item in items:
            _store_item(item, store, res, report)
        _fuse(store, res, report)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, status)
    return report


_FUSE_LOCK = "-fuse.lock"


@contextmanager
def _fusion_lock(store: SQLiteStore) -> Iterator[None]:
    """Hold an exclusive lock on ``<db>-fuse.lock`` (POSIX ``flock``) while fusing.

    Fusion reads the pending articles before it writes; two runs fusing at once would both
    fuse (and count) the same articles. Holding this lock, the second run finds them fused.
    Without ``fcntl`` (Windows) or a writable folder, fusion runs unlocked.
    """
    if store.path == ":memory:":
        yield
        return
    try:
        import fcntl

        fh = open(store.path + _FUSE_LOCK, "a")  # noqa: SIM115 - held across the yield
    except (ImportError, OSError) as exc:
        log.debug("fusion runs without a lock: %s", exc)
        yield
        return
    try:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        fh.close()  # releases the flock


def _fuse(store: SQLiteStore, res: Resources, report: RunReport) -> None:
    """Fuse every stored article not fused yet (this run's, and any a killed run left)."""
    from marsad.fuse import update

    with _fusion_lock(store):
        result = update.fuse_pending(store, settings=res.settings, gazetteer=res.gazetteer)
    report.incidents_created = len(result.created)
    report.incidents_updated = len(set(result.updated) - set(result.created))


def _store_item(item: Article | Rejection, store: SQLiteStore, res: Resources, report: RunReport) -> None:
    """One input: record its rejection, skip it as a duplicate, or process and commit it."""
    run_id = report.run_id
    if isinstance(item, Rejection):
        store.save_rejection(item, run_id)
        report.rejections_by_reason[item.reason] += 1
        return
    stored = store.article_run(item.sha256)
    if stored is not None:
        store.note_duplicate(run_id, item.source, item.sha256)
        if stored[1] == run_id:
            report.duplicates += 1
        else:
            report.already_stored += 1
        return
    try:
        doc = process(item, res)
    except Exception as exc:  # a stage bug must not end a 9,000-file run; it is recorded
        log.exception("pipeline failed on %s", item.source)
        rej = Rejection(item.source or item.id, "pipeline_error", f"{type(exc).__name__}: {exc}")
        store.save_rejection(rej, run_id)
        report.rejections_by_reason[rej.reason] += 1
        return
    saved = store.save_doc(doc, run_id)
    if saved.stored:
        report.articles_stored += 1
        report.events_by_kind.update(str(ev.kind) for ev in doc.events)
        if not has_extractor(item.lang):
            report.no_extractor[item.lang] += 1
    else:
        report.duplicates += 1


def has_extractor(lang: str) -> bool:
    """Whether event extraction has lexicons for ``lang`` (its ``resources/<lang>/triggers.yaml``).

    Example:
        >>> has_extractor("ar")
        True
    """
    try:
        return resource_path(lang, "triggers.yaml").is_file()
    except (ValueError, OSError):
        return False
