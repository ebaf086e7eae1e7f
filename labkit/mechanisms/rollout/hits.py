"""What config pushes feed the engine: a fleet's health, group by group, becomes the state of
what each group runs.

EdgeFast's edge servers serve users city by city: an unhealthy city's users lose EdgeFast (and
the apps that need it); below half its capacity overall, EdgeFast itself is degraded or down.
Compute hosts set their region's compute block; the endpoint agent sets the state of each
company that runs it on its own servers.
"""

from __future__ import annotations

from collections.abc import Callable

from ...internet import Internet
from ...scenario import EngineOptions, Scenario
from ...states import OK, Cause, Hit
from .failures import ConfigPush
from .push import push
from .result import Rollout, health_state
from .toy_fleets import toy_fleets

__all__ = ["FLEET_TARGETS", "hits"]

#: Where each toy fleet's groups sit in the world: fleet -> (world, group) -> component. The
#: CDN's groups are cities: vantage points of the "edgefast" component, not components.
FLEET_TARGETS: dict[str, Callable[[Internet, str], str]] = {
    "nimbus-compute": lambda world, group: f"{group}/compute",
    "bulwark-agent": lambda world, group: group,
}


def hits(world: Internet, scenario: Scenario, options: EngineOptions) -> list[Hit]:
    """Every stretch in which a push leaves a group (or the whole fleet) unhealthy."""
    pushes = [f for f in scenario.failures if isinstance(f, ConfigPush)]
    if not pushes:
        return []
    fleets = toy_fleets(world)
    out: list[Hit] = []
    end = scenario.minutes
    for f in pushes:
        if f.start_min >= end:
            continue  # pushed after the end of the run
        strategy = f.rollout_strategy(options.staged_rollout)
        r = push(fleets[f.fleet], f.version(), strategy, f.start_min, minutes=end,
                 seed=scenario.seed)  # fmt: skip
        label = f.describe_with(options)  # "staged push" under a StagedRollout
        if f.fleet == "edgefast":
            out += _health_hits(r, None, "edgefast", f, label, end)
            for city in fleets[f.fleet].groups:
                out += _health_hits(r, city, "edgefast", f, label, end, vantage=city)
        else:
            for group in fleets[f.fleet].groups:
                target = FLEET_TARGETS[f.fleet](world, group)
                out += _health_hits(r, group, target, f, label, end)
    return out


def _spans(rollout: Rollout, group: str | None, end: int) -> list[tuple[int, int, float]]:
    """(start, end, share healthy) stretches of the fleet or of one group."""
    rows = rollout.rows if group is None else [r for r in rollout.group_rows if r.group == group]
    return [(r.start, min(r.end, end), r.share_healthy) for r in rows if r.start < end]


def _health_hits(
    rollout: Rollout, group: str | None, target: str, push_: ConfigPush, label: str, end: int,
    vantage: str | None = None,
) -> list[Hit]:  # fmt: skip
    out = []
    for start, stop, healthy in _spans(rollout, group, end):
        state = health_state(healthy)
        if vantage is not None and rollout.refilling(start):
            continue  # users reach a refilling or settling edge: slow for all (the fleet's hit)
        if state != OK:
            for a, b, why in _reasons(rollout, group, start, stop):
                text = f"of the failure: {label}, which left {why}"
                cause = Cause("failure", text, root=push_)
                out.append(Hit(a, b, target, state, cause, vantage))
    return out


def _reasons(
    rollout: Rollout, group: str | None, start: int, stop: int
) -> list[tuple[int, int, str]]:
    """The stretch [start, stop) cut where the rollout's reason changes (a wave goes out, the
    gate halts it, a rollback ends), so the words fit every minute of each piece: a stretch
    of the same health can begin before the halt and end after it."""
    turns = {*rollout.wave_times, *(r.start for r in rollout.rows)}
    if rollout.halted_at is not None:
        turns.add(rollout.halted_at)
    cuts = [start, *sorted(x for x in turns if start < x < stop), stop]
    out: list[tuple[int, int, str]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        why = rollout.reason(a, group)
        if out and out[-1][2] == why:
            out[-1] = (out[-1][0], b, why)
        else:
            out.append((a, b, why))
    return out
