"""Health states and causes: the vocabulary every room of the engine shares.

>>> STATE_NAMES[DEGRADED]
'degraded'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scenario import Failure

__all__ = ["OK", "DEGRADED", "DOWN", "STATE_NAMES", "Cause", "Hit"]

OK, DEGRADED, DOWN = 0, 1, 2
STATE_NAMES = ("ok", "degraded", "down")


@dataclass(frozen=True)
class Cause:
    """Why a component is not ok: ``via`` names the component it inherited the problem from;
    ``root`` is the injected failure at the end of the chain; ``kind`` is one of
    "failure", "dependency", "zones", "failover", "backlog", "reach", "dns", "bgp"."""

    kind: str
    text: str
    via: str | None = None
    root: Failure | None = None


HEALTHY = Cause("ok", "")


@dataclass(frozen=True)
class Hit:
    """What a mechanism does directly: during [start, end) ``target`` is in ``state``.

    ``target`` is a component id. With ``vantage`` set, only that vantage point loses
    ``target``: a city (its users' resolver has no answer, their ISP's route is hijacked) or a
    component that needs ``target`` (its own resolver cache, its network's route).
    """

    start: int
    end: int
    target: str
    state: int
    cause: Cause
    vantage: str | None = None
