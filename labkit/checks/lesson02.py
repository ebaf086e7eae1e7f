"""Lesson 02's checkers: DNS caching, negative caching and the long tail after a fix.

>>> from labkit import scenarios
>>> from labkit.mechanisms.dns import toy_dns
>>> outage = scenarios.load("aws-dynamodb-dns-2025")
>>> all_back_at(toy_dns(), outage.failures, "db.us-east.nimbus")
574
>>> check_back_at("09:34", toy_dns(), outage.failures, "db.us-east.nimbus").correct
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..clock import fmt_time
from ..mechanisms.dns import DNSFailure, DNSWorld, resolve_timeline
from ..validate import check_type
from .core import Feedback, friendly, not_answered, unanswered

__all__ = ["all_back_at", "check_back_at", "parse_answer_time"]

_TIME = re.compile(r"(?:day\s*(\d+)\s+)?(\d{1,2})\s*[:.h]\s*(\d{2})")


def parse_answer_time(answer: Any) -> int | None:
    """A learner's time as minutes since 00:00: "09:34", "9:34", "9.34", "09:34 UTC", "9h34"
    or whole minutes (574); None if it is not a time.

    >>> [parse_answer_time(a) for a in ("09:34", " 9.34 UTC", "9h34", 574, "soon", True)]
    [574, 574, 574, 574, None, None]
    """
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return answer if 0 <= answer <= 10**7 else None
    if isinstance(answer, float) and answer.is_integer() and 0 <= answer <= 10**7:
        return int(answer)
    if not isinstance(answer, str) or len(answer) > 100:
        return None
    m = _TIME.search(answer)
    if not m:
        return int(answer.strip()) if answer.strip().isdigit() else None
    day, hh, mm = int(m.group(1) or 1), int(m.group(2)), int(m.group(3))
    if day < 1 or hh > 23 or mm > 59:
        return None
    return (day - 1) * 1440 + hh * 60 + mm


def all_back_at(world: DNSWorld, failures: Iterable[DNSFailure], name: str) -> int | None:
    """The minute from which every resolver resolves ``name`` again (None: never broken; the
    end of the day if some resolver is still without it then)."""
    check_type("world", world, DNSWorld, "a DNSWorld, e.g. labkit.dns.toy_dns()")
    failures = check_type("failures", failures, list | tuple, "a list of failures, e.g. "
                          "scenarios.load('aws-dynamodb-dns-2025').failures")  # fmt: skip
    check_type("name", name, str, "a DNS name, e.g. 'db.us-east.nimbus'")
    world.check_name(name)
    events = [f for f in failures if isinstance(f, DNSFailure)]
    return resolve_timeline(world, events).findings(name).all_back


@friendly
def check_back_at(answer: Any, world: Any, failures: Any, name: str) -> Feedback:
    """Is ``answer`` the time from which every resolver in ``world`` resolves ``name`` again
    after ``failures``? Worked out by running the DNS model."""
    right = all_back_at(world, failures, name)
    # the fix as given (DNSFindings.fixed counts only fixes before the end of the run)
    fixes = [f.fixed_min for f in failures if isinstance(f, DNSFailure)]
    if right is None:
        return Feedback(False, f"{name} never stops resolving in this run: nothing to recover.")
    if not fixes or max(fixes) >= 24 * 60:  # the model runs one day (resolve_timeline)
        return Feedback(
            False,
            f"The record is never fixed within this day, so some resolvers never get {name} "
            "back: there is no recovery time to find. Give the failure a fix time first.",
        )
    if unanswered(answer):
        return not_answered("a time of day in quotes", "'09:40'")
    got = parse_answer_time(answer)
    if got is None:
        return Feedback(
            False, "I expected a time like '09:34' for your answer, in quotes, e.g. '09:40'."
        )
    fix = max(fixes) if fixes else None
    if abs(got - right) <= 1:
        lag = f", {right - fix} minutes after the fix at {fmt_time(fix)}" if fix else ""
        return Feedback(
            True,
            f"Every resolver has the address again at {fmt_time(right)}{lag}. Resolvers "
            "that cached the empty answer keep it for the negative TTL (the SOA minimum), so "
            "the failure outlives its fix.",
        )
    if fix is not None and got == fix:
        return Feedback(
            False,
            f"{fmt_time(fix)} is when the record was fixed at the authoritative server. But "
            "resolvers that cached the empty answer keep using it: for how long?",
        )
    if fix is not None and got < fix:
        return Feedback(
            False,
            f"{fmt_time(got)} is before the fix ({fmt_time(fix)}): nobody can get the address "
            "back before the record is repaired.",
        )
    side = "too early" if got < right else "too late"
    return Feedback(
        False,
        f"{fmt_time(got)} is {side}. Look at share_series(name, by='resolvers'): when does "
        "the share reach 1.0 and stay there?",
    )
