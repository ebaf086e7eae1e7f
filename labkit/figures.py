"""Plotly figures from the model's results: the internet map, impact over time, and focused
figures for each mechanism (BGP routes, DNS caches, config rollouts, region concentration, one
app's dependency chain, the blast radius).

Figures only read results — a :class:`~labkit.timeline.Timeline`, a
:class:`~labkit.bgp.Reachability`, a :class:`~labkit.dns.DNSTimeline`, a
:class:`~labkit.rollout.Rollout` or an :class:`~labkit.internet.Internet`; they never run the
model. Colours are Okabe–Ito (safe for colour-blind viewers) and every colour comes with its own
marker shape, line dash or fill pattern; fonts are sized for a projector. Every figure's title
states what it shows, and :func:`figure_summary` gives it as one sentence (for screen readers and
for text-only outputs). :func:`animated_map` scrubs a day in the browser without a kernel, and
:func:`to_html` saves any figure as one self-contained HTML file that works offline.

>>> import labkit
>>> from labkit.figures import internet_map, summary_text
>>> t = labkit.simulate(labkit.build_internet(), labkit.Scenario())
>>> fig = internet_map(t, "09:00")
>>> summary_text(t, "09:00")
'09:00 — no failure: 0 of 60.8M app users affected; 0 components down.'
"""

from __future__ import annotations

import ipaddress
import re
import textwrap
from pathlib import Path
from typing import Any

import networkx as nx
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .clock import fmt_time, parse_time
from .internet import BLOCK_KINDS, CATEGORIES, Internet
from .timeline import Timeline

