"""Settings: thresholds and limits from ``default.toml``, read once into a frozen object."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["Settings", "load_settings", "section_into"]

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


def section_into(settings: Settings | None, section: str, default: T) -> T:
    """``default`` (a dataclass instance) with the values of ``[section]`` applied.

    Values are coerced to the type of the default's field (so ``300000`` in TOML fills a
    float field as 300000.0). Keys absent from the section keep the defaults.

    Raises:
        KeyError: a key in the section that the dataclass does not have (a typo).

    Example:
        >>> section_into(load_settings(), "fuse", FuseSettings()).link_threshold
        3.5
    """
    if settings is None or section not in settings.sections:
        return default
    values = dict(settings.sections[section])
    known = {f.name for f in fields(default)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - known)
    if unknown:
        raise KeyError(f"unknown [{section}] settings: {', '.join(unknown)}")
    typed = {k: type(getattr(default, k))(v) for k, v in values.items()}
    return replace(default, **typed)  # type: ignore[type-var]
