"""The ready-made sweeps: the shape of each curve, derived here from how the mechanism works.

No number below is copied from a run: each expectation follows from a rule stated in the
text (a cache keeps an answer for its TTL; a standby takes over after the failover delay;
origin validation only ever removes invalid routes; a budget can still buy what a smaller one
could), or from a small AS graph drawn and worked by hand.
"""

from __future__ import annotations

import pytest

import labkit
from labkit import sweeps
from labkit.mechanisms.bgp import AS, ASGraph
from labkit.mechanisms.dns import toy_dns

# ---- DNS: a wrong record lingers after its fix for its TTL ------------------------------------


def test_a_wrong_record_lingers_after_the_fix_minute_for_minute_with_its_ttl():
    """
    The wrong address is published at 10:00 and fixed at 10:10 (duration 10 min = 600 s).
    Before 10:00 each resolver re-fetches shopfast.example on the record's own cycle, every
    R = 300 s (its TTL in the toy DNS), so each one's first look-up after 10:00 comes at
    10:00 + x_r with 0 <= x_r < R. It gets the wrong answer and keeps it for the wrong
    record's TTL T. When T > 600 s that copy outlives the fix: no second look-up happens
    during the outage, and the resolver is right again at 10:00 + x_r + T. The last resolver
    is back max(x_r) + T after 10:00, i.e. max(x_r) + T - 10 min after the fix:
      - between T/60 - 10 and T/60 - 10 + R/60 minutes after the fix;
      - and, since max(x_r) does not depend on T, one more minute per 60 s of TTL.
    When T <= 600 s a cached copy lives one TTL at most, so the last resolver is right
    again at most T/60 minutes after the fix.
    """
    record_ttl = toy_dns().records["shopfast.example"].ttl
    assert record_ttl == 300  # the R of the reasoning above
    long_ttls = [900, 1800, 3600, 7200]
    t = sweeps.ttl_sweep([60, 300, *long_ttls], duration=10, progress=False)
    after = dict(zip(t.column("ttl"), t.column("minutes_after_fix"), strict=True))
    for ttl in long_ttls:
        assert ttl // 60 - 10 <= after[ttl] <= ttl // 60 - 10 + record_ttl // 60, (ttl, after)
    for a, b in zip(long_ttls, long_ttls[1:], strict=False):
        assert after[b] - after[a] == (b - a) // 60
    for ttl in (60, 300):
        assert 0 <= after[ttl] <= ttl // 60
    values = [after[k] for k in sorted(after)]
    assert values == sorted(values)  # the curve never falls
    assert sweeps.ttl_finding(t).endswith(f"{after[7200]} min at TTL 7200 s")


# ---- BGP: RPKI adoption and a hijack's reach -------------------------------------------------


def drawn_graph() -> ASGraph:
    """
          1 ====== 2          1, 2: tier-1 peers
         / \\      / \\
        3   \\    /   4       5: a stub with two providers, 1 and 2
        |    \\  /    |
       100     5     200     100 holds 10.0.0.0/24; 200 hijacks it (the same prefix)
    """
    ases = [AS(100, "origin", prefixes=("10.0.0.0/24",)), AS(200, "hijacker")]
    ases += [AS(a, f"as{a}") for a in (1, 2, 3, 4, 5)]
    c2p = [(100, 3), (3, 1), (200, 4), (4, 2), (5, 1), (5, 2)]
    return ASGraph(ases, c2p, [(1, 2)])


def test_reach_never_grows_with_more_adopters_on_a_drawn_graph():
    """
    Without validation (the graph above; the other ASes are 1, 2, 3, 4, 5):
      - 3 and 1 learn the origin's route from a customer; 4 and 2 learn the hijacker's from
        a customer. A customer route beats the peer route each also gets: 1 and 3 reach the
        origin, 2 and 4 the hijacker.
      - 5 gets two provider routes of the same length (5 1 3 100 and 5 2 4 200); the lower
        neighbour ASN wins: 1, so the origin.
      Reach: 2 of 5 = 0.4.
    Adopters in the order 1, 2, 4 (each set holds the previous one):
      - {1}: 1 was not using the hijacker's route; nothing changes: 0.4.
      - {1, 2}: 2 drops the invalid route from 4 and takes 1's peer route to the origin;
        4 still takes the hijack from its customer 200: 1 of 5 = 0.2.
      - {1, 2, 4}: 4 drops it too and takes 2's route: 0.
    """
    g = drawn_graph()
    order = [1, 2, 4]
    t = labkit.sweep(
        lambda p: sweeps.reach_share(g, 100, 200, order[: p["adopters"]]),
        {"adopters": [0, 1, 2, 3]},
        progress=False,
    )
    assert t.column("reach") == [0.4, 0.4, 0.2, 0.0]


