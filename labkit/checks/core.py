"""Shared pieces of the exercise checkers, and lesson 00's checkers.

Each checker accepts reasonable spellings (ids or display names, any case), returns a
:class:`Feedback` that prints as a few plain sentences, and works out the right answer from the
model rather than from a stored key.

>>> import labkit
>>> from labkit.checks import check_prediction
>>> t = labkit.simulate(labkit.build_internet(), labkit.Scenario(
...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> check_prediction(["ShopFast"], t, "09:00").correct
False
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..timeline import WIDTH, Timeline
from ..validate import check_time, check_type, details, short, suggest

__all__ = ["Feedback", "check_culprit", "check_prediction", "culprits", "friendly", "in_words"]

#: A message from labkit's own checks: "field: got …" or "field: unknown value …".
_OURS = re.compile(r"^[\w\[\]'\".() -]{1,120}: (got |unknown value |missing )")
#: What a checker says when something unexpected broke inside it.
GENERIC = (
    "Something went wrong while checking this, and it is not something you did. Check that "
    "the arguments are the ones the exercise shows, run the cells above again, or ask for help."
)
_Checker = TypeVar("_Checker", bound=Callable[..., "Feedback"])


@dataclass(frozen=True)
class Feedback:
    """The outcome of a check: ``correct`` and a message for the learner."""

    correct: bool
    message: str

    def __str__(self) -> str:
        text = ("✅ " if self.correct else "🤔 ") + self.message
        return "\n".join(textwrap.fill(p, WIDTH, break_on_hyphens=False) for p in text.split("\n"))

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


def in_words(err: BaseException) -> str | None:
    """A bad input, said to a learner: "I expected … for your answer, but got …"; None if
    ``err`` is not a bad input reported by labkit (then the learner sees :data:`GENERIC`).

    >>> from labkit.validate import check_time
    >>> try:
    ...     check_time("answer", "25:00")
    ... except ValueError as err:
    ...     print(in_words(err))
    I expected a time of day 'HH:MM' (00:00-23:59, optionally 'day 2 HH:MM') or whole minutes >= 0
    for your answer, but got '25:00'.
    """
    if not isinstance(err, ValueError | TypeError):
        return None
    parts = details(err)
    if parts is not None:
        field, shown, allowed = parts
        where = "your answer" if field in ("answer", "predicted") else f"the argument {field}"
        hint = getattr(err, "hint", "")
        return f"I expected {allowed} for {where}, but got {shown}." + (f" {hint}" if hint else "")
    text = str(err)
    if isinstance(err, ValueError) and _OURS.match(text):
        return "That does not fit: " + short(text, 400).strip("'\"")
    return None


def friendly(checker: _Checker) -> _Checker:
    """Wrap a checker so that it never raises: a bad input becomes :class:`Feedback` in words
    (:func:`in_words`), anything unexpected a generic message, never Python's error text."""

    @functools.wraps(checker)
    def wrapper(*args: Any, **kwargs: Any) -> Feedback:
        try:
            return checker(*args, **kwargs)
        except Exception as err:  # a checker must never show a learner a traceback
            return Feedback(False, in_words(err) or GENERIC)

    return wrapper  # type: ignore[return-value]


def _timeline(timeline: Any) -> Timeline:
    return check_type("timeline", timeline, Timeline, "the Timeline from labkit.simulate(...)")


def _resolve(timeline: Timeline, answer: Any, kinds: tuple[str, ...]) -> tuple[str | None, str]:
    """Map a learner's answer to a service id; returns (id or None, hint)."""
    services = {s.id: s for s in timeline.world.services.values() if s.kind in kinds}
    if not isinstance(answer, str) or not answer.strip():
        return None, (
            f"Please give your answer as a name in quotes, e.g. {next(iter(services))!r}."
        )
    key = answer.strip().lower().replace(" ", "")
    for s in services.values():
        if key in (s.id.lower(), s.name.lower().replace(" ", "")):
            return s.id, ""
    close = suggest(key, [s.id for s in services.values()])
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return None, (
        f"I don't know {short(answer)} from your answer.{hint} Names look like "
        f"{sorted(services)[:4]}."
    )


@friendly
def check_prediction(predicted: Any, timeline: Timeline, t: int | str = "09:00") -> Feedback:
    """Compare the learner's list of apps predicted to be down at ``t`` with the model."""
    _timeline(timeline)
    check_time("t", t, end=timeline.minutes)
    example = "a list of app names, e.g. ['shopfast', 'bazaar']"
    if not isinstance(predicted, str):
        check_type("predicted", predicted, list | tuple | set | frozenset, example)
    items = [predicted] if isinstance(predicted, str) else list(predicted)
    guessed, unknown = set(), []
    for item in items:
        sid, hint = _resolve(timeline, item, ("app",))
        if sid is None:
            unknown.append(hint)
        else:
            guessed.add(sid)
    actual = {a.id for a in timeline.world.apps() if timeline.state(a.id, t) == "down"}
    hits, missed, extra = guessed & actual, actual - guessed, guessed - actual
    parts = [f"You named {len(hits)} of the {len(actual)} apps that are down."]
    if missed:
        parts.append(f"You missed: {', '.join(sorted(missed))} — try explain() on one of them.")
    if extra:
        parts.append(f"Still up (or only degraded): {', '.join(sorted(extra))}.")
    parts += unknown
    if not missed and not extra and not unknown:
        parts.append("Spot on: you traced every dependency.")
    elif len(missed) > len(hits):
        parts.append("Most surprises are apps that don't run on the failed region at all.")
    return Feedback(not missed and not extra and not unknown, " ".join(parts))


def culprits(timeline: Timeline, t: int | str) -> Counter:
    """Users of down apps whose explanation chain passes through each third-party SaaS."""
    _timeline(timeline)
    check_time("t", t, end=timeline.minutes)
    count: Counter = Counter()
    for app in timeline.world.apps():
        if timeline.state(app.id, t) != "down":
            continue
        for c in set(timeline.explain(app.id, t).chain[1:]):
            if c in timeline.world.services and timeline.world.services[c].kind == "saas":
                count[c] += app.total_users
    return count


@friendly
def check_culprit(answer: Any, timeline: Timeline, t: int | str = "09:00") -> Feedback:
    """Is ``answer`` the third-party service through which the most users lost their apps?"""
    _timeline(timeline)
    check_time("t", t, end=timeline.minutes)
    sid, hint = _resolve(timeline, answer, ("saas",))
    if sid is None:
        return Feedback(False, hint)
    count = culprits(timeline, t)
    if not count:
        return Feedback(False, "No app is down at that time: run the outage first.")
    best, users = count.most_common(1)[0]
    name = timeline.world.services[best].name
    if sid == best:
        apps = [
            a.id
            for a in timeline.world.apps()
            if timeline.state(a.id, t) == "down" and best in timeline.explain(a.id, t).chain
        ]
        return Feedback(
            True,
            f"Yes: {name} took down {len(apps)} apps with {users / 1e6:.1f}M users "
            f"({', '.join(apps)}). One login service, many victims.",
        )
    mine = count.get(sid, 0)
    if mine:
        return Feedback(
            False,
            f"{timeline.world.services[sid].name} does take down apps with "
            f"{mine / 1e6:.1f}M users, but another service takes down more. Compare the "
            "explain() chains of the apps that are down: which name keeps coming up?",
        )
    return Feedback(
        False,
        f"No app that is down goes through {timeline.world.services[sid].name}. "
        "Look at the explain() chains of the apps that are down.",
    )
