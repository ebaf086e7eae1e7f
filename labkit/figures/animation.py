"""Kernel-free interactivity: the map and the impact figure with a frame per moment, a time
slider and play/pause buttons; and any figure saved as one self-contained HTML page that works
offline.

>>> import labkit
>>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> fig = animated_map(day, step=60)
>>> len(fig.frames) == len(set(range(0, 1440, 60)) | set(day.change_times()))
True
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import plotly.graph_objects as go

from ..clock import fmt_time
from ._types import CATEGORIES, TIMELINE, Timeline, check_height, expect_type, got
from .impact import impact_figure, summary_text
from .layout import frame_minutes, worst_minute
from .style import (
    CATEGORY_STYLE,
    STATE_STYLE,
    check_figure,
    components_down,
    figure_summary,
    millions,
    wrap_title,
)
from .world_map import _NODES, _hover, internet_map

__all__ = ["animated_impact", "animated_map", "to_html"]

_STATE_CODE = {"ok": 0, "degraded": 1, "down": 2}
_SYMBOL_CODE = {"circle": 0, "diamond": 2, "x": 4}  # plotly's numbers for marker symbols
_STATE_SCALE = [[i / 2, STATE_STYLE[s][0]] for s, i in _STATE_CODE.items()]


def _slider(minutes: list[int], duration: int = 0) -> dict:
    steps = [
        dict(
            method="animate",
            label=fmt_time(m),
            args=[
                [fmt_time(m)],
                dict(
                    mode="immediate",
                    frame=dict(duration=duration, redraw=False),
                    transition=dict(duration=0),
                ),
            ],
        )
        for m in minutes
    ]
    return dict(
        active=0,
        steps=steps,
        x=0.2,
        len=0.8,
        y=0,
        yanchor="top",
        pad=dict(t=10, b=10),
        currentvalue=dict(prefix="time: ", font=dict(size=16), xanchor="left"),
        font=dict(size=12),
        ticklen=4,
        minorticklen=0,
    )


_PLAY = dict(
    type="buttons",
    direction="left",
    showactive=False,
    x=0.0,
    y=0,
    xanchor="left",
    yanchor="top",
    pad=dict(t=40, r=10),
    font=dict(size=14),
    buttons=[
        dict(
            label="▶ play",
            method="animate",
            args=[
                None,
                dict(
                    fromcurrent=True,
                    mode="immediate",
                    frame=dict(duration=120, redraw=False),
                    transition=dict(duration=0),
                ),
            ],
        ),
        dict(
            label="❚❚ pause",
            method="animate",
            args=[
                [None],
                dict(
                    mode="immediate",
                    frame=dict(duration=0, redraw=False),
                    transition=dict(duration=0),
                ),
            ],
        ),
    ],
)


def animated_map(timeline: Timeline, *, step: int = 10, height: int = 720) -> go.Figure:
    """:func:`~labkit.figures.internet_map` with the whole day in it: a frame every ``step``
    minutes and at every moment a component changes state, a time slider and play/pause
    buttons. Scrubbing recolours the nodes in the browser, with no kernel: export it with
    :func:`to_html` for a page that works anywhere. Each frame holds only the nodes' state
    codes (colour and shape) and the title, so a step costs little."""
    expect_type("timeline", timeline, Timeline, TIMELINE)
    minutes = frame_minutes(timeline, step)
    check_height("height", height)
    fig = internet_map(timeline, minutes[0], height=height)
    net = timeline.world
    comps = timeline.components
    nodes = fig.data[_NODES]
    # the state of each node is a number, mapped to colour by a three-step scale (smaller frames)
    codes = _state_codes(timeline, minutes[0])
    nodes.marker.update(
        color=codes[0],
        symbol=codes[1],
        colorscale=_STATE_SCALE,
        cmin=0,
        cmax=2,
        showscale=False,
        opacity=1,
    )
    # hover: what a component is; its state is its colour and shape (frames do not carry text)
    nodes.hovertext = [_hover(net, c, "").removesuffix("<br>") for c in comps]
    # names in a trace of their own that frames never touch: redrawing text is what costs
    named = [i for i, label in enumerate(nodes.text) if label]
    fig.add_scatter(
        x=[nodes.x[i] for i in named],
        y=[nodes.y[i] for i in named],
        mode="markers+text",  # invisible markers keep the names clear of the nodes
        marker=dict(size=[nodes.marker.size[i] for i in named], opacity=0),
        text=[nodes.text[i] for i in named],
        textposition=[nodes.textposition[i] for i in named],
        textfont=nodes.textfont,
        hoverinfo="skip",
        showlegend=False,
        name="names",
    )
    nodes.update(mode="markers", text=None, textposition=None)
    frames = []
    for m in minutes:
        colour, symbol = _state_codes(timeline, m)
        frames.append(
            go.Frame(
                name=fmt_time(m),
                data=[go.Scatter(marker=dict(color=colour, symbol=symbol))],
                traces=[_NODES],
            )
        )
    fig.frames = frames
    worst = worst_minute(timeline)
    total = sum(a.total_users for a in net.apps())
    title = (
        f"Worst at {fmt_time(worst)}: {components_down(len(timeline.down_at(worst)))}, "
        f"{millions(timeline.affected_at(worst))} of {millions(total)} app users affected"
        if timeline.failures
        else "No failure: every component is ok all day"
    )
    fig.update_layout(
        title=dict(text=wrap_title(title)),
        sliders=[_slider(minutes)],
        updatemenus=[_PLAY],
        margin=dict(l=40, r=20, t=90, b=110),
        meta=dict(
            summary=(
                f"The day minute by minute ({len(minutes)} moments); worst at "
                f"{summary_text(timeline, worst)}"
            )
        ),
    )
    return fig


def _state_codes(timeline: Timeline, m: int) -> tuple[list[int], list[int]]:
    states = timeline.states_at(m)
    comps = timeline.components
    return (
        [_STATE_CODE[states[c]] for c in comps],
        [_SYMBOL_CODE[STATE_STYLE[states[c]][1]] for c in comps],
    )


def animated_impact(timeline: Timeline, *, step: int = 10, height: int = 460) -> go.Figure:
    """:func:`~labkit.figures.impact_figure` with a time slider and play/pause: a marker per
    category rides its line to the chosen minute, in the browser, with no kernel."""
    expect_type("timeline", timeline, Timeline, TIMELINE)
    minutes = frame_minutes(timeline, step)
    check_height("height", height)
    fig = impact_figure(timeline, height=height)
    n = len(fig.data)
    for cat in CATEGORIES:
        colour, _ = CATEGORY_STYLE[cat]
        fig.add_scatter(
            x=[0],
            y=[round(100 * timeline.affected_at(0, cat) / max(_cat_users(timeline, cat), 1), 2)],
            mode="markers",
            marker=dict(color=colour, size=14, symbol="circle", line=dict(color="#222", width=1)),
            showlegend=False,
            hoverinfo="skip",
            name=f"{cat} now",
        )
    frames = []
    for m in minutes:
        ys = [
            round(100 * timeline.affected_at(m, c) / max(_cat_users(timeline, c), 1), 2)
            for c in CATEGORIES
        ]
        frames.append(
            go.Frame(
                name=fmt_time(m),
                data=[go.Scatter(x=[m / 60], y=[y]) for y in ys],
                traces=list(range(n, n + len(CATEGORIES))),
            )
        )
    fig.frames = frames
    slider = _slider(minutes)
    slider["pad"] = dict(t=55, b=10)  # below the axis title
    play = dict(_PLAY, pad=dict(t=85, r=10))
    fig.update_layout(
        sliders=[slider],
        updatemenus=[play],
        margin=dict(l=70, r=20, b=170),
        xaxis=dict(title=dict(text="hour of the day", standoff=5)),
    )
    # the slider moves through the whole run: the axis shows all of it, a tick every 2 hours
    fig.layout.xaxis.update(range=[0, timeline.minutes / 60], tickvals=None, ticktext=None, dtick=2)
    return fig


def _cat_users(timeline: Timeline, cat: str) -> int:
    return sum(a.total_users for a in timeline.world.apps(cat))


def to_html(fig: go.Figure, path: str | Path, *, title: str | None = None) -> Path:
    """Save ``fig`` as one self-contained HTML page: plotly.js is inside the file (about
    4.5 MB), so it opens offline, with no kernel and no internet. Animations do not start by
    themselves. The figure's summary (:func:`~labkit.figures.figure_summary`) is written above
    the plot as text, for screen readers and for anyone skimming. Returns the path.

    >>> import tempfile, pathlib
    >>> from labkit.mechanisms.bgp import reach, toy_as_graph
    >>> from labkit.figures import bgp_route_map
    >>> out = to_html(bgp_route_map(reach(toy_as_graph(), "10.50.1.7")),
    ...               pathlib.Path(tempfile.mkdtemp()) / "routes.html")
    >>> "cdn.plot.ly" in out.read_text(encoding="utf-8").split("<body>")[1][:2000]
    False
    """
    check_figure("fig", fig)
    if not isinstance(path, str | Path):
        raise TypeError(f"path: got {got(path)}; allowed: a file path (str or pathlib.Path)")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title: got {got(title)}; allowed: None or a text")
    path = Path(path)
    body = fig.to_html(
        include_plotlyjs=True,
        full_html=False,
        auto_play=False,
        div_id="labkit-figure",
        config=dict(displaylogo=False, responsive=True),
    )
    summary = html.escape(figure_summary(fig))
    name = html.escape(title or re.sub(r"<[^>]+>", " ", fig.layout.title.text or "labkit figure"))
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        "<style>body{font-family:Arial,sans-serif;margin:8px 16px}"
        ".labkit-summary{font-size:16px;margin:4px 0 8px}</style>\n</head>\n<body>\n"
        f'<p class="labkit-summary">{summary}</p>\n{body}\n</body>\n</html>\n'
    )
    path.write_text(page, encoding="utf-8")
    return path
