"""Lesson 06's checker: a chaos-lab design within budget, scored on the game day.

>>> from labkit.checks import check_design
>>> check_design(["retry-backoff", "serve-stale"], budget=60).correct
True
"""

from __future__ import annotations

from typing import Any

from ..chaos import (
    DEFAULT_BUDGET,
    GAME_DAY,
    MENU,
    PRICES,
    best_designs,
    game_day,
    parse_design,
)
from ..validate import check_number
from .core import Feedback, friendly

__all__ = ["check_design"]


@friendly
def check_design(answer: Any, budget: int = DEFAULT_BUDGET, hypothesis: Any = None) -> Feedback:
    """Is ``answer`` (a list of menu choices) a valid design within ``budget``? If so, its game
    day score (user-hours saved), how it ranks against the best affordable designs and, when
    given, how the ``hypothesis`` (the share of user-hours you expected to keep, e.g. 0.97)
    compares. Accepts any case and spaces for dashes. Never raises."""
    check_number("budget", budget, 0, 10_000, "credits from 0 to 10000, e.g. 60")
    if hypothesis is not None:
        allowed = "the share of user-hours you expect to keep, e.g. 0.97 (or 97 for 97%)"
        check_number("hypothesis", hypothesis, 0, 100, allowed)
    return _check(answer, budget, hypothesis)


def _check(answer: Any, budget: int, hypothesis: Any) -> Feedback:
    try:
        design = parse_design(answer)
    except ValueError as err:
        return Feedback(
            False,
            f"Your answer does not fit: {err}. Write your design as a list, e.g. "
            "['retry-backoff'].",
        )
    if not design:
        return Feedback(
            False, f"Your answer is an empty design: pick choices from {', '.join(MENU)}."
        )
    cost = sum(PRICES[n] for n in design)
    if cost > budget:
        prices = ", ".join(f"{n} {PRICES[n]}" for n in design)
        return Feedback(
            False,
            f"Over budget: {prices} = {cost} credits, and the budget is {budget}. Drop something "
            "or swap it for something cheaper.",
        )
    mine = game_day(design)
    best = best_designs(budget, top=1)[0]
    parts = [
        f"Valid design, {cost} of {budget} credits. Over the {len(GAME_DAY)} game-day failures "
        f"it saved {mine.saved / 1e6:.1f}M user-hours ({mine.per_credit / 1e6:.1f}M per "
        f"credit); users' apps were up {mine.kept_share:.2%} of the time.",
    ]
    if hypothesis is not None:
        if isinstance(hypothesis, int | float) and not isinstance(hypothesis, bool):
            h = hypothesis / 100 if 1 < hypothesis <= 100 else hypothesis
            verdict = "held" if mine.kept_share >= h else "was refuted"
            parts.append(f"Your hypothesis (at least {h:.2%} kept) {verdict}.")
        else:
            parts.append("(Write your hypothesis as a share, e.g. 0.97, to have it tested.)")
    helped = [r.scenario for r in mine.rows if r.saved > 0]
    missed = [r.scenario for r in mine.rows if r.saved <= 0 and r.down_before > 0]
    if missed:
        parts.append(f"It did nothing against: {', '.join(missed)}.")
    if mine.saved >= best.saved - 1:
        parts.append("That is the best score this budget allows. 🏆")
    else:
        parts.append(
            f"The best design for {budget} credits saves {best.saved / 1e6:.1f}M; look at which "
            "failures cost the most user-hours and what stops each."
        )
    return Feedback(bool(helped), " ".join(parts))
