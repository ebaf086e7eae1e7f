"""The figures' common look: Okabe–Ito palettes (each colour with a second cue: a marker
shape, line dash or fill pattern), projector-sized fonts, and the helpers every figure uses to
finish its layout, wrap hover texts, draw line segments and state its summary.

>>> STATE_STYLE["down"]
('#D55E00', 'x')
"""

from __future__ import annotations

import os
import re
import sys
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
    "DEFAULT_WIDTH",
    "add_lines",
    "batch",
    "check_figure",
    "components_down",
    "figure_summary",
    "finish",
    "fit_title",
    "legend_only",
    "millions",
    "show",
    "title_chars",
    "wrap",
    "wrap_title",
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
#: Width in pixels a figure is drawn at when the page gives none (plotly's own default): a
#: title wrapped for it fits a notebook column and a projector at 1024 x 768 with a side bar.
DEFAULT_WIDTH = 700
#: Average width of a character of the figures' font, as a share of its size (Arial, mostly
#: lower case); a little wide, so that a wrapped title never runs past the edge.
_CHAR_WIDTH = 0.55
#: Height of one line of a title, as a share of its font size.
_LINE_HEIGHT = 1.3


def title_chars(width: int | None = None, size: int = TITLE_FONT["size"]) -> int:
    """How many characters of a title fit on one line of a figure ``width`` pixels wide
    (default :data:`DEFAULT_WIDTH`), at font ``size``.

    >>> title_chars(), title_chars(1000)
    (60, 86)
    """
    return int((width or DEFAULT_WIDTH) * 0.95 / (_CHAR_WIDTH * size))


def _visible(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def wrap_title(title: str, width: int | None = None, size: int = TITLE_FONT["size"]) -> str:
    """``title`` with line breaks (``<br>``) at word boundaries, so that no line is longer
    than :func:`title_chars` for a figure ``width`` pixels wide; the breaks already in it are
    kept.

    >>> wrap_title("Worst hit: SaaS, 100% of its users at 08:00–16:20 (8 h 20 min); 332.4M "
    ...            "user-hours down in all").split("<br>")  # doctest: +NORMALIZE_WHITESPACE
    ['Worst hit: SaaS, 100% of its users at 08:00–16:20',
     '(8 h 20 min); 332.4M user-hours down in all']
    """
    most = title_chars(width, size)
    lines = []
    for part in title.split("<br>"):
        if len(_visible(part)) <= most or "<" in part:
            lines.append(part)
            continue
        # a number stays with its unit ("8 h 20 min", "60 s"): no break between them
        glued = re.sub(r"(\d) (h|min|s|M|%)(?=[\s,;:)]|$)", "\\1\u00a0\\2", part)
        glued = re.sub(r"(\d\u00a0h) (?=\d)", "\\1\u00a0", glued)  # "8 h 20 min" whole
        wrapped = textwrap.wrap(glued, most, break_on_hyphens=False, break_long_words=False)
        lines += [line.replace("\u00a0", " ") for line in wrapped]
    return "<br>".join(lines)


def fit_title(fig: go.Figure, title: str, *, size: int = TITLE_FONT["size"]) -> None:
    """Set ``fig``'s title to ``title`` wrapped for the figure's width (:func:`wrap_title`),
    at the top left, and grow the top margin by a line for every line the wrapping added."""
    width = fig.layout.width
    text = wrap_title(title, width, size)
    added = text.count("<br>") - title.count("<br>")
    margin = fig.layout.margin
    top = margin.t if margin is not None and margin.t is not None else 80
    fig.update_layout(
        title=dict(
            text=text,
            font=dict(size=size),
            x=0.01,
            xanchor="left",
            yref="container",
            y=1.0,
            yanchor="top",
            pad=dict(t=14),
        ),
        margin=dict(t=top + round(added * _LINE_HEIGHT * size)),
    )
    if fig.layout.height is not None and added:
        fig.layout.height = fig.layout.height + round(added * _LINE_HEIGHT * size)


def check_figure(name: str, fig: Any, allowed: str = _FIGURE) -> Any:
    """``TypeError`` unless ``fig`` is a plotly figure (a ``go.Figure`` or ``FigureWidget``)."""
    return expect_type(name, fig, BaseFigure, allowed)


def show(fig: go.Figure) -> None:
    """Display a figure: the one place lessons go through, so the display path can change.

    Displays the MIME bundle of plotly's default renderer (``PLOTLY_RENDERER``, or the one plotly
    picks for the front end), the same bundle ``fig.show()`` displays, but without plotly's
    check for nbformat, which cannot be installed in the browser-only edition (Pyodide: nbformat
    needs compiled packages). There, unless ``PLOTLY_RENDERER`` says otherwise, only the plotly
    MIME type is sent (plotly would add its "notebook" renderer, which carries all of plotly.js
    inline), and the site's plotly extension draws it. A renderer that has no MIME type (such as
    "browser") is left to plotly.
    """
    check_figure("fig", fig)
    from IPython.display import display

    bundle = _figure_bundle(fig)
    if bundle:
        display(bundle, raw=True)
    else:
        display(fig)


def _figure_bundle(fig: go.Figure) -> dict[str, Any]:
    """The MIME bundle :func:`show` displays (empty for a renderer with no MIME type).

    >>> import plotly.io as pio
    >>> before, pio.renderers.default = pio.renderers.default, "plotly_mimetype"
    >>> list(_figure_bundle(go.Figure(layout_title_text="a title")))
    ['application/vnd.plotly.v1+json']
    >>> pio.renderers.default = before
    """
    import plotly.io as pio

    if sys.platform == "emscripten" and not os.environ.get("PLOTLY_RENDERER"):
        return dict(pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict()))
    return dict(fig._repr_mimebundle_())


def _show_bare_figures_in_pyodide(shell: Any = None) -> bool:
    """In the browser-only edition (Pyodide), display a figure left as a cell's last value with
    :func:`show`: plotly's own path (``_ipython_display_``) stops at its check for nbformat, which
    cannot be installed there. Elsewhere nothing changes. True if the hook was installed.

    Runs once, when this module is imported (as soon as any labkit figure is made).

    >>> _show_bare_figures_in_pyodide()  # not in Pyodide: nothing to do
    False
    """
    if sys.platform != "emscripten":
        return False
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    # a printer registered for the type wins over the object's own _ipython_display_
    shell.display_formatter.ipython_display_formatter.for_type(go.Figure, show)
    return True


_show_bare_figures_in_pyodide()


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
    """The common look: projector-sized fonts, a title that states the finding (wrapped for
    the figure's width, :func:`fit_title`), the summary."""
    fig.update_layout(
        font=FONT,
        height=height,
        plot_bgcolor="white",
        hoverlabel=dict(font=dict(size=14)),
        meta=dict(summary=summary),
        **layout,
    )
    fit_title(fig, title)
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
