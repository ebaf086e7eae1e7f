"""Layout maths for the figures, without plotly: where every node goes, which minutes an
animation shows, where the axis ticks fall, and the shares the region figure draws.

Everything here takes model results and returns plain numbers, lists and dicts, so it can be
tested (and reused) without a plotting library.

>>> import labkit
>>> pos = map_positions(labkit.build_internet())
>>> pos["nimbus-us-east/dns"][1] == MAP_ROW["block"] + 1   # first row of blocks above zones
True
>>> frame_minutes(labkit.simulate(labkit.build_internet(), labkit.Scenario()), 360)
[0, 360, 720, 1080]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..clock import fmt_time
from ..validate import check_count
from ._types import BLOCK_KINDS, CATEGORIES, INTERNET, Internet, Timeline, expect_type

__all__ = [
    "AS_LAYER",
    "MAP_ROW",
    "as_layout",
    "chain_layout",
    "chain_nodes",
    "clock_ticks",
    "concentration_shares",
    "dependency_pairs",
    "frame_minutes",
    "longest_depth",
    "map_positions",
    "regions_of",
    "segments",
    "worst_minute",
]

# --------------------------------------------------------------------------------------------
# The internet map
# --------------------------------------------------------------------------------------------

#: height (y) of each kind's row on the internet map; blocks take rows above MAP_ROW["block"]
MAP_ROW = {"zone": 0.0, "block": 1.0, "saas": 7.0, "app": 9.5}


def map_positions(net: Internet) -> dict[str, tuple[float, float]]:
    """Fixed (x, y) for every component: zones at the bottom, each region's blocks above its
    zones, third-party SaaS above the clouds, apps on top grouped by category.

    Regions sit 1.0 apart, with 0.6 more between providers; a region's zones are spread 0.3
    apart around its x, its building blocks two to a row (0.4 apart) in the order of
    ``BLOCK_KINDS``. SaaS (staggered by 0.5 in y) and apps are spread evenly over the width
    the regions take."""
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    kinds = list(BLOCK_KINDS)
    for provider in net.providers.values():
        for rid in provider.regions:
            region = net.regions[rid]
            for i, z in enumerate(region.zones):
                pos[z] = (x + (i - (len(region.zones) - 1) / 2) * 0.3, MAP_ROW["zone"])
            for i, k in enumerate(kinds):
                pos[f"{rid}/{k}"] = (x + (i % 2 - 0.5) * 0.4, MAP_ROW["block"] + 1 + i // 2)
            x += 1.0
        x += 0.6  # gap between providers
    width = x - 1.6
    for kind in ("saas", "app"):
        group = [s for s in net.services.values() if s.kind == kind]
        if kind == "app":
            group.sort(key=lambda s: (CATEGORIES.index(s.category), s.id))
        step = width / max(len(group) - 1, 1)
        for i, s in enumerate(group):
            pos[s.id] = (i * step, MAP_ROW[kind] + (0.5 if kind == "saas" and i % 2 else 0.0))
    return pos


def dependency_pairs(net: Internet) -> list[tuple[str, str]]:
    """(service, what it needs) for every need of every service, and (service, its region's
    load balancer) for every region it runs in: the edges the internet map draws."""
    return [
        (s.id, t)
        for s in net.services.values()
        for t in [d.target for d in s.needs] + [f"{r}/load-balancer" for r in s.regions]
    ]


def segments(pairs: Iterable[tuple[Any, Any]], pos: dict) -> tuple[list, list]:
    """x and y lists that draw each (a, b) pair as a separate line segment in one trace
    (``None`` between segments breaks the line).

    >>> segments([("a", "b")], {"a": (0, 1), "b": (2, 3)})
    ([0, 2, None], [1, 3, None])
    """
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in pairs:
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    return xs, ys


# --------------------------------------------------------------------------------------------
# The AS graph of the BGP map
# --------------------------------------------------------------------------------------------

#: y of each AS kind's layer; every other kind (clouds, CDN, content, ...) sits at 1.0
AS_LAYER = {"tier-1": 3.0, "transit": 2.0, "eyeball": 0.0}


def as_layout(g: nx.DiGraph) -> dict[int, tuple[float, float]]:
    """Layers by kind (tier-1 on top, transit, clouds/CDN/content and other edge networks,
    eyeball ISPs at the bottom); within a layer of n ASes the i-th sits at x = (i + 0.5) / n,
    ordered by the mean x of their neighbours (successors) already placed (a barycentre sweep;
    none placed: last), ties by ASN. Deterministic, no numpy."""
    layers: dict[float, list[int]] = {}
    for asn in sorted(g.nodes):
        layers.setdefault(AS_LAYER.get(g.nodes[asn].get("kind", "as"), 1.0), []).append(asn)
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


# --------------------------------------------------------------------------------------------
# One app's dependency chain
# --------------------------------------------------------------------------------------------


def chain_nodes(internet: Internet, app: str, zones: bool) -> nx.DiGraph:
    """``app`` and everything it needs, directly or not (zones only if ``zones``)."""
    g = internet.graph
    keep = {app} | {d for d in nx.descendants(g, app) if zones or g.nodes[d].get("kind") != "zone"}
    return g.subgraph(keep)


def longest_depth(sub: nx.DiGraph) -> dict[str, int]:
    """Per node, the length of the longest chain of edges leading to it (0: nothing needs it).

    >>> longest_depth(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    {'a': 0, 'b': 1, 'c': 2}
    """
    depth: dict[str, int] = {}
    for n in nx.lexicographical_topological_sort(sub):
        depth.setdefault(n, 0)
        for m in sub.successors(n):
            depth[m] = max(depth.get(m, 0), depth[n] + 1)
    return depth


def chain_layout(
    internet: Internet, sub: nx.DiGraph, app: str
) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Services on top in rows by the longest chain from ``app``; below them one column
    (band) per region holding its building blocks, in rows by their own chain (so the same
    kind of block sits at the same height in every region), and its zones at the bottom.
    Row d is at y = -d; x runs from 0 to 1. Returns the positions and the regions, left to
    right."""
    g = internet.graph
    kind = {n: g.nodes[n].get("kind") for n in sub}
    services = [n for n in sub if kind[n] in ("app", "saas")]
    infra = [n for n in sub if n not in services]
    regions = [r for r in internet.regions if any(g.nodes[n].get("region") == r for n in infra)]
    band = {r: i for i, r in enumerate(regions)}
    s_depth = longest_depth(sub.subgraph(services))
    b_depth = longest_depth(sub.subgraph([n for n in infra if kind[n] == "block"]))
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


# --------------------------------------------------------------------------------------------
# Region concentration
# --------------------------------------------------------------------------------------------


def regions_of(internet: Internet, component: str) -> set[str]:
    """The regions whose zones or building blocks ``component`` needs, directly or not."""
    g = internet.graph
    return {
        g.nodes[d]["region"]
        for d in nx.descendants(g, component)
        if g.nodes[d].get("kind") in ("block", "zone")
    }


def concentration_shares(internet: Internet) -> dict[str, dict[str, float]]:
    """Per region, the shares :func:`~labkit.figures.region_concentration` draws: of apps and
    of their users, ``apps_direct``/``users_direct`` run there themselves,
    ``apps_indirect``/``users_indirect`` do not but need a third party (or its third party)
    that does."""
    expect_type("internet", internet, Internet, INTERNET)
    apps = internet.apps()
    total_users = sum(a.total_users for a in apps) or 1
    out = {
        r: dict(apps_direct=0.0, apps_indirect=0.0, users_direct=0.0, users_indirect=0.0)
        for r in internet.regions
    }
    for a in apps:
        direct = set(a.regions)
        for r in regions_of(internet, a.id):
            how = "direct" if r in direct else "indirect"
            out[r][f"apps_{how}"] += 1 / len(apps)
            out[r][f"users_{how}"] += a.total_users / total_users
    return out


# --------------------------------------------------------------------------------------------
# Time: animation frames, the worst moment, clock ticks
# --------------------------------------------------------------------------------------------


def frame_minutes(timeline: Timeline, step: int) -> list[int]:
    """The minutes an animation shows: every ``step`` minutes from 0, and every moment a
    component changes state, in order."""
    check_count("step", step, 1, None, "a whole number of minutes >= 1")
    return sorted(set(range(0, timeline.minutes, step)) | set(timeline.change_times()))


def worst_minute(timeline: Timeline) -> int:
    """The start of the stretch with the most affected users (the first such, 0 if none)."""
    best, at = 0, 0
    totals: dict[int, int] = {}
    for r in timeline.impact():
        totals[r.start] = totals.get(r.start, 0) + r.users_down + r.users_degraded
    for start in sorted(totals):
        if totals[start] > best:
            best, at = totals[start], start
    return at


def clock_ticks(lo: int, hi: int, most: int = 10) -> dict:
    """Tick values (minutes) and HH:MM labels for an axis from minute ``lo`` to ``hi``: the
    first of 5, 10, 15, 30, 60, 120, 180, 240 minutes apart (else 360) that makes at most
    ``most`` steps.

    >>> clock_ticks(60, 120)
    {'tickvals': [60, 70, 80, 90, 100, 110, 120], 'ticktext': ['01:00', '01:10', ...]}
    """
    span = max(hi - lo, 1)
    step = next((s for s in (5, 10, 15, 30, 60, 120, 180, 240) if span / s <= most), 360)
    first = -(-lo // step) * step
    vals = list(range(first, hi + 1, step))
    return dict(tickvals=vals, ticktext=[fmt_time(v) for v in vals])
