"""The rollout mechanism's entries in the catalogue: the config push, staged rollouts, and the
dashboard's "bad config push" row."""

from __future__ import annotations

from ...catalogue import Control, Kind, Param
from ...clock import fmt_time, parse_time
from ...scenario import Failure
from .failures import FLEETS, ConfigPush, StagedRollout
from .fleet import EFFECTS

__all__ = ["KINDS"]

_CAPACITY_REMOVED = 0.6  # what the dashboard's "capacity" effect takes away


def _build(v: dict[str, str], start: str, fixed: str | None) -> Failure:
    revert = None
    if fixed is not None:
        a, b = parse_time("start", start), parse_time("fixed", fixed)
        if b <= a:
            raise ValueError(
                f"fixed: got {fixed!r}, which is not after start {start!r}; allowed: a time "
                "after the start, when people revert the push (or 'never')"
            )
        revert = b - a
    removes = _CAPACITY_REMOVED if v["effect"] == "capacity" else None
    return ConfigPush(v["fleet"], start, effect=v["effect"], removes=removes, revert_after=revert)


def _read(f: Failure) -> dict[str, str] | None:
    if type(f) is not ConfigPush or f.strategy != "global" or f.recovery:
        return None
    if f.removes != (_CAPACITY_REMOVED if f.effect == "capacity" else None):
        return None
    fixed = "never" if f.revert_after is None else fmt_time(f.start_min + f.revert_after)
    return {"fleet": f.fleet, "effect": f.effect, "fixed": fixed}


PUSH_CONTROL = Control(
    "push",
    "Bad config push",
    (
        Param("fleet", "fleet", FLEETS, "edgefast"),
        Param("effect", "effect", tuple(e for e in EFFECTS if e != "none"), "crash"),
    ),
    _build,
    _read,
)

KINDS = (
    Kind(ConfigPush, "failure", "rollout", "push", "a bad config is pushed to a fleet",
         label="Bad config push", control=PUSH_CONTROL,
         examples=lambda: (ConfigPush("edgefast", "09:47", revert_after=49),
                           ConfigPush("bulwark-agent", "04:09", recovery=60, revert_after=78))),
    Kind(StagedRollout, "mitigation", "rollout", "staged-rollout",
         "config pushes go canary first, with a health gate", label="staged rollout",
         price=15, menu=True, examples=lambda: (StagedRollout(), StagedRollout(canary=0.1))),
)  # fmt: skip
