"""Backlogs and retry storms only where clients can reach a component and it queues work
(:func:`labkit.cascade.work_piles_up`). Expected minutes are worked out in each docstring, from
a hand-built world or from the casebook facts the stored scenarios echo."""

from __future__ import annotations

import pytest
from worlds import tiny_world

import labkit
from labkit import ConfigPush, RegionOutage, RetryBackoff, Scenario, scenarios, simulate
from labkit.cascade import work_piles_up
from labkit.clock import parse_time
from labkit.states import Cause

NET = labkit.build_internet()


def hm(text: str) -> int:
    return parse_time("t", text)


def with_backoff(s: Scenario) -> Scenario:
    return Scenario(s.failures, (*s.mitigations, RetryBackoff()), s.minutes, s.seed,
                    s.failover_delay)  # fmt: skip


def spans(t, component):
    return [(r.start, r.end, r.state) for r in t.rows(component)]


def backlog_rows(t):
    return [r for r in t.rows() if "piled up" in r.cause]


@pytest.mark.parametrize(
    ("cause", "flags", "piles"),
    [
        (Cause("failure", "", root=RegionOutage("nimbus-us-east")), {}, True),
        (Cause("failure", "", root=ConfigPush("bulwark-agent", recovery=60)), {}, False),
        (Cause("failure", "", root=ConfigPush("edgefast", effect="cpu")), {}, False),
        (Cause("failure", "", root=ConfigPush("edgefast", effect="capacity", removes=0.6)), {},
         True),
        (Cause("dependency", "", via="kv-db"), {}, True),
        (Cause("dependency", "", via="edgefast"), {"turned_away": True}, False),
        (Cause("zones", ""), {}, True),
        (Cause("failover", ""), {}, True),
        (Cause("reach", "it cannot reach kv-db"), {}, True),
        (Cause("reach", "users in Paris cannot reach it"), {"cut_off": True}, False),
        (Cause("dns", ""), {}, False),
        (Cause("bgp", ""), {}, False),
    ],
)  # fmt: skip
def test_the_rule_per_cause_kind(cause, flags, piles):
    assert work_piles_up(cause, **flags) is piles


def test_dependency_outage_leaves_a_tail_that_backoff_keeps_from_collapsing():
    """r1's compute block fails 08:00-10:00 (480-600); its front doors still take requests, so
    work piles up at compute (a direct region failure) and at ``solo``, which needs it (hard).

    Default clients (+4 per minute down, collapse past 60 min of drain):
    r1/compute (drain 2: -4/min) has 120 x 4 = 480; threshold 240 -> down to 660, degraded to
    720. solo (drain 4: -8/min ok, -4/min degraded, threshold 480) is down 480-660 while
    compute is down (180 x 4 = 720). Its backlog is above the threshold, so it is overloaded
    (a retry storm) from 660; while compute is degraded (660-720) it drains 4/min, down to
    720 - 60 x 4 = 480 at 720, no longer above the threshold: degraded for 480 / 8 = 60 min
    (720-780), ok at 780.

    With RetryBackoff (+2 per minute, no collapse): compute has 240, degraded 600-660. solo has
    120 x 2 = 240, degraded 600-660 with compute, draining 4/min: 60 x 4 = 240, gone at 660,
    when compute is ok: ok at 660."""
    outage = RegionOutage("r1", "08:00", "10:00", blocks=["compute"])
    storm = simulate(tiny_world(), Scenario([outage]))
    assert spans(storm, "solo") == [(0, 480, "ok"), (480, 660, "down"), (660, 720, "down"),
                                    (720, 780, "degraded"), (780, 1440, "ok")]  # fmt: skip
    assert "retry storm" in storm.cause("solo", 700).text
    assert storm.explain("solo", 700).root == outage
    calm = simulate(tiny_world(), Scenario([outage], [RetryBackoff()]))
    assert spans(calm, "solo") == [(0, 480, "ok"), (480, 600, "down"), (600, 660, "degraded"),
                                   (660, 1440, "ok")]  # fmt: skip
    assert calm.minutes_in("solo", "down") == 120  # the outage itself, no collapse after it


