"""The control plane: every AS's best route for one prefix (:func:`routes`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...validate import suggest
from .events import Event, RoutePolicy
from .graph import ASGraph, ASRef
from .prefixes import format_prefix, prefix_key
from .propagate import LEARNED, Run
from .scenario_setup import ScenarioSetup

__all__ = ["PrefixRoutes", "Route", "routes"]


@dataclass(frozen=True)
class Route:
    """An AS's best route for one prefix: ``path`` runs from the AS to ``origin`` (empty and
    ``learned_from`` "none" when it has no route)."""

    asn: int
    name: str
    prefix: str
    origin: int | None
    path: tuple[int, ...]
    learned_from: str  # "origin", "customer", "peer", "provider" or "none"


class PrefixRoutes:
    """Every AS's best route for one prefix (the control plane).

    >>> from labkit.mechanisms.bgp import toy_as_graph
    >>> r = routes(toy_as_graph(), "10.50.0.0/22")
    >>> r.route("isp-tokyo").path
    (64610, 64503, 64500, 64510, 64551)
    >>> r.route("isp-tokyo").learned_from
    'provider'
    """

    def __init__(self, g: ASGraph, run: Run) -> None:
        self.graph, self._run = g, run
        self.prefix = format_prefix(run.key)

    def route(self, ref: ASRef) -> Route:
        g, run = self.graph, self._run
        asn = g.asn(ref)
        i = g._idx[asn]
        if not run.ln[i]:
            return Route(asn, g.ases[asn].name, self.prefix, None, (), "none")
        path = run.path(i)
        return Route(asn, g.ases[asn].name, self.prefix, path[-1], path, LEARNED[run.cl[i]])

    def path(self, ref: ASRef) -> tuple[int, ...]:
        return self.route(ref).path

    def rows(self) -> list[Route]:
        return [self.route(a) for a in self.graph._asns]

    def origins(self) -> dict[int | None, int]:
        """Origin ASN (None: no route) → how many ASes route to it."""
        out: dict[int | None, int] = {}
        for i, s in enumerate(self._run.sd):
            o = self._run.seeds[s].origin if self._run.ln[i] else None
            out[o] = out.get(o, 0) + 1
        return out

    def __repr__(self) -> str:
        return f"PrefixRoutes({self.prefix}: {self.origins()})"


def routes(
    graph: ASGraph,
    prefix: str,
    events: Iterable[Event] = (),
    mitigations: Iterable[RoutePolicy] = (),
) -> PrefixRoutes:
    """Best route of every AS for one ``prefix``, after ``events`` and with ``mitigations``.

    >>> from labkit.mechanisms.bgp import Withdraw, toy_as_graph
    >>> g = toy_as_graph()
    >>> routes(g, "198.51.100.0/24", [Withdraw("198.51.100.0/24")]).route("isp-lagos").path
    ()
    """
    setup = ScenarioSetup(graph, events, mitigations)
    key = prefix_key("prefix", prefix)
    if not setup.known(key):
        known = [format_prefix(k) for k in graph._registry_sorted[:5000]]
        close = suggest(format_prefix(key), known)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"prefix: nobody holds or announces {format_prefix(key)}.{hint} Allowed: a registered "
            "prefix (see graph.prefixes()) or one announced by an event"
        )
    return PrefixRoutes(graph, setup.run(key, strict_leaks=True))
