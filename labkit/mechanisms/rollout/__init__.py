"""Config pushes: the rollout model — the fleet and the config (:mod:`.fleet`), push strategies
(:mod:`.strategies`), the push itself (:mod:`.push`), what it did (:mod:`.result`) and the toy
internet's fleets (:mod:`.toy_fleets`), with the field checks they share (:mod:`.checks`) — the
push as a failure and staged rollouts as a mitigation (:mod:`.failures`), the hits it feeds the
engine (:mod:`.hits`) and its catalogue entries (:mod:`.kinds`)."""

from .failures import FLEETS, PUSH_STRATEGIES, ConfigPush, StagedRollout
from .fleet import EFFECTS, ConfigVersion, Fleet, Unit
from .hits import FLEET_TARGETS, hits
from .kinds import KINDS
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
    "FLEETS",
    "FLEET_TARGETS",
    "KINDS",
    "PHASES",
    "PUSH_STRATEGIES",
    "ConfigPush",
    "ConfigVersion",
    "Fleet",
    "GlobalPush",
    "GroupRow",
    "Rollout",
    "RolloutEvent",
    "RolloutRow",
    "StagedPush",
    "StagedRollout",
    "Unit",
    "health_state",
    "hits",
    "push",
    "toy_fleets",
]
