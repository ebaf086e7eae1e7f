"""Input checking that tells the learner what was wrong and what is allowed.

Every validator returns the (possibly converted) value when it is fine and otherwise raises a
``ValueError`` or, for a wrong type of object, a ``TypeError``. The message names the field,
shows the value shortened to about 60 characters (:func:`short`), and says what is allowed; an
unknown name comes with the closest known names. The field, the shortened value and what is
allowed are also kept on the exception (:func:`details`), so the lesson checkers can say it in
words.

This module imports nothing from labkit: every other module may use it.

>>> check_choice("region", "nimbus-us-eats", ["nimbus-us-east", "nimbus-us-west"])
Traceback (most recent call last):
...
ValueError: region: unknown value 'nimbus-us-eats'. Did you mean 'nimbus-us-east'? ...
>>> check_count("every", 0, 1, 1440)
Traceback (most recent call last):
...
ValueError: every: got 0; allowed: a whole number from 1 to 1440
"""

from __future__ import annotations

import difflib
import math
import re
import reprlib
from collections.abc import Iterable, Mapping
from types import UnionType
from typing import Any, get_args

__all__ = [
    "MAX_MINUTES",
    "MAX_SHOWN",
    "check_choice",
    "check_count",
    "check_flag",
    "check_names",
    "check_number",
    "check_seed",
    "check_share",
    "check_time",
    "check_type",
    "details",
    "short",
    "suggest",
    "type_error",
    "value_error",
]

#: Values are shown in messages shortened to about this many characters.
MAX_SHOWN = 60
#: At most this many allowed names are listed in a message.
_MAX_LISTED = 12
#: Longest text that is compared with known names for a "did you mean" hint.
_MAX_SUGGEST = 200
_MINUTES_PER_DAY = 24 * 60
#: Largest time accepted as whole minutes (a year); the longest run is a week.
MAX_MINUTES = 366 * _MINUTES_PER_DAY
_HHMM = re.compile(r"^\s*(?:day\s*(\d{1,3})\s+)?(\d{1,2}):(\d{2})\s*$")


def _error(
    cls: type[Exception], field: str, shown: str, allowed: str, message: str | None = None
) -> Exception:
    err = cls(message or f"{field}: got {shown}; allowed: {allowed}")
    err.field, err.shown, err.allowed = field, shown, allowed  # type: ignore[attr-defined]
    return err


def value_error(field: str, shown: str, allowed: str, message: str | None = None) -> ValueError:
    """A ``ValueError`` for a bad value: ``field`` got ``shown`` (the value, shortened) but
    allows ``allowed``; the three are kept as attributes of the exception (see :func:`details`).
    """
    return _error(ValueError, field, shown, allowed, message)  # type: ignore[return-value]


def type_error(field: str, shown: str, allowed: str, message: str | None = None) -> TypeError:
    """A ``TypeError`` for a wrong type of object, with the same attributes as
    :func:`value_error`."""
    return _error(TypeError, field, shown, allowed, message)  # type: ignore[return-value]


def details(err: BaseException) -> tuple[str, str, str] | None:
    """``(field, shown value, allowed)`` of an error raised by a validator here, else None.

    >>> try:
    ...     check_count("gpus", "512", 1, 10_000)
    ... except ValueError as err:
    ...     details(err)
    ('gpus', "'512'", 'a whole number from 1 to 10000')
    """
    try:
        return err.field, err.shown, err.allowed  # type: ignore[attr-defined]
    except AttributeError:
        return None


class _Short(reprlib.Repr):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.maxstring = self.maxother = self.maxlong = limit
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = self.maxfrozenset = 6
        self.maxlevel = 3

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 4 * self.maxlong:  # never ask Python for a 5,000-digit repr
            digits = math.floor(x.bit_length() * math.log10(2)) + 1
            return f"{'-' if x < 0 else ''}<a whole number with about {digits} digits>"
        return super().repr_int(x, level)

    def repr_str(self, x: str, level: int) -> str:
        if len(x) <= self.maxstring:
            return repr(x)
        return repr(x[: self.maxstring - 5])[:-1] + f"…' ({len(x):,} characters)"

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            text = repr(x)
        except Exception:  # a broken __repr__ still gets a message
            return f"<{type(x).__name__} object>"
        return text if len(text) <= self.maxother else text[: self.maxother - 1] + "…"


_SHORTENERS: dict[int, _Short] = {}


def short(value: Any, limit: int = MAX_SHOWN) -> str:
    """``repr(value)`` for a message, shortened to about ``limit`` characters with "…".

    Safe for any value: a 1 MB text, a 5,000-digit number, a huge list or an object whose
    ``repr`` fails.

    >>> short("compute")
    "'compute'"
    >>> short("x" * 1_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (1,000,000 characters)"
    >>> short(10**5000)
    '<a whole number with about 5001 digits>'
    """
    shortener = _SHORTENERS.get(limit)
    if shortener is None:
        shortener = _SHORTENERS[limit] = _Short(limit)
    return shortener.repr(value)


