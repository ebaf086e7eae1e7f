"""What the figures accept, and the checks at their boundary.

The model's result types are imported here and nowhere else in :mod:`labkit.figures`, so that
when a model module moves, only these imports change. The checks raise ``TypeError`` for an
argument of the wrong kind and ``ValueError`` for a keyword value out of range, each naming the
argument, what it got and what is allowed. No plotly here.

>>> expect_type("timeline", "net", Timeline, TIMELINE)
Traceback (most recent call last):
...
TypeError: timeline: got 'net' (a str); allowed: a Timeline from labkit.simulate(...)
>>> check_height("height", 0)
Traceback (most recent call last):
...
ValueError: height: got 0; allowed: a whole number of pixels > 0
"""

from __future__ import annotations

from typing import Any

from ..internet import BLOCK_KINDS, CATEGORIES, Internet
from ..mechanisms.bgp import ASGraph, Reachability
from ..mechanisms.dns import DNSTimeline
from ..mechanisms.rollout import Rollout
from ..replay import Record, compare
from ..sweeping import SweepTable
from ..sweeps import budget_finding, failover_finding, rpki_finding, ttl_finding
from ..timeline import CategoryImpact, Timeline
from ..validate import _typed, check_count, check_type
from ..validate import check_flag as _check_flag

__all__ = [
    "BLOCK_KINDS",
    "CATEGORIES",
    "DNS_TIMELINE",
    "INTERNET",
    "REACHABILITY",
    "RECORD",
    "ROLLOUTS",
    "SWEEP_TABLE",
    "TIMELINE",
    "budget_finding",
    "ASGraph",
    "CategoryImpact",
    "DNSTimeline",
    "Internet",
    "Reachability",
    "Record",
    "Rollout",
    "SweepTable",
    "Timeline",
    "check_flag",
    "check_height",
    "compare",
    "expect_type",
    "failover_finding",
    "got",
    "rpki_finding",
    "ttl_finding",
]

#: what each figure argument may be, as the error messages say it
TIMELINE = "a Timeline from labkit.simulate(...)"
INTERNET = "an Internet from labkit.build_internet()"
REACHABILITY = "a Reachability from labkit.mechanisms.bgp.reach(...)"
DNS_TIMELINE = "a DNSTimeline from labkit.mechanisms.dns.resolve_timeline(...)"
RECORD = "a Record, e.g. labkit.scenarios.info(name).record"
SWEEP_TABLE = "a SweepTable from labkit.sweep(...) or labkit.sweeps"
ROLLOUTS = "a dict {label: Rollout from labkit.mechanisms.rollout.push(...)}"


def got(value: Any) -> str:
    """A bad value as a message quotes it: shortened, with its type (see labkit.validate)."""
    return _typed(value)


def expect_type(name: str, value: Any, types: type | tuple[type, ...], allowed: str) -> Any:
    """Return ``value`` if it is an instance of ``types``, else raise a ``TypeError`` naming
    ``name``, what it got and what is ``allowed``."""
    return check_type(name, value, types, allowed)


def check_height(name: str, value: Any, *, optional: bool = False) -> Any:
    """A figure height: a whole number of pixels > 0 (or ``None`` when ``optional``)."""
    if optional and value is None:
        return value
    extra = " (or None for the default)" if optional else ""
    return check_count(name, value, 1, 100_000, f"a whole number of pixels > 0{extra}")


def check_flag(name: str, value: Any, *, optional: bool = False) -> Any:
    """A switch: ``True`` or ``False`` (or ``None`` when ``optional``)."""
    if optional and value is None:
        return value
    return _check_flag(name, value)
