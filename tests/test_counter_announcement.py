"""The holder's answer to a hijack: :class:`labkit.PrefixAnnouncement`, and the YouTube 2008
replay that uses it.

The record (casebook §9, Pakistan Telecom / YouTube, 2008-02-24): Pakistan Telecom announced a
/24 inside YouTube's /22 at 18:47 UTC; YouTube announced two /25s at 20:18 ("longest-prefix
wins back traffic"); PCCW withdrew the hijacked prefixes at 21:01. The stored replay
``youtube-hijack-2008`` has ``natel`` announce 10.50.0.0/24 inside StreamFlix's 10.50.0.0/22
over 18:47-21:01, and StreamFlix announce 10.50.0.0/25 from 20:18.
"""

from __future__ import annotations

import labkit
from labkit import PrefixAnnouncement, PrefixHijack, Scenario, scenarios, simulate
from labkit.checks import check_leak_stopper, lost_with_filter_at
from labkit.mechanisms.bgp import (
    Announce,
    Hijack,
    OriginValidation,
    event_sets,
    placement,
    routes,
    stretches,
)

NET = labkit.build_internet()
PLACE = placement(NET)
YOUTUBE = scenarios.load("youtube-hijack-2008")
HIJACK, REPLY = YOUTUBE.failures
STREAMFLIX_AS = 64551  # the toy AS holding 10.50.0.0/22 (placement: streamflix's own network)
NATEL = 64999


def test_the_replay_holds_the_hijack_and_the_2018_counter_announcement():
    # 18:47 and 21:01 for the hijack, 20:18 for the /25s: casebook §9's timeline
    assert (HIJACK.start_min, HIJACK.fixed_min) == (18 * 60 + 47, 21 * 60 + 1)
    assert isinstance(REPLY, PrefixAnnouncement)
    assert (REPLY.target, REPLY.start_min, REPLY.length, REPLY.never_fixed) == (
        "streamflix", 20 * 60 + 18, 25, True,
    )  # fmt: skip
    # the holder announces the first /25 of its /22: the block holding 10.50.0.1, the address
    # the service is reached at; natel's /24 is the first /24 of the same /22
    assert REPLY.event(PLACE) == Announce(STREAMFLIX_AS, "10.50.0.0/25")
    assert HIJACK.event(PLACE) == Hijack(NATEL, "10.50.0.0/24")
    info = scenarios.info("youtube-hijack-2008")
    assert info.record.times() == {"onset": "18:47", "root_cause_fixed": "21:01"}


def test_the_routing_events_in_force_change_at_2018_and_2101():
    # 18:47-20:18 the hijack alone; 20:18-21:01 both; from 21:01 (the hijack withdrawn) only
    # the /25, which StreamFlix keeps announcing to the end of the run
    spans = [(a, b, tuple(type(f).__name__ for f in on)) for a, b, on in
             stretches(list(YOUTUBE.failures), YOUTUBE.minutes)]  # fmt: skip
    assert spans == [
        (1127, 1218, ("PrefixHijack",)),
        (1218, 1261, ("PrefixHijack", "PrefixAnnouncement")),
        (1261, 1440, ("PrefixAnnouncement",)),
    ]
    hijack, reply = HIJACK.event(PLACE), REPLY.event(PLACE)
    assert event_sets(PLACE, YOUTUBE) == [[hijack], [hijack, reply], [reply]]


def test_before_2018_every_citys_isp_reaches_the_hijacker():
    # lesson 03's finding: with natel's /24 alone, 37 of the 38 networks (all but StreamFlix's
    # own) send StreamFlix's packets to natel: a /24 beats the /22 wherever it is heard, and it
    # is heard everywhere; so all 12 cities' ISPs reach the hijacker
    before = PLACE.reach("streamflix", [HIJACK.event(PLACE)])
    assert before.counts()["hijacker"] == 37 and before.counts()["origin"] == 1
    assert set(before.by_city().values()) == {"hijacker"}
    assert len(before.by_city()) == 12


def test_after_2018_every_network_that_hears_the_25_reaches_the_origin():
    # Longest-prefix match: 10.50.0.0/25 is more specific than natel's 10.50.0.0/24 (25 > 24
    # bits) and both cover 10.50.0.1, so an AS with a route for the /25 forwards on it, and
    # the next AS (which it learned the /25 from) holds the /25 too: hop by hop the packets
    # reach StreamFlix. With no filter in the toy, the /25 reaches all 38 networks, so all 38
    # reach the origin: every city's ISP.
    events = [HIJACK.event(PLACE), REPLY.event(PLACE)]
    after = PLACE.reach("streamflix", events)
    hear = routes(PLACE.graph, "10.50.0.0/25", events)
    heard = {r.asn for r in hear.rows() if r.path}
    assert len(heard) == 38
    assert after.counts()["origin"] == 38 and after.counts()["hijacker"] == 0
    assert set(after.by_city().values()) == {"origin"}
    why = after.why("isp-paris")
    assert "a /25 is more specific than the /24" in why


