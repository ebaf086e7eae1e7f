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

from ..mechanisms.regions import RegionOutage
from ..timeline import WIDTH, Timeline
from ..validate import check_time, check_type, details, short, suggest

__all__ = [
    "Feedback",
    "check_culprit",
    "check_prediction",
    "culprits",
    "friendly",
    "in_words",
    "not_answered",
    "unanswered",
]

#: A message from labkit's own checks: "field: got …" or "field: unknown value …".
_OURS = re.compile(r"^[\w\[\]'\".() -]{1,120}: (got |unknown value |missing )")
#: What a checker says when something unexpected broke inside it.
GENERIC = (
    "Something went wrong while checking this, and it is not something you did. Check that "
    "the arguments are the ones the exercise shows, run the cells above again, or ask for help."
)
_Checker = TypeVar("_Checker", bound=Callable[..., "Feedback"])


#: The verdict words a :class:`Feedback` starts with when its checker gives none.
RIGHT, NOT_YET = "Right", "Not yet"
#: Verdicts about a hypothesis: neither right nor wrong, so they get a neutral mark.
_NEUTRAL = ("Held", "Refuted")
#: The mark before a verdict: decoration only, the words carry the verdict.
_MARKS = {True: "✅", False: "🤔", None: "🔬"}


@dataclass(frozen=True)
class Feedback:
    """The outcome of a check: ``correct``, a message for the learner and the ``verdict`` in
    words ("Right", "Not yet", "Refuted", …; by default "Right" or "Not yet" from ``correct``).

    It prints as a mark, the verdict and the message; the mark only decorates (it shows as an
    empty box where no emoji font is installed), the verdict reads the same without it.

    >>> print(Feedback(False, "09:25 is when the record was fixed."))
    🤔 Not yet — 09:25 is when the record was fixed.
    >>> Feedback(True, "held at 97%.", verdict="Held").plain
    'Held — held at 97%.'
    """

    correct: bool
    message: str
    verdict: str = ""

    def __post_init__(self) -> None:
        if not self.verdict:
            object.__setattr__(self, "verdict", RIGHT if self.correct else NOT_YET)

    @property
    def plain(self) -> str:
        """The verdict and the message, without the decorating mark."""
        return f"{self.verdict} — {self.message}"

    @property
    def mark(self) -> str:
        """The decorating mark: ✅ right, 🤔 not yet, 🔬 a hypothesis held or was refuted."""
        return _MARKS[None if self.verdict in _NEUTRAL else bool(self.correct)]

    def __str__(self) -> str:
        text = f"{self.mark} {self.plain}"
        return "\n".join(textwrap.fill(p, WIDTH, break_on_hyphens=False) for p in text.split("\n"))

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


def unanswered(answer: Any) -> bool:
    """Whether ``answer`` is still the empty value an exercise cell starts with: None, an
    empty or blank text, or an empty list, tuple, set or dict.

    >>> [unanswered(a) for a in (None, "", "  ", [], {}, 0, "x", ["a"])]
    [True, True, True, True, True, False, False, False]
    """
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, list | tuple | set | frozenset | dict):
        return len(answer) == 0
    return False


def not_answered(what: str, example: str) -> Feedback:
    """The feedback for an exercise not answered yet: ``what`` to write, e.g. ``example``."""
    return Feedback(
        False,
        f"You have not chosen yet: your answer is still empty. Write {what}, e.g. {example}, "
        "then run the cell again.",
        verdict="Not answered yet",
    )


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


def _key(text: str) -> str:
    return text.strip().lower().replace(" ", "").replace("_", "-")


def what_it_is(world: Any, answer: Any) -> tuple[str, str] | None:
    """What a name in the learner's answer is in ``world`` when it is not what was asked:
    (its kind in words, its id), e.g. ("a region", "nimbus-us-east"); None if unknown.

    >>> import labkit
    >>> net = labkit.build_internet()
    >>> what_it_is(net, "Nimbus-US-East"), what_it_is(net, "signonce")
    (('a region', 'nimbus-us-east'), ('a third-party service', 'signonce'))
    """
    if not isinstance(answer, str) or not answer.strip() or len(answer) > 200:
        return None
    key = _key(answer)
    for s in world.services.values():
        if key in (s.id.lower(), s.name.lower().replace(" ", "")):
            return ("an app" if s.kind == "app" else "a third-party service"), s.id
    named = (
        ("a region", world.regions),
        ("a zone (one data centre of a region)", world.zones),
        ("a building block of a cloud region", world.blocks),
        ("a cloud provider", world.providers),
    )
    for kind, ids in named:
        for i in ids:
            if key == i.lower():
                return kind, i
    return None


def _resolve(timeline: Timeline, answer: Any, kinds: tuple[str, ...]) -> tuple[str | None, str]:
    """Map a learner's answer to a service id; returns (id or None, hint)."""
    services = {s.id: s for s in timeline.world.services.values() if s.kind in kinds}
    if not isinstance(answer, str) or not answer.strip():
        return None, (
            f"Please give your answer as a name in quotes, e.g. {next(iter(services))!r}."
        )
    key = _key(answer)
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
        known = what_it_is(timeline.world, item) if sid is None else None
        if known is not None:
            hint = (
                f"{known[1]!r} is {known[0]}, not an app: the question asks which apps are "
                "down, so name apps (they can be down because of it)."
            )
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
        parts.append(_surprise(timeline, sorted(missed), t))
    return Feedback(not missed and not extra and not unknown, " ".join(parts))


def _surprise(timeline: Timeline, missed: list[str], t: int | str) -> str:
    """Where the missed apps' trouble came from: a failed region the apps do not run in, or
    whatever the failure hit, reached through something they need."""
    roots = [timeline.explain(a, t) for a in missed]
    regions = {e.root.region for e in roots if isinstance(e.root, RegionOutage)}
    if any(not set(timeline.world.services[a].regions) & regions for a in missed if regions):
        return "Most surprises are apps that don't run on the failed region at all."
    ends = sorted({e.chain[-1] for e in roots if e.chain})
    if not ends:
        return "Follow explain() on an app you missed down to its root cause."
    return (
        f"The apps you missed need {', '.join(ends)}, directly or through a service they "
        "call: follow explain() on one of them down to the root cause."
    )


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
    if unanswered(answer):
        return not_answered("the name of one third-party service in quotes", "'paywave'")
    sid, hint = _resolve(timeline, answer, ("saas",))
    if sid is None:
        known = what_it_is(timeline.world, answer)
        if known is not None:
            return Feedback(False, _not_a_service(timeline, t, *known))
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
            f"{name} took down {len(apps)} apps with {users / 1e6:.1f}M users "
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


def _not_a_service(timeline: Timeline, t: int | str, kind: str, cid: str) -> str:
    """Why a region, zone, block, provider or app is not the answer to "which third-party
    service carried the failure to the most users?"."""
    ask = (
        "The question asks which third-party *service* carried it to the most users: in the "
        "explain() chains of the apps that are down, which service stands between the apps "
        "and the failure?"
    )
    if kind == "an app":
        return f"{cid!r} is an app: apps are where a failure ends up, not what carries it. {ask}"
    if kind == "a region":
        return f"{cid!r} is the region: that is where the failure started. {ask}"
    return f"{cid!r} is {kind}: that is where the failure started, or part of it. {ask}"
