"""BGP data plane: packets are forwarded hop by hop, by longest-prefix match at every AS.

Route selection (the control plane) gives each AS one best route per prefix. Where a packet
ends is decided on the way: every AS it enters looks the destination up in *its own* routes
and sends it along the most specific one. So an AS whose own route leads to the victim may
still deliver to a hijacker, if an AS further on holds a more specific route; and a packet that
enters the victim's network on its way somewhere else is delivered there.

Each case draws its graph. A line goes up from a customer to its provider, ``===`` joins two
peers. Paths are written from the AS on, as ``path(...)`` returns them. Expected values are
derived in the text from the Gao–Rexford rules: a route learned from a customer beats one
from a peer, which beats one from a provider; then the shorter AS path; then the lower
neighbour ASN. Routes learned from a customer (and one's own prefixes) go to everyone, routes
learned from a peer or a provider only to customers.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit.mechanisms.bgp import (
    AS,
    Announce,
    ASGraph,
    Hijack,
    Leak,
    OriginValidation,
    RouteFilter,
    forward,
    reach,
    routes,
)


def outcomes(r) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for row in r.rows():
        out.setdefault(row.outcome, set()).add(row.asn)
    return out


# ------------------------------------------------------------------------------------------
# The counter-example: an AS whose own route leads to the victim reaches the hijacker
# ------------------------------------------------------------------------------------------

V16, H24, ADDR = "1.2.0.0/16", "1.2.3.0/24", "1.2.3.4"


def counter_example() -> ASGraph:
    ases = [AS(777, "victim", prefixes=(V16,)), AS(666, "hijacker")]
    ases += [AS(a, f"as{a}") for a in (1, 8, 10, 11, 12)]
    return ASGraph(ases, [(777, 10), (10, 12), (10, 11), (11, 8), (8, 1), (666, 1)])


def test_an_as_on_the_victims_route_can_forward_to_the_hijacker():
    """
                       1
                      / \\
                     8   666      666: announces 1.2.3.0/24 (a sub-prefix hijack)
                     |
           12       11
             \\      /
               10
               |
              777                 777: holds 1.2.0.0/16

    The /16, from 777: up the customer→provider links 777 → 10 → {11, 12}, 11 → 8 → 1, then
    down to 666. Every AS has a /16 route, and AS12's is 12 → 10 → 777 (learned from its
    customer 10).

    The /24, from 666: up to its provider 1 (a customer route), then down: 1 → 8 → 11 → 10
    → 777; each of them learned it from a provider. AS10 passes a route learned from a
    provider only to its customers (777), never to its provider 12: AS12 has no /24 route.

    Packets from AS12 for 1.2.3.4: AS12 has only the /16 and sends them to 10. AS10 has a
    route for the /24 (more specific than the /16) and sends them up to 11, then 8, 1 and
    666: AS12 reaches the hijacker, although its own route ends at the victim. Every other
    AS except the victim follows its own /24 route to 666; the victim 777 delivers inside its
    own network.
    """
    g = counter_example()
    r = reach(g, ADDR, [Hijack(666, H24)])
    assert routes(g, V16).path(12) == (12, 10, 777)  # the control plane: unchanged
    assert routes(g, H24, [Hijack(666, H24)]).path(12) == ()
    assert r.outcome(12) == "hijacker"
    assert r.path(12) == (12, 10, 11, 8, 1, 666)
    assert r.row(12).learned_from == "customer"  # where AS12 learned the route it uses
    assert r.row(12).prefix == H24  # the route that takes the packets to their end
    assert r.row(12).origin == 666
    assert outcomes(r) == {"hijacker": {1, 8, 10, 11, 12, 666}, "origin": {777}}
    assert r.why(12) == (
        "AS12 (as12) reaches the hijacker AS666 (hijacker) via AS12 → AS10 → AS11 → AS8 → AS1 → "
        "hijacker (AS666) because its own route, for 1.2.0.0/16, is AS12 → AS10 → victim "
        "(AS777), but at AS10 (as10) "
        "longest-prefix match picks the more specific 1.2.3.0/24, learned from its provider "
        "AS11 (as11); AS10 (as10) does not pass the 1.2.3.0/24 on to it (it learned it from a "
        "provider, and passes such routes only to its customers)"
    )
    # addresses of the /16 outside the /24 are not hijacked: AS12 reaches the victim
    other = reach(g, "1.2.9.9", [Hijack(666, H24)])
    assert other.path(12) == (12, 10, 777) and other.counts()["origin"] == len(g)


def test_the_victim_fighting_back_with_the_same_more_specific():
    """The counter-example's graph; the victim 777 announces 1.2.3.0/24 too.

    The /24 now has two origins. AS10 hears 10 777 from its customer and 10 11 8 1 666 from
    its provider: the customer route wins, and AS10 passes it to everyone, so AS12 learns
    12 10 777 for the /24 too. AS11 hears 11 10 777 from its customer and 11 8 1 666 from its
    provider: customer wins. AS8 hears 8 11 10 777 from its customer 11 (and nothing from its
    provider 1 that beats a customer route): customer. AS1 hears 1 8 11 10 777 (four hops) and
    1 666 (one) from two customers: same class, the shorter wins, so AS1 goes to 666. 666
    originates its own. Forwarding follows each AS's own /24: 12, 10, 11 and 8 reach the
    victim; 1 and 666 the hijacker.
    """
    g = counter_example()
    r = reach(g, ADDR, [Hijack(666, H24), Announce(777, H24)])
    assert outcomes(r) == {"origin": {8, 10, 11, 12, 777}, "hijacker": {1, 666}}
    assert r.path(12) == (12, 10, 777)
    assert r.path(8) == (8, 11, 10, 777)


# ------------------------------------------------------------------------------------------
# The victim's own network delivers packets that cross it
# ------------------------------------------------------------------------------------------


def test_packets_that_enter_the_victims_network_are_delivered_there():
    """
                 3
                / \\
               1   9        1: holds 10.0.0.0/22;  9: announces 10.0.1.0/24
               |
               4
               |
               5

    The /22 from 1: up to 3 (customer route), down to 9, and down to 4 (4 1) and 5 (5 4 1).
    The /24 from 9: up to 3 (3 9), then down to 3's other customer 1 (1 3 9), and 1 passes it
    on to its customer 4 (4 1 3 9), which passes it to 5 (5 4 1 3 9). AS4's and AS5's best
    /24 routes run *through the victim* to the hijacker.

    Packets from AS5 for 10.0.1.1: AS5 forwards on its /24 to 4; AS4 forwards on its /24 to
    1; AS1 holds 10.0.1.1 and delivers the packets inside its own network (it does not send
    its own addresses out to another network). So 4 and 5 reach the origin; only 3 (whose
    /24 goes straight to 9) and 9 itself reach the hijacker.
    """
    g = ASGraph(
        [AS(1, "victim", prefixes=("10.0.0.0/22",))] + [AS(a, f"as{a}") for a in (3, 4, 5, 9)],
        [(1, 3), (9, 3), (4, 1), (5, 4)],
    )
    r = reach(g, "10.0.1.1", [Hijack(9, "10.0.1.0/24")])
    hijack = [Hijack(9, "10.0.1.0/24")]
    assert routes(g, "10.0.1.0/24", hijack).path(5) == (5, 4, 1, 3, 9)  # the control plane
    assert r.path(5) == (5, 4, 1) and r.path(4) == (4, 1)
    assert outcomes(r) == {"origin": {1, 4, 5}, "hijacker": {3, 9}}
    assert r.row(5).origin == 1 and r.row(5).prefix == "10.0.1.0/24"
    assert r.why(5) == (
        "AS5 (as5) reaches the origin AS1 (victim) via AS5 → AS4 → victim (AS1) because its own "
        "route, for 10.0.1.0/24, is AS5 → AS4 → victim (AS1) → AS3 → AS9, but it enters AS1 "
        "(victim), which holds 10.0.1.1 "
        "and delivers the packets inside its own network"
    )


# ------------------------------------------------------------------------------------------
# RPKI adopters in the middle of a path
# ------------------------------------------------------------------------------------------

P22, P24, ADDR22 = "10.0.0.0/22", "10.0.1.0/24", "10.0.1.1"


def adopter_graph() -> ASGraph:
    """
              5 ========= 6
             / \\           \\
            3   4           9     9: hijacker, announces 10.0.1.0/24
           / \\  |
          7   \\ |
               2              2: a customer of both 3 and 4
               |
               1              1: holds 10.0.0.0/22 (its ROA allows the /22 only)
    """
    ases = [AS(1, "victim", prefixes=(P22,))] + [AS(a, f"as{a}") for a in (2, 3, 4, 5, 6, 7, 9)]
    c2p = [(1, 2), (2, 3), (2, 4), (3, 5), (4, 5), (7, 3), (9, 6)]
    return ASGraph(ases, c2p, [(5, 6)])


def test_an_rpki_adopter_forwards_on_the_less_specific_into_a_non_adopter():
    """The graph of :func:`adopter_graph`; AS3 validates origins (RPKI), nobody else does.

    The /22, from 1: up 1 → 2 → {3, 4}; AS5 hears 5 3 2 1 and 5 4 2 1 from two customers,
    same length, and the tie goes to the lower neighbour: 5 3 2 1. Across the peering 6 hears
    6 5 3 2 1, and down to 9; AS7 learns 7 3 2 1 from its provider 3.

    The /24, from 9: up to 6 (6 9), across to 5 (5 6 9, a peer route), down to 5's customers
    3 and 4. AS3 validates: the only ROA for 10.0.0.0/22 names AS1 with no more-specifics, so
    the /24 from AS9 is invalid and AS3 drops it. AS4 takes it (4 5 6 9) and passes it down to
    its customer 2 (2 4 5 6 9), and 2 to 1. AS2 learned it from a provider, so it does not pass
    it up to its other provider 3: AS3 and its customer 7 have only the /22.

    Packets for 10.0.1.1: AS3, the adopter, forwards on its /22 route to 2; AS2, a non-adopter
    further on, has the /24 and forwards to 4 → 5 → 6 → 9. The adopter reaches the hijacker
    anyway, and so does its customer 7 (7 → 3 → 2 → ...).
    """
    g = adopter_graph()
    rov = [OriginValidation([3])]
    r = reach(g, ADDR22, [Hijack(9, P24)], rov)
    assert routes(g, P24, [Hijack(9, P24)], rov).path(3) == ()  # AS3 dropped the /24
    assert routes(g, P22, [Hijack(9, P24)], rov).path(3) == (3, 2, 1)
    assert r.path(3) == (3, 2, 4, 5, 6, 9)
    assert r.path(7) == (7, 3, 2, 4, 5, 6, 9)
    assert outcomes(r) == {"hijacker": {2, 3, 4, 5, 6, 7, 9}, "origin": {1}}
    assert r.why(3).endswith(
        "because its own route, for 10.0.0.0/22, is AS3 → AS2 → victim (AS1), but at AS2 (as2) "
        "longest-prefix "
        "match picks the more specific 10.0.1.0/24, learned from its provider AS4 (as4); it "
        "drops the more specific 10.0.1.0/24 (RPKI-invalid)"
    )


def test_two_adopters_in_a_row_keep_the_packets_on_the_less_specific():
    """The same graph; AS2 validates too.

    AS2 now drops the /24 it hears from its provider 4, so it keeps only the /22 (2 1) and
    passes no /24 to the victim 1 either. AS3 forwards on its /22 to 2, AS2 on its /22 to 1:
    delivered. AS7 follows 3 and is delivered too. The non-adopters that heard the /24 still
    follow it: 4 (4 5 6 9), 5 (5 6 9), 6 (6 9) and the hijacker 9.
    """
    g = adopter_graph()
    r = reach(g, ADDR22, [Hijack(9, P24)], [OriginValidation([2, 3])])
    assert r.path(7) == (7, 3, 2, 1)
    assert outcomes(r) == {"origin": {1, 2, 3, 7}, "hijacker": {4, 5, 6, 9}}


def test_a_non_adopter_forwarding_on_the_more_specific_passes_over_an_adopter():
    """The same graph; only AS4 validates.

    AS4 drops the /24 from 5, so AS2 hears no /24 from 4. But AS3, its other provider,
    learned the /24 from its provider 5 and passes it to its customers 2 and 7 (2 3 5 6 9,
    7 3 5 6 9). So the /24 goes around the adopter: AS2 forwards on the /24 to 3, 5, 6, 9.
    AS4, the adopter, forwards on its /22 to its customer 2 (4 2 1), and AS2 sends the packets
    up the /24: the adopter reaches the hijacker through a non-adopter below it.
    """
    g = adopter_graph()
    r = reach(g, ADDR22, [Hijack(9, P24)], [OriginValidation([4])])
    assert r.path(2) == (2, 3, 5, 6, 9)
    assert r.path(4) == (4, 2, 3, 5, 6, 9)
    assert outcomes(r) == {"hijacker": {2, 3, 4, 5, 6, 7, 9}, "origin": {1}}


# ------------------------------------------------------------------------------------------
# Leaks and forwarding
# ------------------------------------------------------------------------------------------


def test_a_leak_and_a_sub_prefix_hijack_together():
    r"""
              1 ======= 2
             / \        |
            5   \       4
                 \     / \
                  \   /   9
                   \ /
                    3          5: holds 10.0.0.0/22;  9: announces 10.0.1.0/24;
                               3 (a customer of 1 and of 4): leaks every route it learned
                               from a provider

    The /22 before the leak, from 5: up to 1 (1 5), across to 2 (2 1 5), down to 3 (3 1 5:
    AS3's other provider 4 offers 3 4 2 1 5, longer), to 4 (4 2 1 5) and 9 (9 4 2 1 5). AS3
    leaks 3 1 5 to its provider 4 (AS1 is on the path and refuses it). AS4 takes it as a
    customer route (4 3 1 5), which beats its provider route; AS2 hears 2 4 3 1 5 from its
    customer 4, which beats its peer route 2 1 5; AS9 follows its provider 4. So for the /22,
    2, 4 and 9 reach the victim through the leaker.

    The /24, from 9: up to 4 (4 9) and 2 (2 4 9), across to 1 (1 2 4 9), down to 3 (3 4 9,
    shorter than 3 1 2 4 9) and 5. AS3 leaks 3 4 9 to its provider 1, which takes the customer
    route 1 3 4 9 over its peer route. Every AS but the victim has a /24 route.

    For 10.0.1.1 (inside the /24) every AS but 5 follows its /24 to the hijacker: the leak
    changes only which way. For 10.0.2.1 (outside it) only the /22 counts, and the leak detour
    shows: 2, 4 and 9 reach the victim through 3.
    """
    g = ASGraph(
        [AS(5, "victim", prefixes=(P22,))] + [AS(a, f"as{a}") for a in (1, 2, 3, 4, 9)],
        [(3, 1), (3, 4), (5, 1), (4, 2), (9, 4)],
        [(1, 2)],
    )
    r = reach(g, ADDR22, [Hijack(9, P24), Leak(3)])
    assert outcomes(r) == {"hijacker": {1, 2, 3, 4, 9}, "origin": {5}}
    outside = reach(g, "10.0.2.1", [Hijack(9, P24), Leak(3)])
    assert outcomes(outside) == {"via-leak": {2, 4, 9}, "origin": {1, 3, 5}}
    assert outside.path(2) == (2, 4, 3, 1, 5)


# ------------------------------------------------------------------------------------------
# Loops and black holes
# ------------------------------------------------------------------------------------------


def test_loops_cannot_arise_so_the_detector_is_tested_on_a_hand_built_table():
    """Why valley-free routes plus longest-prefix match never loop (nor drop packets midway)
    in this model:

    1. An AS's route for a prefix p was learned from its next hop, which selected that route
       for p itself. There is no aggregation and no default route; an RPKI adopter or a
       filter drops a route *before* selecting it, so it never passes on a route it dropped.
       A leaked route's next hop is pinned to the route it had before the leak. So the next
       hop of a route for p always has a route for p: no black hole on the way.
    2. Hence the prefix an AS forwards on (its most specific) is at least as specific as the
       one the AS before it used: along a forwarding path, the prefix length never shrinks.
    3. While the prefix stays the same, the packet follows that prefix's routes, and the next
       hop's AS path is one AS shorter (it is this AS's path minus this AS).
    4. So (prefix length, minus AS-path length) grows strictly at every hop: no AS is entered
       twice. No loop.

    Real networks do loop (static default routes, aggregation, inconsistent filters during
    convergence); none of those is in this model. :func:`forward` still detects loops, on
    any forwarding table: this one, drawn as next hops, has a loop 2 → 3 → 4 → 2, a tail
    5 → 2 into it, a black hole at 7 (no route), a hijacker at 8 and a path through a leaked
    route 9 → 0:

        6 → 0 (holds the destination)      9 → 0 (9 forwards on a leaked route)
        5 → 2 → 3 → 4 → 2 ...              1 → 7 (no route: dropped there)
        10 → 8 (hijacker)
    """
    nxt = [-1, 7, 3, 4, 2, 2, 0, -1, -1, 0, 8]
    stop = ["origin", None, None, None, None, None, None, "none", "hijacker", None, None]
    f = forward(nxt, stop, leaky=[9])
    got = [f.outcome(i) for i in range(11)]
    assert got == [
        "origin",  # 0: holds it
        "none",  # 1: dropped at 7
        "loop",
        "loop",
        "loop",
        "loop",  # 5: feeds the loop
        "origin",
        "none",
        "hijacker",
        "via-leak",
        "hijacker",
    ]
    assert f.path(5) == [5, 2, 3, 4, 2]  # to the first AS entered twice
    assert f.path(1) == [1, 7] and f.end(1) == 7 and f.end(2) == -1
    assert f.path(7) == []  # no route of its own
    assert f.path(10) == [10, 8] and f.path(0) == [0]
    assert f.counts() == {"origin": 2, "via-leak": 1, "hijacker": 2, "loop": 4, "none": 2}
    with pytest.raises(ValueError, match="next_hop: AS 1 forwards to -1"):
        forward([-1, -1], ["origin", None])
    with pytest.raises(ValueError, match="next_hop: allowed: an AS from 0 to 1"):
        forward([1, 2], [None, None])


# ------------------------------------------------------------------------------------------
# Against a brute force: walk the control plane's routes hop by hop
# ------------------------------------------------------------------------------------------


def brute_force(g, dest, prefixes, events, mitigations, legit):
    """Per AS: (outcome, path), following ``routes()`` of every prefix (most specific first)
    one hop at a time."""
    tables = [routes(g, p, events, mitigations) for p in prefixes]
    out = {}
    for a in g.ases:
        x, path, seen = a, [a], {a}
        while True:
            if x in legit:
                out[a] = ("origin", tuple(path))
                break
            route = next((t.path(x) for t in tables if t.path(x)), ())
            if not route:
                out[a] = ("none", tuple(path) if x != a else ())
                break
            if len(route) == 1:
                out[a] = ("hijacker", tuple(path))
                break
            x = route[1]
            path.append(x)
            if x in seen:
                out[a] = ("loop", tuple(path))
                break
            seen.add(x)
    return out


@st.composite
def forwarding_cases(draw):
    n = draw(st.integers(3, 14))
    asns = draw(st.permutations(list(range(1, n + 1))))
    c2p, p2p = [], []
    for i in range(n):
        for j in range(i + 1, n):
            kind = draw(st.sampled_from(["none", "none", "c2p", "p2p"]))
            if kind == "c2p":
                c2p.append((asns[j], asns[i]))
            elif kind == "p2p":
                p2p.append((asns[i], asns[j]))
    victim = asns[-1]
    ases = [AS(victim, "victim", prefixes=(P22,))]
    ases += [AS(a, f"as{a}") for a in asns if a != victim]
    g = ASGraph(ases, c2p, p2p)
    others = [a for a in asns if a != victim]
    hijacker = draw(st.sampled_from(others))
    fights_back = draw(st.booleans())
    rov = draw(st.sets(st.sampled_from(asns)))
    filt = draw(st.sets(st.sampled_from(asns)))
    return g, victim, hijacker, fights_back, rov, filt


SETTINGS = settings(
    max_examples=int(os.environ.get("OUTAGE_LAB_EXAMPLES") or 150),
    derandomize=os.environ.get("OUTAGE_LAB_EXAMPLES") is None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(forwarding_cases())
def test_reach_equals_walking_every_prefixs_routes_hop_by_hop(case):
    g, victim, hijacker, fights_back, rov, filt = case
    events = [Hijack(hijacker, P24)] + ([Announce(victim, P24)] if fights_back else [])
    mitigations = [OriginValidation(sorted(rov)), RouteFilter(sorted(filt))]
    r = reach(g, ADDR22, events, mitigations)
    want = brute_force(g, ADDR22, [P24, P22], events, mitigations, {victim})
    got = {a: (r.outcome(a), r.path(a)) for a in g.ases}
    assert got == want
    assert r.counts()["loop"] == 0  # see the argument above
    for a in g.ases:
        r.why(a)  # every AS gets an explanation
