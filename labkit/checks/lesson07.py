"""Lesson 07's checker: the fix a real outage's post-mortem announced, replayed.

>>> from labkit.checks import check_announced_fix, fix_outcome
>>> before, after = fix_outcome("crowdstrike-agent-2024", ["staged-rollout"])
>>> before > 0, after
(True, 0.0)
>>> check_announced_fix("staged rollout", "crowdstrike-agent-2024").correct
True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .. import casebook, scenarios
from ..internet import build_internet
from ..mechanisms import CATALOGUE
from ..scenario import Scenario
from ..simulate import simulate
from ..validate import check_count, check_names, short, suggest
from .core import Feedback, friendly, not_answered, unanswered

__all__ = ["check_announced_fix", "fix_outcome"]

#: Answers that mean "nothing the toy has".
_NONE = ("none", "nothing", "no", "-", "")


#: How the feedback names a fix that is not the operator's own announcement.
_BASIS = {
    "lesson": "a lesson others drew, not the operator's own announcement",
    "inference": "the casebook's inference, not the operator's words",
}


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _keys() -> dict[str, str]:
    """Normalised key or label -> catalogue key, for every catalogue mitigation."""
    out = {}
    for k in CATALOGUE.mitigations():
        out[_key(k.key)] = k.key
        out[_key(k.label)] = k.key
    return out


@lru_cache(maxsize=128)
def _down(replay: str, keys: tuple[str, ...], seed: int) -> float:
    s = scenarios.load(replay)
    extra = tuple(CATALOGUE.kind(k).cls() for k in keys)
    scenario = Scenario(s.failures, (*s.mitigations, *extra), s.minutes, s.seed, s.failover_delay)
    return simulate(build_internet(seed), scenario).impact_summary().user_hours_down


def fix_outcome(replay: str, mitigations: Iterable[str] = (), seed: int = 0) -> tuple[float, float]:
    """User-hours of apps that were down in ``replay`` without and with ``mitigations``
    (catalogue keys, e.g. ``["staged-rollout"]``), on ``build_internet(seed)``.

    Raises ``TypeError``/``ValueError`` for a replay without a casebook entry (with the closest
    names), mitigations that are not a list of catalogue keys, or a seed that is not whole.
    """
    replay = casebook.entry(replay).replay
    known = [k.key for k in CATALOGUE.mitigations()]
    keys = check_names("mitigations", mitigations, known, example="['staged-rollout']")
    check_count("seed", seed, -(2**63), 2**63, "a whole number")
    return _down(replay, (), seed), _down(replay, tuple(sorted(set(keys))), seed)


def _parse(answer: Any) -> tuple[tuple[str, ...] | None, str]:
    """The catalogue keys in the learner's answer, or (None, a hint)."""
    example = "a mitigation's name in quotes, e.g. 'serve-stale', a list of them, or 'none'"
    if isinstance(answer, str):
        items: list[Any] = [] if _key(answer) in _NONE else [answer]
    elif isinstance(answer, list | tuple | set | frozenset) and len(answer) <= 20:
        items = list(answer)
    else:
        return None, f"I expected {example} for your answer, but got {short(answer)}."
    table, keys = _keys(), []
    for item in items:
        found = table.get(_key(item)) if isinstance(item, str) else None
        if found is None:
            close = suggest(_key(item), list(table)) if isinstance(item, str) else []
            hint = f" Did you mean {table[close[0]]!r}?" if close else ""
            known = ", ".join(k.key for k in CATALOGUE.mitigations())
            return None, (
                f"I don't know the mitigation {short(item)} from your answer.{hint} The "
                f"catalogue's mitigations are: {known}."
            )
        keys.append(found)
    return tuple(dict.fromkeys(keys)), ""


def _m(user_hours: float) -> str:
    return f"{user_hours / 1e6:.1f}M user-hours"


@friendly
def check_announced_fix(answer: Any, replay: Any = "crowdstrike-agent-2024") -> Feedback:
    """Is ``answer`` (catalogue mitigation keys, or "none") what ``replay``'s post-mortem
    announced, as far as the toy can model it? Replays the outage with the answer and says how
    many user-hours it saves, beside the announced fix's saving. Never raises."""
    e = casebook.entry(replay)
    if unanswered(answer):
        return not_answered(
            "catalogue keys in a list, or 'none' if nothing fits", "['serve-stale']"
        )
    mine, hint = _parse(answer)
    if mine is None:
        return Feedback(False, hint)
    want = e.keys
    before, after = fix_outcome(e.replay, want)
    parts = []
    if mine:
        _, with_mine = fix_outcome(e.replay, mine)
        parts.append(
            f"With {', '.join(mine)}, the replay of {e.replay} loses {_m(with_mine)} instead of "
            f"{_m(before)}: it saves {_m(before - with_mine)}."
        )
    if not want:
        if not mine:
            return Feedback(
                True,
                f"Nothing announced in {e.section} has a toy equivalent "
                f"({'; '.join(f.why for f in e.fixes)}).",
            )
        parts.append(
            f"But nothing announced in {e.section} has a toy equivalent: the answer is 'none'. "
            "A fix can work in the toy and still not be what the operator said it would do."
        )
        return Feedback(False, " ".join(parts))
    basis = sorted({f.basis for f in e.fixes if f.mitigation} - {"announced"})
    marked = "".join(f" ({_BASIS[b]})" for b in basis)
    if not mine and basis == ["inference"]:
        return Feedback(
            True,
            f"Nothing announced in {e.section} has a toy equivalent. The casebook's own "
            f"inference points to {', '.join(want)}, which would save {_m(before - after)} in "
            "the toy; try it.",
            verdict="Right as far as the operator's words go",
        )
    if not mine:
        parts.append(f"{e.section} lists something the toy has{marked}.")
    if set(mine) == set(want):
        parts.append(f"That is what {e.section} lists{marked}. 🎯")
        return Feedback(True, " ".join(parts))
    missing = [k for k in want if k not in mine]
    extra = [k for k in mine if k not in want]
    if extra:
        parts.append(f"Not in {e.section}: {', '.join(extra)}.")
    if missing and mine:
        parts.append(f"{e.section} also lists something the toy has{marked}: read the "
                     "casebook.entry() of this replay.")  # fmt: skip
    parts.append(f"The listed fix saves {_m(before - after)}.")
    return Feedback(False, " ".join(parts))
