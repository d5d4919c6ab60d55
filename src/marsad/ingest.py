"""Ingest stage: files and folders in; Articles (raw text + metadata + language) or Rejections out.

Every input ends as exactly one of the two: an :class:`~marsad.model.Article` or a
:class:`~marsad.model.Rejection` with a reason (``empty``, ``too_short``, ``binary``,
``decode_error``, ``invalid_json``, ``too_large``, ``too_long``, ``too_many_lines``,
``unsupported_language``, ``unsupported_type``, ``unreadable``, ``ingest_error`` for any
other failure reading one file). Limits come from the ``[ingest]`` section of default.toml.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import charset_normalizer

from marsad.model import Article, Rejection, content_hash
from marsad.settings import Settings

__all__ = ["discover", "ingest_file", "ingest_paths", "ingest_text"]

log = logging.getLogger(__name__)

_TEXT = {".txt", ".text", ""}
_HTML = {".html", ".htm", ".xhtml", ".shtml"}
_JSON = {".json"}
_JSONL = {".jsonl", ".ndjson"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Lenient decoding: a UTF-8 text with at most this share of invalid sequences is kept with
# U+FFFD in their place, and NUL bytes up to this share are dropped (a stray byte from a
# scraper or a copy-paste must not cost the whole article).
_MAX_BAD_SHARE = 0.002
_MAX_NUL_SHARE = 0.002
# Failures of one file that become an ``ingest_error`` rejection instead of ending the run
# (RecursionError: deeply nested JSON/HTML; LookupError: an unknown codec name).
_FILE_ERRORS = (RecursionError, MemoryError, ValueError, OSError, UnicodeError, LookupError, TypeError)
_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")


class _Reject(Exception):
    """Internal: an input that must become a Rejection (reason, detail)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


