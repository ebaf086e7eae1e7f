"""What the dashboard draws, as plain JSON: the still parts of the map and impact figures (once
per world) and, per run, every 5-minute frame of the map, the impact lines and the texts.

The browser keeps a run's frames, so moving the time slider or pressing Play redraws the map
there, with no message to the kernel. A frame is stored only where something on screen
changes; the browser shows the last frame at or before the minute asked for.

>>> import labkit
>>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> run = stage_run(day)
>>> [f[0] for f in run["frames"]][:4]  # the minutes where the picture changes
[0, 480, 485, 490]
>>> frame_at(run, 500)["title"]
'08:20: 22 components down — outage of nimbus-us-east (08:00–11:00)'
"""

from __future__ import annotations

from typing import Any

from ..clock import fmt_time, parse_time
from ._types import CATEGORIES, TIMELINE, Timeline, expect_type
from .impact import (
    MARK_STYLE,
    _impact_figure,
    _impact_shapes,
    _impact_title,
    _impact_xy,
    summary_text,
)
from .style import STATE_STYLE
from .world_map import _title, internet_map

__all__ = ["STATES", "frame_at", "stage_run", "stage_skeleton"]

#: The states in the order a frame codes them: "0" ok, "1" degraded, "2" down.
STATES = tuple(STATE_STYLE)
#: Minutes between two frames (the slider's step).
STEP = 5
#: Titles are drawn above the plots (where they wrap), so the plots keep a small top margin.
_TOP = 34


def _plain(fig: Any) -> dict[str, Any]:
    """``fig`` as JSON-ready dicts, without a title or the stored summary."""
    spec = fig.to_plotly_json()
    layout = spec["layout"]
    layout.pop("title", None)
    layout.pop("meta", None)
    layout.pop("height", None)
    layout.pop("width", None)
    layout["autosize"] = True
    layout["margin"] = {**layout.get("margin", {}), "t": _TOP}
    return {"data": spec["data"], "layout": layout}


# The dashboard's map is about half as wide as a lesson's: the cloud rows are drawn closer
# together so that apps and SaaS get more height for their names (map y -> dashboard y).
_Y_STRETCH = ((-1.4, -1.4), (0.0, 0.0), (2.0, 1.4), (5.0, 3.5), (7.0, 5.0), (7.5, 6.0),
              (9.5, 8.6), (11.0, 10.0))  # fmt: skip


def _restretch(y: float | None) -> float | None:
    """``y`` moved along :data:`_Y_STRETCH` (linear between its points)."""
    if y is None:
        return None
    for (a, a2), (b, b2) in zip(_Y_STRETCH, _Y_STRETCH[1:], strict=False):
        if y <= b:
            return round(a2 + (y - a) * (b2 - a2) / (b - a), 3)
    return y


def _compact_map(spec: dict[str, Any]) -> dict[str, Any]:
    """The map for the dashboard's narrower column: smaller labels and more height for the
    apps' and SaaS names, so neighbours' names stay apart (hovering a marker still gives the
    whole description)."""
    for trace in spec["data"][:2]:
        trace["y"] = [_restretch(y) for y in trace["y"]]
    for note in spec["layout"].get("annotations", []):
        note["y"] = _restretch(note["y"])
    nodes = spec["data"][1]
    nodes["textfont"] = {"size": 11}
    # the hover text says what a component is; its state is the marker's colour and shape,
    # which change from frame to frame while the hover texts stay as sent
    nodes["hovertext"] = [h.rsplit("<br>", 1)[0] for h in nodes["hovertext"]]
    for note in spec["layout"].get("annotations", []):
        note["font"] = {**note.get("font", {}), "size": 10}
    spec["layout"]["legend"] = {**spec["layout"]["legend"], "font": {"size": 13}}
    spec["layout"]["margin"] = {"l": 30, "r": 10, "t": _TOP, "b": 36}
    spec["layout"]["yaxis"] = {**spec["layout"]["yaxis"], "range": [-1.4, 10.0]}
    return spec


