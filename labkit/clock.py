"""Simulated time: minutes since midnight, written as "HH:MM" for people.

>>> parse_time("start", "08:30")
510
>>> fmt_time(510)
'08:30'
>>> fmt_time(1500)
'day 2 01:00'
"""

from __future__ import annotations

from .validate import MAX_MINUTES, check_count, check_number, check_time

__all__ = ["MINUTES_PER_DAY", "parse_time", "fmt_time", "parse_duration"]

MINUTES_PER_DAY = 24 * 60

TimeLike = int | str


def parse_time(field: str, value: TimeLike) -> int:
    """A time of day ("08:00", "day 2 03:15") or whole minutes since the start, as minutes
    (see :func:`labkit.validate.check_time`)."""
    return check_time(field, value)


def parse_duration(field: str, value: int) -> int:
    """A duration in whole minutes, which must be > 0."""
    return check_count(field, value, 1, MAX_MINUTES, "a whole number of minutes > 0")


def fmt_time(minute: int) -> str:
    """Minutes since the start as "HH:MM" (with "day N" after the first day)."""
    check_number("minute", minute, -(10**10), 10**10, "minutes since the start, e.g. 510")
    day, rest = divmod(int(minute), MINUTES_PER_DAY)
    hhmm = f"{rest // 60:02d}:{rest % 60:02d}"
    return hhmm if day == 0 else f"day {day + 1} {hhmm}"
