"""Widgets, in one place: the dashboards (:func:`explore`, :func:`outage_explorer`) and their
drawing area (:class:`Stage`). The model and the figures know nothing of them.
"""

from __future__ import annotations

from .dashboard import Explorer, OutageExplorer, explore, outage_explorer
from .stage import Stage

__all__ = ["Explorer", "OutageExplorer", "Stage", "explore", "outage_explorer"]
