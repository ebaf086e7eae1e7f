"""Results own their findings: DNSTimeline.findings, ImpactSummary.training_minutes_lost and
Placement.reach, checked against values worked out by hand from the failure and the records."""

from __future__ import annotations

import pytest

import labkit
from labkit import RegionOutage, Scenario, scenarios, simulate
from labkit.checks import all_back_at
from labkit.clock import parse_time
from labkit.mechanisms import bgp
from labkit.mechanisms.bgp import placement
from labkit.mechanisms.dns import (
    AuthoritativeOutage,
    DNSFindings,
    RecordEmpty,
    resolve_timeline,
    toy_dns,
)

NET = labkit.build_internet()
NAME = "db.us-east.nimbus"
WORLD = toy_dns()


@pytest.fixture(scope="module")
def emptied():
    """The record is emptied at 06:48 and fixed at 09:25 (the AWS DynamoDB outage of 2025)."""
    tl = resolve_timeline(WORLD, [RecordEmpty(NAME, "06:48", "09:25")])
    return tl, tl.findings(NAME)


def _scan(tl, name):
    """Per resolver, the minutes without the right address, read minute by minute."""
    minutes = range(tl.minutes)
    return {r: [m for m in minutes if not tl.resolvable(r, name, m)] for r in tl.world.resolvers}


def test_the_inputs_the_bounds_below_rest_on():
    assert WORLD.records[NAME].ttl == 60  # seconds: a cached answer lives at most one minute
    assert WORLD.records[NAME].provider == "nimbus-dns"
    assert WORLD.providers["nimbus-dns"].negative_ttl == 900  # a cached NODATA lives 15 min


def test_an_emptied_record_is_lost_within_one_ttl_and_back_within_the_negative_ttl(emptied):
    _, found = emptied
    start, fix = parse_time("t", "06:48"), parse_time("t", "09:25")  # 408, 565
    assert isinstance(found, DNSFindings) and found.name == NAME
    # nobody loses it before it is emptied; every cached answer (TTL 60 s) is gone a minute on
    assert start <= found.first_lost <= found.last_lost <= start + 1
    assert found.all_lost == found.last_lost  # nobody gets it back before the fix
    assert found.spread == found.last_lost - found.first_lost
    assert found.fixed == fix
    # RFC 2308: a resolver keeps the cached "no such data" for the negative TTL (900 s) after
    # the fix at worst, then needs one fetch (TTL 60 s): back by fix + 15 + 1 minutes
    assert fix < found.all_back <= fix + (900 + 60) // 60
    assert found.linger == found.all_back - fix
    # every resolver looks the name up, so every resolver and all their users are hit
    assert set(found.hit) == set(WORLD.resolvers) and found.resolvers == len(WORLD.resolvers)
    assert found.users_hit == sum(r.total_users for r in WORLD.resolvers.values())
    assert found.stale == ()


def test_emptied_record_findings_match_a_minute_by_minute_scan(emptied):
    tl, found = emptied
    lost = _scan(tl, NAME)
    every = set.intersection(*(set(ms) for ms in lost.values()))
    assert found.first_lost == min(ms[0] for ms in lost.values())
    assert found.last_lost == max(ms[0] for ms in lost.values())
    assert found.all_lost == min(every)
    assert found.all_back == max(ms[-1] for ms in lost.values()) + 1
    assert found.resolver_minutes_lost == sum(len(ms) for ms in lost.values())
    assert dict(found.back_at) == {r: ms[-1] + 1 for r, ms in lost.items()}
    assert [m for _, m in found.back_at] == sorted(m for _, m in found.back_at)
    firsts = [lost[r][0] for r in found.order]
    assert firsts == sorted(firsts)
    assert found.problem_span == (found.first_lost, found.all_back)  # no stale answers here
    assert all_back_at(WORLD, [RecordEmpty(NAME, "06:48", "09:25")], NAME) == found.all_back


def test_findings_in_words(emptied):
    _, found = emptied
    text = str(found)
    assert text.startswith(found.headline[0].upper() + found.headline[1:])
    assert f"{len(found.hit)} of {found.resolvers} resolvers lose {NAME}" in found.headline
    assert f"back {found.linger} min after the fix" in found.headline
    for m in (found.first_lost, found.all_lost, found.fixed, found.all_back):
        assert labkit.fmt_time(m) in text


