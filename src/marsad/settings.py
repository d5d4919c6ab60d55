"""Settings: thresholds and limits from ``default.toml``, read once into a frozen object."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = ["Settings", "load_settings"]

_DEFAULT = Path(__file__).resolve().parent / "default.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Read-only settings, one mapping per section of default.toml.

    Example:
        >>> load_settings().get("ingest", "max_file_bytes")
        20000000
    """

    sections: MappingProxyType[str, MappingProxyType[str, Any]]

    def get(self, section: str, key: str) -> Any:
        """The value of ``key`` in ``section``; KeyError names both when absent."""
        try:
            return self.sections[section][key]
        except KeyError as exc:
            raise KeyError(f"no setting {section}.{key}") from exc


def load_settings(path: Path | None = None, overrides: dict[str, dict[str, Any]] | None = None) -> Settings:
    """Read default.toml (or ``path``), apply ``overrides`` ({section: {key: value}})."""
    with open(path or _DEFAULT, "rb") as fh:
        data: dict[str, dict[str, Any]] = tomllib.load(fh)
    for section, values in (overrides or {}).items():
        data.setdefault(section, {}).update(values)
    return Settings(MappingProxyType({k: MappingProxyType(dict(v)) for k, v in data.items()}))
