"""Config pushes: the rollout model — the fleet and the config (:mod:`.fleet`), push strategies
(:mod:`.strategies`), the push itself (:mod:`.push`), what it did (:mod:`.result`) and the toy
internet's fleets (:mod:`.toy_fleets`), with the field checks they share (:mod:`.checks`) — the
push as a failure and staged rollouts as a mitigation (:mod:`.failures`), the hits it feeds the
engine (:mod:`.hits`); the failures module ends with its catalogue entries."""

from . import failures
from .failures import *  # noqa: F403  (the push and staged rollouts, as the module lists them)
from .fleet import EFFECTS, ConfigVersion, Fleet, Unit
from .hits import FLEET_TARGETS, hits
from .push import push
from .result import (
    DEGRADED_BELOW,
    DOWN_BELOW,
    PHASES,
    GroupRow,
    Rollout,
    RolloutEvent,
    RolloutRow,
    health_state,
)
from .strategies import GlobalPush, StagedPush
from .toy_fleets import toy_fleets

__all__ = [
    "DEGRADED_BELOW",
    "DOWN_BELOW",
    "EFFECTS",
    "FLEET_TARGETS",
    "KINDS",
    *failures.__all__,
    "PHASES",
    "ConfigVersion",
    "Fleet",
    "GlobalPush",
    "GroupRow",
    "Rollout",
    "RolloutEvent",
    "RolloutRow",
    "StagedPush",
    "Unit",
    "health_state",
    "hits",
    "push",
    "toy_fleets",
]

#: The catalogue entries of this mechanism (see :mod:`labkit.catalogue`).
KINDS = failures.KINDS
