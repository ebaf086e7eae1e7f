"""Lesson 04's checker: a staged-rollout plan that catches a slow-to-show bad config.

>>> from labkit.checks import check_rollout_plan
>>> check_rollout_plan({"canary": 0.05, "bake": 25}).correct
True
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..mechanisms.rollout import (
    ConfigVersion,
    Rollout,
    StagedPush,
    StagedRollout,
    push,
    toy_fleets,
)
from ..validate import check_count, check_share, check_type
from .core import Feedback, friendly, in_words, not_answered, unanswered

__all__ = ["check_rollout_plan", "plan_outcome"]


_NUMBER = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(%|percent|min|mins|minutes|m)?\s*$", re.I)


def _read_number(value: Any, field: str) -> tuple[Any, str]:
    """A number written as text ("5%", "0.05", "30 min") as a number, and a note saying how
    it was read; any other value unchanged, with no note. A canary in percent becomes a share.

    >>> _read_number("5%", "canary"), _read_number("30 min", "bake"), _read_number(7, "bake")
    ((0.05, "I read '5%' as a canary of 0.05 (5%)."), (30, ''), (7, ''))
    """
    if not isinstance(value, str) or len(value) > 40:
        return value, ""
    m = _NUMBER.match(value)
    if not m:
        return value, ""
    number, unit = float(m.group(1)), (m.group(2) or "").lower()
    if field == "canary" and unit in ("%", "percent"):
        return (
            number / 100,
            f"I read {value.strip()!r} as a canary of {number / 100:g} ({number:g}%).",
        )
    if field == "bake" and unit not in ("%", "percent") and number.is_integer():
        return int(number), ""
    if field == "canary" and not unit:
        return number, ""
    return value, ""


def _plan(answer: Any, detect_delay: int) -> tuple[StagedPush | None, str]:
    """A StagedPush from what the learner wrote, or (None, a hint)."""
    example = "{'canary': 0.05, 'bake': 30}"
    if isinstance(answer, StagedRollout):
        answer = {"canary": answer.canary, "bake": answer.bake}
    elif isinstance(answer, StagedPush):
        answer = {"canary": answer.canary, "bake": answer.bake}
    elif isinstance(answer, list | tuple) and len(answer) == 2:
        answer = {"canary": answer[0], "bake": answer[1]}
    if not isinstance(answer, dict) or not {"canary", "bake"} <= set(answer):
        return (
            None,
            "I expected your answer as a dict with a canary share and a bake time, e.g. "
            f"{example}.",
        )
    (canary, note), (bake, _) = (
        _read_number(answer["canary"], "canary"),
        _read_number(answer["bake"], "bake"),
    )
    one = isinstance(canary, int | float) and not isinstance(canary, bool) and canary == 1
    if isinstance(canary, int | float) and not isinstance(canary, bool) and 1 < canary <= 100:
        note = note or f"I read a canary of {canary:g} as {canary:g}% ({canary / 100:g})."
        canary = canary / 100  # "5" meant 5%
    if isinstance(bake, float) and bake.is_integer():
        bake = int(bake)
    try:
        plan = StagedRollout(canary=canary, bake=bake, detect_delay=detect_delay).strategy()
    except (ValueError, TypeError) as err:
        words = in_words(err)
        if words is None:
            raise
        return None, f"That plan does not work for your answer: {words} Try e.g. {example}."
    if one:
        note = (
            "A canary of 1 is the whole fleet (the canary is a share: 1 means 100%); for a 1% "
            "canary write 0.01."
        )
    return plan, note


def plan_outcome(plan: StagedPush, detect_delay: int = 20) -> tuple[Rollout, Rollout]:
    """The plan's rollout of a bad config (crashes machines, shows ``detect_delay`` minutes late)
    and of a good config, both on the Bulwark agent fleet at 10:00."""
    check_type("plan", plan, StagedPush, "a StagedPush, e.g. StagedRollout().strategy()")
    check_count("detect_delay", detect_delay, 0, 1440, "whole minutes 0-1440")
    fleet = toy_fleets()["bulwark-agent"]
    bad = push(fleet, ConfigVersion("v2", effect="crash", recovery=60), plan, "10:00")
    good = push(fleet, ConfigVersion("v2", effect="none"), plan, "10:00")
    return bad, good


def _done_after(good: Rollout) -> int | None:
    done = [e.at for e in good.events if e.kind == "done"]
    return done[0] - good.start if done else None


@friendly
def check_rollout_plan(
    answer: Any, detect_delay: int = 20, max_share: float = 0.10, max_minutes: int = 90
) -> Feedback:
    """Does the plan keep the bad config on at most ``max_share`` of the fleet (its trouble
    shows ``detect_delay`` minutes after a machine loads it) while a good config still reaches
    every machine within ``max_minutes``? ``answer``: ``{"canary": 0.05, "bake": 30}``, a
    ``(canary, bake)`` pair or a ``StagedRollout``. Never raises."""
    check_count("detect_delay", detect_delay, 0, 1440, "whole minutes 0-1440")
    check_share("max_share", max_share, "a share of the fleet from 0 to 1, e.g. 0.10")
    check_count("max_minutes", max_minutes, 1, 10080, "whole minutes 1-10080")
    return _check_plan(answer, detect_delay, max_share, max_minutes)


def _check_plan(answer: Any, detect_delay: int, max_share: float, max_minutes: int) -> Feedback:
    if unanswered(answer):
        return not_answered(
            "a plan with a canary share and a bake time", "{'canary': 0.05, 'bake': 30}"
        )
    plan, note = _plan(answer, detect_delay)
    if plan is None:
        return Feedback(False, note)
    bad, good = plan_outcome(plan, detect_delay)
    crashed = round(bad.blast_radius * bad.fleet.size)
    took = _done_after(good)
    reach = f"the bad config reached {bad.blast_radius:.0%} of the fleet ({crashed} machines)"
    speed = f"a good config took {took} minutes to reach every machine"
    parts = [note] * bool(note)
    parts.append(
        f"With a {round(plan.canary * 100, 4):g}% canary and {plan.bake}-minute bakes, "
        f"{reach}, and {speed}."
    )
    ok_share = bad.blast_radius <= max_share + 1e-9
    ok_time = took is not None and took <= max_minutes
    if not ok_share:
        if plan.bake < detect_delay:
            parts.append(
                f"The bakes end before the trouble shows ({detect_delay} min after loading), so "
                "the next wave goes out before the health gate can see anything: bake longer."
            )
        elif plan.canary <= max_share + 1e-9:
            size = bad.fleet.size
            parts.append(
                f"The canary is rounded up to whole machines: {plan.canary:g} × {size} = "
                f"{plan.canary * size:g}, so {crashed} machines ({bad.blast_radius:.1%}), just "
                f"over {max_share:.0%}. Pick a canary of whole machines, e.g. "
                f"{math.floor(max_share * size + 1e-9)} of {size} = "
                f"{math.floor(max_share * size + 1e-9) / size:g}."
            )
        else:
            parts.append(f"Too many machines crash: keep the canary at {max_share:.0%} or less.")
    if not ok_time:
        waves = 1 + len(plan.waves)
        longest = math.floor(max_minutes / waves)
        parts.append(
            f"Too slow for everyday changes: {waves} waves × {plan.bake} min. Bakes of up to "
            f"{longest} min fit in {max_minutes} minutes."
        )
    if ok_share and ok_time:
        parts.append(
            "Both goals met: the bake is at least as long as the trouble takes to show, and "
            "short enough that good changes still ship the same morning."
        )
    return Feedback(ok_share and ok_time, " ".join(parts))
