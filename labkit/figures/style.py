"""The figures' common look: Okabe–Ito palettes (each colour with a second cue: a marker
shape, line dash or fill pattern), projector-sized fonts, and the helpers every figure uses to
finish its layout, wrap hover texts, draw line segments and state its summary.

>>> STATE_STYLE["down"]
('#D55E00', 'x')
"""

from __future__ import annotations

import re
import textwrap
from contextlib import nullcontext
from typing import Any

import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure

from ._types import expect_type
from .layout import segments

__all__ = [
    "CATEGORY_STYLE",
    "DNS_STYLE",
    "EVENT_SYMBOL",
    "FONT",
    "LABEL_FONT",
    "OUTCOME_STYLE",
    "STATE_STYLE",
    "STRATEGY_STYLE",
    "TITLE_FONT",
    "add_lines",
    "batch",
    "check_figure",
    "components_down",
    "figure_summary",
    "finish",
    "legend_only",
    "millions",
    "show",
    "wrap",
]

#: colour and marker shape per state (Okabe–Ito palette; shapes differ too)
STATE_STYLE = {
    "ok": ("#0072B2", "circle"),
    "degraded": ("#E69F00", "diamond"),
    "down": ("#D55E00", "x"),
}
#: colour and line dash per app category
CATEGORY_STYLE = {
    "streaming": ("#000000", "solid"),
    "e-commerce": ("#009E73", "dash"),
    "AI": ("#CC79A7", "dot"),
    "IoT": ("#56B4E9", "dashdot"),
    "office": ("#8C6D00", "longdash"),
}
#: BGP outcome of an AS → colour, marker shape, line dash of its chosen path (Okabe–Ito)
OUTCOME_STYLE = {
    "origin": ("#0072B2", "circle", "solid"),
    "via-leak": ("#E69F00", "diamond", "dashdot"),
    "hijacker": ("#D55E00", "x", "dash"),
    "loop": ("#CC79A7", "hourglass", "longdash"),
    "none": ("#000000", "circle-open", "dot"),
}
#: DNS status of a resolver's answer → colour and fill pattern of its band (Okabe–Ito)
DNS_STYLE = {
    "answer": ("#0072B2", ""),
    "stale": ("#56B4E9", "/"),
    "wrong": ("#CC79A7", "x"),
    "negative": ("#E69F00", "."),
    "fail": ("#D55E00", "-"),
}
#: per strategy of a rollout figure, in order: colour, line dash, marker shape
STRATEGY_STYLE = (
    ("#D55E00", "solid", "circle"),
    ("#0072B2", "dash", "square"),
    ("#009E73", "dot", "diamond"),
    ("#CC79A7", "dashdot", "triangle-up"),
    ("#000000", "longdash", "star"),
)
#: rollout event kind → marker shape
EVENT_SYMBOL = {
    "wave": "triangle-right",
    "halt": "square",
    "revert": "hexagon",
    "rollback": "diamond",
    "done": "star",
    "recovered": "circle",
}
FONT = dict(family="Arial, sans-serif", size=16)
TITLE_FONT = dict(size=20)
LABEL_FONT = dict(size=14)

_FIGURE = "a plotly figure from labkit.figures"


def check_figure(name: str, fig: Any, allowed: str = _FIGURE) -> Any:
    """``TypeError`` unless ``fig`` is a plotly figure (a ``go.Figure`` or ``FigureWidget``)."""
    return expect_type(name, fig, BaseFigure, allowed)


def show(fig: go.Figure) -> None:
    """Display a figure: the one place lessons go through, so the display path can change."""
    check_figure("fig", fig)
    from IPython.display import display

    display(fig)


def figure_summary(fig: go.Figure) -> str:
    """The one-sentence summary of a labkit figure (kept in ``fig.layout.meta["summary"]``),
    or its title as plain text for any other figure.

    >>> import labkit
    >>> from labkit.mechanisms.bgp import Hijack, reach, toy_as_graph
    >>> from labkit.figures import bgp_route_map
    >>> r = reach(toy_as_graph(), "10.50.1.7", [Hijack("natel", "10.50.1.0/24")])
    >>> figure_summary(bgp_route_map(r))
    'Hijacker wins 12 of 12 cities: a /24 beats the /22. 10.50.1.7, 31 ASes: ...'
    """
    check_figure("fig", fig)
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("summary"):
        return str(meta["summary"])
    title = fig.layout.title.text or ""
    return re.sub(r"<[^>]+>", " ", title).strip()


def finish(fig: go.Figure, title: str, summary: str, *, height: int, **layout: Any) -> go.Figure:
    """The common look: projector-sized fonts, a title that states the finding, the summary."""
    fig.update_layout(
        title=dict(text=title, font=TITLE_FONT, x=0.01, xanchor="left"),
        font=FONT,
        height=height,
        plot_bgcolor="white",
        hoverlabel=dict(font=dict(size=14)),
        meta=dict(summary=summary),
        **layout,
    )
    return fig


def batch(fig: go.Figure) -> Any:
    """``fig.batch_update()`` for a FigureWidget (one message to the browser), else nothing."""
    if hasattr(fig, "batch_update"):
        return fig.batch_update()
    return nullcontext()


def add_lines(fig: go.Figure, pairs, pos: dict, line: dict, name: str, **kwargs: Any) -> None:
    """One trace of line segments between the positions of each (a, b) pair."""
    xs, ys = segments(pairs, pos)
    fig.add_scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", name=name, **kwargs)


def legend_only(fig: go.Figure, name: str, **marker_or_line: Any) -> None:
    """A legend entry with no data (for a symbol or line style explained once)."""
    mode = "lines" if "line" in marker_or_line else "markers"
    fig.add_scatter(x=[None], y=[None], mode=mode, name=name, **marker_or_line)


def components_down(n: int) -> str:
    """ "1 component down", "3 components down"."""
    return f"{n} component down" if n == 1 else f"{n} components down"


def millions(n: float) -> str:
    """A count of users in millions ("52.5M"), or "0"."""
    return f"{n / 1e6:.1f}M" if n else "0"


def wrap(text: str, width: int = 60) -> str:
    """Line breaks (``<br>``) for a hover text."""
    return "<br>".join(textwrap.wrap(text, width)) or text
