"""Exercise checkers for the lessons: friendly feedback, never a traceback.

Each checker accepts reasonable spellings (ids or display names, any case), returns a
:class:`Feedback` that prints as a few plain sentences, and works out the right answer from the
model rather than from a stored key. One module per lesson; everything is importable from here.
"""

from .core import Feedback, check_culprit, check_prediction, culprits

__all__ = ["Feedback", "check_culprit", "check_prediction", "culprits"]
