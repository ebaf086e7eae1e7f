"""Predict, then reveal: echo a learner's prediction beside what the model says.

A lesson asks for a prediction in one cell (``my_guess = None``) and reveals the answer in the
next. :func:`compare_prediction` is the reveal's last line: it says "You predicted X; the
model says Y" and, where both are numbers, lists or words, how close the guess was. An empty
prediction (``None``, ``""``, ``[]``) is not an error: it gets a friendly "write your
prediction first" line, so a notebook that is run top to bottom without predictions still
runs clean. Words carry the message; nothing depends on an emoji font.

>>> print(compare_prediction(None, 8, what="apps down at 09:00"))
You have not written a prediction yet (apps down at 09:00): write it in the cell above, run
that cell, then run this one again. The model says: 8.
>>> print(compare_prediction(6, 8, what="apps down at 09:00"))
You predicted 6; the model says 8 (apps down at 09:00). You were 2 under.
>>> print(compare_prediction(["ShopFast", "bazaar"], ["bazaar", "chatmate"]))
You predicted bazaar, shopfast; the model says bazaar, chatmate. You named 1 of its 2
(bazaar); you missed chatmate; not in its answer: shopfast.
>>> print(compare_prediction("Down", "down"))
You predicted 'down'; the model says 'down'. The same.
>>> print(compare_prediction("09:25", "09:34", what="every resolver back"))
You predicted '09:25'; the model says '09:34' (every resolver back). You were 9 min early.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from ..clock import parse_time
from ..timeline import WIDTH
from ..validate import MAX_SHOWN, check_type, short

__all__ = ["Echo", "compare_prediction", "is_empty", "write_first"]

#: Lists longer than this are shown shortened and not compared item by item.
_MAX_ITEMS = 50
#: A list is shown in full up to this many characters.
_MAX_LIST_TEXT = 400

#: What the learner is told when a prediction cell was left empty.
WRITE_FIRST = (
    "You have not written a prediction yet{what}: write it in the cell above, run that cell, "
    "then run this one again."
)


@dataclass(frozen=True)
class Echo:
    """A prediction set beside the model's answer: ``empty`` when none was written."""

    empty: bool
    message: str

    def __str__(self) -> str:
        return textwrap.fill(self.message, WIDTH, break_on_hyphens=False)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


def is_empty(guess: object) -> bool:
    """True for a prediction that was not written: None, an empty or blank string, an empty
    list, tuple, set or dict, or NaN.

    >>> [is_empty(x) for x in (None, "", "  ", [], ("", None), 0, "no")]
    [True, True, True, True, True, False, False]
    """
    if guess is None:
        return True
    if isinstance(guess, str):
        return not guess.strip()
    if isinstance(guess, float):
        return math.isnan(guess)
    if isinstance(guess, dict):
        return len(guess) == 0
    if isinstance(guess, (list, tuple, set, frozenset)):
        return all(is_empty(g) for g in guess)
    return False


def write_first(what: str = "") -> Echo:
    """The reminder for an empty prediction, for cells that hand a written one to a checker:
    ``check_prediction(...) if my_prediction else write_first("apps down")``.

    >>> print(write_first("apps down at 09:00"))
    You have not written a prediction yet (apps down at 09:00): write it in the cell above, run
    that cell, then run this one again.
    """
    check_type("what", what, str, "a few words saying what was to be predicted")
    return Echo(True, WRITE_FIRST.format(what=f" ({what})" if what else ""))


def _show(x: object) -> str:
    """A value for the message: short, whatever the learner typed (a 1 MB text, a 5,000-digit
    number, a list of anything)."""
    if isinstance(x, str):
        return short(x.strip().lower())
    if isinstance(x, float):
        return f"{x:.4g}"
    if isinstance(x, int) and not isinstance(x, bool):
        return str(x) if abs(x) < 10**15 else short(x)
    if isinstance(x, (list, tuple, set, frozenset)) and len(x) <= _MAX_ITEMS:
        text = ", ".join(sorted(short(v).strip("'").lower() for v in x)) or "nothing"
        return text if len(text) <= _MAX_LIST_TEXT else text[:_MAX_LIST_TEXT] + "…"
    return short(x)


