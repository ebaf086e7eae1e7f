"""BGP: which AS's packets end up where. The AS graph with every AS coloured and shaped by
its outcome (origin, via a leak, a hijacker, a loop, nowhere) and the path each city's ISP chose.

>>> from labkit.mechanisms.bgp import Hijack, reach, toy_as_graph
>>> fig = bgp_route_map(reach(toy_as_graph(), "10.50.1.7", [Hijack("natel", "10.50.1.0/24")]))
>>> fig.layout.title.text
'Hijacker wins 12 of 12 cities: a /24 beats the /22'
"""

from __future__ import annotations

import ipaddress
from typing import Any

import networkx as nx
import plotly.graph_objects as go

from ._types import REACHABILITY, ASGraph, Reachability, check_height, expect_type
from .layout import as_layout
from .style import LABEL_FONT, OUTCOME_STYLE, add_lines, finish, wrap

__all__ = ["bgp_route_map"]

_AS_NOTE = {  # outcome → what one AS does, what several do
    "via-leak": ("AS detours through a leak", "ASes detour through a leak"),
    "hijacker": ("AS reaches a hijacker", "ASes reach a hijacker"),
    "loop": ("AS's packets loop", "ASes' packets loop"),
    "none": ("AS has no route", "ASes have no route"),
}


#: What an AS of each outcome does, for the legend (its count follows).
OUTCOME_WORDS = {
    "origin": "reach the rightful origin",
    "via-leak": "detour through the leaker",
    "hijacker": "reach the hijacker",
    "loop": "packets loop",
    "none": "no route",
}
#: The chosen paths of the cities' ISPs, per outcome, for the legend.
PATH_WORDS = {
    "origin": "a city's path to the rightful origin",
    "via-leak": "a city's path through the leak",
    "hijacker": "a city's path to the hijacker",
    "loop": "a city's path that loops",
    "none": "a city's path that ends nowhere",
}


