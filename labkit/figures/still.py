"""A still picture of the dashboard for front-ends that cannot run its widgets (a notebook
viewer, an exported page, an editor without a widget manager): the summary, the map and the
impact lines of one minute as plain HTML and SVG, no script, with a note saying what is
missing. Drawn from the same data the dashboard's script draws (:mod:`.frames`).

>>> import labkit
>>> from labkit.figures import stage_run, stage_skeleton
>>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> page = still_html(stage_skeleton(day), stage_run(day), 540)
>>> "09:00 — outage of nimbus-us-east" in page and page.count("<circle") == 129
True
"""

from __future__ import annotations

import html
from typing import Any

from .frames import frame_at

__all__ = ["STILL_NOTE", "still_html"]

#: What a learner reads above the still picture.
STILL_NOTE = (
    "A still picture: this page cannot run the dashboard's controls (they need Jupyter "
    "widgets, which this viewer did not start). Open the notebook in JupyterLab to use them."
)
_W, _MAP_H, _IMPACT_H = 900, 330, 200


def _map_svg(skeleton: dict[str, Any], states: list[str], title: str) -> str:
    nodes = skeleton["map"]["data"][1]
    colour = {name: c for name, c, _ in skeleton["palette"]}
    xs, ys, labels = nodes["x"], nodes["y"], nodes.get("text") or [""] * len(nodes["x"])
    x0, x1 = min(xs) - 0.6, max(xs) + 0.6
    y0, y1 = -1.4, 10.0

    def sx(x: float) -> float:
        return round((x - x0) / (x1 - x0) * _W, 1)

    def sy(y: float) -> float:
        return round(_MAP_H - (y - y0) / (y1 - y0) * _MAP_H, 1)

    parts = []
    for x, y, state, label in zip(xs, ys, states, labels, strict=True):
        r = 7 if label else 4
        fill = colour[state]
        # the state is told by a letter too, not by colour alone
        mark = {"ok": "", "degraded": "~", "down": "×"}[state]
        parts.append(f'<circle cx="{sx(x)}" cy="{sy(y)}" r="{r}" fill="{fill}" stroke="#222"/>')
        if mark and label:
            parts.append(f'<text x="{sx(x)}" y="{sy(y) + 4}" font-size="11" '
                         f'text-anchor="middle" fill="white">{mark}</text>')  # fmt: skip
        if label:
            parts.append(f'<text x="{sx(x)}" y="{sy(y) - 10}" font-size="10" '
                         f'text-anchor="middle">{html.escape(label)}</text>')  # fmt: skip
    return (
        f'<svg viewBox="0 0 {_W} {_MAP_H}" width="100%" role="img" '
        f'aria-label="{html.escape(title)}">{"".join(parts)}</svg>'
    )


def _impact_svg(skeleton: dict[str, Any], run: dict[str, Any], t: int) -> str:
    span = run["impact"]["minutes"] / 60
    parts = []
    for trace, line in zip(skeleton["impact"]["data"], run["impact"]["lines"], strict=True):
        if trace.get("meta") == "mark":  # a legend entry of a vertical line: no data
            continue
        steps = []  # a step line: each share holds until the next change
        for i, (x, y) in enumerate(zip(line["x"], line["y"], strict=True)):
            if i:
                steps.append((x, line["y"][i - 1]))
            steps.append((x, y))
        points = " ".join(
            f"{round(x / span * _W, 1)},{round(_IMPACT_H - 5 - y / 100 * (_IMPACT_H - 10), 1)}"
            for x, y in steps
        )
        colour, name = trace["line"]["color"], html.escape(trace["name"])
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     f'stroke-width="3"><title>{name}</title></polyline>')  # fmt: skip
    now = round(t / 60 / span * _W, 1)
    parts.append(f'<line x1="{now}" x2="{now}" y1="0" y2="{_IMPACT_H}" stroke="#666" '
                 'stroke-width="2"/>')  # fmt: skip
    legend = ", ".join(
        f'<span style="color:{tr["line"]["color"]}">■ {html.escape(tr["name"])}</span>'
        for tr in skeleton["impact"]["data"]
        if tr.get("meta") != "mark"
    )
    legend += ', <span style="color:#666">| now</span>'
    return (
        f'<svg viewBox="0 0 {_W} {_IMPACT_H}" width="100%" role="img" '
        f'aria-label="users affected over the day">{"".join(parts)}</svg>'
        f"<div>users affected (%) over the run: {legend}</div>"
    )


def still_html(
    skeleton: dict[str, Any], run: dict[str, Any], t: int, note: str = STILL_NOTE
) -> str:
    """The dashboard at minute ``t`` as HTML with inline SVG (no script).

    Parameters
    ----------
    skeleton, run : dict
        From :func:`~labkit.figures.frames.stage_skeleton` and
        :func:`~labkit.figures.frames.stage_run`.
    t : int
        The minute to show.
    note : str
        What the learner reads first (by default, why this is a still picture).
    """
    shown = frame_at(run, t)
    return (
        '<div class="labkit-still" style="max-width:900px;font-size:15px">'
        f'<p style="color:#7a3d00">{html.escape(note)}</p>'
        f"<p><b>{html.escape(shown['summary'])}</b></p>"
        f"{_map_svg(skeleton, shown['states'], shown['title'])}"
        f"<p><b>{html.escape(run['impact']['title'])}</b></p>"
        f"{_impact_svg(skeleton, run, t)}</div>"
    )
