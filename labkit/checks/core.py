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

import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..errors import suggest
from ..timeline import WIDTH, Timeline

__all__ = ["Feedback", "check_culprit", "check_prediction"]


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


def _resolve(timeline: Timeline, answer: Any, kinds: tuple[str, ...]) -> tuple[str | None, str]:
    """Map a learner's answer to a service id; returns (id or None, hint)."""
    services = {s.id: s for s in timeline.world.services.values() if s.kind in kinds}
    if not isinstance(answer, str) or not answer.strip():
        return None, f"Please answer with a name in quotes, e.g. {next(iter(services))!r}."
    key = answer.strip().lower().replace(" ", "")
    for s in services.values():
        if key in (s.id.lower(), s.name.lower().replace(" ", "")):
            return s.id, ""
    close = suggest(key, [s.id for s in services.values()])
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return None, f"I don't know {answer!r}.{hint} Names look like {sorted(services)[:4]}."


def check_prediction(predicted: Any, timeline: Timeline, t: int | str = "09:00") -> Feedback:
    """Compare the learner's list of apps predicted to be down at ``t`` with the model."""
    try:
        items = [predicted] if isinstance(predicted, str) else list(predicted or [])
    except TypeError:
        return Feedback(False, "Please give a list of app names, e.g. ['shopfast', 'bazaar'].")
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
    count: Counter = Counter()
    for app in timeline.world.apps():
        if timeline.state(app.id, t) != "down":
            continue
        for c in set(timeline.explain(app.id, t).chain[1:]):
            if c in timeline.world.services and timeline.world.services[c].kind == "saas":
                count[c] += app.total_users
    return count


def check_culprit(answer: Any, timeline: Timeline, t: int | str = "09:00") -> Feedback:
    """Is ``answer`` the third-party service through which the most users lost their apps?"""
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
