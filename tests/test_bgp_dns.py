"""Where BGP meets DNS: name servers and resolvers sit in ASes, and a resolver whose route to a
provider's name servers is lost answers SERVFAIL once its cached answer expires.

Every expected outcome is worked out by hand in the comments (a drawn graph, Gao–Rexford), or
derived from a quoted casebook line (``/work/shared/casebook/outages.md``) or RFC.
"""

from __future__ import annotations

import pytest
from worlds import hm

import labkit
from labkit import scenarios
from labkit.mechanisms.bgp import AS, ASGraph, Withdraw, reach
from labkit.mechanisms.dns import (
    DNSPlacement,
    DNSProvider,
    DNSWorld,
    Record,
    Resolver,
    RouteToServersLost,
    dns_placement,
    lost_routes_to_servers,
    resolve_timeline,
    routes_lost,
    toy_dns,
)
from labkit.replay import compare

NET = labkit.build_internet()


# ---- a drawn graph: an anycast DNS provider loses one of its two sites --------------------------
#
#                 T (AS1, tier-1)
#               /       |        \          "/" and "|": customer below, provider above
#      DE (AS10)     E1 (AS21)    E2 (AS22)
#   dns-east site       |
#                    (peer)                 "(peer)": settlement-free, E1 -- DW
#                       |
#                   DW (AS11)
#                dns-west site
#
# Both DNS sites announce the anycast prefix 10.9.0.0/24 (name servers of "anycast-dns").
# Resolver r1 sends from E1, r2 from E2. The name a.example (TTL 300 s) is on anycast-dns.
#
# Before: DE exports its prefix to its provider T; T (customer route) exports it to everyone:
# E1 and E2 hear [1, 10] from their provider. DW exports its prefix to its peer E1 only
# (it has no provider). E1 holds [11] (peer) and [1, 10] (provider): Gao–Rexford prefers the
# peer route, so E1 goes to DW. A route E1 learned from a peer goes only to E1's customers
# (none), never up to T, so T and E2 never hear of DW: E2 goes to DE via T.
#
# Withdraw 10.9.0.0/24 at DE (origin AS10 only): T loses its only route, so does E2 (nothing
# left to hear); E1 keeps [11] via the peer. Expected per AS: T none, E2 none, E1 origin DW,
# so r2 loses the way to the name servers and r1 does not.
GRAPH = ASGraph(
    [
        AS(1, "t", "tier-1"),
        AS(10, "dns-east", "content", None, ("10.9.0.0/24",)),
        AS(11, "dns-west", "content", None, ("10.9.0.0/24",)),
        AS(21, "e1", "eyeball", "East", ("10.21.0.0/16",)),
        AS(22, "e2", "eyeball", "West", ("10.22.0.0/16",)),
    ],
    [("dns-east", "t"), ("e1", "t"), ("e2", "t")],
    [("e1", "dns-west")],
)
SMALL = DNSWorld(
    [DNSProvider("anycast-dns")],
    [Record("a.example", "anycast-dns", ttl=300)],
    [Resolver("r1", (("East", 1000),)), Resolver("r2", (("West", 1000),))],
)
WHERE = DNSPlacement(GRAPH, SMALL, {"anycast-dns": "10.9.0.0/24"}, {"r1": "e1", "r2": "e2"})


def test_drawn_graph_routes_per_as_as_worked_out_above():
    before = reach(GRAPH, "10.9.0.1")
    # paths read as names with numbers: e1 is AS21, dns-west AS11, e2 AS22, t AS1, dns-east AS10
    assert "via e1 (AS21) → dns-west (AS11)" in before.why("e1")  # peer beats provider
    assert "via e2 (AS22) → t (AS1) → dns-east (AS10)" in before.why("e2")  # E2 never hears of DW
    after = reach(GRAPH, "10.9.0.1", [Withdraw("10.9.0.0/24", origin="dns-east")])
    expected = {"t": "none", "e2": "none", "e1": "origin", "dns-west": "origin"}
    assert {a: after.outcome(a) for a in expected} == expected
    assert "via e1 (AS21) → dns-west (AS11)" in after.why("e1")