__all__ = [
    "DNS_STYLE",
    "OUTCOME_STYLE",
    "STATE_STYLE",
    "animated_impact",
    "animated_map",
    "bgp_route_map",
    "concentration_shares",
    "blast_radius",
    "dependency_chain",
    "dns_expiry_figure",
    "figure_summary",
    "impact_figure",
    "internet_map",
    "region_concentration",
    "rollout_waves_figure",
    "show",
    "summary_text",
    "to_html",
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


def _segments(pairs, pos: dict) -> tuple[list, list]:
    """x and y lists that draw each (a, b) pair as a separate line segment in one trace."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in pairs:
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    return xs, ys


def _add_lines(fig: go.Figure, pairs, pos: dict, line: dict, name: str, **kwargs: Any) -> None:
    """One trace of line segments between the positions of each (a, b) pair."""
    xs, ys = _segments(pairs, pos)
    fig.add_scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", name=name, **kwargs)


def _edges(net: Internet, pos: dict) -> tuple[list, list]:
    pairs = [
        (s.id, t)
        for s in net.services.values()
        for t in [d.target for d in s.needs] + [f"{r}/load-balancer" for r in s.regions]
    ]
    return _segments(pairs, pos)


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
    return f"{fmt_time(t)}: {_components(down)} — {what}"


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
        meta=dict(summary=summary_text(timeline, m)),
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
        fig.layout.meta = dict(summary=summary_text(timeline, m))


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
        meta=dict(summary=_impact_summary(timeline)),
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
    back = timeline.full_recovery() if timeline.failures else None
    if back is not None and back < timeline.minutes:  # every app fully back
        shapes.append(dict(type="line", x0=back / 60, x1=back / 60, y0=0, y1=1, yref="paper",
                           line=dict(color="#009E73", dash="dash", width=2)))  # fmt: skip
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


def _components(n: int) -> str:
    return f"{n} component down" if n == 1 else f"{n} components down"


def _impact_title(timeline: Timeline) -> str:
    if not timeline.failures:
        return "No failure: every category's users are fine all day"
    s = timeline.impact_summary()
    worst = max(s.rows, key=lambda r: (r.user_hours_down, r.peak_affected / r.users))
    hours = sum(r.user_hours_down for r in s.rows)
    return (
        f"Worst hit: {worst.category}, {worst.peak_affected / worst.users:.0%} of its users; "
        f"{hours / 1e6:.1f}M user-hours down in all"
    )


def _impact_summary(timeline: Timeline) -> str:
    """One sentence for :func:`impact_figure`: the worst-hit category and user-hours lost."""
    if not timeline.failures:
        return "No failure: every category's users are fine all day."
    s = timeline.impact_summary()
    worst = max(s.rows, key=lambda r: r.peak_affected / r.users)
    hours = sum(r.user_hours_down for r in s.rows)
    return (
        f"{_impact_title(timeline)} ({_millions(worst.peak_affected)} of "
        f"{_millions(worst.users)}); {hours / 1e6:.1f}M user-hours down in all "
        f"({'; '.join(f.describe() for f in timeline.failures)})."
    )


def update_impact(
    fig: go.Figure, timeline: Timeline, t: int | str | None = None, *, summary: bool = True
) -> None:
    """Update the lines, markers and title of ``fig`` (from :func:`impact_figure`) in place.

    ``summary=False`` leaves the stored text summary alone: a change to ``layout.meta`` makes
    plotly redraw the whole figure, so a live widget that shows the summary elsewhere skips it.
    """
    with _batch(fig):
        for trace, cat in zip(fig.data, CATEGORIES, strict=True):
            xs, ys = _impact_xy(timeline, cat)
            trace.x, trace.y = xs, ys
        fig.layout.shapes = _impact_shapes(timeline, t)
        fig.layout.title.text = _impact_title(timeline)
        if summary:
            fig.layout.meta = dict(summary=_impact_summary(timeline))


def summary_text(timeline: Timeline, t: int | str) -> str:
    """One sentence that says what the figures show at minute ``t`` (for screen readers)."""
    m = parse_time("t", t)
    total = sum(a.total_users for a in timeline.world.apps())
    affected = timeline.affected_at(m)
    what = "; ".join(f.describe() for f in timeline.failures) or "no failure"
    down = len(timeline.down_at(m))
    return (
        f"{fmt_time(m)} — {what}: {affected / 1e6:.1f}M of {total / 1e6:.1f}M app users "
        f"affected; {_components(down)}."
    ).replace(" 0.0M of", " 0 of")


# ==================================================================================================
# Shared helpers for the focused figures
# ==================================================================================================

#: BGP outcome of an AS → colour, marker shape, line dash of its chosen path (Okabe–Ito)
OUTCOME_STYLE = {
    "origin": ("#0072B2", "circle", "solid"),
    "via-leak": ("#E69F00", "diamond", "dashdot"),
    "hijacker": ("#D55E00", "x", "dash"),
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
_STRATEGY_STYLE = (
    ("#D55E00", "solid", "circle"),
    ("#0072B2", "dash", "square"),
    ("#009E73", "dot", "diamond"),
    ("#CC79A7", "dashdot", "triangle-up"),
    ("#000000", "longdash", "star"),
)
#: rollout event kind → marker shape
_EVENT_SYMBOL = {
    "wave": "triangle-right",
    "halt": "square",
    "revert": "hexagon",
    "rollback": "diamond",
    "done": "star",
    "recovered": "circle",
}
_TITLE_FONT = dict(size=20)
_LABEL_FONT = dict(size=14)


def figure_summary(fig: go.Figure) -> str:
    """The one-sentence summary of a labkit figure (kept in ``fig.layout.meta["summary"]``),
    or its title as plain text for any other figure.

    >>> import labkit
    >>> from labkit.mechanisms.bgp import Hijack, reach, toy_as_graph
    >>> r = reach(toy_as_graph(), "10.50.1.7", [Hijack("natel", "10.50.1.0/24")])
    >>> figure_summary(bgp_route_map(r))
    'Hijacker wins 12 of 12 cities: a /24 beats the /22. 10.50.1.7, 31 ASes: ...'
    """
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("summary"):
        return str(meta["summary"])
    title = fig.layout.title.text or ""
    return re.sub(r"<[^>]+>", " ", title).strip()


def _finish(fig: go.Figure, title: str, summary: str, *, height: int, **layout: Any) -> go.Figure:
    """The common look: projector-sized fonts, a title that states the finding, the summary."""
    fig.update_layout(
        title=dict(text=title, font=_TITLE_FONT, x=0.01, xanchor="left"),
        font=FONT,
        height=height,
        plot_bgcolor="white",
        hoverlabel=dict(font=dict(size=14)),
        meta=dict(summary=summary),
        **layout,
    )
    return fig


def _millions(n: float) -> str:
    return f"{n / 1e6:.1f}M" if n else "0"


def _wrap(text: str, width: int = 60) -> str:
    """Line breaks (``<br>``) for a hover text."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _clock_ticks(lo: int, hi: int, most: int = 10) -> dict:
    """Tick values (minutes) and HH:MM labels for an axis from minute ``lo`` to ``hi``."""
    span = max(hi - lo, 1)
    step = next((s for s in (5, 10, 15, 30, 60, 120, 180, 240) if span / s <= most), 360)
    first = -(-lo // step) * step
    vals = list(range(first, hi + 1, step))
    return dict(tickvals=vals, ticktext=[fmt_time(v) for v in vals])


def _legend_only(fig: go.Figure, name: str, **marker_or_line: Any) -> None:
    """A legend entry with no data (for a symbol or line style explained once)."""
    mode = "lines" if "line" in marker_or_line else "markers"
    fig.add_scatter(x=[None], y=[None], mode=mode, name=name, **marker_or_line)


# ==================================================================================================
# BGP: which AS's packets end up where
# ==================================================================================================

_AS_LAYER = {"tier-1": 3.0, "transit": 2.0, "eyeball": 0.0}  # every other kind: 1.0


def _as_layout(g: nx.DiGraph) -> dict[int, tuple[float, float]]:
    """Layers by kind (tier-1 on top, transit, clouds/CDN/content and other edge networks,
    eyeball ISPs at the bottom); within a layer, ASes ordered by the mean position of their
    neighbours already placed (a barycentre sweep), ties by ASN. Deterministic, no numpy."""
    layers: dict[float, list[int]] = {}
    for asn in sorted(g.nodes):
        layers.setdefault(_AS_LAYER.get(g.nodes[asn].get("kind", "as"), 1.0), []).append(asn)
    pos: dict[int, tuple[float, float]] = {}

    def place(y: float, order: list[int]) -> None:
        n = len(order)
        for i, asn in enumerate(order):
            pos[asn] = ((i + 0.5) / n, y)

    def by_neighbours(asns: list[int]) -> list[int]:
        def key(asn: int) -> tuple[float, int]:
            xs = [pos[b][0] for b in g.successors(asn) if b in pos]
            return (sum(xs) / len(xs) if xs else 2.0, asn)

        return sorted(asns, key=key)

    ys = sorted(layers, reverse=True)
    place(ys[0], layers[ys[0]])
    for y in ys[1:]:
        place(y, by_neighbours(layers[y]))
    for y in ys[1:-1]:  # a second look at the middle layers, now that everyone has a place
        place(y, by_neighbours(layers[y]))
    return pos


def _as_label(g: nx.DiGraph, asn: int) -> str:
    node = g.nodes[asn]
    if node.get("kind") == "eyeball" and node.get("city"):
        return str(node["city"])
    name = str(node.get("name") or f"AS{asn}")
    return name.replace("transit-", "transit<br>", 1) if name.startswith("transit-") else name


def _bgp_title(reachability: Any) -> str:
    cities = reachability.by_city()
    n = len(cities)
    count = {o: sum(1 for v in cities.values() if v == o) for o in OUTCOME_STYLE}
    rows = reachability.rows()
    legit = {reachability.graph.ases[a].name for a in reachability.legit}
    who = ", ".join(sorted(legit)) or "the origin"
    if count["hijacker"]:
        head = f"Hijacker wins {count['hijacker']} of {n} cities"
        theirs = [r.prefix for r in rows if r.outcome == "hijacker" and r.prefix]
        ours = _legit_prefixes(reachability)
        if theirs and ours:
            mine = max(ours, key=lambda p: int(p.split("/")[1]))
            if int(theirs[0].split("/")[1]) > int(mine.split("/")[1]):
                head += f": a /{theirs[0].split('/')[1]} beats the /{mine.split('/')[1]}"
        if count["origin"]:
            head += f"; {count['origin']} still reach {who}"
        return head
    if count["via-leak"]:
        head = f"A route leak detours {count['via-leak']} of {n} cities on the way to {who}"
        return head + (f"; {count['none']} reach nothing" if count["none"] else "")
    if count["none"]:
        return f"{count['none']} of {n} cities have no route to {who}"
    ases = {o: sum(1 for r in rows if r.outcome == o) for o in OUTCOME_STYLE}
    odd = [f"{ases[o]} {_AS_NOTE[o][ases[o] > 1]}" for o in _AS_NOTE if ases[o]]
    return f"All {n} cities reach {who}" + (f", but {' and '.join(odd)}" if odd else "")


_AS_NOTE = {  # outcome → what one AS does, what several do
    "via-leak": ("AS detours through a leak", "ASes detour through a leak"),
    "hijacker": ("AS reaches a hijacker", "ASes reach a hijacker"),
    "none": ("AS has no route", "ASes have no route"),
}


def _legit_prefixes(reachability: Any) -> list[str]:
    """The legitimate holders' prefixes that cover or sit inside the destination."""
    dest = ipaddress.ip_network(reachability.destination, strict=False)
    out = []
    for asn in reachability.legit:
        for p in reachability.graph.ases[asn].prefixes:
            if ipaddress.ip_network(p).overlaps(dest):
                out.append(p)
    return out


def bgp_route_map(reachability: Any, graph: Any = None, *, height: int = 680) -> go.Figure:
    """The AS graph with each AS coloured and shaped by where its packets for the destination
    end up (origin / via-leak / hijacker / none), and the AS path every city's eyeball ISP
    chose, drawn in the style of its outcome. Hover over an AS for why it chose its route.

    ``reachability`` comes from :func:`labkit.bgp.reach`; ``graph`` is the
    :class:`~labkit.bgp.ASGraph` (or its networkx ``.graph``) to draw, by default
    ``reachability.graph``.

    >>> from labkit.mechanisms.bgp import Hijack, reach, toy_as_graph
    >>> hijack = Hijack("natel", "10.50.1.0/24")
    >>> fig = bgp_route_map(reach(toy_as_graph(), "10.50.1.7", [hijack]))
    >>> fig.layout.title.text
    'Hijacker wins 12 of 12 cities: a /24 beats the /22'
    """
    g = graph if graph is not None else reachability.graph
    g = g if isinstance(g, nx.DiGraph) else g.graph
    pos = _as_layout(g)
    rows = {r.asn: r for r in reachability.rows() if r.asn in pos}
    fig = go.Figure()
    for rel, dash in (("customer", "solid"), ("peer", "dot")):
        pairs = [
            (a, b)
            for a, b, data in g.edges(data=True)
            if data.get("rel") == rel and (rel == "customer" or a < b)
        ]
        name = "provider–customer link" if rel == "customer" else "peering link"
        _add_lines(fig, pairs, pos, dict(color="#BBBBBB", width=1, dash=dash), name)
    # the chosen path of every eyeball ISP, one trace per outcome (shared hops drawn once)
    for outcome, (colour, _, dash) in OUTCOME_STYLE.items():
        hops: dict[tuple[int, int], None] = {}  # ordered, each hop once
        for r in rows.values():
            if r.kind != "eyeball" or r.outcome != outcome:
                continue
            for a, b in zip(r.path, r.path[1:], strict=False):
                if a in pos and b in pos:
                    hops.setdefault((a, b))
        if hops:
            name = f"paths to {outcome}" if outcome != "none" else "no path"
            line = dict(color=colour, width=4, dash=dash)
            _add_lines(fig, hops, pos, line, name, legendgroup=outcome)
    counts = {o: 0 for o in OUTCOME_STYLE}
    for r in rows.values():
        counts[r.outcome] += 1
    # label places alternate along a crowded row so neighbours' names do not overlap
    crowded = {y for y in (p[1] for p in pos.values()) if sum(q[1] == y for q in pos.values()) > 9}
    order = sorted(pos, key=lambda a: (pos[a][1], pos[a][0]))
    flip = {a: i % 2 == 1 for i, a in enumerate(order)}
    for outcome, (colour, symbol, _) in OUTCOME_STYLE.items():
        mine = [a for a in order if rows[a].outcome == outcome]
        if not mine:
            continue
        announcers = {a for a in mine if rows[a].learned_from == "origin"}
        announcers |= set(reachability.legit)
        fig.add_scatter(
            x=[pos[a][0] for a in mine],
            y=[pos[a][1] for a in mine],
            mode="markers+text",
            text=[
                f"<b>{_as_label(g, a)}</b>" if a in announcers else _as_label(g, a) for a in mine
            ],
            textposition=[
                "bottom center"
                if pos[a][1] == 0.0 or (pos[a][1] in crowded and flip[a])
                else "top center"
                for a in mine
            ],
            textfont=_LABEL_FONT,
            marker=dict(
                color=colour,
                symbol=symbol,
                size=[26 if a in announcers else 17 for a in mine],
                opacity=1,
                line=dict(color="#222222" if "open" not in symbol else colour, width=1.5),
            ),
            hovertext=[_wrap(reachability.why(a)) for a in mine],
            hoverinfo="text",
            name=f"{outcome} ({counts[outcome]} AS{'es' if counts[outcome] != 1 else ''})",
            legendgroup=outcome,
        )
    legit = [a for a in reachability.legit if a in pos]
    fig.add_scatter(
        x=[pos[a][0] for a in legit],
        y=[pos[a][1] for a in legit],
        mode="markers",
        marker=dict(color="#000000", symbol="star-open", size=34, line=dict(width=2.5)),
        hoverinfo="skip",
        name="rightful origin",
    )
    for label, y in (("tier-1", 3.0), ("transit", 2.0), ("networks", 1.0), ("cities", 0.0)):
        fig.add_annotation(
            x=-0.035, y=y, text=f"<b>{label}</b>", showarrow=False, textangle=-90, font=_LABEL_FONT
        )
    title = _bgp_title(reachability)
    return _finish(
        fig,
        title,
        f"{title}. {reachability.summary()}.",
        height=height,
        margin=dict(l=40, r=20, t=70, b=40),
        xaxis=dict(visible=False, range=[-0.06, 1.02]),
        yaxis=dict(visible=False, range=[-0.45, 3.35]),
        legend=dict(orientation="h", y=-0.02, yanchor="top", x=0, font=dict(size=14)),
    )


# ==================================================================================================
# DNS: staggered expiry of resolvers' caches
# ==================================================================================================


def _dns_order(tl: Any, name: str) -> list[str]:
    """Resolvers in the order they first stopped answering right (never: last, by id)."""
    first: dict[str, int] = {}
    for r in tl.rows(name=name, problems=True):
        first[r.resolver] = min(first.get(r.resolver, r.start), r.start)
    return sorted(tl.world.resolvers, key=lambda res: (first.get(res, 10**9), res))


def _dns_window(tls: list[Any], name: str) -> tuple[int, int]:
    """The minutes worth showing: from a little before the first failure or problem to a
    little after the last recovery (or fix)."""
    marks = [m for tl in tls for e in tl.events for m in (e.start_min, e.fixed_min)]
    marks += [m for tl in tls for r in tl.rows(name=name, problems=True) for m in (r.start, r.end)]
    end = max(tl.minutes for tl in tls)
    marks = [m for m in marks if 0 <= m <= end] or [0, end]
    lo, hi = min(marks), max(marks)
    pad = max(10, (hi - lo) // 12)
    return max(0, lo - pad), min(end, hi + pad)


def _dns_finding(tl: Any, name: str) -> tuple[str, dict[str, Any]]:
    rows = tl.rows(name=name, problems=True)
    users = {r: tl.world.resolvers[r].total_users for r in tl.world.resolvers}
    hit = sorted({r.resolver for r in rows if r.status not in ("answer", "stale")})
    n = len(tl.world.resolvers)
    fixes = [e.fixed_min for e in tl.events if e.fixed_min < tl.minutes]
    stats: dict[str, Any] = dict(hit=len(hit), resolvers=n)
    if not hit:
        stale = len({r.resolver for r in rows if r.status == "stale"})
        extra = f" ({stale} served stale answers)" if stale else ""
        return f"every resolver still answers for {name}{extra}", stats
    bad = [r for r in rows if r.status not in ("answer", "stale")]
    first = min(r.start for r in bad)
    firsts = {}
    for r in bad:
        firsts[r.resolver] = min(firsts.get(r.resolver, r.start), r.start)
    last_break = max(firsts.values())
    last_back = max(r.end for r in bad)
    stats.update(first=first, last_break=last_break, last_back=last_back)
    stats["users"] = sum(users[r] for r in hit)
    text = f"{len(hit)} of {n} resolvers lose {name}"
    if last_break > first:
        text += f", staggered over {last_break - first} min"
    if fixes and last_back < tl.minutes:
        fix = max(fixes)
        if last_back > fix:
            text += f"; the last is back {last_back - fix} min after the fix"
            stats["linger"] = last_back - fix
    return text, stats


def dns_expiry_figure(
    dns_timeline: Any,
    name: str,
    *,
    compare: Any = None,
    labels: tuple[str, str] | None = None,
    height: int | None = None,
) -> go.Figure:
    """What every resolver answers for ``name`` over time: one row per resolver, coloured and
    patterned bands per status (answer / stale / wrong / negative / fail). Caches expire at
    different moments, so trouble arrives resolver by resolver, and lingers after the fix (a
    cached "no such data" is kept for the zone's negative TTL). Dotted lines mark each failure
    and its fix. ``compare``: a second :class:`~labkit.dns.DNSTimeline` (e.g. with
    serve-stale) drawn as a second panel with the same rows; ``labels`` names the two panels.

    >>> from labkit.mechanisms.dns import RecordEmpty, resolve_timeline, toy_dns
    >>> tl = resolve_timeline(toy_dns(), [RecordEmpty("db.us-east.nimbus", "06:48", "09:25")])
    >>> print(dns_expiry_figure(tl, "db.us-east.nimbus").layout.title.text)
    17 of 17 resolvers lose db.us-east.nimbus, staggered over 1 min; the last is back 9 min
    after the fix
    """
    tls = [dns_timeline] + ([compare] if compare is not None else [])
    for tl in tls:
        tl.world.check_name(name)
    if labels is None:
        labels = tuple(  # type: ignore[assignment]
            "with serve-stale" if tl.settings.get("serve_stale") else "without serve-stale"
            for tl in tls
        ) + ("",) * (2 - len(tls))
        if len(tls) == 2 and labels[0] == labels[1]:
            labels = ("first run", "second run")
    order = _dns_order(dns_timeline, name)
    lo, hi = _dns_window(tls, name)
    if len(tls) == 2:
        fig = make_subplots(
            rows=1,
            cols=2,
            shared_yaxes=True,
            horizontal_spacing=0.04,
            subplot_titles=[f"<b>{label}</b>" for label in labels],
        )
    else:
        fig = go.Figure()
    present = {r.status for tl in tls for r in tl.rows(name=name)}
    for col, tl in enumerate(tls, start=1):
        rows = tl.rows(name=name)
        for status, (colour, pattern) in DNS_STYLE.items():
            mine = [r for r in rows if r.status == status]
            if status not in present:
                continue
            trace = go.Bar(
                y=[r.resolver for r in mine],
                x=[r.end - r.start for r in mine],
                base=[r.start for r in mine],
                orientation="h",
                name=status,
                legendgroup=status,
                showlegend=col == 1,
                marker=dict(
                    color=colour,
                    line=dict(color="white", width=0.5),
                    pattern=dict(shape=pattern, fgcolor="#222222", size=8, solidity=0.25),
                ),
                customdata=[[fmt_time(r.start), fmt_time(r.end), _wrap(r.reason)] for r in mine],
                hovertemplate="%{y}: "
                + status
                + " %{customdata[0]}–%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
            if len(tls) == 2:
                fig.add_trace(trace, row=1, col=col)
            else:
                fig.add_trace(trace)
        for e in tl.events:
            for m in (e.start_min, e.fixed_min):
                if lo <= m <= hi:
                    kw = dict(row=1, col=col) if len(tls) == 2 else {}
                    fig.add_vline(x=m, line=dict(color="#000000", dash="dot", width=2.5), **kw)
    finding, stats = _dns_finding(dns_timeline, name)
    title = summary = finding[0].upper() + finding[1:]
    if compare is not None:
        other, _ = _dns_finding(compare, name)
        title = f"{labels[0]}: {finding}<br>{labels[1]}: {other}"
        summary = f"{labels[0]}: {finding}; {labels[1]}: {other}"
    if stats.get("users"):
        summary += f" ({_millions(stats['users'])} users behind them)"
    events = "; ".join(
        f"{e.describe()}" for e in dns_timeline.events if e.start_min < dns_timeline.minutes
    )
    marks = sorted({m for e in dns_timeline.events for m in (e.start_min, e.fixed_min)})
    shown = [fmt_time(m) for m in marks if lo <= m <= hi]
    axis = "time of day" + (f" (dotted: {', '.join(shown)})" if shown else "")
    if events:
        summary += f". Failure: {events}"
    ticks = _clock_ticks(lo, hi, most=6 if len(tls) == 2 else 12)
    fig.update_xaxes(range=[lo, hi], gridcolor="#EEEEEE", title=axis, **ticks)
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(order)), tickfont=dict(size=14)
    )
    fig.update_annotations(font=dict(size=16))
    return _finish(
        fig,
        title,
        summary if summary.endswith(".") else summary + ".",
        height=height or 140 + 30 * len(order),
        barmode="overlay",
        bargap=0.25,
        margin=dict(l=150, r=20, t=110 if compare is not None else 70, b=60),
        legend=dict(title=dict(text="resolver gives:"), traceorder="normal"),
    )


# ==================================================================================================
# Config pushes: how far a bad config got, strategy by strategy
# ==================================================================================================


def _step_xy(rows: Any, attr: str, end: int) -> tuple[list[int], list[float]]:
    xs, ys = [], []
    for r in rows:
        xs.append(r.start)
        ys.append(round(100 * getattr(r, attr), 2))
    xs.append(end)
    ys.append(ys[-1])
    return xs, ys


def _around(ro: Any, m: int) -> float:
    """The share on the bad config just before or at minute ``m``, whichever is higher (where
    an event's marker sits on the line)."""
    shares = [ro.share_bad(x) for x in (m - 1, m) if 0 <= x < ro.minutes]
    return round(100 * max(shares, default=0.0), 2)


def rollout_waves_figure(rollouts: dict[str, Any], *, height: int = 620) -> go.Figure:
    """Two panels over time, one line style per strategy: the share of the fleet on the bad
    config (top) and the share of normal capacity it serves (bottom). Markers show each wave
    going out, the health gate halting the push or operators reverting it, the rollback and
    the last repair; hover over them for what happened.

    ``rollouts`` maps a label ("global", "staged with halt", …) to a
    :class:`~labkit.rollout.Rollout` from :func:`labkit.rollout.push`.

    >>> from labkit.mechanisms.rollout import ConfigVersion, GlobalPush, StagedPush
    >>> from labkit.mechanisms.rollout import push, toy_fleets
    >>> fleet, bad = toy_fleets()["edgefast"], ConfigVersion("v2", effect="crash")
    >>> fig = rollout_waves_figure({
    ...     "global": push(fleet, bad, GlobalPush(revert_after=30), "10:00"),
    ...     "staged": push(fleet, bad, StagedPush(), "10:00")})
    >>> fig.layout.title.text
    'Bad config reached 100% of the fleet with global, 6% with staged'
    """
    if not rollouts:
        raise ValueError("rollouts: got an empty mapping; allowed: {label: Rollout, ...}")
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        subplot_titles=["<b>fleet on the bad config (%)</b>", "<b>capacity served (%)</b>"],
    )
    marks: list[int] = []
    end = max(r.minutes for r in rollouts.values())
    kinds_seen: set[str] = set()
    for i, (label, ro) in enumerate(rollouts.items()):
        colour, dash, symbol = _STRATEGY_STYLE[i % len(_STRATEGY_STYLE)]
        for row, attr in ((1, "share_bad"), (2, "share_healthy")):
            xs, ys = _step_xy(ro.rows, attr, ro.minutes)
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=label,
                legendgroup=label,
                showlegend=row == 1,
                line=dict(color=colour, dash=dash, width=4 - i % 2, shape="hv"),
                hovertemplate=f"{label}: %{{y:.0f}}%<extra></extra>",
                row=row,
                col=1,
            )
        ev = list(ro.events)
        if ro.recovered_at is not None and ro.recovered_at < ro.minutes:
            ev.append(type(ev[0])(ro.recovered_at, "recovered", "last crashed unit repaired"))
        if ev:
            kinds_seen.update(e.kind for e in ev)
            marks += [e.at for e in ev]
            fig.add_scatter(
                x=[e.at for e in ev],
                y=[_around(ro, e.at) for e in ev],
                mode="markers",
                marker=dict(
                    color=colour,
                    size=15,
                    symbol=[_EVENT_SYMBOL.get(e.kind, symbol) for e in ev],
                    line=dict(color="#222222", width=1.5),
                ),
                customdata=[_wrap(str(e)) for e in ev],
                hovertemplate=f"{label}: %{{customdata}}<extra></extra>",
                name=f"{label}: events",
                legendgroup=label,
                showlegend=False,
                row=1,
                col=1,
            )
    for kind in ("wave", "halt", "revert", "rollback", "recovered"):
        if kind in kinds_seen:
            names = {"wave": "wave starts", "halt": "health gate halts", "revert": "revert"}
            _legend_only(
                fig,
                names.get(kind, kind),
                marker=dict(
                    color="white",
                    size=13,
                    symbol=_EVENT_SYMBOL[kind],
                    line=dict(color="#222222", width=1.5),
                ),
                legendgroup="events",
            )
    starts = [r.start for r in rollouts.values()]
    lo = max(0, min(starts) - 20)
    hi = min(end, max(marks + starts) + 40)
    ticks = _clock_ticks(lo, hi)
    fig.update_xaxes(range=[lo, hi], gridcolor="#EEEEEE", **ticks)
    fig.update_xaxes(title="time of day", row=2, col=1)
    fig.update_yaxes(range=[-4, 104], gridcolor="#EEEEEE", dtick=25)
    fig.update_annotations(font=dict(size=16))
    ranked = sorted(rollouts.items(), key=lambda kv: -kv[1].blast_radius)
    parts = [f"{ro.blast_radius:.0%} of the fleet with {label}" for label, ro in ranked]
    title = "Bad config reached " + ", ".join(
        p if i == 0 else p.replace(" of the fleet", "") for i, p in enumerate(parts)
    )
    details = []
    for label, ro in rollouts.items():
        back = ro.recovered_at if ro.recovered_at is not None else ro.rolled_back_at
        when = f", full capacity again at {fmt_time(back)}" if back is not None else ""
        details.append(
            f"{label}: on the bad config at most {ro.blast_radius:.0%}, capacity as low as "
            f"{ro.lowest_health:.0%}{when}"
        )
    return _finish(
        fig,
        title,
        f"{title}. " + "; ".join(details) + ".",
        height=height,
        margin=dict(l=70, r=20, t=90, b=60),
        legend=dict(title=dict(text="strategy:"), tracegroupgap=12),
    )


