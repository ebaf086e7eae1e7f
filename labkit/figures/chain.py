"""One app's dependency chain: everything it needs as a tree read top-down, hard and soft
needs drawn differently, one shaded band per region; with a run, coloured by state and with
the chain of causes drawn thick.

>>> import labkit
>>> net = labkit.build_internet()
>>> print(dependency_chain(net, "bazaar").layout.title.text.replace("<br>", "\\n"))
Bazaar needs 17 components in 2 regions: 7 of them are hard
needs
"""

from __future__ import annotations

import networkx as nx
import plotly.graph_objects as go

from ..clock import fmt_time, parse_time
from ._types import (
    INTERNET,
    TIMELINE,
    Internet,
    Timeline,
    check_flag,
    check_height,
    expect_type,
)
from .layout import chain_layout, chain_nodes
from .style import LABEL_FONT, STATE_STYLE, add_lines, finish, wrap

__all__ = ["dependency_chain"]


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
    """
    expect_type("internet", internet, Internet, INTERNET)
    if timeline is not None:
        expect_type("timeline", timeline, Timeline, f"None or {TIMELINE}")
    check_flag("zones", zones, optional=True)
    check_height("height", height)
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
    sub = chain_nodes(internet, app, zones)
    pos, regions = chain_layout(internet, sub, app)
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
        add_lines(fig, pairs, pos, dict(color="#777777", width=1.5, dash=dash), name)
    if chain_edges:
        add_lines(fig, chain_edges, pos, dict(color="#000000", width=5), "chain of causes")
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
            textfont=LABEL_FONT,
            marker=dict(
                color=colour,
                symbol=symbol,
                size=[26 if c == app else 16 for c in mine],
                opacity=1,
                line=dict(color="#222222", width=1.5),
            ),
            hovertext=[
                wrap(str(timeline.explain(c, m)) if timeline is not None and m is not None else c)
                for c in mine
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
        root = None
        if explanation and explanation.root:  # as the run applied it ("staged push")
            root = explanation.root_label or explanation.root.describe()
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
            font=LABEL_FONT,
        )
    return finish(
        fig,
        title,
        summary,
        height=height,
        margin=dict(l=20, r=20, t=70, b=40),
        xaxis=dict(visible=False, range=[-0.02, 1.02]),
        yaxis=dict(visible=False, range=[-depth - 0.8, 0.6]),
        legend=dict(orientation="h", y=-0.02, yanchor="top", x=0),
    )