def _kind(value: Any) -> str:
    name = type(value).__name__
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def _typed(value: Any) -> str:
    """The value and its type, for a message about a wrong type ("None" alone for None)."""
    return "None" if value is None else f"{short(value)} ({_kind(value)})"


def check_type(
    field: str, value: Any, types: type | UnionType | tuple[type, ...], allowed: str
) -> Any:
    """Return ``value`` if it is an instance of ``types``, else raise :class:`type_error`.

    ``bool`` is not accepted where ``int`` is, unless ``bool`` is one of ``types``.

    >>> check_type("timeline", None, dict, "the Timeline from labkit.simulate(...)")
    Traceback (most recent call last):
    ...
    TypeError: timeline: got None; allowed: the Timeline from ...
    """
    if isinstance(types, UnionType):
        types_: tuple[type, ...] = get_args(types)
    else:
        types_ = types if isinstance(types, tuple) else (types,)
    ok = isinstance(value, types_)
    if ok and isinstance(value, bool) and bool not in types_:
        ok = False
    if not ok:
        raise type_error(field, _typed(value), allowed)
    return value


def suggest(value: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Known names closest to ``value`` (best first), for "did you mean" hints.

    >>> suggest("us-east", ["nimbus-us-east", "nimbus-eu-west"])
    ['nimbus-us-east']
    """
    if not isinstance(value, str) or len(value) > _MAX_SUGGEST:
        return []
    known = [k for k in known if isinstance(k, str)]
    close = difflib.get_close_matches(value, known, n=n, cutoff=0.6)
    if not close:  # try a prefix or substring match, e.g. "us-east" -> "nimbus-us-east"
        close = [k for k in known if value and value.lower() in k.lower()][:n]
    return close


def _listed(allowed: list[str]) -> str:
    listed = ", ".join(short(a, 30).strip("'") for a in allowed[:_MAX_LISTED])
    if len(allowed) > _MAX_LISTED:
        listed += f", … ({len(allowed)} in all)"
    return listed


def check_choice(field: str, value: Any, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise :class:`value_error` with the
    closest allowed names.

    >>> check_choice("effect", "crash", ["crash", "cpu"])
    'crash'
    >>> check_choice("effect", "crsh", ["crash", "cpu"])
    Traceback (most recent call last):
    ...
    ValueError: effect: unknown value 'crsh'. Did you mean 'crash'? Allowed: cpu, crash
    """
    if not isinstance(allowed, dict | set | frozenset | list | tuple):
        allowed = list(allowed)
    if isinstance(value, str) and value in allowed:  # the common case: no sorting, no copying
        return value
    names = sorted(str(a) for a in allowed)
    listed = _listed(names)
    if not isinstance(value, str):
        raise value_error(field, short(value), f"one of {listed}")
    close = suggest(value, names)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    shown = short(value)
    err = value_error(
        field, shown, f"one of {listed}", f"{field}: unknown value {shown}.{hint} Allowed: {listed}"
    )
    err.hint = hint.strip()  # type: ignore[attr-defined]
    raise err


def check_names(
    field: str,
    value: Any,
    known: Iterable[str] | None = None,
    *,
    example: str = "['name']",
    empty: bool = True,
) -> tuple[str, ...]:
    """The names in ``value`` (a list, tuple or set of names) as a tuple, each checked against
    ``known`` when given. A single string, ``None``, a number or a mapping is rejected with a
    clear message: a name is never split into letters.

    >>> check_names("blocks", ["compute"], ["compute", "dns"])
    ('compute',)
    >>> check_names("blocks", "compute", ["compute", "dns"], example="['compute']")
    Traceback (most recent call last):
    ...
    TypeError: blocks: got 'compute' (a single str); allowed: a list of names, ...
    """
    allowed = f"a list of names, e.g. {example}"
    if isinstance(value, str | bytes):
        raise type_error(field, f"{short(value)} (a single {type(value).__name__})", allowed)
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise type_error(field, _typed(value), allowed)
    items = tuple(value)
    if not items and not empty:
        raise value_error(field, "an empty list", f"at least one name, e.g. {example}")
    known_ = None if known is None else list(known)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise type_error(f"{field}[{i}]", _typed(item), allowed)
        if known_ is not None:
            check_choice(field, item, known_)
    return items


def check_count(
    field: str, value: Any, lo: int = 0, hi: int | None = None, allowed: str | None = None
) -> int:
    """Return ``value`` if it is a whole number (not a bool) from ``lo`` to ``hi``.

    >>> check_count("seed", 3, 0)
    3
    >>> check_count("bake", True, 0, 240)
    Traceback (most recent call last):
    ...
    ValueError: bake: got True; allowed: a whole number from 0 to 240
    """
    if allowed is None:
        allowed = (
            f"a whole number from {lo} to {hi}" if hi is not None else f"a whole number >= {lo}"
        )
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < lo
        or (hi is not None and value > hi)
    ):
        raise value_error(field, short(value), allowed)
    return value


