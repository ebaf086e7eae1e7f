"""Step 1 of the flow: each mechanism's own model, turned into timed hits on the world.

The mechanism modules (:mod:`~labkit.regions`, :mod:`~labkit.rollout`, …) know nothing about
where their servers sit among the world's components; this module does that mapping, and only
that. Every hit carries a :class:`~labkit.states.Cause` whose ``root`` is the injected failure,
so :meth:`Timeline.explain` can end each chain there.
"""

from __future__ import annotations

from collections.abc import Callable

from . import bgp
from .dns import DNSFailure, resolve_timeline, toy_dns
from .failures import ConfigPush, Scenario
from .internet import Internet
from .regions import region_hits
from .rollout import Rollout, health_state, push, toy_fleets
from .routing import BGPFailure, PrefixHijack, destination, placement
from .states import DOWN, OK, Cause, Hit

#: Where packets end up that do not count as reaching a service.
LOST = ("hijacker", "none", "via-leak")

__all__ = ["bgp_hits", "dns_hits", "mechanism_hits", "rollout_hits"]


def mechanism_hits(world: Internet, scenario: Scenario, options: dict) -> list[Hit]:
    """All hits of all mechanisms for ``scenario`` on ``world``."""
    hits = region_hits(world, scenario.failures)
    hits += bgp_hits(world, scenario, options)
    hits += dns_hits(world, scenario, options)
    hits += rollout_hits(world, scenario, options.get("staged_rollout"))
    return hits


def bgp_hits(world: Internet, scenario: Scenario, options: dict) -> list[Hit]:
    """BGP failures: wherever routing sends a city's users (or a service's own network) to a
    hijacker, into a leak, or nowhere, they cannot reach the service behind that prefix."""
    events = [f for f in scenario.failures if isinstance(f, BGPFailure)]
    if not events:
        return []
    place = placement(world)
    mitigations = [m.routing(place) for m in options.get("bgp_mitigations", ())]
    end = scenario.minutes
    marks = sorted(
        {0, end} | {m for f in events for m in (f.start_min, f.fixed_min) if 0 < m < end}
    )
    callers: dict[str, list[str]] = {}
    for s in world.services.values():
        for d in s.needs:
            callers.setdefault(d.target, []).append(s.id)
    hits: list[Hit] = []
    for a, b in zip(marks, marks[1:], strict=False):
        active = [f for f in events if f.active(a)]
        if not active:
            continue
        routed = list(dict.fromkeys(f.event(place) for f in active))  # the same event once
        cache: dict[str, object] = {}
        for sid, svc in world.services.items():
            prefix = place.prefix[sid]
            if prefix not in cache:
                cache[prefix] = bgp.reach(place.graph, destination(prefix), routed, mitigations)
            result = cache[prefix]
            root = _bgp_root(active, place, prefix)
            vantages = [(city, asn) for city, asn in place.city_as.items()] if svc.users else []
            vantages += [(c, place.service_as[c]) for c in callers.get(sid, ())]
            for vantage, asn in vantages:
                if result.outcome(asn) in LOST:
                    cause = Cause("bgp", f"{result.why(asn)} [{root.describe()}]", root=root)
                    hits.append(Hit(a, b, sid, DOWN, cause, vantage))
    return hits


def _bgp_root(active: list[BGPFailure], place, prefix: str) -> BGPFailure:
    """The active failure most likely behind a lost route to ``prefix``."""
    import ipaddress

    net = ipaddress.ip_network(prefix)
    for f in active:
        target = f.announced(place) if isinstance(f, PrefixHijack) else None
        if target is None and getattr(f, "target", None) is not None:
            target = place.resolve("target", f.target)
        if target is not None and ipaddress.ip_network(target).overlaps(net):
            return f
    return active[0]


def dns_hits(world: Internet, scenario: Scenario, options: dict) -> list[Hit]:
    """DNS failures: while a component's resolver has no usable answer for a name, that
    component cannot reach what the name points to; while most users of a city cannot resolve
    an app's name, that city's users cannot reach the app."""
    events = [f for f in scenario.failures if isinstance(f, DNSFailure)]
    if not events:
        return []
    timeline = resolve_timeline(
        toy_dns(world), events, minutes=scenario.minutes, seed=scenario.seed,
        serve_stale=options.get("dns_serve_stale", False),
        max_stale=options.get("dns_max_stale", 86400),
    )  # fmt: skip
    return timeline.hits(world)


def _spans(rollout: Rollout, group: str | None, end: int) -> list[tuple[int, int, float]]:
    """(start, end, share healthy) stretches of the fleet or of one group."""
    rows = rollout.rows if group is None else [r for r in rollout.group_rows if r.group == group]
    return [(r.start, min(r.end, end), r.share_healthy) for r in rows if r.start < end]


def _health_hits(
    rollout: Rollout, group: str | None, target: str, push_: ConfigPush, end: int,
    vantage: str | None = None,
) -> list[Hit]:  # fmt: skip
    hits = []
    for start, stop, healthy in _spans(rollout, group, end):
        state = health_state(healthy)
        if state != OK:
            text = f"of the failure: {push_.describe()}: " + rollout.reason(start, group)
            hits.append(
                Hit(start, stop, target, state, Cause("failure", text, root=push_), vantage)
            )
    return hits


#: Where each toy fleet's units sit in the world: fleet -> (group -> target component).
FLEET_TARGETS: dict[str, Callable[[Internet, str], str]] = {
    "nimbus-compute": lambda world, group: f"{group}/compute",
    "bulwark-agent": lambda world, group: group,
}


def rollout_hits(world: Internet, scenario: Scenario, staged=None) -> list[Hit]:
    """Config pushes: a fleet's health per group becomes the state of what that group runs.

    EdgeFast's edge servers serve users city by city: an unhealthy city's users lose EdgeFast
    (and the apps that need it); below half its capacity overall, EdgeFast itself is degraded
    or down. Compute hosts set their region's compute block; the endpoint agent sets the state
    of each company that runs it on its own servers.
    """
    pushes = [f for f in scenario.failures if isinstance(f, ConfigPush)]
    if not pushes:
        return []
    fleets = toy_fleets(world)
    hits: list[Hit] = []
    end = scenario.minutes
    for f in pushes:
        if f.start_min >= end:
            continue  # pushed after the end of the run
        strategy = f.rollout_strategy(staged)
        r = push(fleets[f.fleet], f.version(), strategy, f.start_min, minutes=end,
                 seed=scenario.seed)  # fmt: skip
        if f.fleet == "edgefast":
            hits += _health_hits(r, None, "edgefast", f, end)
            for city in fleets[f.fleet].groups:
                hits += _health_hits(r, city, "edgefast", f, end, vantage=city)
        else:
            for group in fleets[f.fleet].groups:
                target = FLEET_TARGETS[f.fleet](world, group)
                hits += _health_hits(r, group, target, f, end)
    return hits