def test_only_the_networks_that_hear_the_25_are_won_back():
    # With RPKI at the four tier-1s only, the default ROA of 10.50.0.0/22 allows no
    # more-specifics (max length 22), so the tier-1s drop StreamFlix's own /25 as well as
    # natel's /24. Networks still hearing the /25 reach StreamFlix; those that hear only the
    # /24 (through natel's provider transit-asia, which does not validate) still go to natel.
    # Lesson 03 shows the hijack alone reaching Mumbai, Singapore, Sydney and Tokyo this way.
    events = [HIJACK.event(PLACE), REPLY.event(PLACE)]
    tier1 = OriginValidation(tuple(PLACE.graph.of_kind("tier-1")))
    after = PLACE.reach("streamflix", events, [tier1])
    hear = routes(PLACE.graph, "10.50.0.0/25", events, [tier1])
    for city, asn in PLACE.city_as.items():
        expected = "origin" if hear.route(asn).path else "hijacker"
        assert after.outcome(asn) == expected, city
    lost = {c for c, o in after.by_city().items() if o == "hijacker"}
    assert lost == {"Mumbai", "Singapore", "Sydney", "Tokyo"}


def test_streamflix_recovers_from_2018_not_2101():
    t = simulate(NET, YOUTUBE)
    without = simulate(NET, Scenario([HIJACK]))
    assert [t.state("streamflix", m) for m in ("18:46", "18:47", "20:17")] == ["ok", "down", "down"]
    # from 20:18 nobody's route is lost, and StreamFlix is ok at once: its users' retries
    # went to the hijacker, so no backlog piled up at StreamFlix (casebook §9)
    assert t.state("streamflix", "20:18") == "ok"
    assert t.recovered_at("streamflix") == REPLY.start_min  # back before PCCW's withdrawal
    # the hijack alone keeps it down until 21:01
    assert without.state("streamflix", "21:00") == "down"
    assert t.state("streamflix", "21:00") == "ok"
    hurt = sum(r.user_hours_down for r in t.impact_summary().rows)
    hurt_without = sum(r.user_hours_down for r in without.impact_summary().rows)
    assert hurt < hurt_without


def test_the_root_cause_is_the_hijack_never_the_answer():
    for order in ([HIJACK, REPLY], [REPLY, HIJACK]):
        t = simulate(NET, Scenario(order))
        assert t.explain("streamflix", "19:00").root == HIJACK
        hurt = [r for r in t.rows() if r.state != "ok"]
        assert hurt and all(t.explain(r.component, r.start).root == HIJACK for r in hurt)


def test_an_announcement_alone_hurts_nothing():
    t = simulate(NET, Scenario([PrefixAnnouncement("streamflix", "09:00", "10:00")]))
    assert all(r.state == "ok" for r in t.rows())


def test_the_default_length_is_one_more_specific_than_a_hijack():
    # a PrefixHijack announces prefix length + 2 (a /24 in the /22); the answer's default is
    # + 3 (a /25), which wins against it
    default = PrefixAnnouncement("streamflix", "20:18")
    assert default.announced(PLACE) == "10.50.0.0/25"
    assert PrefixAnnouncement("10.50.0.0/24", "20:18", length=26).announced(PLACE) == (
        "10.50.0.0/26"
    )
    t = simulate(NET, Scenario([HIJACK, default]))
    assert t.state("streamflix", "21:00") == "ok"


def test_the_filter_check_looks_at_the_worst_moment():
    # lost routes are counted at the worst moment (18:47-20:18, the hijack alone): with all
    # events at once the /25 would hide the hijack and no filter could matter
    lost = lost_with_filter_at(NET, YOUTUBE)
    alone = lost_with_filter_at(NET, Scenario([HIJACK]))
    assert lost == alone
    (stopper,) = [a for a, n in lost.items() if n == min(lost.values())]
    assert check_leak_stopper(stopper, NET, YOUTUBE).correct


def test_describe_and_catalogue():
    assert REPLY.describe() == (
        "BGP counter-announcement: the holder of streamflix announces a /25 of it (20:18–not fixed)"
    )
    kind = labkit.CATALOGUE.of(REPLY)
    assert kind is not None and kind.role == "failure" and kind.mechanism == "bgp"
    assert PrefixHijack("streamflix").describe().startswith("BGP hijack")
