"""Exercise checkers for the lessons: friendly feedback, never a traceback.

Each checker accepts reasonable spellings (ids or display names, any case), returns a
:class:`Feedback` that prints as a few plain sentences, and works out the right answer from the
model rather than from a stored key. One module per lesson; everything is importable from here.
"""

from .core import Feedback, check_culprit, check_prediction, culprits
from .lesson01 import check_most_fragile_app, hard_graph, single_points_of_failure
from .lesson02 import all_back_at, check_back_at, parse_answer_time
from .lesson03 import check_leak_stopper, lost_with_filter_at
from .lesson04 import check_rollout_plan, plan_outcome
from .lesson05 import check_progress_lost
from .lesson06 import check_design
from .lesson07 import check_announced_fix, fix_outcome
from .lesson08 import check_safest_origin, parse_kind

__all__ = [
    "Feedback",
    "check_culprit",
    "check_prediction",
    "culprits",
    "all_back_at",
    "check_back_at",
    "check_leak_stopper",
    "check_most_fragile_app",
    "hard_graph",
    "lost_with_filter_at",
    "parse_answer_time",
    "single_points_of_failure",
    "check_rollout_plan",
    "plan_outcome",
    "check_progress_lost",
    "check_design",
    "check_announced_fix",
    "fix_outcome",
    "check_safest_origin",
    "parse_kind",
]