def test_drawn_graph_only_the_resolver_that_loses_the_route_loses_the_name():
    lost = lost_routes_to_servers(WHERE, [Withdraw("10.9.0.0/24", origin="dns-east")])
    assert list(lost) == ["anycast-dns"] and list(lost["anycast-dns"]) == ["r2"]
    assert "no route" in lost["anycast-dns"]["r2"]
    # before the withdrawal nobody loses it (E1 via DW, E2 via T to DE)
    assert lost_routes_to_servers(WHERE, []) == {}


def test_drawn_graph_cached_answers_last_until_their_ttl():
    """r2 fetched a.example at 00:02:00 (offset 120 s) and every 300 s since: the last fetch
    before the withdrawal at 10:00 (36 000 s) is at 120 + 300 × 119 = 35 820 s = 09:57:00, so
    its answer lasts until 10:02:00 (TTL 300 s, RFC 1034). r2 still resolves at 10:00 and 10:01
    from its cache, fails (SERVFAIL) from 10:02, and has the name back at 11:00, when the route
    returns (a failed fetch is tried again at the next whole minute: SERVFAIL is cached under a
    minute, within RFC 2308 §7.1's five-minute cap). r1 keeps its route: always answers."""
    (why,) = lost_routes_to_servers(WHERE, [Withdraw("10.9.0.0/24", origin="dns-east")])[
        "anycast-dns"
    ].values()
    cut = RouteToServersLost("anycast-dns", "10:00", "11:00", resolvers=["r2"], why=why)
    day = resolve_timeline(SMALL, [cut], offsets={("r2", "a.example"): 120})
    got = {m: day.status("r2", "a.example", m) for m in ("09:59", "10:00", "10:01", "10:02",
                                                          "10:59", "11:00")}  # fmt: skip
    assert got == {"09:59": "answer", "10:00": "answer", "10:01": "answer", "10:02": "fail",
                   "10:59": "fail", "11:00": "answer"}  # fmt: skip
    assert "SERVFAIL" in day.reason("r2", "a.example", "10:30")
    assert "no route" in day.reason("r2", "a.example", "10:30")
    assert {day.status("r1", "a.example", m) for m in range(day.minutes)} == {"answer"}
    # users: half of them (r2's 1000 of 2000) lose the name
    assert day.share_resolving("a.example", "10:30") == 0.5


def test_serve_stale_rides_out_a_lost_route():
    """RFC 8767: while the name servers cannot be reached, an expired answer may be served; a
    lost route is exactly that case, so r2 keeps answering (stale) through the hour."""
    cut = RouteToServersLost("anycast-dns", "10:00", "11:00", resolvers=["r2"])
    day = resolve_timeline(SMALL, [cut], offsets={("r2", "a.example"): 120}, serve_stale=True)
    assert day.status("r2", "a.example", "10:30") == "stale"


def test_the_toy_placement():
    where = dns_placement(NET)
    # streamflix runs its own DNS at its network's second prefix; the other providers have no
    # prefix of their own in the toy graph
    assert where.servers == {"streamflix-dns": "10.50.4.0/24"}
    assert toy_dns(NET).records["streamflix.example"].provider == "streamflix-dns"
    assert where.resolvers["isp-paris"] == 64605  # the Paris eyeball ISP (toy graph)
    assert where.resolvers["nimbus-internal"] == 64530  # inside nimbus
    assert set(where.resolvers) == set(toy_dns(NET).resolvers)


# ---- the Facebook replay (casebook §4) -----------------------------------------------------------
FB = scenarios.load("facebook-withdrawal-2021")


def test_facebook_replay_is_a_backbone_cut_that_withdraws_the_dns_prefix():
    # §4: "a command … unintentionally took down all connections in the backbone"; "Start |
    # … about 15:39–15:40 UTC"; the return "≈21:30–22:30 UTC" (the replay takes 21:30)
    (cut,) = FB.failures
    assert isinstance(cut, labkit.BackboneCut)
    assert (cut.network, cut.start_min, cut.fixed_min) == ("streamflix", hm("15:40"), hm("21:30"))
    # "the authoritative DNS servers … withdraw their BGP anycast advertisements": the DNS
    # prefix (StreamFlix's second, 10.50.4.0/24), not the app's own 10.50.0.0/22
    place = labkit.mechanisms.bgp.placement(NET)
    assert cut.event(place) == Withdraw("10.50.4.0/24")