def test_rpki_sweep_reach_never_grows_and_ends_at_zero():
    """
    Adopters come from one random order, so a larger share keeps every adopter of a smaller
    one. Validation only removes invalid routes from an adopter's choice, so an AS that
    reached the origin keeps a route at least as good to it: reach can only fall. With every
    AS validating, the hijacker's own neighbours drop its announcement: nobody else hears it,
    reach 0. With nobody validating, the announcement competes on equal terms and wins some
    ASes: reach > 0.
    """
    t = sweeps.rpki_sweep([0.0, 0.1, 0.3, 0.6, 1.0], n=2000, progress=False)
    reach = t.column("reach")
    assert all(a >= b for a, b in zip(reach, reach[1:], strict=False)), reach
    assert reach[0] > 0 and reach[-1] == 0
    assert t.column("adopters") == [0, 200, 600, 1200, 2000]  # share × 2000 ASes
    assert sweeps.rpki_finding(t).startswith(f"A hijack reaches {reach[0]:.0%} of ASes")


def test_hijack_pairs_sweep_pairs_every_origin_with_every_other_hijacker():
    # 2 origins and 2 hijackers of each of the 3 kinds: 6 × 6 = 36 pairs, the hijackers
    # drawn among ASes that are not origins, so no AS hijacks itself
    t = sweeps.hijack_pairs_sweep(2, n=2000, progress=False)
    assert len(t.rows) == 36
    assert all(r["origin"] != r["hijacker"] for r in t.rows)
    kinds = {(r["origin_kind"], r["hijacker_kind"]) for r in t.rows}
    assert len(kinds) == 9


# ---- regions: the failover delay ---------------------------------------------------------------


def test_user_hours_down_grow_with_the_failover_delay():
    """
    Every cloud service has a standby in a second region; traffic moves after the failover
    delay d. With d = 0 it moves at once: no app is down. Early in the outage every app the
    region carries is down for exactly the first d minutes, so the user-hours down are those
    apps' users × d / 60: twice the delay, twice the user-hours (d = 5 and 10). A longer delay
    never shortens anything: the curve never falls, and stays below the outage without a
    standby at all.
    """
    delays = [0, 5, 10, 30, 60, 180]
    t = sweeps.failover_sweep(delays, progress=False)
    hours = dict(zip(t.column("failover_delay"), t.column("user_hours_down"), strict=True))
    assert hours[0] == 0
    assert abs(hours[10] - 2 * hours[5]) < 1e-6 * hours[10]
    values = [hours[d] for d in delays]
    assert values == sorted(values)
    net = labkit.build_internet(seed=0)
    plain = (
        labkit.simulate(
            net, labkit.Scenario([labkit.RegionOutage(net.main_region(), "08:00", "11:00")])
        )
        .impact_summary()
        .user_hours_down
    )
    assert hours[180] <= plain


# ---- the chaos lab: the budget -----------------------------------------------------------------


def test_the_best_score_never_falls_as_the_budget_grows():
    """
    With no budget nothing is bought: the game day with and without the design is the same
    day, so nothing is saved. A larger budget can still buy every design a smaller one could
    (and add more): the best score never falls. The best design always costs at most the
    budget.
    """
    budgets = [0, 5, 10]
    t = sweeps.budget_sweep(budgets, progress=False)
    saved = t.column("saved")
    assert saved[0] == 0 and t.column("design")[0] == "nothing"
    assert saved == sorted(saved)
    assert all(cost <= b for cost, b in zip(t.column("cost"), budgets, strict=True))


@pytest.mark.parametrize(
    ("ys", "shape"),
    [
        # y = x on x = 0..4: both halves rise by 2, so neither is steeper
        ([0, 1, 2, 3, 4], "straight line"),
        # y = x**2: the first half (x 0..2) rises by 4, the second (2..4) by 12, 3 times as much
        ([0, 1, 4, 9, 16], "steeper"),
        # y = 4 - (4 - x)**2 / 4 = 0, 1.75, 3, 3.75, 4: the halves rise by 3 and by 1
        ([0, 1.75, 3, 3.75, 4], "levels off"),
        # falling the same way is judged by how fast it changes: halves fall by 3 and 1
        ([4, 2.25, 1, 0.25, 0], "levels off"),
        # values within 1% of the largest: nothing to see
        ([100, 100.5, 100, 99.8, 100.2], "flat"),
    ],
)
def test_curve_shape_compares_the_two_halves_of_the_x_range(ys, shape):
    table = labkit.sweep(lambda p: {"y": ys[p["x"]]}, {"x": [0, 1, 2, 3, 4]}, progress=False)
    assert sweeps.curve_shape(table, "x", "y") == shape


def test_curve_shape_reads_the_middle_between_uneven_points():
    # x = 0, 1, 10 and y = x: the middle of the range is x = 5, read on the line between
    # (1, 1) and (10, 10) as 5; both halves rise by 5: a straight line, however uneven the grid
    table = labkit.sweep(lambda p: {"y": p["x"]}, {"x": [0, 1, 10]}, progress=False)
    assert sweeps.curve_shape(table, "x", "y") == "straight line"


def test_curve_shape_needs_three_points():
    table = labkit.sweep(lambda p: {"y": p["x"]}, {"x": [0, 1]}, progress=False)
    with pytest.raises(ValueError, match="at least 3 rows"):
        sweeps.curve_shape(table, "x", "y")
