"""Scenario set-up shared by :func:`~.control_plane.routes` and :func:`~.data_plane.reach`:
events and mitigations checked against a graph, then who announces which prefix, who leaks,
and the routes for one prefix with all of that applied.
"""

from __future__ import annotations

from collections.abc import Iterable

from .events import Announce, Event, Hijack, Leak, RoutePolicy, Withdraw
from .graph import ASGraph
from .prefixes import Key, prefix_key, supernets
from .propagate import Policy, Run, compute

__all__ = ["ScenarioSetup"]


class ScenarioSetup:
    """Events and mitigations checked against a graph."""

    def __init__(self, g: ASGraph, events: Iterable[Event], mitigations: Iterable[RoutePolicy]):
        if isinstance(events, Event):
            events = [events]
        if isinstance(mitigations, RoutePolicy):
            mitigations = [mitigations]
        self.g = g
        self.events = list(events)
        self.pol = Policy(g, list(mitigations))
        self.added: dict[Key, dict[int, str]] = {}  # prefix → origin → "hijack" | "announce"
        self.withdrawn: dict[Key, set[int]] = {}
        self.leaks: list[tuple[int, Key | None]] = []
        for e in self.events:
            if isinstance(e, Hijack | Announce):
                who = g.asn(e.hijacker if isinstance(e, Hijack) else e.origin, _field(e))
                k = prefix_key("prefix", e.prefix)
                if isinstance(e, Hijack) and who in self.legit(k):
                    raise ValueError(
                        f"hijacker: {g.label(who)} holds {e.prefix} itself; allowed: an AS "
                        "that does not hold the address space (use Announce for the holder)"
                    )
                self.added.setdefault(k, {})[who] = type(e).__name__.lower()
            elif isinstance(e, Leak):
                who = g.asn(e.leaker, "leaker")
                only = None if e.prefix is None else prefix_key("prefix", e.prefix)
                self.leaks.append((who, only))
            elif not isinstance(e, Withdraw):
                raise ValueError(
                    f"events: got {e!r}; allowed: Withdraw(...), Hijack(...), "
                    "Announce(...), Leak(...)"
                )
        for e in self.events:
            if isinstance(e, Withdraw):
                k = prefix_key("prefix", e.prefix)
                now = self.origins(k)
                gone = now if e.origin is None else {g.asn(e.origin, "origin")}
                if not now or not gone <= now:
                    listed = ", ".join(g.label(a) for a in sorted(now)) or "nobody"
                    raise ValueError(
                        f"prefix: {e.prefix} is not announced by "
                        f"{g.label(next(iter(gone))) if gone else 'anyone'}; allowed: a prefix "
                        f"and one of its origins (it is announced by {listed})"
                    )
                self.withdrawn.setdefault(k, set()).update(gone)

    def legit(self, key: Key) -> set[int]:
        for k in supernets(key):
            if k in self.g._registry:
                return set(self.g._registry[k])
        return set()

    def origins(self, key: Key) -> set[int]:
        out = set(self.g._registry.get(key, ())) | set(self.added.get(key, {}))
        return out - self.withdrawn.get(key, set())

    def known(self, key: Key) -> bool:
        return key in self.g._registry or key in self.added

    def run(self, key: Key, strict_leaks: bool) -> Run:
        leakers = []
        for who, k in self.leaks:
            if k is None or k == key:
                leakers.append((who, strict_leaks or k is not None))
        return compute(self.g, key, self.origins(key), leakers, self.pol)


def _field(e: Event) -> str:
    return "hijacker" if isinstance(e, Hijack) else "origin"
