"""Plotly figures from a Timeline: the internet map and impact over time.

Figures only read a :class:`~labkit.timeline.Timeline` (or an :class:`~labkit.internet.Internet`);
they never run the model. Colours are Okabe–Ito (safe for colour-blind viewers) and every state
also has its own marker shape; fonts are sized for a projector.

>>> import labkit
>>> from labkit.figures import internet_map, summary_text
>>> t = labkit.simulate(labkit.build_internet(), labkit.Scenario())
>>> fig = internet_map(t, "09:00")
>>> summary_text(t, "09:00")
'09:00 — no failure: 0 of 60.8M app users affected; 0 components down.'
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from .clock import fmt_time, parse_time
from .internet import BLOCK_KINDS, CATEGORIES, Internet
from .timeline import Timeline

__all__ = [
    "STATE_STYLE",
    "impact_figure",
    "internet_map",
    "show",
    "summary_text",
    "update_impact",
    "update_map",
]

#: colour and marker shape per state (Okabe–Ito palette; shapes differ too)
STATE_STYLE = {
    "ok": ("#0072B2", "circle"),
    "degraded": ("#E69F00", "diamond"),
    "down": ("#D55E00", "x"),
}
CATEGORY_STYLE = {  # colour, dash
    "streaming": ("#000000", "solid"),
    "e-commerce": ("#009E73", "dash"),
    "AI": ("#CC79A7", "dot"),
    "IoT": ("#56B4E9", "dashdot"),
    "SaaS": ("#8C6D00", "longdash"),
}
FONT = dict(family="Arial, sans-serif", size=16)
_SIZE = {"zone": 11, "block": 14, "saas": 22, "app": 22}
_ROW = {"zone": 0.0, "block": 1.0, "saas": 7.0, "app": 9.5}


def show(fig: go.Figure) -> None:
    """Display a figure: the one place lessons go through, so the display path can change."""
    from IPython.display import display

    display(fig)


def layout_positions(net: Internet) -> dict[str, tuple[float, float]]:
    """Fixed (x, y) for every component: zones at the bottom, each region's blocks above its
    zones, third-party SaaS above the clouds, apps on top grouped by category."""
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    kinds = list(BLOCK_KINDS)
    for provider in net.providers.values():
        for rid in provider.regions:
            region = net.regions[rid]
            for i, z in enumerate(region.zones):
                pos[z] = (x + (i - (len(region.zones) - 1) / 2) * 0.3, _ROW["zone"])
            for i, k in enumerate(kinds):
                pos[f"{rid}/{k}"] = (x + (i % 2 - 0.5) * 0.4, _ROW["block"] + 1 + i // 2)
            x += 1.0
        x += 0.6  # gap between providers
    width = x - 1.6
    for kind in ("saas", "app"):
        group = [s for s in net.services.values() if s.kind == kind]
        if kind == "app":
            group.sort(key=lambda s: (CATEGORIES.index(s.category), s.id))
        step = width / max(len(group) - 1, 1)
        for i, s in enumerate(group):
            pos[s.id] = (i * step, _ROW[kind] + (0.5 if kind == "saas" and i % 2 else 0.0))
    return pos


def _edges(net: Internet, pos: dict) -> tuple[list, list]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for s in net.services.values():
        targets = [d.target for d in s.needs] + [f"{r}/load-balancer" for r in s.regions]
        for t in targets:
            xs += [pos[s.id][0], pos[t][0], None]
            ys += [pos[s.id][1], pos[t][1], None]
    return xs, ys


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
    what = "; ".join(f.describe() for f in timeline.failures) or "no failure"
    return f"{fmt_time(t)}: {down} components down — {what}"


def internet_map(
    timeline: Timeline, t: int | str = 0, *, widget: bool = False, height: int = 620
) -> go.Figure:
    """The toy internet with every component coloured by its state at minute ``t``."""
    m = parse_time("t", t)
    net = timeline.world
    pos = layout_positions(net)
    comps = timeline.components
    ex, ey = _edges(net, pos)
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
        ("apps", _ROW["app"]),
        ("SaaS", _ROW["saas"] + 0.25),
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
        title=dict(text=_title(timeline, m), font=dict(size=20), y=0.98, yanchor="top"),
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
    )
    return fig


def update_map(fig: go.Figure, timeline: Timeline, t: int | str) -> None:
    """Recolour ``fig`` (from :func:`internet_map`) in place for minute ``t``: only the marker
    colours, shapes, hover texts and the title change."""
    m = parse_time("t", t)
    colours, symbols, hover = _node_arrays(timeline, m)
    nodes = fig.data[1]
    with _batch(fig):
        nodes.marker.color = colours
        nodes.marker.symbol = symbols
        nodes.hovertext = hover
        fig.layout.title.text = _title(timeline, m)


def _batch(fig: go.Figure) -> Any:
    if hasattr(fig, "batch_update"):
        return fig.batch_update()
    from contextlib import nullcontext

    return nullcontext()


def _impact_xy(timeline: Timeline, category: str) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for r in timeline.impact(category):
        xs.append(r.start / 60)
        ys.append(round(100 * r.share_affected, 2))
    xs.append(timeline.minutes / 60)
    ys.append(ys[-1])
    return xs, ys


def impact_figure(
    timeline: Timeline, t: int | str | None = None, *, widget: bool = False, height: int = 420
) -> go.Figure:
    """Share of each category's users whose app is down or degraded, over the day; dotted
    lines mark when each failure started and was fixed, a grey line marks minute ``t``."""
    fig = go.FigureWidget() if widget else go.Figure()
    for cat in CATEGORIES:
        colour, dash = CATEGORY_STYLE[cat]
        xs, ys = _impact_xy(timeline, cat)
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=cat,
            line=dict(color=colour, dash=dash, width=3, shape="hv"),
            hovertemplate="%{y:.0f}% of " + cat + " users at %{x:.2f} h<extra></extra>",
        )
    fig.update_layout(
        title=dict(text=_impact_title(timeline), font=dict(size=20)),
        font=FONT,
        height=height,
        margin=dict(l=70, r=20, t=60, b=60),
        plot_bgcolor="white",
        xaxis=dict(
            title="hour of the day", range=[0, timeline.minutes / 60], dtick=2, gridcolor="#EEEEEE"
        ),
        yaxis=dict(title="users affected (%)", range=[-3, 103], gridcolor="#EEEEEE"),
        legend=dict(title=dict(text="category:")),
        shapes=_impact_shapes(timeline, t),
    )
    return fig


def _impact_shapes(timeline: Timeline, t: int | str | None) -> list[dict]:
    shapes = []
    for f in timeline.failures:
        for m in (f.start_min, f.fixed_min):
            if m < timeline.minutes:
                shapes.append(
                    dict(
                        type="line",
                        x0=m / 60,
                        x1=m / 60,
                        y0=0,
                        y1=1,
                        yref="paper",
                        line=dict(color="#D55E00", dash="dot", width=2),
                    )
                )
    if t is not None:
        m = parse_time("t", t) / 60
        shapes.append(
            dict(
                type="line",
                x0=m,
                x1=m,
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color="#666666", width=2),
            )
        )
    return shapes


def _impact_title(timeline: Timeline) -> str:
    if not timeline.failures:
        return "No failure: every category's users are fine all day"
    s = timeline.impact_summary()
    worst = max(s.rows, key=lambda r: r.peak_affected / r.users)
    return f"Worst hit: {worst.category}, {worst.peak_affected / worst.users:.0%} of its users"


def update_impact(fig: go.Figure, timeline: Timeline, t: int | str | None = None) -> None:
    """Update the lines, markers and title of ``fig`` (from :func:`impact_figure`) in place."""
    with _batch(fig):
        for trace, cat in zip(fig.data, CATEGORIES, strict=True):
            xs, ys = _impact_xy(timeline, cat)
            trace.x, trace.y = xs, ys
        fig.layout.shapes = _impact_shapes(timeline, t)
        fig.layout.title.text = _impact_title(timeline)


def summary_text(timeline: Timeline, t: int | str) -> str:
    """One sentence that says what the figures show at minute ``t`` (for screen readers)."""
    m = parse_time("t", t)
    total = sum(a.total_users for a in timeline.world.apps())
    affected = timeline.affected_at(m)
    what = "; ".join(f.describe() for f in timeline.failures) or "no failure"
    down = len(timeline.down_at(m))
    return (
        f"{fmt_time(m)} — {what}: {affected / 1e6:.1f}M of {total / 1e6:.1f}M app users "
        f"affected; {down} components down."
    ).replace(" 0.0M of", " 0 of")