def discover(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of files.

    Folders are walked recursively in sorted order; hidden files and folders (name starting
    with ".") inside a folder are skipped, a file named explicitly is always kept. A path
    that does not exist is kept too, so that ``ingest_file`` reports it as ``unreadable``,
    and so is a folder that cannot be listed (``ingest_file`` rejects it as ``unreadable``).

    Args:
        paths: files and/or folders.
        skip: files never returned from a folder walk, with their SQLite companions
            (``-wal``, ``-shm``, ``-journal``): the run's own database.

    Example:
        >>> discover(["samples/seed"])
        [PosixPath('samples/seed/seed-000.json')]
    """
    out: list[Path] = []
    seen: set[Path] = set()
    skipped = {
        os.path.realpath(str(p) + suffix) for p in skip for suffix in ("", "-wal", "-shm", "-journal")
    }
    for raw in paths:
        path = Path(raw)
        found: list[Path]
        if path.is_dir():
            found = []

            def unlistable(exc: OSError, found: list[Path] = found, top: Path = path) -> None:
                found.append(Path(exc.filename) if exc.filename else top)

            for root, dirs, files in os.walk(path, onerror=unlistable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
            found = sorted(f for f in found if not skipped or os.path.realpath(f) not in skipped)
        else:
            found = [path]
        for f in found:
            if f not in seen:
                seen.add(f)
                out.append(f)
    return out


def ingest_paths(paths: Iterable[str | Path], settings: Settings) -> Iterator[Article | Rejection]:
    """Yield one Article or Rejection per input article, over files and folders (recursive).

    Order is deterministic (sorted paths; JSONL lines in file order).

    Args:
        paths: files and/or directories.
        settings: read for the ``[ingest]`` limits.

    Example:
        >>> [type(x).__name__ for x in ingest_paths(["samples/seed"], load_settings())]
        ['Article']
    """
    for path in discover(paths):
        yield from ingest_file(path, settings)


def ingest_file(path: str | Path, settings: Settings) -> Iterator[Article | Rejection]:
    """Yield the Article(s) or Rejection(s) of one file (several for JSONL or a JSON array).

    The file type comes from the extension (.txt/.text/none, .html/.htm, .json, .jsonl);
    a file without extension is sniffed (``<`` → HTML, ``{``/``[`` → JSON). Other
    extensions are rejected as ``unsupported_type``. Never raises for a bad file: any
    failure while reading it (deep nesting, memory, an OS or codec error) becomes a
    rejection (``ingest_error`` unless a more precise reason applies).
    """
    path = Path(path)
    src = str(path)
    produced = 0
    try:
        for item in _ingest_file(path, src, settings):
            produced += 1
            yield item
    except _Reject as rej:
        produced += 1
        yield Rejection(src, rej.reason, rej.detail)
    except _FILE_ERRORS as exc:
        log.warning("ingest failed on %s: %s: %s", src, type(exc).__name__, exc)
        produced += 1
        yield Rejection(src, "ingest_error", f"{type(exc).__name__}: {str(exc)[:200]}")
    if not produced:  # e.g. an empty JSON array: still accounted for
        yield Rejection(src, "empty", "no article in the file")


def _ingest_file(path: Path, src: str, settings: Settings) -> Iterator[Article | Rejection]:
    data = _read(path, settings)
    kind = _kind(path, data)
    if kind == "jsonl":
        yield from _jsonl(data, src, settings)
        return
    text = _decode(data, settings)
    if kind == "json":
        yield from _json(text, src, settings)
    elif kind == "html":
        yield _html(text, src, settings)
    else:
        yield ingest_text(text, src, settings)


def ingest_text(
    text: str, source: str, settings: Settings, meta: dict[str, Any] | None = None
) -> Article | Rejection:
    """Check limits and language of one decoded text and build its Article.

    ``meta`` may give id, published, title, outlet, url and lang (a declared language is
    used only when identification returns "und"). Line endings are normalised to ``\\n``.

    Example:
        >>> ingest_text("انفجرت عبوة ناسفة في سوق شعبية ببغداد", "x.txt", load_settings()).lang
        'ar'
    """
    meta = meta or {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Rejection(source, "empty", "no text")
    max_chars = int(settings.get("ingest", "max_text_chars"))
    if len(text) > max_chars:
        return Rejection(source, "too_long", f"{len(text)} characters > max_text_chars {max_chars}")
    min_chars = int(settings.get("ingest", "min_text_chars"))
    if len(text.strip()) < min_chars:
        return Rejection(source, "too_short", f"{len(text.strip())} characters < min_text_chars {min_chars}")
    lang = _identify(text)
    declared = meta.get("lang")
    accepted = tuple(settings.get("ingest", "languages"))
    if lang == "und" and isinstance(declared, str) and declared in accepted:
        lang = declared
    if lang not in accepted:
        why = "no letters to identify a language by" if lang == "und" else f"identified as {lang!r}"
        return Rejection(source, "unsupported_language", why)
    sha = content_hash(text)
    ident = meta.get("id")
    return Article(
        id=str(ident) if ident not in (None, "") else f"a-{sha[:16]}",
        text=text,
        lang=lang,
        published=_published(meta.get("published"), settings),
        title=_str_or_none(meta.get("title")),
        outlet=_str_or_none(meta.get("outlet")),
        url=_str_or_none(meta.get("url")),
        source=source,
        sha256=sha,
    )


def _published(value: Any, settings: Settings) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or timestamp within [ingest] published_years, else None.

    Publication dates from CMS metadata are often placeholders ("0000-00-00", "0001-01-01")
    or timestamps ("2024-03-04T09:15:00+03:00"); relative dates in the text resolve against
    this value, so an implausible one is dropped rather than trusted.
    """
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    low, high = settings.get("ingest", "published_years")
    return day.isoformat() if int(low) <= day.year <= int(high) else None


def _str_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _read(path: Path, settings: Settings) -> bytes:
    limit = int(settings.get("ingest", "max_file_bytes"))
    try:
        size = path.stat().st_size
        if path.is_dir():
            os.listdir(path)  # a folder that discover could not list: say why
            raise _Reject("unreadable", "a folder that could not be listed")
        if not path.is_file():
            raise _Reject("unsupported_type", "not a regular file")
        if size > limit:
            raise _Reject("too_large", f"{size} bytes > max_file_bytes {limit}")
        return path.read_bytes()
    except OSError as exc:
        raise _Reject("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}") from exc


def _kind(path: Path, data: bytes) -> str:
    ext = path.suffix.lower()
    if ext in _HTML:
        return "html"
    if ext in _JSON:
        return "json"
    if ext in _JSONL:
        return "jsonl"
    if ext in _TEXT:
        if ext == "":
            head = data.lstrip()[:1]
            if head == b"<":
                return "html"
            if head in (b"{", b"["):
                return "json"
        return "text"
    raise _Reject("unsupported_type", f"extension {ext!r}")


def _decode(data: bytes, settings: Settings) -> str:
    """Bytes → text: BOM (UTF-8/16), else strict UTF-8, else a legacy code page (cp1256 …)."""
    if not data.strip():
        raise _Reject("empty", "no content")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _Reject("decode_error", f"{codec} with BOM: {exc.reason} at byte {exc.start}") from exc
    if b"\x00" in data[:8192]:
        text = _utf16_without_bom(data) or _rare_nuls_stripped(data)
        if text is None:
            raise _Reject("binary", "NUL bytes")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    # Corrupt UTF-8 (mostly valid multi-byte sequences) is an error, not a legacy code page,
    # unless the bad sequences are a tiny share: then they become U+FFFD (and are logged).
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = sum(1 for ch in loose if ord(ch) > 127 and ch != "\ufffd")
    if good > bad and bad <= _MAX_BAD_SHARE * len(loose):
        log.warning("invalid UTF-8 (%d sequence(s)) replaced by U+FFFD: %s", bad, first_error.reason)
        return loose
    if good > bad:
        raise _Reject(
            "decode_error", f"invalid UTF-8: {first_error.reason} at byte {first_error.start}"
        ) from first_error
    legacy = list(settings.get("ingest", "legacy_encodings"))
    best = charset_normalizer.from_bytes(data, cp_isolation=legacy).best()
    if best is None:
        controls = sum(1 for b in data[:8192] if b < 9 or 13 < b < 32)
        if controls:
            raise _Reject("binary", f"{controls} control bytes and no text encoding fits")
        raise _Reject("decode_error", f"not UTF-8 and none of {', '.join(legacy)}")
    log.debug("decoded as %s", best.encoding)
    return str(best)


def _rare_nuls_stripped(data: bytes) -> str | None:
    """Valid UTF-8 text with a few stray NUL bytes (at most ``_MAX_NUL_SHARE``), NULs removed."""
    nuls = data.count(b"\x00")
    if nuls > _MAX_NUL_SHARE * len(data):
        return None
    try:
        text = data.replace(b"\x00", b"").decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:8192]):
        return None
    log.warning("%d NUL byte(s) dropped from the text", nuls)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE/BE without BOM: NULs only in odd (LE) or even (BE) positions and clean text."""
    if len(data) % 2:
        return None
    head = data[:8192]
    zeros = {i % 2 for i, b in enumerate(head) if b == 0}
    if len(zeros) != 1:
        return None
    codec = "utf-16-le" if zeros == {1} else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:4096]):
        return None
    return text


def _json(text: str, src: str, settings: Settings) -> Iterator[Article | Rejection]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Reject("invalid_json", f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise _Reject("invalid_json", "nested too deeply") from exc
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield _json_article(item, f"{src}#{i}", settings)
    else:
        yield _json_article(obj, src, settings)


def _json_article(obj: Any, src: str, settings: Settings) -> Article | Rejection:
    if not isinstance(obj, dict):
        return Rejection(src, "invalid_json", f"expected an object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        return Rejection(src, "invalid_json", "no 'text' string field")
    return ingest_text(text, src, settings, obj)


def _jsonl(data: bytes, src: str, settings: Settings) -> Iterator[Article | Rejection]:
    max_lines = int(settings.get("ingest", "max_jsonl_lines"))
    n_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if n_lines > max_lines:
        raise _Reject("too_many_lines", f"{n_lines} lines > max_jsonl_lines {max_lines}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise _Reject("empty", "no content")
    for lineno, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        where = f"{src}:{lineno}"
        try:
            obj = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Rejection(where, "decode_error", f"invalid UTF-8: {exc.reason} at byte {exc.start}")
            continue
        except json.JSONDecodeError as exc:
            yield Rejection(where, "invalid_json", f"{exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield Rejection(where, "invalid_json", "nested too deeply")
            continue
        yield _json_article(obj, where, settings)


def _html(text: str, src: str, settings: Settings) -> Article | Rejection:
    import trafilatura  # deferred: costly import, only needed for HTML inputs

    for name in _QUIET_LOGGERS:  # parser complaints about one page are not the user's business
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # Dates only from the page's metadata: trafilatura's extensive search otherwise guesses
    # "YYYY-01-01" from any year in the body, and relative dates would resolve against it.
    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        return Rejection(src, "empty", "no main text found in the HTML")
    meta = {
        "title": getattr(doc, "title", None),
        "published": getattr(doc, "date", None),
        "url": getattr(doc, "url", None),
        "outlet": getattr(doc, "sitename", None),
    }
    return ingest_text(body, src, settings, meta)


def _identify(text: str) -> str:
    """Language code via marsad.text.identify_language, or a letter-share fallback."""
    try:
        from marsad.text import identify_language
    except ImportError:
        return _letter_share_language(text)
    return str(identify_language(text))


def _letter_share_language(text: str) -> str:
    """Fallback until the text layer's identifier exists: "ar" when most letters are Arabic."""
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "und"
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff")
    latin = sum(1 for ch in letters if ch.isascii())
    if arabic / len(letters) > 0.5:
        return "ar"
    if latin / len(letters) > 0.5:
        return "en"
    return "und"
