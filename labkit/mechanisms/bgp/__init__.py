"""BGP, the internet's map: the route engine (:mod:`.engine`), the toy world placed on the AS
graph with its timed failures and mitigations (:mod:`.world`), the hits it feeds the engine
(:mod:`.hits`) and its catalogue entries (:mod:`.kinds`)."""

from .engine import *  # noqa: F403
from .engine import __all__ as _engine_all
from .hits import LOST, hits, lost_route, lost_routes
from .kinds import KINDS
from .world import *  # noqa: F403
from .world import __all__ as _world_all

__all__ = ["KINDS", "LOST", "hits", "lost_route", "lost_routes", *_engine_all, *_world_all]
