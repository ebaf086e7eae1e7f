"""Lesson 06's checker: a chaos-lab design within budget, scored on the game day.

>>> from labkit.checks import check_design
>>> check_design(["retry-backoff", "serve-stale"], budget=60).correct
True
"""

from __future__ import annotations

import re
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
from .core import Feedback, friendly, not_answered, unanswered

__all__ = ["check_design"]


def _hypothesis(hypothesis: Any) -> Any:
    """The hypothesis as a number: text such as "97%" or "0.97" is read as one; None or an
    empty text means no hypothesis (returned as None); anything else is returned unchanged.

    >>> [_hypothesis(h) for h in ("97%", " 0.97 ", "", None, 0.9, "most")]
    [97.0, 0.97, None, None, 0.9, 'most']
    """
    if hypothesis is None or (isinstance(hypothesis, str) and not hypothesis.strip()):
        return None
    if isinstance(hypothesis, str) and len(hypothesis) <= 40:
        m = re.fullmatch(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*", hypothesis)
        if m:
            return float(m.group(1))
    return hypothesis


@friendly
def check_design(answer: Any, budget: int = DEFAULT_BUDGET, hypothesis: Any = None) -> Feedback:
    """Is ``answer`` (a list of menu choices) a valid design within ``budget``? If so, its game
    day score (user-hours saved), how it ranks against the best affordable designs and, when
    given, whether the ``hypothesis`` (the share of user-hours you expected to keep, e.g. 0.97,
    97 or "97%") held or was refuted: then the verdict is "Held" or "Refuted". An empty design
    (None, [] or "") has not been chosen yet, and never passes. Accepts any case and spaces for
    dashes. Never raises."""
    check_number("budget", budget, 0, 10_000, "credits from 0 to 10000, e.g. 60")
    hypothesis = _hypothesis(hypothesis)
    if hypothesis is not None:
        allowed = "the share of user-hours you expect to keep, e.g. 0.97 (or 97 for 97%)"
        check_number("hypothesis", hypothesis, 0, 100, allowed)
    return _check(answer, budget, hypothesis)


def _check(answer: Any, budget: int, hypothesis: Any) -> Feedback:
    if unanswered(answer):
        return not_answered(
            f"your design as a list of menu choices ({', '.join(MENU)})", "['retry-backoff']"
        )
    try:
        design = parse_design(answer)
    except ValueError as err:
        return Feedback(
            False,
            f"Your answer does not fit: {err}. Write your design as a list, e.g. "
            "['retry-backoff'].",
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
    parts = []
    verdict = ""
    if hypothesis is not None:
        h = hypothesis / 100 if 1 < hypothesis <= 100 else hypothesis
        held = mine.kept_share >= h
        verdict = "Held" if held else "Refuted"
        parts.append(
            f"Your hypothesis (at least {h:.2%} of user-hours kept) "
            f"{'held' if held else 'was refuted'}: users' apps were up {mine.kept_share:.2%} "
            "of the time."
        )
    parts.append(
        f"Your design is valid: {cost} of {budget} credits. Over the {len(GAME_DAY)} game-day "
        f"failures it saved {mine.saved / 1e6:.1f}M user-hours ({mine.per_credit / 1e6:.1f}M per "
        "credit)"
        + (
            f"; users' apps were up {mine.kept_share:.2%} of the time."
            if hypothesis is None
            else "."
        )
    )
    if hypothesis is None:
        parts.append("(Write your hypothesis as a share, e.g. 0.97, to have it tested.)")
    helped = [r.scenario for r in mine.rows if r.saved > 0]
    missed = [r.scenario for r in mine.rows if r.saved <= 0 and r.down_before > 0]
    if missed:
        parts.append(f"It did nothing against: {', '.join(missed)}.")
    top = mine.saved >= best.saved - 1
    if not verdict and helped:
        verdict = "Best score" if top else "Valid, not the best yet"
    if top:
        parts.append("That is the best score this budget allows. 🏆")
    else:
        parts.append(
            f"The best design for {budget} credits saves {best.saved / 1e6:.1f}M; look at which "
            "failures cost the most user-hours and what stops each."
        )
    return Feedback(bool(helped), " ".join(parts), verdict=verdict)
