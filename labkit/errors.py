"""Input checking that tells the learner what was wrong and what is allowed.

Every bad field raises :class:`ValueError` naming the field, the value it got and what it accepts;
an unknown name comes with the closest known names.

>>> check_choice("region", "nimbus-us-eats", ["nimbus-us-east", "nimbus-us-west"])
Traceback (most recent call last):
...
ValueError: region: unknown value 'nimbus-us-eats'. Did you mean 'nimbus-us-east'? Allowed: ...
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["check_choice", "suggest"]

_MAX_LISTED = 12


def suggest(value: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Known names closest to ``value`` (best first), for "did you mean" hints."""
    known = list(known)
    close = difflib.get_close_matches(value, known, n=n, cutoff=0.6)
    if not close:  # try a prefix or substring match, e.g. "us-east" -> "nimbus-us-east"
        close = [k for k in known if value and value.lower() in k.lower()][:n]
    return close


def check_choice(field: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise a helpful ``ValueError``."""
    if not isinstance(allowed, dict | set | frozenset | list | tuple):
        allowed = list(allowed)
    if isinstance(value, str) and value in allowed:  # the common case: no sorting, no copying
        return value
    allowed = sorted(allowed)
    hint = ""
    if isinstance(value, str):
        close = suggest(value, allowed)
        if close:
            hint = f" Did you mean {close[0]!r}?"
    listed = ", ".join(allowed[:_MAX_LISTED])
    if len(allowed) > _MAX_LISTED:
        listed += f", … ({len(allowed)} in all)"
    raise ValueError(f"{field}: unknown value {value!r}.{hint} Allowed: {listed}")
