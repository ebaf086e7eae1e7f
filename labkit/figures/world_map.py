"""The internet map: every component of the toy internet, coloured and shaped by its state at
one minute, with the dependencies between them; and the in-place updates a live dashboard uses
(recolour for another minute or run, react to a click on a component).

>>> import labkit
>>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> fig = internet_map(day, "07:00")
>>> recolour_map(fig, day, "09:00")
>>> fig.layout.title.text  # wrapped to fit the figure's width
'09:00: 22 components down — outage of nimbus-us-east<br>(08:00–11:00)'
>>> fig.layout.meta["summary"].startswith("07:00")  # the stored summary is left as drawn
True
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from ..clock import fmt_time, parse_time
from ._types import TIMELINE, Internet, Timeline, check_flag, check_height, expect_type, got
from .impact import summary_text
from .layout import MAP_ROW, dependency_pairs, map_positions, segments
from .style import FONT, STATE_STYLE, batch, check_figure, components_down, wrap_title

__all__ = ["internet_map", "on_component_click", "recolour_map", "update_map"]

_SIZE = {"zone": 11, "block": 14, "saas": 22, "app": 22}  # marker size per kind
_NODES = 1  # the trace of component markers (after the dependency lines)
_MAP = "a figure from labkit.figures.internet_map(...)"
_WIDGET = "a FigureWidget from labkit.figures.internet_map(..., widget=True)"


def _hover(net: Internet, c: str, state: str) -> str:
    kind = net.kind_of(c)
    if kind in ("saas", "app"):
        s = net.services[c]
        where = ", ".join(s.regions) or "its own data centre"
        extra = f"{s.total_users / 1e6:.1f}M users" if kind == "app" else s.category
        what = s.category if kind == "app" else "SaaS"
        return f"<b>{s.name}</b> ({what})<br>{where}<br>{extra}<br>{state}"
    return f"<b>{c}</b><br>{kind}<br>{state}"


def _node_arrays(timeline: Timeline, t: int) -> tuple[list, list, list]:
    states = timeline.states_at(t)
    comps = timeline.components
    colours = [STATE_STYLE[states[c]][0] for c in comps]
    symbols = [STATE_STYLE[states[c]][1] for c in comps]
    hover = [_hover(timeline.world, c, states[c]) for c in comps]
    return colours, symbols, hover


def _title(timeline: Timeline, t: int) -> str:
    down = len(timeline.down_at(t))
    what = "; ".join(timeline.failure_labels()) or "no failure"
    return f"{fmt_time(t)}: {components_down(down)} — {what}"


def internet_map(
    timeline: Timeline, t: int | str = 0, *, widget: bool = False, height: int = 620
) -> go.Figure:
    """The toy internet with every component coloured by its state at minute ``t``."""
    expect_type("timeline", timeline, Timeline, TIMELINE)
    m = parse_time("t", t)
    check_flag("widget", widget)
    check_height("height", height)
    net = timeline.world
    pos = map_positions(net)
    comps = timeline.components
    ex, ey = segments(dependency_pairs(net), pos)
    colours, symbols, hover = _node_arrays(timeline, m)
    labels = [net.services[c].name if c in net.services else "" for c in comps]
    # alternate label positions along each row, so neighbours' names do not overlap
    named = sorted((c for c in comps if c in net.services), key=lambda c: (pos[c][1], pos[c][0]))
    flip = {c: i % 2 == 0 for i, c in enumerate(named)}
    places = ["top center" if flip.get(c, True) else "bottom center" for c in comps]
    fig = go.FigureWidget() if widget else go.Figure()
    fig.add_scatter(
        x=ex,
        y=ey,
        mode="lines",
        line=dict(color="#BBBBBB", width=1),
        hoverinfo="skip",
        showlegend=False,
        name="dependencies",
    )
    fig.add_scatter(
        x=[pos[c][0] for c in comps],
        y=[pos[c][1] for c in comps],
        mode="markers+text",
        text=labels,
        textposition=places,
        textfont=dict(size=13),
        marker=dict(
            color=colours,
            symbol=symbols,
            size=[_SIZE[net.kind_of(c)] for c in comps],
            line=dict(color="#222222", width=1),
        ),
        hovertext=hover,
        hoverinfo="text",
        showlegend=False,
        name="components",
    )
    for state, (colour, symbol) in STATE_STYLE.items():  # legend entries only
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=state,
            marker=dict(color=colour, symbol=symbol, size=16, line=dict(color="#222", width=1)),
        )
    for rid in net.regions:
        if "-x" in rid:
            continue
        fig.add_annotation(
            x=pos[f"{rid}/dns"][0] + 0.2,
            y=-0.7,
            text=rid.replace("-", "<br>", 1),
            showarrow=False,
            font=dict(size=12),
        )
    for label, y in (
        ("apps", MAP_ROW["app"]),
        ("SaaS", MAP_ROW["saas"] + 0.25),
        ("cloud", 2.5),
        ("zones", 0.0),
    ):
        fig.add_annotation(
            x=-0.9,
            y=y,
            text=f"<b>{label}</b>",
            showarrow=False,
            textangle=-90,
            font=dict(size=13),
        )
    fig.update_layout(
        title=dict(text=wrap_title(_title(timeline, m)), font=dict(size=20), y=0.98, yanchor="top"),
        font=FONT,
        height=height,
        margin=dict(l=40, r=20, t=100, b=50),
        plot_bgcolor="white",
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, range=[-1.4, 10.6]),
        legend=dict(
            orientation="h",
            y=1.0,
            x=1,
            xanchor="right",
            yanchor="bottom",
            title=dict(text="state:"),
        ),
        meta=dict(summary=summary_text(timeline, m)),
    )
    return fig


def update_map(fig: go.Figure, timeline: Timeline, t: int | str) -> None:
    """Recolour ``fig`` (from :func:`internet_map`) in place for minute ``t``: only the marker
    colours, shapes, hover texts, the title and the stored summary change."""
    check_figure("fig", fig, _MAP)
    expect_type("timeline", timeline, Timeline, TIMELINE)
    m = parse_time("t", t)
    colours, symbols, hover = _node_arrays(timeline, m)
    nodes = fig.data[_NODES]
    with batch(fig):
        nodes.marker.color = colours
        nodes.marker.symbol = symbols
        nodes.hovertext = hover
        fig.layout.title.text = wrap_title(_title(timeline, m), fig.layout.width)
        fig.layout.meta = dict(summary=summary_text(timeline, m))


def recolour_map(fig: go.Figure, timeline: Timeline, t: int | str) -> None:
    """Less than :func:`update_map`, for a live widget: only the marker colours, shapes and the
    title change (hover texts stay as drawn: they describe the component, the colour says its
    state; the stored summary stays too, as changing it redraws the whole figure)."""
    check_figure("fig", fig, _MAP)
    expect_type("timeline", timeline, Timeline, TIMELINE)
    m = parse_time("t", t)
    states = timeline.states_at(m)
    comps = timeline.components
    nodes = fig.data[_NODES]
    with batch(fig):
        nodes.marker.color = [STATE_STYLE[states[c]][0] for c in comps]
        nodes.marker.symbol = [STATE_STYLE[states[c]][1] for c in comps]
        fig.layout.title.text = wrap_title(_title(timeline, m), fig.layout.width)


def on_component_click(
    fig: go.FigureWidget, timeline: Timeline, callback: Callable[[str], object]
) -> None:
    """Call ``callback(component_id)`` when a component's marker on ``fig`` (a FigureWidget
    from :func:`internet_map`) is clicked. The ids come from ``timeline.components``, in the
    order the map draws them (the same for every run on one internet)."""
    expect_type("fig", fig, go.FigureWidget, _WIDGET)  # a plain Figure never hears a click
    expect_type("timeline", timeline, Timeline, TIMELINE)
    if not callable(callback):
        raise TypeError(f"callback: got {got(callback)}; allowed: a function of a component id")
    comps = timeline.components

    def clicked(_trace, points, _state) -> None:
        if points.point_inds:
            callback(comps[points.point_inds[0]])

    fig.data[_NODES].on_click(clicked)
