"""Small hand-built incident histories for the analysis tests."""

from __future__ import annotations

import datetime as dt
import itertools

from marsad.model import Incident

_ids = itertools.count(1)


def inc(date: str, country: str = "IQ", *, group: str | None = "Islamic State", admin1: str | None = None,
        targets: tuple[str, ...] = ("private_citizens_property",), killed=None, wounded=None,
        claimed: bool | None = None, kind: str = "attack", attack: tuple[str, ...] = ("bombing_explosion",),
        lat: float | None = None, lon: float | None = None, city: str | None = None) -> Incident:
    """One attack incident with a fresh id."""
    return Incident(
        id=f"inc-{next(_ids)}", kind=kind, date=date, country=country, admin1=admin1, city=city,
        perpetrators=(group,) if group else (), target_types=targets, attack_types=attack,
        killed=killed, wounded=wounded, claimed=claimed, lat=lat, lon=lon,
    )


def days(start: str, n: int, step: int = 1) -> list[str]:
    """n ISO dates from start, ``step`` days apart."""
    d0 = dt.date.fromisoformat(start)
    return [(d0 + dt.timedelta(days=k * step)).isoformat() for k in range(n)]