# ==================================================================================================
# Regions: how much of the internet leans on each one
# ==================================================================================================


def _regions_of(internet: Internet, component: str) -> set[str]:
    g = internet.graph
    return {
        g.nodes[d]["region"]
        for d in nx.descendants(g, component)
        if g.nodes[d].get("kind") in ("block", "zone")
    }


def concentration_shares(internet: Internet) -> dict[str, dict[str, float]]:
    """Per region, the shares :func:`region_concentration` draws: of apps and of their users,
    ``apps_direct``/``users_direct`` run there themselves, ``apps_indirect``/
    ``users_indirect`` do not but need a third party (or its third party) that does."""
    apps = internet.apps()
    total_users = sum(a.total_users for a in apps) or 1
    out = {
        r: dict(apps_direct=0.0, apps_indirect=0.0, users_direct=0.0, users_indirect=0.0)
        for r in internet.regions
    }
    for a in apps:
        direct = set(a.regions)
        for r in _regions_of(internet, a.id):
            how = "direct" if r in direct else "indirect"
            out[r][f"apps_{how}"] += 1 / len(apps)
            out[r][f"users_{how}"] += a.total_users / total_users
    return out


def region_concentration(internet: Internet, *, height: int | None = None) -> go.Figure:
    """Per region, the share of apps (left) and of app users (right) that depend on it:
    directly (the app runs there) or only through third parties (a SaaS it needs runs there).
    The title names the region most users lean on.

    >>> import labkit
    >>> region_concentration(labkit.build_internet()).layout.title.text
    'nimbus-us-east is the most concentrated region: 93% of app users depend on it, 96% of ...'
    """
    shares = concentration_shares(internet)
    order = sorted(
        shares,
        key=lambda r: (shares[r]["users_direct"] + shares[r]["users_indirect"], r),
    )
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=["<b>share of apps (%)</b>", "<b>share of app users (%)</b>"],
    )
    styles = (
        ("direct", "runs there itself", "#0072B2", ""),
        ("indirect", "only through third parties", "#E69F00", "/"),
    )
    for col, what in ((1, "apps"), (2, "users")):
        for how, label, colour, pattern in styles:
            vals = [round(100 * shares[r][f"{what}_{how}"], 1) for r in order]
            fig.add_bar(
                y=order,
                x=vals,
                orientation="h",
                name=label,
                legendgroup=how,
                showlegend=col == 1,
                marker=dict(
                    color=colour,
                    line=dict(color="#222222", width=1),
                    pattern=dict(shape=pattern, fgcolor="#222222", size=9, solidity=0.3),
                ),
                text=[f"{v:.0f}" if v >= 6 else "" for v in vals],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=14),
                hovertemplate="%{y}: %{x:.0f}% of " + what + " " + label + "<extra></extra>",
                row=1,
                col=col,
            )
    top = order[-1]
    s = shares[top]
    users = s["users_direct"] + s["users_indirect"]
    apps = s["apps_direct"] + s["apps_indirect"]
    title = (
        f"{top} is the most concentrated region: {users:.0%} of app users depend on it, "
        f"{s['users_indirect'] / users:.0%} of them only through third parties"
        if users
        else "No region carries any app"
    )
    summary = (
        f"{title} ({apps:.0%} of apps: {s['apps_direct']:.0%} run there, "
        f"{s['apps_indirect']:.0%} only through a third party)."
    )
    fig.update_xaxes(range=[0, 100], gridcolor="#EEEEEE", dtick=25)
    fig.update_yaxes(tickfont=dict(size=14))
    fig.update_annotations(font=dict(size=16))
    return _finish(
        fig,
        title,
        summary,
        height=height or 180 + 36 * len(order),
        barmode="stack",
        margin=dict(l=160, r=20, t=90, b=50),
        legend=dict(orientation="h", y=-0.06, yanchor="top", x=0, title=dict(text="depends:")),
    )


