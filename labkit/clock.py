"""Simulated time: minutes since midnight, written as "HH:MM" for people.

>>> parse_time("start", "08:30")
510
>>> fmt_time(510)
'08:30'
>>> fmt_time(1500)
'day 2 01:00'
"""

from __future__ import annotations

import re

__all__ = ["MINUTES_PER_DAY", "parse_time", "fmt_time", "parse_duration"]

MINUTES_PER_DAY = 24 * 60
_HHMM = re.compile(r"^\s*(?:day\s*(\d+)\s+)?(\d{1,2}):(\d{2})\s*$")

TimeLike = int | str


def parse_time(field: str, value: TimeLike) -> int:
    """A time of day ("08:00", "day 2 03:15") or whole minutes since the start, as minutes."""
    if isinstance(value, bool):
        raise ValueError(
            f"{field}: got {value!r}; allowed: a time of day 'HH:MM' or whole minutes >= 0"
        )
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{field}: got {value}; allowed: minutes >= 0 or a time like '08:00'")
        return value
    if isinstance(value, str):
        m = _HHMM.match(value)
        if m:
            day, hh, mm = int(m.group(1) or 1), int(m.group(2)), int(m.group(3))
            if day >= 1 and hh < 24 and mm < 60:
                return (day - 1) * MINUTES_PER_DAY + hh * 60 + mm
    raise ValueError(
        f"{field}: got {value!r}; allowed: a time of day 'HH:MM' (00:00-23:59, "
        "optionally 'day 2 HH:MM') or whole minutes >= 0"
    )


def parse_duration(field: str, value: int) -> int:
    """A duration in whole minutes, which must be > 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{field}: got {value!r}; allowed: a whole number of minutes > 0")
    return value


def fmt_time(minute: int) -> str:
    """Minutes since the start as "HH:MM" (with "day N" after the first day)."""
    day, rest = divmod(int(minute), MINUTES_PER_DAY)
    hhmm = f"{rest // 60:02d}:{rest % 60:02d}"
    return hhmm if day == 0 else f"day {day + 1} {hhmm}"