def test_a_quiet_run_finds_nothing():
    found = resolve_timeline(WORLD).findings(NAME)
    assert found.hit == () and found.users_hit == 0 and found.resolver_minutes_lost == 0
    assert (found.first_lost, found.all_lost, found.fixed, found.all_back) == (None,) * 4
    assert found.linger is None and found.spread is None and found.problem_span is None
    assert found.order == tuple(sorted(WORLD.resolvers))
    assert found.headline == f"every resolver still answers for {NAME}"


def test_serve_stale_hits_nobody_but_says_who_served_stale():
    outage = [AuthoritativeOutage("quickdns", "11:00", "12:00")]
    found = resolve_timeline(WORLD, outage, serve_stale=True).findings("shopfast.example")
    assert found.hit == () and found.stale  # answers kept coming, some of them stale
    assert found.headline.endswith(f"({len(found.stale)} served stale answers)")
    start, end = found.problem_span
    assert parse_time("t", "11:00") <= start < end  # trouble only once quickdns is down


def test_a_record_never_fixed_is_not_back_by_the_end():
    found = resolve_timeline(WORLD, [RecordEmpty(NAME, "06:48")]).findings(NAME)
    assert found.fixed is None and found.linger is None
    assert found.all_back == found.minutes == 24 * 60
    assert "not back everywhere" in str(found) and "after the fix" not in found.headline


def test_findings_of_an_unknown_name():
    with pytest.raises(ValueError, match="nosuch.example"):
        resolve_timeline(WORLD).findings("nosuch.example")


def test_impact_summary_carries_the_training_lost_without_printing_it():
    """An AI app going down at 08:05 (minute 485) with 6-hourly checkpoints loses
    485 mod 360 = 125 minutes of training: the summary's total is 125 per AI app down."""
    main = NET.main_region()
    day = simulate(NET, Scenario([RegionOutage(main, "08:05", "11:00")]))
    first = {
        a.id: next(r.start for r in day.rows(a.id) if r.state == "down")
        for a in NET.apps("AI")
        if day.minutes_in(a.id, "down")
    }
    assert first and set(first.values()) == {485}
    summary = day.impact_summary()
    assert summary.training_minutes_lost == 125 * len(first)
    assert "training" not in str(summary)
    assert simulate(NET, Scenario()).impact_summary().training_minutes_lost == 0


def test_placement_reach_is_the_data_plane_for_the_services_first_address():
    place = placement(NET)
    assert place.prefix["streamflix"] == "10.50.0.0/22"  # so it is reached at 10.50.0.1
    by_hand = bgp.reach(place.graph, "10.50.0.1")
    assert place.reach("streamflix").rows() == by_hand.rows()
    # a /24 inside StreamFlix's /22 is more specific: Paris's ISP follows it to the hijacker
    stolen = place.reach("streamflix", [bgp.Hijack("natel", "10.50.0.0/24")])
    assert stolen.outcome("isp-paris") == "hijacker"
    assert stolen.outcome("streamflix") == "origin"
    # with origin validation everywhere, the hijacked /24 is dropped
    safe = place.reach(
        "streamflix",
        [bgp.Hijack("natel", "10.50.0.0/24")],
        [bgp.OriginValidation(tuple(place.graph.ases))],
    )
    assert safe.outcome("isp-paris") == "origin"


def test_placement_reach_is_the_same_for_services_sharing_a_region():
    place = placement(NET)
    assert place.prefix["signonce"] == place.prefix["coinpurse"] == "10.100.0.0/20"
    assert place.reach("signonce").rows() == place.reach("coinpurse").rows()


def test_placement_reach_of_an_unknown_service():
    with pytest.raises(ValueError, match=r"^service: unknown value 'nosuch'"):
        placement(NET).reach("nosuch")


def test_the_lesson_scenarios_lose_routes_through_placement_reach():
    place = placement(NET)
    hijack = scenarios.load("youtube-hijack-2008").failures[0].event(place)
    lost = bgp.lost_routes(place, [hijack], [])
    vantages = sorted(set(place.city_as.values()) | set(place.service_as.values()))
    stolen = place.reach("streamflix", [hijack])
    assert lost >= sum(bgp.lost_route(stolen.outcome(a)) for a in vantages) > 0