# ==================================================================================================
# One app's dependency chain
# ==================================================================================================


def _chain_nodes(internet: Internet, app: str, zones: bool) -> nx.DiGraph:
    g = internet.graph
    keep = {app} | {d for d in nx.descendants(g, app) if zones or g.nodes[d].get("kind") != "zone"}
    return g.subgraph(keep)


def _longest_depth(sub: nx.DiGraph) -> dict[str, int]:
    depth: dict[str, int] = {}
    for n in nx.lexicographical_topological_sort(sub):
        depth.setdefault(n, 0)
        for m in sub.successors(n):
            depth[m] = max(depth.get(m, 0), depth[n] + 1)
    return depth


def _chain_layout(
    internet: Internet, sub: nx.DiGraph, app: str
) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Services on top in rows by the longest chain from ``app``; below them one column
    (band) per region holding its building blocks, in rows by their own chain (so the same
    kind of block sits at the same height in every region), and its zones at the bottom.
    Returns the positions and the regions, left to right."""
    g = internet.graph
    kind = {n: g.nodes[n].get("kind") for n in sub}
    services = [n for n in sub if kind[n] in ("app", "saas")]
    infra = [n for n in sub if n not in services]
    regions = [r for r in internet.regions if any(g.nodes[n].get("region") == r for n in infra)]
    band = {r: i for i, r in enumerate(regions)}
    s_depth = _longest_depth(sub.subgraph(services))
    b_depth = _longest_depth(sub.subgraph([n for n in infra if kind[n] == "block"]))
    top = max(s_depth.values(), default=0) + 1
    bottom = top + max(b_depth.values(), default=-1) + 1
    pos: dict[str, tuple[float, float]] = {}
    rows: dict[int, list[str]] = {}
    for n, d in s_depth.items():
        rows.setdefault(d, []).append(n)
    for d, nodes in rows.items():

        def where(n: str) -> tuple[float, str]:
            r = g.nodes[n].get("region")
            return (band[r] if r in band else (len(band) - 1) / 2, n)

        nodes.sort(key=where)
        for k, n in enumerate(nodes):
            pos[n] = ((k + 0.5) / len(nodes), -float(d))
    cells: dict[tuple[str, int], list[str]] = {}
    for n in infra:
        d = top + b_depth[n] if kind[n] == "block" else bottom
        cells.setdefault((g.nodes[n]["region"], d), []).append(n)
    width = 1 / max(len(regions), 1)
    for (r, d), nodes in cells.items():
        nodes.sort()
        for k, n in enumerate(nodes):
            pos[n] = ((band[r] + (k + 0.5) / len(nodes)) * width, -float(d))
    return pos, regions


def _chain_label(internet: Internet, c: str) -> str:
    if c in internet.services:
        return internet.services[c].name
    if c in internet.blocks:
        return internet.blocks[c].kind
    return "zone " + c.rsplit("-", 1)[-1]


def dependency_chain(
    internet: Internet,
    app: str,
    timeline: Timeline | None = None,
    t: int | str | None = None,
    *,
    zones: bool | None = None,
    height: int = 660,
) -> go.Figure:
    """Everything ``app`` needs, as a tree read top-down: hard needs (down without it) are
    solid lines, soft needs (degraded without it) dashed. With a ``timeline``, every component
    is coloured and shaped by its state at minute ``t`` (default: the app's worst moment), and
    the chain of causes from :meth:`~labkit.timeline.Timeline.explain` is drawn thick.
    ``zones``: draw the data centres too (default: only when one of them is in trouble).

    >>> import labkit
    >>> net = labkit.build_internet()
    >>> dependency_chain(net, "bazaar").layout.title.text
    'Bazaar needs 15 components in 2 regions: 7 of them are hard needs'
    """
    internet.check_component(app, "app")
    m = None
    states: dict[str, str] = {}
    if timeline is not None:
        if t is None:
            rows = timeline.rows(app)
            worst = [r for r in rows if r.state == "down"] or [
                r for r in rows if r.state == "degraded"
            ]
            m = worst[0].start if worst else 0
        else:
            m = parse_time("t", t)
        states = timeline.states_at(m)
    if zones is None:
        zones = any(
            states.get(z, "ok") != "ok"
            for z in nx.descendants(internet.graph, app)
            if z in states and internet.kind_of(z) == "zone"
        )
    sub = _chain_nodes(internet, app, zones)
    pos, regions = _chain_layout(internet, sub, app)
    chain: list[str] = []
    explanation = None
    if timeline is not None and m is not None:
        explanation = timeline.explain(app, m)
        chain = [c for c in explanation.chain if c in pos]
    chain_edges = set(zip(chain, chain[1:], strict=False))
    fig = go.Figure()
    for hard, dash, label in ((True, "solid", "hard need"), (False, "dash", "soft need")):
        pairs = [
            (a, b)
            for a, b, data in sub.edges(data=True)
            if bool(data.get("hard")) == hard and (a, b) not in chain_edges
        ]
        name = f"{label} ({'down' if hard else 'degraded'} without it)"
        _add_lines(fig, pairs, pos, dict(color="#777777", width=1.5, dash=dash), name)
    if chain_edges:
        _add_lines(fig, chain_edges, pos, dict(color="#000000", width=5), "chain of causes")
    nodes = sorted(pos, key=lambda c: (-pos[c][1], pos[c][0]))
    crowded = {
        y
        for y in (pos[c][1] for c in nodes if c in internet.services)
        if sum(pos[d][1] == y for d in nodes) > 5
    }
    flip = {c: i % 2 == 1 for i, c in enumerate(nodes)}
    groups = list(STATE_STYLE) if timeline is not None else ["component"]
    for state in groups:
        mine = [c for c in nodes if timeline is None or states[c] == state]
        if not mine:
            continue
        colour, symbol = STATE_STYLE[state] if timeline is not None else ("#56B4E9", "circle")
        fig.add_scatter(
            x=[pos[c][0] for c in mine],
            y=[pos[c][1] for c in mine],
            mode="markers+text",
            text=[
                f"<b>{_chain_label(internet, c)}</b>" if c == app else _chain_label(internet, c)
                for c in mine
            ],
            textposition=[
                "bottom center" if pos[c][1] in crowded and flip[c] else "top center" for c in mine
            ],
            textfont=_LABEL_FONT,
            marker=dict(
                color=colour,
                symbol=symbol,
                size=[26 if c == app else 16 for c in mine],
                opacity=1,
                line=dict(color="#222222", width=1.5),
            ),
            hovertext=[
                _wrap(str(timeline.explain(c, m)) if timeline is not None else c) for c in mine
            ],
            hoverinfo="text",
            name=f"{state} ({len(mine)})",
        )
    name = internet.services[app].name if app in internet.services else app
    deps = [c for c in sub if c != app]
    used = {internet.graph.nodes[c].get("region") for c in deps} - {None}
    only_hard = nx.DiGraph([(a, b) for a, b, d in sub.edges(data=True) if d.get("hard")])
    hard = nx.descendants(only_hard, app) if app in only_hard else set()
    if timeline is None or m is None:
        title = (
            f"{name} needs {len(deps)} components in {len(used)} regions: "
            f"{len(hard)} of them are hard needs"
        )
        summary = title + "."
    else:
        bad = [c for c in deps if states[c] != "ok"]
        root = explanation.root.describe() if explanation and explanation.root else None
        title = f"{name} is {states[app]} at {fmt_time(m)}: {len(bad)} of its {len(deps)} needs"
        title += " are in trouble" + (f", root: {root}" if root else "")
        summary = f"{title}. " + (str(explanation).replace("\n", " ") if explanation else "")
    depth = -min(p[1] for p in pos.values())
    first_block = max((p[1] for c, p in pos.items() if c not in internet.services), default=0)
    for i, r in enumerate(regions):  # a shaded band per region, named at the bottom
        x0, x1 = i / len(regions), (i + 1) / len(regions)
        fig.add_shape(
            type="rect",
            x0=x0 + 0.004,
            x1=x1 - 0.004,
            y0=-depth - 0.35,
            y1=first_block + 0.45,
            fillcolor="#F2F2F2" if i % 2 == 0 else "#E6E6E6",
            line=dict(width=0),
            layer="below",
        )
        fig.add_annotation(
            x=(x0 + x1) / 2,
            y=-depth - 0.35,
            yanchor="top",
            text=f"<b>{r}</b>",
            showarrow=False,
            font=_LABEL_FONT,
        )
    return _finish(
        fig,
        title,
        summary,
        height=height,
        margin=dict(l=20, r=20, t=70, b=40),
        xaxis=dict(visible=False, range=[-0.02, 1.02]),
        yaxis=dict(visible=False, range=[-depth - 0.8, 0.6]),
        legend=dict(orientation="h", y=-0.02, yanchor="top", x=0),
    )


# ==================================================================================================
# Blast radius: who is affected at one moment
# ==================================================================================================


def _worst_minute(timeline: Timeline) -> int:
    """The start of the stretch with the most affected users (the first such, 0 if none)."""
    best, at = 0, 0
    totals: dict[int, int] = {}
    for r in timeline.impact():
        totals[r.start] = totals.get(r.start, 0) + r.users_down + r.users_degraded
    for start in sorted(totals):
        if totals[start] > best:
            best, at = totals[start], start
    return at


def blast_radius(timeline: Timeline, t: int | str | None = None, *, height: int = 620) -> go.Figure:
    """A treemap of who is affected at minute ``t`` (default: the worst moment of the run):
    category → app, each tile sized by its users and coloured by the app's state (the state is
    written on the tile too); a grey "fine" tile per category holds the unaffected users.

    >>> import labkit
    >>> from labkit import scenarios
    >>> day = labkit.simulate(labkit.build_internet(), scenarios.load("nimbus-us-east-outage"))
    >>> blast_radius(day).layout.title.text
    'At 08:00, 52.5M of 60.8M app users are affected: streaming worst hit'
    """
    m = _worst_minute(timeline) if t is None else parse_time("t", t)
    states = timeline.states_at(m)
    net = timeline.world
    total = sum(a.total_users for a in net.apps())
    ids, labels, parents, values, colours, hover = [], [], [], [], [], []
    for cat in CATEGORIES:
        apps = net.apps(cat)
        users = sum(a.total_users for a in apps)
        if not users:
            continue
        hit = timeline.affected_at(m, cat)
        ids.append(cat)
        labels.append(f"<b>{cat}</b> · {hit / users:.0%} affected")
        parents.append("")
        values.append(users)
        colours.append("#FFFFFF")
        hover.append(f"{cat}: {_millions(hit)} of {_millions(users)} users affected")
        fine = 0
        for a in sorted(apps, key=lambda a: -a.total_users):
            s = states[a.id]
            if s == "ok":
                fine += a.total_users
                continue
            ids.append(a.id)
            labels.append(f"{a.name}<br>{s.upper()} · {_millions(a.total_users)}")
            parents.append(cat)
            values.append(a.total_users)
            colours.append(STATE_STYLE[s][0])
            hover.append(_wrap(str(timeline.explain(a.id, m)).replace("\n", " ")))
        if fine:
            ids.append(f"{cat}/fine")
            labels.append(f"fine · {_millions(fine)}")
            parents.append(cat)
            values.append(fine)
            colours.append("#E8E8E8")
            hover.append(f"{cat} apps that work: {_millions(fine)} users")
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker=dict(colors=colours, line=dict(color="#222222", width=1)),
            textfont=dict(size=16),
            hovertext=hover,
            hoverinfo="text",
            tiling=dict(pad=2),
            pathbar=dict(visible=False),
            sort=False,
        )
    )
    for state in ("down", "degraded"):  # the legend: a treemap has none of its own
        colour, symbol = STATE_STYLE[state]
        _legend_only(
            fig,
            state,
            marker=dict(
                color=colour, symbol="square", size=16, line=dict(color="#222222", width=1)
            ),
        )
    _legend_only(
        fig,
        "fine",
        marker=dict(color="#E8E8E8", symbol="square", size=16, line=dict(color="#222222", width=1)),
    )
    affected = timeline.affected_at(m)
    per_cat = {c: timeline.affected_at(m, c) for c in CATEGORIES}
    worst = max(CATEGORIES, key=lambda c: (per_cat[c], c))
    down = [a.name for a in net.apps() if states[a.id] == "down"]
    if affected:
        title = (
            f"At {fmt_time(m)}, {_millions(affected)} of {_millions(total)} app users are "
            f"affected: {worst} worst hit"
        )
    else:
        title = f"At {fmt_time(m)}, all {_millions(total)} app users are fine"
    summary = f"{title}; apps down: {', '.join(down) or 'none'}."
    return _finish(
        fig,
        title,
        summary,
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
    )


# ==================================================================================================
# Kernel-free interactivity: frames, a slider, play/pause; and a self-contained HTML file
# ==================================================================================================

_STATE_CODE = {"ok": 0, "degraded": 1, "down": 2}
_SYMBOL_CODE = {"circle": 0, "diamond": 2, "x": 4}  # plotly's numbers for marker symbols
_STATE_SCALE = [[i / 2, STATE_STYLE[s][0]] for s, i in _STATE_CODE.items()]


def _frame_minutes(timeline: Timeline, step: int) -> list[int]:
    if isinstance(step, bool) or not isinstance(step, int) or step < 1:
        raise ValueError(f"step: got {step!r}; allowed: a whole number of minutes >= 1")
    return sorted(set(range(0, timeline.minutes, step)) | set(timeline.change_times()))


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
    """:func:`internet_map` with the whole day in it: a frame every ``step`` minutes and at
    every moment a component changes state, a time slider and play/pause buttons. Scrubbing
    recolours the nodes in the browser, with no kernel: export it with :func:`to_html` for a
    page that works anywhere. Each frame holds only the nodes' state codes (colour and shape)
    and the title, so a step costs little.

    >>> import labkit
    >>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
    ...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
    >>> fig = animated_map(day, step=60)
    >>> len(fig.frames) == len(set(range(0, 1440, 60)) | set(day.change_times()))
    True
    """
    minutes = _frame_minutes(timeline, step)
    fig = internet_map(timeline, minutes[0], height=height)
    net = timeline.world
    comps = timeline.components
    nodes = fig.data[1]
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
                traces=[1],
            )
        )
    fig.frames = frames
    worst = _worst_minute(timeline)
    total = sum(a.total_users for a in net.apps())
    title = (
        f"Worst at {fmt_time(worst)}: {_components(len(timeline.down_at(worst)))}, "
        f"{_millions(timeline.affected_at(worst))} of {_millions(total)} app users affected"
        if timeline.failures
        else "No failure: every component is ok all day"
    )
    fig.update_layout(
        title=dict(text=title),
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
    """:func:`impact_figure` with a time slider and play/pause: a marker per category rides
    its line to the chosen minute, in the browser, with no kernel."""
    minutes = _frame_minutes(timeline, step)
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
        margin=dict(l=70, r=20, t=60, b=170),
        xaxis=dict(title=dict(text="hour of the day", standoff=5)),
    )
    return fig


def _cat_users(timeline: Timeline, cat: str) -> int:
    return sum(a.total_users for a in timeline.world.apps(cat))


def to_html(fig: go.Figure, path: str | Path, *, title: str | None = None) -> Path:
    """Save ``fig`` as one self-contained HTML page: plotly.js is inside the file (about
    4.5 MB), so it opens offline, with no kernel and no internet. Animations do not start by
    themselves. The figure's summary (:func:`figure_summary`) is written above the plot as text,
    for screen readers and for anyone skimming. Returns the path.

    >>> import tempfile, pathlib
    >>> from labkit.mechanisms.bgp import reach, toy_as_graph
    >>> out = to_html(bgp_route_map(reach(toy_as_graph(), "10.50.1.7")),
    ...               pathlib.Path(tempfile.mkdtemp()) / "routes.html")
    >>> "cdn.plot.ly" in out.read_text(encoding="utf-8").split("<body>")[1][:2000]
    False
    """
    import html

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
