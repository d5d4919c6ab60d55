"""The one loader for language resources: YAML/TSV data files under ``marsad/resources/``.

Each file starts with a header naming its source and licence (YAML: top-level ``meta`` with
``source`` and ``license``; TSV: leading ``# source: …`` / ``# license: …`` comment lines).
Stages receive loaded resources as arguments and never import data files themselves.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

__all__ = ["ResourceError", "load", "load_tsv", "resource_path"]

_ROOT = Path(__file__).resolve().parent


class ResourceError(ValueError):
    """A resource file is missing or lacks its source/licence header."""


def resource_path(lang: str, name: str) -> Path:
    """Path of resource ``name`` (with extension) for ``lang`` ("ar", "en", "common")."""
    return _ROOT / lang / name


def _freeze(obj: Any) -> Any:
    if isinstance(obj, dict):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


@functools.cache
def load(lang: str, name: str) -> Any:
    """Load ``resources/<lang>/<name>.yaml`` read-only (dicts → mappingproxy, lists → tuples).

    Raises:
        ResourceError: the file is missing or its ``meta`` lacks ``source`` or ``license``.

    Example:
        >>> load("ar", "triggers")["meta"]["license"]
    """
    path = resource_path(lang, f"{name}.yaml")
    if not path.is_file():
        raise ResourceError(f"resource not found: {path}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta = data.get("meta") if isinstance(data, dict) else None
    if not isinstance(meta, dict) or not meta.get("source") or not meta.get("license"):
        raise ResourceError(f"{path}: top-level 'meta' must give 'source' and 'license'")
    return _freeze(data)


@functools.cache
def load_tsv(lang: str, name: str) -> tuple[dict[str, str], ...]:
    """Load ``resources/<lang>/<name>.tsv`` (header comment lines, then a column header row).

    Raises:
        ResourceError: missing file, or no ``# source:`` / ``# license:`` header lines.
    """
    path = resource_path(lang, f"{name}.tsv")
    if not path.is_file():
        raise ResourceError(f"resource not found: {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")]
    if not any(ln.lower().startswith("# source:") for ln in header) or not any(
        ln.lower().startswith("# license:") for ln in header
    ):
        raise ResourceError(f"{path}: needs '# source:' and '# license:' header lines")
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    return tuple(MappingProxyType(row) for row in csv.DictReader(body, delimiter="\t"))