def check_seed(field: str, value: Any) -> int:
    """Return ``value`` if it is a whole number that can seed the model's randomness.

    >>> check_seed("seed", 7)
    7
    >>> check_seed("seed", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: seed: got 1.5; allowed: a whole number
    """
    return check_count(field, value, -(2**63), 2**63, "a whole number")


def check_number(
    field: str,
    value: Any,
    lo: float = -math.inf,
    hi: float = math.inf,
    allowed: str | None = None,
) -> int | float:
    """Return ``value`` if it is a finite number (not a bool, not NaN or infinite) from ``lo``
    to ``hi``. A 5,000-digit number is refused without Python's digit-limit error.

    >>> check_number("base", 100, 0, 1e12)
    100
    >>> check_number("budget", float("nan"), 0)
    Traceback (most recent call last):
    ...
    ValueError: budget: got nan; allowed: a finite number >= 0
    """
    if allowed is None:
        if math.isinf(hi):
            allowed = f"a finite number >= {lo:g}" if not math.isinf(lo) else "a finite number"
        else:
            allowed = f"a number from {lo:g} to {hi:g}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise value_error(field, short(value), allowed)
    if isinstance(value, float) and not math.isfinite(value):
        raise value_error(field, short(value), allowed)
    if not lo <= value <= hi:
        raise value_error(field, short(value), allowed)
    return value


def check_share(field: str, value: Any, allowed: str | None = None) -> float:
    """Return ``value`` as a float if it is a finite share from 0 to 1.

    >>> check_share("canary", 0.05)
    0.05
    >>> check_share("canary", 5)
    Traceback (most recent call last):
    ...
    ValueError: canary: got 5; allowed: a share from 0 to 1, e.g. 0.05 for 5%
    """
    allowed = allowed or "a share from 0 to 1, e.g. 0.05 for 5%"
    return float(check_number(field, value, 0, 1, allowed))


def check_flag(field: str, value: Any) -> bool:
    """Return ``value`` if it is True or False.

    >>> check_flag("serve_stale", "yes")
    Traceback (most recent call last):
    ...
    ValueError: serve_stale: got 'yes'; allowed: True or False
    """
    if not isinstance(value, bool):
        raise value_error(field, short(value), "True or False")
    return value


def check_time(field: str, value: Any, *, end: int | None = None) -> int:
    """A time of day ("08:00", "day 2 03:15") or whole minutes since the start, as minutes
    (what :func:`labkit.clock.parse_time` accepts). With ``end``, the time must be before the
    ``end`` minute of the run.

    >>> check_time("start", "08:30")
    510
    >>> check_time("start", "25:00")
    Traceback (most recent call last):
    ...
    ValueError: start: got '25:00'; allowed: a time of day 'HH:MM' (00:00-23:59, ...
    >>> check_time("t", "day 2 01:00", end=1440)
    Traceback (most recent call last):
    ...
    ValueError: t: got 'day 2 01:00'; allowed: a time within the simulated 1440 minutes ...
    """
    allowed = "a time of day 'HH:MM' (00:00-23:59, optionally 'day 2 HH:MM') or whole minutes >= 0"
    minute = None
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= MAX_MINUTES:
            minute = value
        elif value > MAX_MINUTES:
            allowed = f"whole minutes from 0 to {MAX_MINUTES} or a time like '08:00'"
        else:
            allowed = "minutes >= 0 or a time like '08:00'"
    elif isinstance(value, str) and len(value) <= 40:
        m = _HHMM.match(value)
        if m:
            day, hh, mm = int(m.group(1) or 1), int(m.group(2)), int(m.group(3))
            if day >= 1 and hh < 24 and mm < 60:
                minute = (day - 1) * _MINUTES_PER_DAY + hh * 60 + mm
    if minute is None:
        raise value_error(field, short(value), allowed)
    if end is not None and minute >= end:
        last = end - 1
        stamp = f"{last // 60 % 24:02d}:{last % 60:02d}"
        if last >= _MINUTES_PER_DAY:
            stamp = f"day {last // _MINUTES_PER_DAY + 1} {stamp}"
        raise value_error(
            field, short(value), f"a time within the simulated {end} minutes (00:00 to {stamp})"
        )
    return minute