def _places(g: nx.DiGraph, pos: dict[int, tuple[float, float]]) -> dict[int, tuple[str, int]]:
    """Where each AS's name goes, so that neighbours' names do not overlap at the default
    width: (text position, blank lines between the marker and the name). The cities' row
    names go below, alternately one line lower; a crowded row cycles above, below, higher
    and lower; a row of two-line names (the transit networks) alternates above and below.
    """
    rows: dict[float, list[int]] = {}
    for asn in sorted(pos, key=lambda a: (pos[a][1], pos[a][0])):
        rows.setdefault(pos[asn][1], []).append(asn)
    out = {}
    for y, asns in rows.items():
        two_lines = any("<br>" in _as_label(g, a) for a in asns)
        for i, asn in enumerate(asns):
            if y == 0.0:  # the cities, at the bottom
                out[asn] = ("bottom center", i % 2)
            elif len(asns) > 9:
                out[asn] = (("top center", "bottom center")[i % 2], (i // 2) % 2)
            elif two_lines and len(asns) > 5:
                out[asn] = (("top center", "bottom center")[i % 2], 0)
            else:
                out[asn] = ("top center", 0)
    return out


def _placed(text: str, place: tuple[str, int]) -> str:
    """``text`` moved ``place[1]`` lines away from its marker (blank lines on the marker's
    side)."""
    position, lines = place
    if not lines:
        return text
    return "<br>" * lines + text if position.startswith("bottom") else text + "<br>" * lines


def _as_label(g: nx.DiGraph, asn: int) -> str:
    node = g.nodes[asn]
    if node.get("kind") == "eyeball" and node.get("city"):
        return str(node["city"])
    name = str(node.get("name") or f"AS{asn}")
    return name.replace("transit-", "transit<br>", 1) if name.startswith("transit-") else name


def _bgp_title(reachability: Reachability) -> str:
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


def _legit_prefixes(reachability: Reachability) -> list[str]:
    """The legitimate holders' prefixes that cover or sit inside the destination."""
    dest = ipaddress.ip_network(reachability.destination, strict=False)
    out = []
    for asn in reachability.legit:
        for p in reachability.graph.ases[asn].prefixes:
            if ipaddress.ip_network(p).overlaps(dest):
                out.append(p)
    return out


def bgp_route_map(reachability: Reachability, graph: Any = None, *, height: int = 680) -> go.Figure:
    """The AS graph with each AS coloured and shaped by where its packets for the destination
    end up (origin / via-leak / hijacker / loop / none), and the AS path every city's eyeball ISP
    chose, drawn in the style of its outcome. Hover over an AS for why it chose its route.

    ``reachability`` comes from :func:`labkit.mechanisms.bgp.reach`; ``graph`` is the
    :class:`~labkit.mechanisms.bgp.ASGraph` (or its networkx ``.graph``) to draw, by default
    ``reachability.graph``.
    """
    expect_type("reachability", reachability, Reachability, REACHABILITY)
    if graph is not None:
        expect_type("graph", graph, (ASGraph, nx.DiGraph), "None, an ASGraph or its .graph")
    check_height("height", height)
    g = graph if graph is not None else reachability.graph
    g = g if isinstance(g, nx.DiGraph) else g.graph
    pos = as_layout(g)
    rows = {r.asn: r for r in reachability.rows() if r.asn in pos}
    fig = go.Figure()
    for rel, dash in (("customer", "solid"), ("peer", "dot")):
        pairs = [
            (a, b)
            for a, b, data in g.edges(data=True)
            if data.get("rel") == rel and (rel == "customer" or a < b)
        ]
        name = "provider–customer link" if rel == "customer" else "peering link"
        add_lines(fig, pairs, pos, dict(color="#BBBBBB", width=1, dash=dash), name)
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
            name = PATH_WORDS[outcome]
            line = dict(color=colour, width=4, dash=dash)
            add_lines(fig, hops, pos, line, name, legendgroup=outcome)
    counts = {o: 0 for o in OUTCOME_STYLE}
    for r in rows.values():
        counts[r.outcome] += 1
    # label places alternate along a crowded row so neighbours' names do not overlap
    places = _places(g, pos)
    order = sorted(pos, key=lambda a: (pos[a][1], pos[a][0]))
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
                _placed(
                    f"<b>{_as_label(g, a)}</b>" if a in announcers else _as_label(g, a),
                    places[a],
                )
                for a in mine
            ],
            textposition=[places[a][0] for a in mine],
            textfont=LABEL_FONT,
            marker=dict(
                color=colour,
                symbol=symbol,
                size=[26 if a in announcers else 17 for a in mine],
                opacity=1,
                line=dict(color="#222222" if "open" not in symbol else colour, width=1.5),
            ),
            hovertext=[wrap(reachability.why(a)) for a in mine],
            hoverinfo="text",
            name=f"{OUTCOME_WORDS[outcome]} ({counts[outcome]} AS{'es' * (counts[outcome] != 1)})",
            legendgroup=outcome,
        )
    legit = [a for a in reachability.legit if a in pos]
    fig.add_scatter(
        x=[pos[a][0] for a in legit],
        y=[pos[a][1] for a in legit],
        mode="markers",
        marker=dict(color="#000000", symbol="star-open", size=34, line=dict(width=2.5)),
        hoverinfo="skip",
        name="rightful origin (bold name: it announces the prefix)",
    )
    for label, y in (("tier-1", 3.0), ("transit", 2.0), ("networks", 1.0), ("cities", 0.0)):
        fig.add_annotation(
            x=-0.035, y=y, text=f"<b>{label}</b>", showarrow=False, textangle=-90, font=LABEL_FONT
        )
    title = _bgp_title(reachability)
    return finish(
        fig,
        title,
        f"{title}. {reachability.summary()}.",
        height=height,
        margin=dict(l=40, r=20, t=70, b=40),
        xaxis=dict(visible=False, range=[-0.06, 1.02]),
        yaxis=dict(visible=False, range=[-0.6, 3.35]),
        legend=dict(orientation="h", y=-0.02, yanchor="top", x=0, font=dict(size=14)),
    )
