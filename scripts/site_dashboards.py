"""What a dashboard looks like on a static page: run in the build's kernels only.

``scripts/build_site.py`` runs :func:`register` in each notebook's kernel before the first cell.
From then on the kernel displays a dashboard (``labkit.explore()``, ``outage_explorer()``) as
its kernel-free form instead of as widgets: the dashboard's run drawn in advance as
:func:`labkit.figures.animated_map` and :func:`~labkit.figures.animated_impact` (time sliders
and play buttons that work in the page), opened at the minute the dashboard opens at, under
the MIME type :data:`MIME`. The notebooks themselves are not changed.
"""

from __future__ import annotations

import json
from typing import Any

MIME = "application/vnd.labkit.static-dashboard+json"


def _opened_at(fig: Any, minute: int) -> tuple[dict[str, Any], str]:
    """The figure as plotly JSON, its slider and nodes set to the last frame not after
    ``minute``; and that frame's name."""
    import plotly.io as pio

    from labkit.clock import parse_time

    minutes = [parse_time("frame", f.name) for f in fig.frames]
    best = max((i for i, m in enumerate(minutes) if m <= minute), default=0)
    frame = fig.frames[best]
    fig.layout.sliders[0].active = best
    for index, data in zip(frame.traces, frame.data, strict=True):
        fig.data[index].update(data)
    return json.loads(pio.to_json(fig, validate=False)), str(frame.name)


def views(timeline: Any, minute: int, what: str) -> dict[str, Any]:
    """The display data of a dashboard showing ``timeline`` from ``minute`` on."""
    from labkit.figures import animated_impact, animated_map

    figures, shown = [], ""
    for fig in (animated_map(timeline), animated_impact(timeline)):
        payload, shown = _opened_at(fig, minute)
        figures.append(payload)
    note = (
        "The dashboard's controls need a running Python kernel, which this page does not "
        f"have. Here is {what}, drawn in advance and opened at {shown}: drag a time slider "
        "or press play. Open the notebook in JupyterLab to change the controls."
    )
    return {"text/plain": "labkit dashboard", MIME: {"note": note, "figures": figures}}


def explorer_views(obj: Any) -> dict[str, Any]:
    """``labkit.explore()``: the run it opens with, at the minute it opens at."""
    return views(obj.timeline, obj.stage.t, "the run the dashboard opens with")


def outage_explorer_views(obj: Any) -> dict[str, Any]:
    """``outage_explorer()``: the lesson asks the learner to press "Break it", so the run
    with the region's outage."""
    from labkit import RegionOutage, Scenario, simulate

    region = obj.region.value
    broken = simulate(obj.internet, Scenario([RegionOutage(region, obj.start, obj.fixed)]))
    what = f"the run after pressing Break it ({region} down {obj.start}–{obj.fixed})"
    return views(broken, obj.stage.t, what)


def register() -> None:
    """Display the dashboards of this kernel as :func:`views` from now on."""
    from IPython import get_ipython

    from labkit.widgets.dashboard import Explorer, OutageExplorer

    formatter = get_ipython().display_formatter.mimebundle_formatter
    formatter.for_type(Explorer, explorer_views)
    formatter.for_type(OutageExplorer, outage_explorer_views)
