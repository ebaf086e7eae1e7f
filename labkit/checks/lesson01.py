"""Lesson 01's checkers: dependency chains and single points of failure.

A *single point of failure* of an app is a component whose failure alone takes the app down:
everything the app reaches through **hard** dependencies only (soft ones leave it degraded).

>>> import labkit
>>> net = labkit.build_internet()
>>> sorted(single_points_of_failure(net, "shopfast"))[-2:]
['paywave', 'signonce']
>>> check_most_fragile_app("ShopFast", net).correct
False
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..internet import Internet
from ..validate import check_type, short, suggest
from .core import Feedback, friendly, not_answered, unanswered, what_it_is

_INTERNET = "the toy internet from labkit.build_internet()"

__all__ = ["check_most_fragile_app", "hard_graph", "single_points_of_failure"]


def hard_graph(internet: Internet) -> nx.DiGraph:
    """The dependency graph with only its hard edges (every node kept)."""
    check_type("internet", internet, Internet, _INTERNET)
    g = internet.graph
    hard = nx.DiGraph()
    hard.add_nodes_from(g.nodes(data=True))
    hard.add_edges_from((u, v) for u, v, h in g.edges(data="hard") if h)
    return hard


def single_points_of_failure(internet: Internet, app: str) -> set[str]:
    """Components whose failure alone takes ``app`` down: its hard descendants."""
    check_type("internet", internet, Internet, _INTERNET)
    return nx.descendants(hard_graph(internet), internet.check_component(app, "app"))


def _app_id(internet: Internet, answer: Any) -> tuple[str | None, str]:
    apps = {a.id: a for a in internet.apps()}
    example = next(iter(apps))
    if not isinstance(answer, str) or not answer.strip():
        return None, f"Please give your answer as an app's name in quotes, e.g. {example!r}."
    key = answer.strip().lower().replace(" ", "").replace("-", "")
    for a in apps.values():
        if key in (a.id.lower(), a.name.lower().replace(" ", "")):
            return a.id, ""
    known = what_it_is(internet, answer)
    if known is not None or answer.strip() in internet.graph:
        kind, cid = known or ("a component", answer.strip())
        return None, (
            f"{cid!r} is {kind}, not an app. The question is about apps, such as "
            f"{sorted(apps)[:4]}: which of them stands on the most single points of failure?"
        )
    close = suggest(key, list(apps))
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return None, (
        f"I don't know the app {short(answer)} from your answer.{hint} Apps are: "
        f"{', '.join(sorted(apps))}."
    )


@friendly
def check_most_fragile_app(answer: Any, internet: Internet) -> Feedback:
    """Is ``answer`` the app with the most single points of failure (hard descendants)?"""
    check_type("internet", internet, Internet, _INTERNET)
    if unanswered(answer):
        return not_answered("an app's name in quotes", "'shopfast'")
    sid, hint = _app_id(internet, answer)
    if sid is None:
        return Feedback(False, hint)
    hard = hard_graph(internet)
    counts = {a.id: len(nx.descendants(hard, a.id)) for a in internet.apps()}
    most = max(counts.values())
    best = sorted(a for a, n in counts.items() if n == most)
    mine = counts[sid]
    name = internet.services[sid].name
    if mine == most:
        spofs = nx.descendants(hard, sid)
        services = sorted(s for s in spofs if s in internet.services)
        regions = sorted({hard.nodes[c]["region"] for c in spofs if c in internet.blocks})
        also = f" (tied with {', '.join(b for b in best if b != sid)})" if len(best) > 1 else ""
        return Feedback(
            True,
            f"{name} has {mine} single points of failure{also}: the SaaS "
            f"{', '.join(services) or 'none'} and building blocks in {len(regions)} regions "
            f"({', '.join(regions)}). It runs in one region, but its tower stands on "
            f"{len(regions)}.",
        )
    return Feedback(
        False,
        f"{name} has {mine} single points of failure, but another app has {most}. "
        "Count nx.descendants(hard, app) for every app and take the largest.",
    )