def test_facebook_replay_every_resolver_loses_the_names_within_one_ttl():
    """A withdrawal leaves no route anywhere but inside StreamFlix's own AS, and no resolver
    sits there: all 17 resolvers lose the way to streamflix-dns from 15:40. Each still has a
    cached answer fetched at most 300 s (streamflix.example's TTL) earlier, so each loses the
    name between 15:40 and 15:45 (§4: Cloudflare's incident at 15:51 was 'Facebook DNS lookup
    returning SERVFAIL'), and has it back at 21:30, the minute the route returns."""
    lost = routes_lost(NET, FB, FB.options())
    assert sorted(r for e in lost for r in e.resolvers) == sorted(toy_dns(NET).resolvers)
    day = resolve_timeline(toy_dns(NET), lost)
    found = day.findings("streamflix.example")
    assert len(found.hit) == 17
    assert hm("15:40") <= found.first_lost and found.last_lost <= hm("15:45")
    assert found.all_back == hm("21:30")
    assert "SERVFAIL" in day.reason("isp-paris", "streamflix.example", "16:00")


def test_facebook_replay_order_of_failure():
    """First the backbone: the data centres are cut off at 15:40, so the app fails at once for
    users who still resolve it; then SERVFAIL spreads as caches expire (by 15:45); from then on
    users cannot even find the app. Up 15:39, back 21:30."""
    t = labkit.simulate(NET, FB)
    assert t.state("streamflix", "15:39") == "ok"
    assert t.state("streamflix", "15:40") == "down"
    assert "data centres are cut off" in t.cause("streamflix", "15:40").text
    assert "SERVFAIL" in t.cause("streamflix", "16:00").text
    assert t.state("streamflix", "21:29") == "down" and t.state("streamflix", "21:30") == "ok"


def test_facebook_replay_explain_names_the_real_mechanism():
    """§4 dependency chain: "Backbone down → DNS servers' health checks fail → BGP withdrawal
    of DNS prefixes → resolvers worldwide get SERVFAIL → all FB apps … down"."""
    e = labkit.simulate(NET, FB).explain("streamflix", "16:00")
    text = str(e)
    assert isinstance(e.root, labkit.BackboneCut)  # the chain ends at the backbone cut
    for link in ("backbone cut at streamflix", "withdrew 10.50.4.0/24", "SERVFAIL",
                 "cannot reach it"):  # fmt: skip
        assert link in text, link


def test_facebook_replay_against_the_record():
    """§4: onset about 15:39–15:40; "No separate 'root-cause fix vs long tail' is published";
    the end was "≈21:30–22:30 UTC, depending on the service": no fix, so no tail ratio."""
    t = labkit.simulate(NET, FB)
    c = compare(t, scenarios.info("facebook-withdrawal-2021").record)
    assert c.model_onset == hm("15:40")
    assert hm("21:30") <= c.model_full_recovery <= hm("22:30")
    assert c.tail_ratio is None


def test_a_hijack_of_the_dns_prefix_cuts_off_the_resolvers_behind_the_hijacker():
    """A more-specific of 10.50.4.0/24 announced by natel wins wherever it is heard (longest
    prefix); resolvers whose packets go to natel answer SERVFAIL for streamflix.example."""
    hijack = labkit.PrefixHijack("10.50.4.0/24", "10:00", "11:00")
    s = labkit.Scenario([hijack])
    lost = routes_lost(NET, s, s.options())
    assert lost and all(e.behind == hijack for e in lost)
    assert all("hijacker" in e.why for e in lost)
    t = labkit.simulate(NET, s)
    assert t.state("streamflix", "10:30") != "ok" and t.state("streamflix", "11:30") == "ok"


@pytest.mark.parametrize("name", ["youtube-hijack-2008", "verizon-leak-2019"])
def test_the_other_bgp_replays_touch_no_name_server(name):
    """The hijacked /24 (10.50.0.0/24) and the leaked routes do not cover 10.50.4.0/24: DNS
    stays out of these replays."""
    s = scenarios.load(name)
    assert routes_lost(NET, s, s.options()) == []
