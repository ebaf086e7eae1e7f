"""Config pushes: the rollout model (:mod:`.model`), the push as a failure and staged rollouts
as a mitigation (:mod:`.failures`), the hits it feeds the engine (:mod:`.hits`) and its
catalogue entries (:mod:`.kinds`)."""

from .failures import FLEETS, PUSH_STRATEGIES, ConfigPush, StagedRollout
from .hits import FLEET_TARGETS, hits
from .kinds import KINDS
from .model import *  # noqa: F403
from .model import __all__ as _model_all

__all__ = [
    "FLEETS",
    "FLEET_TARGETS",
    "KINDS",
    "PUSH_STRATEGIES",
    "ConfigPush",
    "StagedRollout",
    "hits",
    *_model_all,
]
