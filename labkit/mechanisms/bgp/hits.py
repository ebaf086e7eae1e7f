"""What BGP failures feed the engine: wherever routing sends a city's users (or a service's own
network) to a hijacker, into a leak, round a loop or nowhere, they cannot reach the service
behind that prefix."""

from __future__ import annotations

import ipaddress

from ...internet import Internet
from ...scenario import EngineOptions, Scenario
from ...states import DOWN, Cause, Hit
from .data_plane import Reachability
from .events import Event
from .failures import BGPFailure, PrefixHijack
from .placement import Placement, placement

__all__ = ["LOST", "hits", "lost_route", "lost_routes"]

#: Where packets end up that do not count as reaching a service.
LOST = ("hijacker", "loop", "none", "via-leak")


def lost_route(outcome: str) -> bool:
    """Whether packets with this outcome (see :data:`~.data_plane.OUTCOMES`) miss their service."""
    return outcome in LOST


def lost_routes(place: Placement, events: list, mitigations: list) -> int:
    """(service prefix, AS) pairs whose packets end up at a hijacker, in a leak or nowhere
    during the routing ``events``, counting the ASes that matter to users: each city's ISP and
    each service's own network."""
    vantages = sorted(set(place.city_as.values()) | set(place.service_as.values()))
    one_per_prefix = {prefix: sid for sid, prefix in place.prefix.items()}
    total = 0
    for prefix in sorted(one_per_prefix):
        result = place.reach(one_per_prefix[prefix], events, mitigations)
        total += sum(lost_route(result.outcome(a)) for a in vantages)
    return total


def hits(world: Internet, scenario: Scenario, options: EngineOptions) -> list[Hit]:
    """Every (stretch of time, service, vantage point) whose route to the service is lost."""
    events = [f for f in scenario.failures if isinstance(f, BGPFailure)]
    if not events:
        return []
    place = placement(world)
    mitigations = [m.routing(place) for m in options.bgp_mitigations]
    end = scenario.minutes
    marks = sorted(
        {0, end} | {m for f in events for m in (f.start_min, f.fixed_min) if 0 < m < end}
    )
    callers: dict[str, list[str]] = {}
    for s in world.services.values():
        for d in s.needs:
            callers.setdefault(d.target, []).append(s.id)
    out: list[Hit] = []
    for a, b in zip(marks, marks[1:], strict=False):
        active = [f for f in events if f.active(a)]
        if not active:
            continue
        # the same event once
        routed: list[Event] = list(dict.fromkeys(f.event(place) for f in active))
        cache: dict[str, Reachability] = {}
        for sid, svc in world.services.items():
            prefix = place.prefix[sid]
            if prefix not in cache:  # services in one region share its prefix
                cache[prefix] = place.reach(sid, routed, mitigations)
            result = cache[prefix]
            root = _root(active, place, prefix)
            vantages = [(city, asn) for city, asn in place.city_as.items()] if svc.users else []
            vantages += [(c, place.service_as[c]) for c in callers.get(sid, ())]
            for vantage, asn in vantages:
                if lost_route(result.outcome(asn)):
                    cause = Cause("bgp", f"{result.why(asn)} [{root.describe()}]", root=root)
                    out.append(Hit(a, b, sid, DOWN, cause, vantage))
    return out


def _root(active: list[BGPFailure], place: Placement, prefix: str) -> BGPFailure:
    """The active failure most likely behind a lost route to ``prefix``."""
    net = ipaddress.ip_network(prefix)
    for f in active:
        target = f.announced(place) if isinstance(f, PrefixHijack) else None
        named = getattr(f, "target", None)  # a leak may name no target
        if target is None and named is not None:
            target = place.resolve("target", named)
        if target is not None and ipaddress.ip_network(target).overlaps(net):
            return f
    return active[0]
