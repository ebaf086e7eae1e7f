"""BGP: route selection, valley-free export, hijacks, leaks, withdrawals, RPKI and filters.

Each hand-made case draws its graph. In the drawings a line goes up from a customer to its
provider, ``===`` joins two peers, and the origin of the prefix is marked. Paths are written
from the AS to the origin, as ``route(...).path`` returns them.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit.mechanisms.bgp import (
    AS,
    ROA,
    Announce,
    ASGraph,
    Hijack,
    Leak,
    OriginValidation,
    RouteFilter,
    Withdraw,
    reach,
    routes,
    synthetic_as_graph,
    toy_as_graph,
)

P = "10.0.0.0/22"  # the victim's prefix in the hand-made cases
P24 = "10.0.1.0/24"  # a more specific one inside it
ADDR = "10.0.1.1"  # an address inside both


def make(c2p, p2p=(), holders=None, asns=()) -> ASGraph:
    """A small graph; AS1 holds P unless ``holders`` says otherwise; ``asns`` may add ASes
    without links."""
    holders = {1: P} if holders is None else holders
    ases = [AS(a, f"as{a}", prefixes=(p,)) for a, p in holders.items()]
    ases += [AS(a, f"as{a}") for a in asns if a not in holders]
    return ASGraph(ases, c2p, p2p)


def paths(r, asns) -> dict[int, tuple[int, ...]]:
    return {a: r.path(a) for a in asns}


def outcomes(r) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for row in r.rows():
        out.setdefault(row.outcome, set()).add(row.asn)
    return out


# ------------------------------------------------------------------------------------------
# Route preference
# ------------------------------------------------------------------------------------------


def test_customer_route_beats_peer_and_provider_even_when_longer():
    """
         +------ 5
         |     /
         |    4 ===== 6
         |    |       |
         |    3       |
         |    |       |
         |    2       |
         |     \\      |
         +------ 1 ---+        1: origin, a customer of 2, 5 and 6

    AS4 hears three routes: from its customer 3 (4 3 2 1, four ASes), from its peer 6
    (4 6 1, three) and from its provider 5 (4 5 1, three). The customer route wins although
    it is the longest. AS5 hears 5 1 from its customer 1 and 5 4 3 2 1 from its customer 4:
    same relationship, so the shorter wins.
    """
    g = make(c2p=[(4, 5), (3, 4), (2, 3), (1, 2), (1, 6), (1, 5)], p2p=[(4, 6)])
    r = routes(g, P)
    assert paths(r, [4, 5, 6]) == {4: (4, 3, 2, 1), 5: (5, 1), 6: (6, 1)}
    assert r.route(4).learned_from == "customer"
    assert r.route(1).learned_from == "origin"


def test_peer_route_beats_provider_route_even_when_longer():
    """
         +------ 5
         |       |
         |       4 ===== 6
         |               |
         |               2
         |               |
         +-------------- 1      1: origin, a customer of 5 and 2

    AS4 hears 4 6 2 1 from its peer 6 (four ASes) and 4 5 1 from its provider 5 (three):
    the peer route wins.
    """
    g = make(c2p=[(4, 5), (1, 5), (2, 6), (1, 2)], p2p=[(4, 6)])
    r = routes(g, P)
    assert r.route(4).path == (4, 6, 2, 1)
    assert r.route(4).learned_from == "peer"


def test_shorter_path_wins_among_routes_of_the_same_relationship():
    """
          2         3
          | \\      /|
          4  `-5--' |        5: a customer of 2 and of 3
           \\        |
            `--1----'        1: origin, a customer of 4 and of 3

    AS5 hears two provider routes: 5 2 4 1 (four ASes) and 5 3 1 (three). The shorter one
    wins even though AS2 has the lower ASN.
    """
    g = make(c2p=[(1, 3), (1, 4), (4, 2), (5, 2), (5, 3)])
    r = routes(g, P)
    assert r.route(5).path == (5, 3, 1)
    assert r.route(2).path == (2, 4, 1)


def test_tie_goes_to_the_neighbour_with_the_lowest_asn():
    """
          2 ======= 6 ======= 3       6 peers with 2 and with 3
          | \\               / |
          |  `----- 5 -----'  |      5: a customer of 3 and of 2
           \\                 /
            `------ 1 ------'        1: origin, a customer of 3 and of 2

    AS5: provider routes 5 2 1 and 5 3 1, equally long: AS2 < AS3 wins (whatever the order
    the links were listed in). AS6: peer routes 6 2 1 and 6 3 1: AS2 wins again.
    """
    g = make(c2p=[(5, 3), (5, 2), (1, 3), (1, 2)], p2p=[(6, 3), (6, 2)])
    r = routes(g, P)
    assert paths(r, [5, 6]) == {5: (5, 2, 1), 6: (6, 2, 1)}
    rev = routes(make(c2p=[(1, 2), (1, 3), (5, 2), (5, 3)], p2p=[(2, 6), (3, 6)]), P)
    assert paths(rev, [5, 6]) == {5: (5, 2, 1), 6: (6, 2, 1)}


def test_valley_free_a_peer_route_goes_only_to_customers():
    """
         9       6
         |       |
         4 ===== 3 ===== 2
                 |       |
                 5       1       1: origin

    AS2 learns 2 1 from its customer and passes it to its peer 3. AS3 learned it from a peer,
    so it passes it only to its customer 5: not to its peer 4 nor to its provider 6. AS4, AS6
    and AS9 have no route at all.
    """
    g = make(c2p=[(4, 9), (3, 6), (5, 3), (1, 2)], p2p=[(4, 3), (3, 2)])
    r = routes(g, P)
    assert paths(r, [3, 5, 4, 6, 9]) == {3: (3, 2, 1), 5: (5, 3, 2, 1), 4: (), 6: (), 9: ()}
    assert r.route(4).learned_from == "none"
    why = reach(g, ADDR).why(4)
    assert why.startswith("AS4 (AS4) has no route to 10.0.1.1: no neighbour passes it a route")


# ------------------------------------------------------------------------------------------
# Hijacks, withdrawals, leaks
# ------------------------------------------------------------------------------------------

TWO_SIDES = dict(
    c2p=[(11, 10), (12, 10), (21, 20), (22, 20), (1, 11), (9, 21)], p2p=[(10, 20), (13, 11)]
)


def test_same_prefix_hijack_wins_only_near_the_hijacker():
    """
              10 ========== 20
             /  \\          /  \\
      13 == 11   12      21    22
             |             |
             1             9
          (victim)     (hijacker: announces P too)

    AS10 hears 10 11 1 from its customer and 10 20 21 9 from its peer: the customer route
    wins, and AS12 below it follows. AS20 prefers its customer's route to the hijacker, and
    AS22 follows. The peer AS13 hears only 11's customer route to the victim.
    """
    g = make(**TWO_SIDES)
    r = reach(g, ADDR, [Hijack(9, P)])
    assert outcomes(r) == {"origin": {1, 10, 11, 12, 13}, "hijacker": {9, 20, 21, 22}}
    assert r.path(22) == (22, 20, 21, 9)
    assert r.path(12) == (12, 10, 11, 1)
    assert "upstream, AS10 (AS10) chose it, as a route learned from a customer beats one" in (
        r.why(12)
    )
    assert r.why(20) == (
        "AS20 (AS20) reaches the hijacker AS9 (AS9) via AS20 → AS21 → AS9 because a route learned "
        "from a customer beats one learned from a peer (AS10 (AS10)): customer > peer > provider"
    )


def test_more_specific_hijack_wins_everywhere_it_propagates():
    """The graph of the previous test; now AS9 announces P24, a /24 inside the victim's /22.

              10 ========== 20
             /  \\          /  \\
      13 == 11   12      21    22
             |             |
             1             9  (announces 10.0.1.0/24)

    The /24 goes up 9 → 21 → 20, across to the peer 10 and down to 11 and 12: every AS that
    hears it sends packets for 10.0.1.1 to AS9, whatever the /22's path. The victim 1 hears it
    too, but reaches its own addresses inside its network. AS13 misses the /24 (AS11 learned it
    from a provider and keeps it from its peer 13), so AS13 sends its packets along its /22
    route 13 → 11 → 1; but AS11 forwards them on its own most specific route, the /24, up to
    10 and on to the hijacker: AS13 reaches AS9 too (packets are forwarded hop by hop).
    """
    g = make(**TWO_SIDES)
    r = reach(g, ADDR, [Hijack(9, P24)])
    assert outcomes(r) == {"hijacker": {9, 10, 11, 12, 13, 20, 21, 22}, "origin": {1}}
    assert r.row(11).prefix == P24 and r.row(13).learned_from == "peer"
    assert r.path(13) == (13, 11, 10, 20, 21, 9)
    assert routes(g, P).path(13) == (13, 11, 1)  # its own route still leads to the victim
    assert r.why(12) == (
        "AS12 (AS12) reaches the hijacker AS9 (AS9) via AS12 → AS10 → AS20 → AS21 → AS9 because "
        "a /24 is more specific than the /22 (packets follow the most specific route)"
    )
    assert r.why(1) == "AS1 (as1) holds 10.0.1.1 and reaches it inside its own network"
    assert r.why(13).endswith(
        "at AS11 (AS11) longest-prefix match picks the more specific 10.0.1.0/24, learned from "
        "its provider AS10 (AS10); AS11 (AS11) does not pass the 10.0.1.0/24 on to it (it "
        "learned it from a provider, and passes such routes only to its customers)"
    )
    # the rest of the /22 is unaffected
    assert outcomes(reach(g, "10.0.2.1", [Hijack(9, P24)])) == {
        "origin": {1, 9, 10, 11, 12, 13, 20, 21, 22}
    }


def test_withdrawal_leaves_everyone_without_a_route():
    """
            3
           / \\
          1   2       1: holds P and withdraws it; 2 holds 10.9.0.0/16

    After the withdrawal no other AS has a route to P: not even the neighbours (AS1 still
    reaches its own addresses inside its network). The /24 inside it withdrawn alone leaves the
    /22 to carry the traffic.
    """
    g = make(c2p=[(1, 3), (2, 3)], holders={1: P, 2: "10.9.0.0/16"})
    r = reach(g, ADDR, [Withdraw(P)])
    assert r.counts() == {"origin": 1, "via-leak": 0, "hijacker": 0, "loop": 0, "none": 2}
    assert r.why(2) == (
        "AS2 (as2) has no route to 10.0.1.1: nobody announces a prefix covering it any more "
        "(AS1 (as1) withdrew 10.0.0.0/22)"
    )
    assert routes(g, P, [Withdraw(P, origin=1)]).route(3).path == ()
    # the other prefix is untouched
    assert reach(g, "10.9.1.1", [Withdraw(P)]).counts()["origin"] == 3
    # withdrawing a more specific falls back to the covering prefix
    both = [Announce(1, P24), Withdraw(P24)]
    assert reach(g, ADDR, both).counts()["origin"] == 3


LEAK_GRAPH = dict(c2p=[(3, 1), (4, 2), (6, 2), (5, 3), (5, 4), (7, 3)], p2p=[(1, 2)])


def test_leak_pulls_traffic_through_the_leaker():
    """
            1 ========== 2
            |          /   \\
            3         4     6      6: origin
          /   \\      /
         7      \\   /
                  5               5: the leaker, a customer of 3 and of 4

    Before: 2 → 2 6; 1 → 1 2 6 (peer); 3 → 3 1 2 6 (provider); 4 → 4 2 6; 7 → 7 3 1 2 6.
    AS5 picks 5 4 2 6 (four ASes, against 5 3 1 2 6) and leaks it to its other provider 3.
    AS3 now hears it from a customer: 3 5 4 2 6 beats its provider route, though longer.
    AS3 passes a customer route to everyone: AS1 takes 1 3 5 4 2 6 over its peer route
    1 2 6, and AS7 follows AS3. AS2, AS4 (on the leaked path) and AS5 itself are unchanged.
    """
    g = make(**LEAK_GRAPH, holders={6: P})
    before = reach(g, ADDR)
    assert before.path(7) == (7, 3, 1, 2, 6) and before.counts()["origin"] == 7
    r = reach(g, ADDR, [Leak(5)])
    assert outcomes(r) == {"via-leak": {1, 3, 7}, "origin": {2, 4, 5, 6}}
    assert paths(r, [1, 3, 7, 5]) == {
        1: (1, 3, 5, 4, 2, 6),
        3: (3, 5, 4, 2, 6),
        7: (7, 3, 5, 4, 2, 6),
        5: (5, 4, 2, 6),
    }
    assert r.why(1) == (
        "AS1 (AS1) reaches the origin AS6 (as6) through the leaker AS5 (AS5) via "
        "AS1 → AS3 → AS5 → AS4 → AS2 → AS6 because a route learned from a customer beats one "
        "learned from a peer (AS2 (AS2)), even though it is longer (6 ASes against 3): "
        "customer > peer > provider"
    )
    assert "AS5 (AS5) leaked it (a route learned from its provider AS4 (AS4)) to its provider" in (
        r.why(7)
    )
    assert routes(g, P, [Leak(5, P)]).route(3).learned_from == "customer"


def test_prefix_filter_stops_a_leak_at_the_first_filtering_provider():
    """The leak graph again.

            1 ========== 2
            |          /   \\
            3         4     6      6: origin of P (registered to AS6)
          /   \\      /
         7      \\   /
                  5               5: leaks 5 4 2 6 to AS3

    If AS3 filters, it accepts from its customer 5 only prefixes registered to AS5's customer
    cone (just AS5): P is not, so the leak dies there and nothing changes. If only AS1
    filters, AS3 (and 7 below it) still take the leak, but AS1 drops it from its customer 3
    and keeps its peer route.
    """
    g = make(**LEAK_GRAPH, holders={6: P, 5: "10.5.0.0/16"})
    r = reach(g, ADDR, [Leak(5)], [RouteFilter([3])])
    assert r.counts()["via-leak"] == 0 and r.path(7) == (7, 3, 1, 2, 6)
    r1 = reach(g, ADDR, [Leak(5)], [RouteFilter([1])])
    assert outcomes(r1)["via-leak"] == {3, 7}
    assert r1.path(1) == (1, 2, 6)
    assert "because it drops the competing route from AS3 (AS3)" in r1.why(1)
    # AS5's own prefix passes the filter
    assert reach(g, "10.5.0.1", [], [RouteFilter([3])]).path(3) == (3, 5)


def test_filter_stops_a_hijack_at_the_hijackers_provider():
    """The two-sided graph of the hijack tests; AS21 filters its customer AS9.

              10 ========== 20
             /  \\          /  \\
      13 == 11   12      21    22     21: filters
             |             |
             1             9  (hijacker)
    """
    g = make(**TWO_SIDES)
    r = reach(g, ADDR, [Hijack(9, P24)], [RouteFilter([21])])
    assert outcomes(r) == {"origin": {1, 10, 11, 12, 13, 20, 21, 22}, "hijacker": {9}}


ROV_GRAPH = dict(
    c2p=[(11, 10), (12, 10), (21, 20), (22, 20), (1, 11), (9, 21), (23, 20), (23, 21)],
    p2p=[(10, 20)],
)


def test_rov_protects_adopters_and_some_of_the_ases_behind_them():
    """
              10 ============ 20        20 validates routes (RPKI ROV)
             /  \\           / | \\
           11    12       21  |  22
           |              | \\ |
           1              9   23       1: victim (a ROA says only AS1 may originate P)
                                       9: hijacker, announces P; 23: customer of 20 and 21

    AS20 drops 20 21 9 (invalid origin) and takes the peer route 20 10 11 1. AS22, only
    behind AS20, is protected. AS23 is behind AS20 too but also behind AS21, which does not
    validate: its provider routes are 23 21 9 (three ASes) and 23 20 10 11 1 (five), so the
    hijacker still wins there. Without ROV, 20, 22 and 23 all go to the hijacker.
    """
    g = make(**ROV_GRAPH)
    plain = reach(g, ADDR, [Hijack(9, P)])
    assert outcomes(plain)["hijacker"] == {9, 20, 21, 22, 23}
    r = reach(g, ADDR, [Hijack(9, P)], [OriginValidation([20])])
    assert outcomes(r) == {"origin": {1, 10, 11, 12, 20, 22}, "hijacker": {9, 21, 23}}
    assert r.path(22) == (22, 20, 10, 11, 1)
    assert r.path(23) == (23, 21, 9)
    assert r.why(20).endswith(
        "because it drops the competing route from AS21 (AS21) (RPKI-invalid)"
    )


def test_rov_drops_more_specifics_beyond_max_length():
    """
          2          2 validates
          |
          1          1: holds P (a /22) and also announces the /24 P24 inside it

    With the default ROA (P, AS1, max length 22) the /24 is invalid even from AS1, so AS2
    drops it and follows the /22. A ROA with max length 24 makes it valid. A prefix no ROA
    covers is "unknown" and accepted.
    """
    g = make(c2p=[(1, 2)], holders={1: P})
    own = [Announce(1, P24)]
    assert routes(g, P24, own, [OriginValidation([2])]).route(2).path == ()
    assert reach(g, ADDR, own, [OriginValidation([2])]).row(2).prefix == P
    roa = ROA(P, 1, max_length=24)
    assert routes(g, P24, own, [OriginValidation([2], roas=[roa])]).route(2).path == (2, 1)
    unknown = [Announce(1, "10.99.0.0/16")]
    assert routes(g, "10.99.0.0/16", unknown, [OriginValidation([2], roas=[roa])]).route(
        2
    ).path == (2, 1)


# ------------------------------------------------------------------------------------------
# The toy internet
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def toy():
    return toy_as_graph()


def test_toy_graph_has_the_cast(toy):
    kinds = {a.name: a.kind for a in toy.ases.values()}
    assert {"nimbus", "stratus", "cirrus"} <= {n for n, k in kinds.items() if k == "cloud"}
    assert kinds["edgefast"] == "cdn" and kinds["friendbook"] == "content"
    assert len(toy.of_kind("tier-1")) == 4
    cities = toy.eyeballs()
    assert len(cities) == 12 and "São Paulo" in cities
    tier1 = toy.of_kind("tier-1")
    assert all(toy.rel(a, b) == "peer" for a in tier1 for b in tier1 if a != b)
    assert toy_as_graph().prefixes() == toy.prefixes()  # no randomness


def test_networkx_view_shows_relationships(toy):
    nxg = toy.graph
    paris, europe = toy.asn("isp-paris"), toy.asn("transit-europe")
    assert nxg[paris][europe]["rel"] == "provider"
    assert nxg[europe][paris]["rel"] == "customer"
    assert nxg.nodes[paris]["city"] == "Paris"
    assert nxg.number_of_edges() == 2 * (toy.n_c2p + toy.n_p2p)


def test_every_toy_as_reaches_every_toy_prefix(toy):
    for prefix, holders in toy.prefixes().items():
        r = reach(toy, prefix)
        assert r.counts()["origin"] == len(toy), prefix
        assert r.legit == tuple(holders)


def test_toy_replays(toy):
    # 2008: a /24 inside streamflix's /22 reaches everyone it propagates to
    yt = reach(toy, "10.50.1.7", [Hijack("natel", "10.50.1.0/24")])
    assert yt.counts()["hijacker"] > 0.8 * len(toy)
    assert set(yt.by_city().values()) == {"hijacker"}
    # ... while tier-1 route origin validation keeps most of the world away from it
    safe = reach(
        toy,
        "10.50.1.7",
        [Hijack("natel", "10.50.1.0/24")],
        [OriginValidation(toy.of_kind("tier-1"))],
    )
    assert safe.by_city()["Paris"] == "origin" and safe.by_city()["Mumbai"] == "hijacker"
    # 2019: a leak by alloyworks pulls CDN traffic of Chicago through a steel company
    leak = reach(toy, "edgefast", [Leak("alloyworks")])
    assert leak.outcome("isp-chicago") == "via-leak"
    assert 64525 in leak.path("isp-chicago")
    filtered = reach(
        toy, "edgefast", [Leak("alloyworks")], [RouteFilter(["transit-north-america"])]
    )
    assert filtered.counts()["via-leak"] == 0
    # 2021: friendbook's DNS prefix withdrawn: no city reaches its name servers
    fb = reach(toy, "198.51.100.53", [Withdraw("198.51.100.0/24")])
    assert set(fb.by_city().values()) == {"none"}
    assert reach(toy, "friendbook", [Withdraw("198.51.100.0/24")]).counts()["origin"] == len(toy)


def test_rows_are_plain_dataclasses(toy):
    rows = reach(toy, "10.50.1.7", [Hijack("natel", "10.50.1.0/24")]).rows()
    assert len(rows) == len(toy)
    paris = next(r for r in rows if r.name == "isp-paris")
    assert (paris.city, paris.outcome, paris.origin) == ("Paris", "hijacker", 64999)
    assert routes(toy, "10.50.0.0/22").rows()[0].learned_from in ("customer", "peer", "provider")


# ------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------


def test_unknown_as_names_the_field_and_suggests(toy):
    with pytest.raises(ValueError, match=r"hijacker: unknown value 'natl'\. Did you mean 'natel'"):
        reach(toy, "10.50.1.7", [Hijack("natl", "10.50.1.0/24")])
    with pytest.raises(ValueError, match=r"adopters: unknown value 64599\. Did you mean AS"):
        reach(toy, "10.50.1.7", [], [OriginValidation([64599])])
    with pytest.raises(ValueError, match=r"destination: unknown value 'isp-pariss'.*'isp-paris'"):
        reach(toy, "isp-pariss")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("10.50.0.1/22", r"prefix: got '10.50.0.1/22', which is not a prefix .*'10.50.0.0/22'"),
        ("10.50.0.0/33", r"prefix: got '10.50.0.0/33', which is not a prefix; allowed"),
        (22, r"prefix: got 22; allowed: a prefix like"),
    ],
)
def test_malformed_prefix(bad, message):
    with pytest.raises(ValueError, match=message):
        Hijack("natel", bad)


def test_leaker_must_have_a_route_learned_from_a_provider_or_peer(toy):
    gone = Withdraw("10.50.0.0/22")
    with pytest.raises(ValueError, match=r"leaker: AS64525 \(alloyworks\) has no route for it"):
        routes(toy, "10.50.0.0/22", [gone, Leak("alloyworks", "10.50.0.0/22")])
    with pytest.raises(ValueError, match="learned it from a customer.*allowed: an AS whose route"):
        routes(toy, "10.50.0.0/22", [Leak("transit-europe")])
    with pytest.raises(ValueError, match="originates it itself"):
        routes(toy, "10.50.0.0/22", [Leak("streamflix")])


def test_other_bad_input(toy):
    with pytest.raises(ValueError, match="hijacker: AS64551 \\(streamflix\\) holds"):
        reach(toy, "10.50.1.7", [Hijack("streamflix", "10.50.1.0/24")])
    with pytest.raises(ValueError, match="prefix: 10.9.9.0/24 is not announced by anyone"):
        reach(toy, "10.50.1.7", [Withdraw("10.9.9.0/24")])
    with pytest.raises(ValueError, match="destination: 8.8.8.0/24 is not inside any registered"):
        reach(toy, "8.8.8.0/24")
    with pytest.raises(ValueError, match="prefix: nobody holds or announces 10.50.4.0/22"):
        routes(toy, "10.50.4.0/22")
    with pytest.raises(ValueError, match="mitigations: got 'rpki'"):
        reach(toy, "10.50.1.7", [], ["rpki"])
    with pytest.raises(ValueError, match="events: got 'leak'"):
        reach(toy, "10.50.1.7", ["leak"])
    with pytest.raises(ValueError, match="max_length: got 20; allowed: a whole number from 22"):
        ROA("10.50.0.0/22", 64551, max_length=20)
    with pytest.raises(ValueError, match="kind: unknown value 'tier1'.*'tier-1'"):
        toy.of_kind("tier1")
    with pytest.raises(ValueError, match="n: got 5; allowed: a whole number from 10"):
        synthetic_as_graph(5)


def test_bad_graphs():
    with pytest.raises(ValueError, match=r"c2p: .*circle \(AS1 → AS2 → AS3 → AS1\)"):
        ASGraph(c2p=[(1, 2), (2, 3), (3, 1)])
    with pytest.raises(ValueError, match="p2p: the link AS2–AS1 is listed twice \\(also in c2p\\)"):
        ASGraph(c2p=[(1, 2)], p2p=[(2, 1)])
    with pytest.raises(ValueError, match="c2p: got a link from AS4 to itself"):
        ASGraph(c2p=[(4, 4)])
    with pytest.raises(ValueError, match="asn: got -3; allowed: a whole number > 0"):
        AS(-3, "x")
    with pytest.raises(ValueError, match="ases: the name 'x' is used by AS1 and AS2"):
        ASGraph([AS(1, "x"), AS(2, "x")])


# ------------------------------------------------------------------------------------------
# Internet-sized graphs
# ------------------------------------------------------------------------------------------


def test_synthetic_graph_is_deterministic_and_internet_shaped():
    a, b = synthetic_as_graph(1500, seed=7), synthetic_as_graph(1500, seed=7)
    assert a.prefixes() == b.prefixes()
    assert sorted(a.graph.edges(data="rel")) == sorted(b.graph.edges(data="rel"))
    assert sorted(synthetic_as_graph(1500, seed=8).ases) != sorted(a.ases)
    stubs = a.of_kind("stub")
    assert 0.8 < len(stubs) / len(a) < 0.9
    assert 15 <= len(a.of_kind("tier-1")) <= 20
    multi = sum(len(a.providers(s)) > 1 for s in stubs)
    assert multi / len(stubs) > 0.5
    customers = sorted((len(a.customers(t)) for t in a.of_kind("transit")), reverse=True)
    assert customers[0] > 10 * customers[len(customers) // 2]  # a few big, most small


@pytest.mark.parametrize("seed", [0, 1])
def test_synthetic_graph_is_valley_free_connected(seed):
    g = synthetic_as_graph(2000, seed=seed)
    for t1 in g.of_kind("tier-1")[:3]:
        r = routes(g, g.ases[t1].prefixes[0])
        assert r.origins() == {t1: len(g)}
    stub = g.of_kind("stub")[0]
    assert reach(g, g.ases[stub].prefixes[0]).counts()["origin"] == len(g)


# ------------------------------------------------------------------------------------------
# The three phases against a brute-force fixpoint
# ------------------------------------------------------------------------------------------

RANK = {"customer": 1, "peer": 2, "provider": 3}


def fixpoint(g, origins, leaker=None, rov=(), bad=(), filt=(), allowed=()):
    """Every AS repeatedly picks its best offered route (relationship, length, neighbour ASN)
    until nothing changes. Offers follow the export rules; loops, RPKI-invalid origins at
    adopters and unregistered prefixes at filtering ASes are refused.

    A leaker keeps the route it had before the leak and passes it to everyone. (Left free,
    it could end up in a different stable state: its other provider, taking the leak as a
    customer route, would stop offering the route the leak was made of.)"""
    best = {o: (0, (o,)) for o in origins}
    if leaker is not None:
        before = _fixpoint(g, best, None, rov, bad, filt, allowed)
        if leaker in before:
            best[leaker] = before[leaker]
    best = _fixpoint(g, best, leaker, rov, bad, filt, allowed)
    return {a: best[a][1] if a in best else () for a in g.ases}


def _fixpoint(g, fixed, leaker, rov, bad, filt, allowed):
    best = dict(fixed)
    changed = True
    while changed:
        changed = False
        for x in sorted(g.ases):
            if x in fixed:
                continue
            offers = []
            for nbr in g.customers(x) + g.peers(x) + g.providers(x):
                if nbr not in best:
                    continue
                cls, path = best[nbr]
                rel = g.rel(x, nbr)
                if not (cls <= 1 or nbr == leaker or rel == "provider"):
                    continue
                if x in path or (x in rov and path[-1] in bad):
                    continue
                if x in filt and rel != "provider" and nbr not in allowed:
                    continue
                offers.append(((RANK[rel], len(path) + 1, nbr), (RANK[rel], (x, *path))))
            new = min(offers)[1] if offers else None
            if new != best.get(x):
                changed = True
                if new is None:
                    del best[x]
                else:
                    best[x] = new
    return best


@st.composite
def scenarios(draw):
    n = draw(st.integers(3, 16))
    asns = draw(st.permutations(list(range(1, n + 1))))  # position = place in the hierarchy
    c2p, p2p = [], []
    for i in range(n):
        for j in range(i + 1, n):
            kind = draw(st.sampled_from(["none", "none", "c2p", "p2p"]))
            if kind == "c2p":
                c2p.append((asns[j], asns[i]))  # later positions are customers
            elif kind == "p2p":
                p2p.append((asns[i], asns[j]))
    g = make(c2p, p2p, holders={asns[-1]: P}, asns=asns)
    victim = asns[-1]
    others = [a for a in asns if a != victim]
    hijacker = draw(st.one_of(st.none(), st.sampled_from(others)))
    rov = draw(st.sets(st.sampled_from(asns)))
    filt = draw(st.sets(st.sampled_from(asns)))
    leak = draw(st.booleans())
    return g, victim, hijacker, rov, filt, leak


SETTINGS = settings(
    max_examples=int(os.environ.get("OUTAGE_LAB_EXAMPLES") or 150),
    derandomize=os.environ.get("OUTAGE_LAB_EXAMPLES") is None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(scenarios())
def test_three_phases_equal_the_brute_force_fixpoint(case):
    g, victim, hijacker, rov, filt, leak = case
    events = [Hijack(hijacker, P)] if hijacker else []
    mitigations = [OriginValidation(sorted(rov)), RouteFilter(sorted(filt))]
    allowed = {victim} | {a for a in g.ases if victim in g.customer_cone(a)}
    origins = {victim} | ({hijacker} if hijacker else set())
    kw = dict(rov=rov, bad={hijacker}, filt=filt, allowed=allowed)
    base = routes(g, P, events, mitigations)
    assert {a: base.route(a).path for a in g.ases} == fixpoint(g, origins, **kw)
    if leak:
        leakers = [r.asn for r in base.rows() if r.learned_from in ("peer", "provider")]
        if leakers:
            leaker = leakers[len(leakers) // 2]
            r = routes(g, P, [*events, Leak(leaker)], mitigations)
            assert {a: r.route(a).path for a in g.ases} == fixpoint(g, origins, leaker=leaker, **kw)