def _compact_impact(spec: dict[str, Any]) -> dict[str, Any]:
    """The impact figure for the dashboard: its legend in a row above the plot, the vertical
    lines' entries in one word each."""
    short = {"a failure starts": "start", "a failure is fixed": "fix",
             "every app fully back": "all back", "now (the time shown)": "now"}  # fmt: skip
    for trace in spec["data"]:  # no groups: a horizontal legend then flows in one or two rows
        trace["name"] = short.get(trace["name"], trace["name"])
        trace.pop("legendgrouptitle", None)
        if trace.pop("legendgroup", None) == "marks":
            trace["meta"] = "mark"  # a legend entry of a vertical line: it has no data
    layout = spec["layout"]
    # the dashboard's axis spans each run (its time slider does too): hour ticks, not the
    # static figure's zoom to one event
    layout["xaxis"] = {
        k: v for k, v in layout["xaxis"].items() if k not in ("tickvals", "ticktext")
    }
    layout["xaxis"]["dtick"] = 2
    layout["legend"] = {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left",
                        "yanchor": "bottom", "font": {"size": 12}}  # fmt: skip
    layout["margin"] = {"l": 60, "r": 10, "t": _TOP, "b": 44}
    return spec


def stage_skeleton(timeline: Timeline) -> dict[str, Any]:
    """The parts of the dashboard's figures that no run changes: the map's positions, labels,
    hover texts and dependency lines, the impact lines' styles, and the state palette.

    Returns
    -------
    dict
        ``map`` and ``impact`` (plotly figure specs, data and layout, no title), ``components``
        (the map's marker order), ``palette`` (per state code: name, colour, marker symbol).

    Examples
    --------
    >>> import labkit
    >>> sk = stage_skeleton(labkit.simulate(labkit.build_internet(), labkit.Scenario()))
    >>> sk["palette"][2]
    ['down', '#D55E00', 'x']
    >>> len(sk["components"]) == len(sk["map"]["data"][1]["x"])
    True
    """
    expect_type("timeline", timeline, Timeline, TIMELINE)
    return {
        "map": _compact_map(_plain(internet_map(timeline, 0))),
        "impact": _compact_impact(_plain(_impact_figure(timeline, every_mark=True))),
        "components": list(timeline.components),
        "palette": [[s, *STATE_STYLE[s]] for s in STATES],
    }


def _rest(text: str, sep: str) -> str:
    """``text`` after its leading clock ("09:05" + ``sep``)."""
    return text.split(sep, 1)[1]


def stage_run(timeline: Timeline, last: int | None = None) -> dict[str, Any]:
    """Everything the dashboard draws for one run, up to minute ``last`` (the slider's end;
    default: the run's first day).

    Returns
    -------
    dict
        ``frames``: ``[minute, code, title, summary]`` where the picture changes, ``code``
        one digit per component (index into :data:`STATES`), ``title`` and ``summary`` the
        map title and the one-sentence summary without their leading clock; ``last``;
        ``impact``: ``lines`` (x and y per category), ``shapes``, ``title``, ``minutes``.
    """
    expect_type("timeline", timeline, Timeline, TIMELINE)
    end = min(timeline.minutes, 24 * 60) - 1 if last is None else last
    end = end // STEP * STEP
    code_of = {s: str(i) for i, s in enumerate(STATES)}
    comps = timeline.components
    frames: list[list[Any]] = []
    # the picture at a grid minute changes only if a component changed since the one before
    grid = sorted({0} | {-(-c // STEP) * STEP for c in timeline.change_times()})
    for m in (g for g in grid if g <= end):
        states = timeline.states_at(m)
        code = "".join(code_of[states[c]] for c in comps)
        if frames and frames[-1][1] == code:  # the texts follow from the states
            continue
        title = _rest(_title(timeline, m), ": ")
        frames.append([m, code, title, _rest(summary_text(timeline, m), " — ")])
    lines: list[dict[str, Any]] = []
    for cat in CATEGORIES:
        xs, ys = _impact_xy(timeline, cat)
        lines.append({"x": xs, "y": ys})
    lines += [{"x": [None], "y": [None]} for _ in MARK_STYLE]  # the legend's vertical lines
    return {
        "frames": frames,
        "last": end,
        "impact": {
            "lines": lines,
            "shapes": _impact_shapes(timeline, None),
            "title": _impact_title(timeline),
            "minutes": timeline.minutes,
        },
    }


def frame_at(run: dict[str, Any], t: int | str) -> dict[str, Any]:
    """What the browser shows at minute ``t`` of ``run`` (from :func:`stage_run`): the same
    lookup the dashboard's script makes, for tests and for front-ends without it.

    Returns
    -------
    dict
        ``minute``, ``states`` (one state name per component), ``title``, ``summary``.
    """
    m = parse_time("t", t)
    frames = run["frames"]
    shown = frames[0]
    for f in frames:
        if f[0] > m:
            break
        shown = f
    clock = fmt_time(m)
    return {
        "minute": m,
        "states": [STATES[int(ch)] for ch in shown[1]],
        "title": f"{clock}: {shown[2]}",
        "summary": f"{clock} — {shown[3]}",
    }
