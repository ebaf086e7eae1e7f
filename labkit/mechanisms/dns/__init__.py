"""DNS, the internet's phone book: the model (:mod:`.model`), its failures and mitigations, how
it is placed on the world and the hits it feeds the engine (:mod:`.hits`), and its catalogue
entries (:mod:`.kinds`)."""

from .hits import hits
from .kinds import KINDS
from .model import *  # noqa: F403
from .model import __all__ as _model_all

__all__ = ["KINDS", "hits", *_model_all]
