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
from .failures import BGPFailure, PrefixAnnouncement, PrefixHijack
from .placement import Placement, placement

__all__ = ["LOST", "event_sets", "hits", "lost_route", "lost_routes", "stretches"]

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


def stretches(failures: list[BGPFailure], end: int) -> list[tuple[int, int, list[BGPFailure]]]:
    """The stretches of time from 0 to ``end`` over which the same ``failures`` are active:
    (start, end, the active ones), in order, leaving out stretches where none is.

    >>> from labkit import PrefixAnnouncement, PrefixHijack
    >>> hijack = PrefixHijack("streamflix", "18:47", "21:01")
    >>> reply = PrefixAnnouncement("streamflix", "20:18")
    >>> [(a, b, len(on)) for a, b, on in stretches([hijack, reply], 1440)]
    [(1127, 1218, 1), (1218, 1261, 2), (1261, 1440, 1)]
    """
    marks = sorted(
        {0, end} | {m for f in failures for m in (f.start_min, f.fixed_min) if 0 < m < end}
    )
    out = []
    for a, b in zip(marks, marks[1:], strict=False):
        active = [f for f in failures if f.active(a)]
        if active:
            out.append((a, b, active))
    return out


def event_sets(place: Placement, scenario: Scenario) -> list[list[Event]]:
    """The routing events of ``scenario``'s BGP failures that are in force together, once per
    distinct set, in time order (see :func:`stretches`): a hijack answered by the holder's
    more-specifics gives the hijack alone, then both, then the answer alone."""
    failures = [f for f in scenario.failures if isinstance(f, BGPFailure)]
    out: list[list[Event]] = []
    for _, _, active in stretches(failures, scenario.minutes):
        routed = list(dict.fromkeys(f.event(place) for f in active))  # the same event once
        if routed not in out:
            out.append(routed)
    return out


def hits(world: Internet, scenario: Scenario, options: EngineOptions) -> list[Hit]:
    """Every (stretch of time, service, vantage point) whose route to the service is lost."""
    events = [f for f in scenario.failures if isinstance(f, BGPFailure)]
    if not events:
        return []
    place = placement(world)
    mitigations = [m.routing(place) for m in options.bgp_mitigations]
    callers: dict[str, list[str]] = {}
    for s in world.services.values():
        for d in s.needs:
            callers.setdefault(d.target, []).append(s.id)
    out: list[Hit] = []
    for a, b, active in stretches(events, scenario.minutes):
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
    """The active failure most likely behind a lost route to ``prefix``: one whose prefix
    overlaps it, never a holder's counter-announcement (it only wins routes back) while
    another failure is active."""
    net = ipaddress.ip_network(prefix)
    active = [f for f in active if not isinstance(f, PrefixAnnouncement)] or active
    for f in active:
        target = f.announced(place) if isinstance(f, PrefixHijack) else None
        named = getattr(f, "target", None)  # a leak may name no target
        if target is None and named is not None:
            target = place.resolve("target", named)
        if target is not None and ipaddress.ip_network(target).overlaps(net):
            return f
    return active[0]
