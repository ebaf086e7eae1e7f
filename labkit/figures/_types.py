"""What the figures accept, and the checks at their boundary.

The model's result types are imported here and nowhere else in :mod:`labkit.figures`, so that
when a model module moves, only these imports change. The checks raise ``TypeError`` for an
argument of the wrong kind and ``ValueError`` for a keyword value out of range, each naming the
argument, what it got and what is allowed. No plotly here.

>>> expect_type("timeline", "net", Timeline, TIMELINE)
Traceback (most recent call last):
...
TypeError: timeline: got str 'net'; allowed: a Timeline from labkit.simulate(...)
>>> check_height("height", 0)
Traceback (most recent call last):
...
ValueError: height: got 0; allowed: a whole number of pixels > 0
"""

from __future__ import annotations

from typing import Any

from ..bgp import ASGraph, Reachability
from ..dns import DNSTimeline
from ..internet import BLOCK_KINDS, CATEGORIES, Internet
from ..rollout import Rollout
from ..timeline import Timeline

__all__ = [
    "BLOCK_KINDS",
    "CATEGORIES",
    "DNS_TIMELINE",
    "INTERNET",
    "REACHABILITY",
    "ROLLOUTS",
    "TIMELINE",
    "ASGraph",
    "DNSTimeline",
    "Internet",
    "Reachability",
    "Rollout",
    "Timeline",
    "check_flag",
    "check_height",
    "expect_type",
    "got",
]

#: what each figure argument may be, as the error messages say it
TIMELINE = "a Timeline from labkit.simulate(...)"
INTERNET = "an Internet from labkit.build_internet()"
REACHABILITY = "a Reachability from labkit.bgp.reach(...)"
DNS_TIMELINE = "a DNSTimeline from labkit.dns.resolve_timeline(...)"
ROLLOUTS = "a dict {label: Rollout from labkit.rollout.push(...)}"

_SHOWN = 60  # characters of a bad value's repr quoted in a message


def got(value: Any) -> str:
    """A bad value as a message quotes it: its type name and a short repr."""
    text = " ".join(repr(value).split())  # one line, however the repr is laid out
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return f"{type(value).__name__} {text}"


def expect_type(name: str, value: Any, types: type | tuple[type, ...], allowed: str) -> Any:
    """Return ``value`` if it is an instance of ``types``, else raise a ``TypeError`` naming
    ``name``, what it got and what is ``allowed``."""
    if not isinstance(value, types):
        raise TypeError(f"{name}: got {got(value)}; allowed: {allowed}")
    return value


def check_height(name: str, value: Any, *, optional: bool = False) -> Any:
    """A figure height: a whole number of pixels > 0 (or ``None`` when ``optional``)."""
    if optional and value is None:
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        extra = " (or None for the default)" if optional else ""
        raise ValueError(f"{name}: got {value!r}; allowed: a whole number of pixels > 0{extra}")
    return value


def check_flag(name: str, value: Any, *, optional: bool = False) -> Any:
    """A switch: ``True`` or ``False`` (or ``None`` when ``optional``)."""
    if (optional and value is None) or isinstance(value, bool):
        return value
    extra = " or None (decide from the data)" if optional else ""
    raise ValueError(f"{name}: got {value!r}; allowed: True or False{extra}")