def _minutes(x: str) -> int | None:
    """A time such as "09:34" or "day 11 05:27" in minutes, or None if ``x`` is not one."""
    if not re.fullmatch(r"\s*(day \d+ )?\d{1,2}:\d\d\s*", x):
        return None
    try:
        return parse_time("time", x.strip())
    except ValueError:
        return None


def _duration(minutes: int) -> str:
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} day{'s' * (days != 1)}"] * bool(days) + [f"{hours} h"] * bool(hours)
    return " ".join(parts + [f"{mins} min"] * bool(mins or not parts))


def _number(x: object) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    if isinstance(x, int) and abs(x) >= 10**15:
        return None  # too big to be a guess worth comparing (and float() may overflow)
    return float(x) if math.isfinite(x) else None


def _closeness(guess: object, model: object) -> str:
    g, m = _number(guess), _number(model)
    if g is not None and m is not None:
        if g == m:
            return "Exactly right."
        gap = abs(g - m)
        side = "under" if g < m else "over"
        amount = f"{gap:.2g}" if gap < 1 else f"{gap:,.0f}" if gap == int(gap) else f"{gap:,.2f}"
        return f"You were {amount} {side}."
    if isinstance(guess, str) and len(guess) > MAX_SHOWN:
        return "That is a very long prediction: a few words are enough."
    if isinstance(guess, str) and isinstance(model, str):
        g_min, m_min = _minutes(guess), _minutes(model)
        if g_min is not None and m_min is not None:
            if g_min == m_min:
                return "Exactly right."
            return (
                f"You were {_duration(abs(g_min - m_min))} {'early' if g_min < m_min else 'late'}."
            )
        same = guess.strip().lower() == model.strip().lower()
        return "The same." if same else "Not the same: read on to see why."
    if isinstance(guess, str) and isinstance(model, (list, tuple, set, frozenset)):
        names = sorted(str(v).lower() for v in model)
        if guess.strip().lower() in names:
            return "Yes: it is one of them."
        return "It is not one of them."
    lists = (list, tuple, set, frozenset)
    if isinstance(guess, lists) and isinstance(model, lists) and len(guess) <= _MAX_ITEMS:
        mine = {_show(v).strip("'") for v in guess}
        theirs = {_show(v).strip("'") for v in model}
        parts = [f"You named {len(mine & theirs)} of its {len(theirs)}"]
        if mine & theirs:
            parts[0] += f" ({', '.join(sorted(mine & theirs))})"
        if theirs - mine:
            parts.append(f"you missed {', '.join(sorted(theirs - mine))}")
        if mine - theirs:
            parts.append(f"not in its answer: {', '.join(sorted(mine - theirs))}")
        return "; ".join(parts) + "."
    return ""


def compare_prediction(guess: object, model: object, *, what: str = "") -> Echo:
    """Set a learner's prediction beside the model's answer.

    Parameters
    ----------
    guess
        The learner's prediction, as written in the prediction cell; ``None``, ``""`` or an
        empty list means "not written yet".
    model
        What the model says: a number, a word, or a list of names.
    what
        A few words saying what was predicted (shown in the message).

    Returns
    -------
    Echo
        ``empty`` is True when no prediction was written; ``message`` says both answers and,
        for numbers, words and lists, how close they are. Never raises on the guess.

    Raises
    ------
    TypeError
        If ``what`` is not a string.

    Examples
    --------
    >>> compare_prediction("", 3).empty
    True
    >>> print(compare_prediction(0.5, 0.88, what="share of users"))
    You predicted 0.5; the model says 0.88 (share of users). You were 0.38 under.
    """
    check_type("what", what, str, "a few words saying what was to be predicted")
    label = f" ({what})" if what else ""
    if is_empty(guess):
        return Echo(True, f"{WRITE_FIRST.format(what=label)} The model says: {_show(model)}.")
    said = f"You predicted {_show(guess)}; the model says {_show(model)}{label}."
    close = _closeness(guess, model)
    return Echo(False, f"{said} {close}".strip())
