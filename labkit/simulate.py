"""The time loop: failures → direct hits → cascade → impact, recorded into a Timeline.

>>> from labkit import build_internet, Scenario, RegionOutage
>>> net = build_internet(seed=0)
>>> t = simulate(net, Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> t.state("nimbus-us-east/compute", "09:00")
'down'
>>> t.state("nimbus-us-east/compute", "07:59")
'ok'
"""

from __future__ import annotations

from .cascade import Cascade
from .impact import category_impact
from .internet import Internet
from .mechanisms import mechanism_hits
from .scenario import Scenario
from .states import Cause, Hit
from .timeline import Timeline, TimelineBuilder
from .validate import check_flag, check_type

__all__ = ["simulate"]


def simulate(internet: Internet, scenario: Scenario, *, every_minute: bool = False) -> Timeline:
    """Run ``scenario`` on ``internet`` minute by minute and return the :class:`Timeline`.

    Only minutes where something can change are computed (a failure starts or is fixed, a
    failover timer runs out, a backlog empties); ``every_minute=True`` computes all of them and
    gives the same result, slower. The result depends only on the world and the scenario.
    """
    check_type("internet", internet, Internet, "an Internet from build_internet()")
    check_type("scenario", scenario, Scenario, "a Scenario([...])")
    check_flag("every_minute", every_minute)
    scenario.validate(internet)
    world = scenario.world(internet)
    options = scenario.options()
    end = scenario.minutes
    hits = mechanism_hits(world, scenario, options)
    cascade = Cascade(world, scenario.failover_delay, options.retry_amplification, options.collapse)
    marks = sorted({m for h in hits for m in (h.start, h.end) if 0 < m < end})
    builder = TimelineBuilder(world, scenario, options)
    t = 0
    while t < end:
        direct, reach = _active(hits, t)
        changed = cascade.evaluate(t, direct, reach, everything=every_minute)
        impact = category_impact(world, cascade.state, cascade.cut)
        builder.record(t, cascade.state, cascade.cause, impact, changed)
        candidates = [m for m in marks if m > t][:1]
        due = cascade.next_change(t)
        if due is not None:
            candidates.append(due)
        nxt = t + 1 if every_minute else min(candidates, default=end)
        nxt = min(nxt, end)
        cascade.advance(nxt - t)
        t = nxt
    return builder.build(cascade.events)


def _active(hits: list[Hit], t: int) -> tuple[dict, dict]:
    """The hits in force at minute ``t``: the worst per target, and per target the vantage
    points (cities, or components that need it) that cannot reach it."""
    direct: dict[str, tuple[int, Cause]] = {}
    reach: dict[str, dict[str, Cause]] = {}
    for h in hits:
        if h.start <= t < h.end:
            if h.vantage is not None:
                reach.setdefault(h.target, {}).setdefault(h.vantage, h.cause)
            elif h.target not in direct or direct[h.target][0] < h.state:
                direct[h.target] = (h.state, h.cause)
    return direct, reach
