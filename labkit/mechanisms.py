"""Step 1 of the flow: each mechanism's own model, turned into timed hits on the world.

The mechanism modules (:mod:`~labkit.regions`, :mod:`~labkit.rollout`, …) know nothing about
where their servers sit among the world's components; this module does that mapping, and only
that. Every hit carries a :class:`~labkit.states.Cause` whose ``root`` is the injected failure,
so :meth:`Timeline.explain` can end each chain there.
"""

from __future__ import annotations

from collections.abc import Callable

from .dns import DNSFailure, resolve_timeline, toy_dns
from .failures import ConfigPush, Scenario
from .internet import Internet
from .regions import region_hits
from .rollout import Rollout, health_state, push, toy_fleets
from .states import OK, Cause, Hit

__all__ = ["dns_hits", "mechanism_hits", "rollout_hits"]


def mechanism_hits(world: Internet, scenario: Scenario, options: dict) -> list[Hit]:
    """All hits of all mechanisms for ``scenario`` on ``world``."""
    hits = region_hits(world, scenario.failures)
    hits += dns_hits(world, scenario, options)
    hits += rollout_hits(world, scenario, options.get("staged_rollout"))
    return hits


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
