"""The dashboard's drawing area: one widget that draws the map and the impact figure with
plotly.js in the browser, from complete data built in Python (:mod:`labkit.figures.frames`).

Why one custom widget rather than two plotly ``FigureWidget``\\ s:

- a figure is drawn only once its data are all there, so it is never shown empty, however
  late the kernel or the browser is (a ``FigureWidget`` is created empty and filled after);
- every 5-minute frame of the run is in the browser, so the time slider and Play redraw the
  map there, without a message to the kernel;
- plotly.js reaches a page once: the script asks the kernel for it the first time and keeps
  it (each ``FigureWidget`` carries the whole 5 MB bundle in its state). A widget's messages
  from the kernel reach every tab connected to it, so a request that comes within
  :data:`PLOTLY_RESEND_S` of the last bundle sent is not answered again: that bundle is
  already on its way to the asking tab, and the script asks again if it missed it;
- where plotly.js cannot start, the script draws a plain picture of the same frame and says
  what is missing, instead of leaving an empty box.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..figures import frame_at, stage_run, stage_skeleton, still_html
from ..timeline import Timeline

__all__ = ["PLOTLY_RESEND_S", "Stage", "plotly_js"]

#: Seconds after sending plotly.js during which a widget does not send it again (stage.js
#: asks again every 3 s until it has it, so this must stay below 3).
PLOTLY_RESEND_S = 2.0

_HERE = Path(__file__).parent


@cache
def plotly_js() -> bytes:
    """The plotly.js bundle that ships with the plotly package (read once per kernel)."""
    return resources.files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()


class Stage(anywidget.AnyWidget):
    """The map and the impact figure of one run, with a time slider and Play that work in the
    browser. The kernel sets :attr:`run` (via :meth:`show`); the browser sets :attr:`t` when
    the learner scrubs (a moment after, not for every frame), :attr:`picked` when a component
    on the map is clicked, and :attr:`status` once it has drawn ("ready") or had to fall back
    ("failed: ...").
    """

    _esm = _HERE / "stage.js"
    _css = _HERE / "stage.css"

    skeleton = traitlets.Dict().tag(sync=True)
    run = traitlets.Dict().tag(sync=True)
    t = traitlets.Int(0).tag(sync=True)
    picked = traitlets.Unicode("").tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("loading").tag(sync=True)

    def __init__(self, timeline: Timeline, t: int = 0, **kwargs: Any) -> None:
        run = stage_run(timeline)
        super().__init__(
            skeleton=stage_skeleton(timeline), run=run, t=min(t, run["last"]), **kwargs
        )
        self._pick: list[Callable[[str], object]] = []
        self._plotly_sent = -PLOTLY_RESEND_S  # time.monotonic() of the last bundle sent
        self.on_msg(self._on_message)

    def on_pick(self, callback: Callable[[str], object]) -> None:
        """Call ``callback(component_id)`` when a component on the map is clicked."""
        self._pick.append(callback)

    def show(self, timeline: Timeline) -> None:
        """Draw ``timeline`` (a new run): one message with every frame."""
        run = stage_run(timeline)
        if self.t > run["last"]:
            self.t = run["last"]
        self.run = run

    def still(self) -> str:
        """The minute shown as a still picture (HTML and SVG, no script), with a note saying
        that the controls need a widget front-end."""
        return still_html(self.skeleton, self.run, self.t)

    def frame(self, t: int | None = None) -> dict[str, Any]:
        """What the browser shows at minute ``t`` (default: the minute shown now): ``states``
        per component (in ``skeleton["components"]`` order), ``title``, ``summary``."""
        return frame_at(self.run, self.t if t is None else t)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "plotly":
            now = time.monotonic()
            if now - self._plotly_sent >= PLOTLY_RESEND_S:
                self._plotly_sent = now
                self.send({"type": "plotly"}, [plotly_js()])
        elif content.get("type") == "pick" and content.get("id") in self.skeleton["components"]:
            for callback in self._pick:
                callback(content["id"])