def test_a_route_withdrawal_leaves_no_backlog():
    """Facebook, 4 Oct 2021 (casebook §4): the DNS servers were "still running but
    unreachable" once their prefixes were withdrawn; retries never reached them, nor the data
    centres the backbone cut off. The replay cuts StreamFlix's backbone 15:40-21:30: down exactly
    then, ok at once at 21:30 (a failed lookup is tried again within the minute, RFC 2308 §7.1
    caps caching a server failure at five minutes and the engine keeps it under one)."""
    s = scenarios.load("facebook-withdrawal-2021")
    t = simulate(NET, s)
    # (the reason changes while it is down: data centres cut off, then SERVFAIL city by city)
    states = [(state, minute) for minute in range(s.minutes)
              for state in [t.state("streamflix", minute)]]  # fmt: skip
    assert {m for st, m in states if st == "down"} == set(range(hm("15:40"), hm("21:30")))
    assert {st for st, _ in states} == {"ok", "down"}
    assert backlog_rows(t) == []
    # backoff has nothing left to shorten
    assert simulate(NET, with_backoff(s)).rows() == t.rows()


def test_a_hijack_answered_by_more_specifics_is_over_when_routes_come_back():
    """YouTube, 24 Feb 2008 (casebook §9): the /25s YouTube announced at 20:18 won traffic back.
    The hijacked users' retries went to the hijacker, so StreamFlix is ok from 20:18."""
    t = simulate(NET, scenarios.load("youtube-hijack-2008"))
    assert t.state("streamflix", "20:17") == "down"
    assert t.recovered_at("streamflix") == hm("20:18")
    assert backlog_rows(t) == []


def test_crowdstrike_apps_come_back_as_their_machines_are_repaired():
    """CrowdStrike, 19 Jul 2024 (casebook §6): pushed 04:09, reverted after 78 min (05:27);
    crashed hosts needed manual repair. The replay assumes each company's team repairs 10% of
    its machines a day (repair_rate 0.1): one of its 10 machines a day, i.e. one every 1440
    min from 05:27. A company is down below 5 of 10 healthy (until 05:27 + 5 days), degraded
    below 9 of 10 (until 05:27 + 9 days = day 10 05:27), and ok from then on: no retry storm
    on top, because a crashed machine takes no requests."""
    s = scenarios.load("crowdstrike-agent-2024")
    t = simulate(NET, s)
    companies = [sid for sid, svc in NET.services.items() if svc.self_hosted]
    hurt = [a for a in companies if t.minutes_in(a, "ok") < s.minutes]
    assert hurt
    fix, day = hm("05:27"), 1440
    for app in hurt:
        assert t.state(app, fix + 5 * day - 1) == "down"
        assert t.state(app, fix + 5 * day) == "degraded"
        assert t.recovered_at(app) == fix + 9 * day
    assert backlog_rows(t) == []
    assert t.full_recovery() == fix + 9 * day


def test_an_edge_crash_leaves_no_backlog_only_cold_caches():
    """Fastly, 8 Jun 2021 (casebook §5): the origins were healthy and 95% of the network was
    normal 49 minutes after the 09:47 onset (10:36); "afterwards, increased origin load as
    caches refilled". The replay reverts the push after 49 min: StreamFlix, behind the CDN, is
    down until 10:36, then degraded while the restarted servers refill their caches (cold = 90
    min, assumed), back at 10:36 + 90 min = 12:06, and no retry backlog piles up anywhere."""
    s = scenarios.load("fastly-config-2021")
    t = simulate(NET, s)
    assert t.state("streamflix", hm("10:35")) == "down"
    assert t.state("streamflix", hm("10:36")) == "degraded"
    assert t.recovered_at("streamflix") == hm("10:36") + s.failures[0].cold
    assert backlog_rows(t) == []


def test_callers_that_cannot_resolve_a_name_pile_up_work():
    """AWS us-east-1, 20 Oct 2025 (casebook §2): DynamoDB's record was empty 06:48-09:25; its
    callers kept running and kept trying, and after the fix EC2's DWFM went into "congestive
    collapse". In the replay the queue block (needs kv-db, hard) cannot reach it by name, and is
    overloaded by its backlog after the fix; with backoff it only drains."""
    s = scenarios.load("aws-dynamodb-dns-2025")
    storm = simulate(NET, s)
    assert "retry storm" in storm.cause("nimbus-us-east/queue", hm("09:40")).text
    assert storm.explain("nimbus-us-east/queue", hm("09:40")).root == s.failures[0]
    calm = simulate(NET, with_backoff(s))
    assert "retry storm" not in " ".join(r.cause for r in calm.rows())
    assert "still working through" in calm.cause("nimbus-us-east/queue", hm("09:40")).text
