"""Invariants of the engine, checked on generated scenarios (hypothesis).

The kinds of failure and the mitigations come from the catalogue (``labkit.CATALOGUE``): every
failure kind's examples, moved to a drawn time window, and any mix of the mitigations' examples.
A kind added to the catalogue is drawn here without a change to this file. For the mechanisms
placed on the world, a second generator also draws targets (regions, zones, services, fleets).
"""

from __future__ import annotations

import dataclasses
import inspect
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labkit
from labkit import (
    ConfigPush,
    MultiRegion,
    RegionOutage,
    Scenario,
    ZoneOutage,
    simulate,
)
from labkit.internet import BLOCK_KINDS
from labkit.mechanisms.bgp import PrefixHijack, PrefixWithdrawal, RouteLeak
from labkit.mechanisms.dns import (
    AuthoritativeDDoS,
    AuthoritativeOutage,
    RecordEmpty,
    ResolverOutage,
)
from labkit.states import STATE_NAMES

NET = labkit.build_internet(seed=0)
MINUTES = 720
RANK = {name: i for i, name in enumerate(STATE_NAMES)}
# CI runs a fixed set of examples (derandomized, so a red run is reproducible); set
# OUTAGE_LAB_EXAMPLES=500 to explore new random ones locally.
EXPLORE = os.environ.get("OUTAGE_LAB_EXAMPLES")
SETTINGS = settings(
    max_examples=int(EXPLORE or 40),
    derandomize=EXPLORE is None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


DNS_WORLD = labkit.mechanisms.dns.toy_dns(NET)
CATALOGUE = labkit.CATALOGUE
#: Mechanisms whose failures only ever make things worse (DNS caches do not: see below).
MONOTONE_KINDS = sorted({k.mechanism for k in CATALOGUE.failures()} - {"dns"})
ALL_KINDS = sorted({k.mechanism for k in CATALOGUE.failures()})
MITIGATION_EXAMPLES = [m for k in CATALOGUE.mitigations() for m in k.examples()]
#: Failure kinds that answer another failure (a holder's more-specifics win a hijacked prefix
#: back): adding one can make things better, so the monotone properties never add them.
RESPONSES = (labkit.PrefixAnnouncement,)


def shifted(example, start: int, duration: int):
    """A catalogue example moved to start at ``start`` and last ``duration`` minutes (a kind
    without a fix time, such as a config push, keeps its own end)."""
    values = {f.name: getattr(example, f.name) for f in dataclasses.fields(example) if f.init}
    if "duration" in inspect.signature(type(example)).parameters:
        values.update(start=start, fixed=None, duration=duration)
    else:
        values = {k: v for k, v in values.items() if k not in ("fixed", "duration")}
        values["start"] = start
    return type(example)(**values)


@st.composite
def failures(draw, kinds=tuple(MONOTONE_KINDS), responses=False):
    start = draw(st.integers(0, MINUTES - 2))
    duration = draw(st.integers(1, 300))
    if draw(st.booleans()):  # any catalogued kind of these mechanisms, as the catalogue has it
        examples = [
            e
            for k in CATALOGUE.failures()
            if k.mechanism in kinds and (responses or k.cls not in RESPONSES)
            for e in k.examples()
        ]
        return shifted(draw(st.sampled_from(examples)), start, duration)
    kind = draw(st.sampled_from(kinds))
    if kind == "clients":  # no failure of its own
        kind = "regions"
    if kind == "bgp":
        target = draw(st.sampled_from(sorted(NET.services)))
        return draw(
            st.sampled_from(
                [
                    PrefixHijack(target, start, duration=duration),
                    PrefixHijack(target, start, duration=duration, more_specific=False),
                    PrefixWithdrawal(target, start, duration=duration),
                    RouteLeak("alloyworks", start, duration=duration),
                ]
            )
        )
    if kind == "dns":
        return draw(
            st.sampled_from(
                [
                    RecordEmpty(draw(st.sampled_from(DNS_WORLD.names())), start, duration=duration),
                    AuthoritativeOutage("quickdns", start, duration=duration),
                    AuthoritativeDDoS("nimbus-dns", start, duration=duration),
                    ResolverOutage("nimbus-internal", start, duration=duration),
                ]
            )
        )
    if kind == "rollout":
        effect = draw(st.sampled_from(["crash", "cpu", "capacity"]))
        return ConfigPush(
            draw(st.sampled_from(["edgefast", "nimbus-compute", "bulwark-agent"])), start,
            effect=effect, strategy=draw(st.sampled_from(["global", "staged"])),
            removes=draw(st.sampled_from([0.3, 0.6])) if effect == "capacity" else None,
            revert_after=duration,
        )  # fmt: skip
    if kind == "regions" and draw(st.booleans()):
        region = draw(st.sampled_from(sorted(NET.regions)))
        blocks = draw(st.lists(st.sampled_from(sorted(BLOCK_KINDS)), max_size=2, unique=True))
        return RegionOutage(region, start, duration=duration, blocks=blocks)
    return ZoneOutage(draw(st.sampled_from(NET.zones)), start, duration=duration)


@st.composite
def scenarios(draw, max_failures=3, kinds=tuple(MONOTONE_KINDS)):
    responses = kinds != tuple(MONOTONE_KINDS)  # any kind, unless the property is monotone
    fs = draw(st.lists(failures(kinds, responses), max_size=max_failures))
    ms = draw(
        st.lists(st.sampled_from(MITIGATION_EXAMPLES), max_size=3, unique_by=lambda m: type(m))
    )
    return Scenario(fs, ms, minutes=MINUTES, failover_delay=draw(st.integers(0, 15)))


def moments(*timelines):
    return sorted({t for tl in timelines for t in tl.change_times()})


@SETTINGS
@given(st.booleans(), st.integers(0, 5))
def test_no_failure_means_everything_ok_all_the_time(multi_region, seed):
    net = labkit.build_internet(seed)
    t = simulate(net, Scenario(mitigations=[MultiRegion()] if multi_region else []))
    assert all(r.state == "ok" for r in t.rows())
    assert len(t.rows()) == len(net.components())


@SETTINGS
@given(scenarios(), failures())
def test_adding_a_failure_never_improves_anything_except_through_failover(scenario, extra):
    """More failures can only make states worse — with one principled exception: an earlier
    failure can trigger a failover earlier, so a service (and what depends on it) is already in
    its standby region when the later failure hits. Every improvement must come after a
    failover event of the worse scenario.

    DNS failures are left out on purpose: with caches, more failure really can help later (a
    resolver that restarts forgets a cached wrong answer; an empty answer cached for the SOA
    minimum shifts when the next fetch happens). That is how caches behave, not an engine bug."""
    base = simulate(NET, scenario)
    worse = simulate(NET, scenario.with_failures(extra))
    for m in moments(base, worse):
        before, after = base.states_at(m), worse.states_at(m)
        improved = [c for c in before if RANK[after[c]] < RANK[before[c]]]
        if improved:
            assert any(e.t <= m for e in worse.events), (m, improved[:5])


@SETTINGS
@given(scenarios())
def test_without_failover_adding_a_failure_never_improves_anything(scenario):
    """When health checks would need longer than the whole run, no traffic ever moves, and
    adding a failure is strictly monotone: nothing is better at any minute."""
    extra = RegionOutage("nimbus-us-east", 100, duration=60)
    early = [f for f in scenario.failures if f.start_min < 240]  # later ones: after the run
    base_sc = Scenario(early, scenario.mitigations, minutes=240, failover_delay=240)
    base, worse = simulate(NET, base_sc), simulate(NET, base_sc.with_failures(extra))
    assert worse.events == []
    for m in moments(base, worse):
        before, after = base.states_at(m), worse.states_at(m)
        assert all(RANK[after[c]] >= RANK[before[c]] for c in before)
    assert worse.minutes_in("nimbus-us-east/compute") >= 60


@SETTINGS
@given(scenarios(kinds=tuple(ALL_KINDS)))
def test_every_down_component_is_explained_by_an_injected_failure(scenario):
    t = simulate(NET, scenario)
    for row in t.rows():
        if row.state != "down":
            continue
        why = t.explain(row.component, row.start)
        assert why.root in scenario.failures, (row, str(why))
        assert why.chain[0] == row.component
        last = t.cause(why.chain[-1], row.start)
        # the chain ends where the failure was injected, at a retry storm it left behind, or
        # where a component lost its way to what it needs (its own resolver, its route)
        assert last.root in scenario.failures
        assert last.via is None
        assert last.kind in ("failure", "backlog", "reach", "failover")


@SETTINGS
@given(scenarios(kinds=tuple(ALL_KINDS)), st.integers(0, 3))
def test_same_seed_same_timeline(scenario, seed):
    a = simulate(labkit.build_internet(seed), scenario)
    b = simulate(labkit.build_internet(seed), scenario)
    assert a.rows() == b.rows()
    assert a.events == b.events
    assert a.impact() == b.impact()


@settings(max_examples=8, deadline=None, derandomize=EXPLORE is None)
@given(scenarios(max_failures=2, kinds=tuple(ALL_KINDS)))
def test_skipping_quiet_minutes_changes_nothing(scenario):
    short = Scenario(scenario.failures, scenario.mitigations, MINUTES, 0, scenario.failover_delay)
    assert simulate(NET, short).rows() == simulate(NET, short, every_minute=True).rows()
