"""Lesson 05's checker: training progress an AI job must redo when its region fails.

>>> from labkit.checks import check_progress_lost
>>> check_progress_lost(1024, failure_at="08:00", every=180, gpus=512).correct
True
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..clock import TimeLike, fmt_time, parse_time
from ..costs import progress_lost
from ..validate import check_count
from .core import Feedback, friendly, not_answered, unanswered

__all__ = ["check_progress_lost"]


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int) and abs(answer) < 10**15:
        return float(answer)
    if isinstance(answer, float) and math.isfinite(answer):
        return answer
    if isinstance(answer, str) and len(answer) <= 100:
        m = re.search(r"-?\d[\d,_ ]*(\.\d+)?", answer)
        if m:
            return float(re.sub(r"[,_ ]", "", m.group(0)))
    return None


@friendly
def check_progress_lost(
    answer: Any,
    failure_at: TimeLike = "08:00",
    every: int = 180,
    gpus: int = 512,
    started: TimeLike = "00:00",
) -> Feedback:
    """Is ``answer`` the GPU-hours of training progress to redo when a job that started at
    ``started`` on ``gpus`` GPUs, saving a checkpoint every ``every`` minutes, loses its machines
    at ``failure_at``? Only the work since the last checkpoint counts: the hours the GPUs then
    stand idle until the region is back (which :meth:`labkit.Timeline.training` adds to its
    GPU-hours lost) are left out. Accepts a number or text such as "1,024 GPU-hours". Never
    raises."""
    check_count("gpus", gpus, 1, 10_000_000, "a whole number of GPUs, e.g. 512")
    lost = progress_lost(failure_at, every, started)
    right = lost * gpus / 60
    if unanswered(answer):
        return not_answered("a number of GPU-hours", "300 or '300 GPU-hours'")
    got = _number(answer)
    if got is None:
        return Feedback(
            False,
            "I expected a number of GPU-hours for your answer, e.g. 300 or '300 GPU-hours'.",
        )
    fail = parse_time("failure_at", failure_at)
    last = fmt_time(fail - lost)
    why = (
        f"The last checkpoint before {fmt_time(fail)} was at {last}, so {lost} minutes of work "
        f"on {gpus} GPUs are lost: {lost} / 60 × {gpus} = {right:g} GPU-hours."
    )
    if abs(got - right) <= max(0.5, 0.01 * right):
        return Feedback(
            True,
            f"{why} That is the work to redo; the GPUs also stand idle until the region "
            "is back, which comes on top. Checkpointing more often shrinks the redo, but each "
            "checkpoint costs time too.",
        )
    if abs(got - lost) < 0.5 or abs(got - lost / 60) < 0.01:
        return Feedback(
            False,
            f"{got:g} is the time lost per GPU. Multiply by the {gpus} GPUs, and give GPU-hours.",
        )
    if abs(got - fail / 60 * gpus) < 0.5:
        return Feedback(
            False,
            "That is everything since the start: the job restarts from its "
            "last checkpoint, not from zero. When was the last checkpoint?",
        )
    idle = (got - right) * 60 / gpus  # minutes of idle GPUs, if the answer added them
    if got > right and abs(idle - round(idle)) < 1e-6:
        return Feedback(
            False,
            f"That is more than the work to redo ({right:g} GPU-hours): did you add the hours "
            f"the GPUs stand idle ({idle:g} minutes on {gpus} GPUs)? The question asks only for "
            "the progress since the last checkpoint.",
        )
    return Feedback(
        False,
        f"When was the last checkpoint before {fmt_time(fail)}? "
        "Count the minutes since then, then multiply by the GPUs.",
    )
