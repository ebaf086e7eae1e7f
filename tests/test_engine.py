"""The engine on hand-checkable cases: every expected minute is worked out in the docstring."""

from __future__ import annotations

import pytest
from worlds import tiny_world

import labkit
from labkit import RegionOutage, Scenario, ZoneOutage, simulate


def spans(t, component):
    return [(r.start, r.end, r.state) for r in t.rows(component)]


def test_region_outage_takes_every_block_down_for_exactly_its_window():
    """r1 fails 08:00-09:00 (minutes 480-540): all 8 blocks of r1 are down in [480, 540),
    ok before; r2 is untouched all day."""
    t = simulate(tiny_world(), Scenario([RegionOutage("r1", "08:00", "09:00")]))
    for kind in labkit.internet.BLOCK_KINDS:
        assert t.state(f"r1/{kind}", 479) == "ok"
        assert t.state(f"r1/{kind}", 480) == "down"
        assert t.state(f"r1/{kind}", 539) == "down"
        assert t.minutes_in(f"r2/{kind}", "ok") == 1440


def test_backlog_tail_after_fix_matches_hand_computation():
    """Backlog counts half-minutes of work: +2 per minute down, -1 x drain per minute while
    degraded (it still works, at half pace), and -2 x drain per minute once healthy.

    r1/compute (drain 2) is down 480-540: backlog 120, drains 4/min -> degraded 540-570.
    solo (drain 4) is down 480-540 (backlog 120), degraded 540-570 because compute is; while
    degraded it drains 4/min: 30 x 4 = 120, so its backlog is gone at 570, when compute is
    ok again: ok from 570, with no backlog tail of its own.
    (Clients back off, so failed work piles up no faster than it arrives.)"""
    sc = Scenario([RegionOutage("r1", "08:00", "09:00")], [labkit.RetryBackoff()])
    t = simulate(tiny_world(), sc)
    assert spans(t, "r1/compute") == [(0, 480, "ok"), (480, 540, "down"),
                                      (540, 570, "degraded"), (570, 1440, "ok")]  # fmt: skip
    states = [(s, e, st) for s, e, st in spans(t, "solo")]
    assert states[0] == (0, 480, "ok") and states[1] == (480, 540, "down")
    assert t.recovered_at("solo") == 570
    assert t.minutes_in("solo", "degraded") == 30
    assert t.cause("solo", 565).kind == "dependency"


def test_a_backlog_drains_at_half_pace_while_degraded():
    """solo (drain 4) is down 480-540 with r1's region (backlog 60 x 2 = 120, clients back
    off); a BlockImpairment keeps r1/compute degraded 540-600, so solo is degraded too and
    drains 4/min: 120 / 4 = 30 min. Its backlog is gone at 570; it stays degraded (its need
    is) until 600, ok from 600. Healthy, it would have drained 8/min: 15 min."""
    sc = Scenario([RegionOutage("r1", "08:00", "09:00"),
                   labkit.BlockImpairment("r1", "09:00", "10:00", blocks=["compute"])],
                  [labkit.RetryBackoff()])  # fmt: skip
    t = simulate(tiny_world(), sc)
    assert t.recovered_at("solo") == 600
    assert t.cause("solo", 590).kind == "dependency"
    assert "impairment of compute in r1" in t.cause("r1/compute", 590).text
    # r1/compute itself: down 480-540 (backlog 120), then degraded by the impairment, draining
    # 2/min (half of 4): 60 min x 2 = 120, gone at 600, when the impairment ends: ok from 600
    assert spans(t, "r1/compute")[-1] == (600, 1440, "ok")


def test_retries_without_backoff_overload_the_recovering_service():
    """Default clients retry each failed request once, at once: work piles up twice as fast
    (+4 per minute down). A service with more than 60 minutes of draining left is overloaded.

    r1 fails 08:00-10:00 (480-600). r1/compute (drain 2, 4/min) ends with backlog 120 x 4 = 480;
    the overload threshold is 60 min x 4 = 240: down until ceil((480 - 240) / 4) = 60 minutes
    after the fix (660), then degraded while the last 240 drain (60 more minutes): ok at 720.
    With RetryBackoff the backlog is 240: degraded 600-660, ok at 660."""
    outage = RegionOutage("r1", "08:00", "10:00")
    storm = simulate(tiny_world(), Scenario([outage]))
    assert [storm.state("r1/compute", m) for m in (599, 600, 659, 660, 719, 720)] == [
        "down", "down", "down", "degraded", "degraded", "ok"
    ]  # fmt: skip
    assert storm.cause("r1/compute", 630).kind == "backlog"
    assert "retry storm" in " ".join(str(storm.explain("r1/compute", 630)).split())
    assert storm.explain("r1/compute", 630).root == outage
    calm = simulate(tiny_world(), Scenario([outage], [labkit.RetryBackoff()]))
    assert [calm.state("r1/compute", m) for m in (599, 600, 659, 660)] == [
        "down", "degraded", "degraded", "ok"
    ]  # fmt: skip


def test_active_passive_failover_waits_for_health_checks_then_fails_back():
    """pair runs in r1 (primary) and r2. r1 fails 08:00-09:00, failover delay 5 min:
    down 480-485 (health checks), moved to r2 at 485 -> its backlog of 10 half-minutes drains
    at 8/min: degraded 485-487, ok from 487. At 570 r1/compute is ok again: fail back."""
    sc = Scenario([RegionOutage("r1", "08:00", "09:00")], [labkit.RetryBackoff()])
    t = simulate(tiny_world(), sc)
    assert spans(t, "pair")[:4] == [(0, 480, "ok"), (480, 485, "down"),
                                    (485, 487, "degraded"), (487, 1440, "ok")]  # fmt: skip
    moves = [(e.t, e.source, e.target) for e in t.events if e.service == "pair"]
    assert moves == [(485, "r1", "r2"), (570, "r2", "r1")]
    assert "failover" in t.explain("pair", 482).steps[0][2] or "health checks" in str(
        t.explain("pair", 482)
    )
    assert "r2" in str(t.explain("pair", 500))


def test_longer_health_checks_mean_longer_outage():
    """The failover delay is a knob: 15 minutes of checks -> 15 minutes down."""
    t = simulate(tiny_world(), Scenario([RegionOutage("r1", "08:00", "09:00")], failover_delay=15))
    assert t.minutes_in("pair", "down") == 15


def test_active_active_is_degraded_until_the_bad_region_leaves_rotation():
    """duo serves from r1 and r2: when r1 fails, requests sent to r1 fail until health checks
    take it out (5 min, degraded 480-485); r2 alone then serves: never down."""
    t = simulate(tiny_world(), Scenario([RegionOutage("r1", "08:00", "09:00")]))
    assert t.minutes_in("duo", "down") == 0
    assert t.state("duo", 482) == "degraded"
    assert t.state("duo", 500) == "ok"


def test_outage_reaches_an_app_in_another_region_through_a_third_party():
    """edge runs only in r2 but needs login (hard), which runs only in r1: down with r1,
    and the explanation names login and the failed region."""
    outage = RegionOutage("r1", "08:00", "09:00")
    t = simulate(tiny_world(), Scenario([outage]))
    assert t.state("edge", 500) == "down"
    why = t.explain("edge", 500)
    assert why.chain[:2] == ["edge", "login"]
    assert why.root == outage
    assert "r1" in str(why)


def test_soft_dependency_only_degrades():
    """fan needs login softly: degraded, never down, while login is down."""
    t = simulate(tiny_world(), Scenario([RegionOutage("r1", "08:00", "09:00")]))
    assert t.state("login", 500) == "down"
    assert t.state("fan", 500) == "degraded"
    assert t.minutes_in("fan", "down") == 0


def test_zone_outage_spares_apps_spread_over_two_zones():
    """r2-a fails: edge runs only in r2-a -> down; blocks of r2 lose a zone -> degraded;
    duo (both zones of r2, and r1) is not down."""
    t = simulate(tiny_world(), Scenario([ZoneOutage("r2-a", "08:00", "09:00")]))
    assert t.state("edge", 500) == "down"
    assert t.state("r2/compute", 500) == "degraded"
    assert t.minutes_in("duo", "down") == 0
    assert "r2-a" in t.explain("edge", 500).chain


def test_event_driven_equals_every_minute_on_the_default_world():
    net = labkit.build_internet()
    sc = Scenario(
        [
            RegionOutage("nimbus-us-east", "02:00", "05:30"),
            ZoneOutage("stratus-us-central-a", "03:00", "04:00"),
            RegionOutage("cirrus-us-east", "04:10", duration=20, blocks=["kv-db"]),
        ],
        minutes=600,
    )
    fast, slow = simulate(net, sc), simulate(net, sc, every_minute=True)
    assert fast.rows() == slow.rows()
    assert fast.events == slow.events


def test_acceptance_example_prints_impact_and_explains_third_party_hit():
    net = labkit.build_internet()
    outage = RegionOutage(net.main_region(), start="08:00", fixed="11:00")
    t = simulate(net, Scenario([outage]))
    text = str(t.impact_summary())
    for cat in labkit.CATEGORIES:
        assert cat in text
    # an app that does not run in the failed region, hit through a third party
    victims = [
        a.id for a in net.apps()
        if t.state(a.id, "09:00") == "down" and net.main_region() not in a.regions
    ]  # fmt: skip
    assert victims
    why = t.explain(victims[0], "09:00")
    assert net.main_region() in str(why)
    assert any(net.kind_of(c) == "saas" for c in why.chain)


def test_impact_summary_peak_equals_users_of_down_apps():
    net = labkit.build_internet()
    t = simulate(net, Scenario([RegionOutage(net.main_region(), "08:00", "11:00")]))
    for row in t.impact_summary().rows:
        if row.peak_at is None:
            continue
        down = sum(
            a.total_users for a in net.apps(row.category) if t.state(a.id, row.peak_at) == "down"
        )
        assert row.peak_down == down


def test_rows_cover_the_day_without_gaps():
    net = labkit.build_internet()
    t = simulate(net, Scenario([RegionOutage(net.main_region(), "08:00", "11:00")]))
    for c in t.components:
        rows = t.rows(c)
        assert rows[0].start == 0 and rows[-1].end == 1440
        assert all(a.end == b.start for a, b in zip(rows, rows[1:], strict=False))


def test_multi_region_mitigation_cuts_downtime():
    net = labkit.build_internet()
    outage = RegionOutage(net.main_region(), "08:00", "11:00")
    plain = simulate(net, Scenario([outage]))
    safer = simulate(net, Scenario([outage], [labkit.MultiRegion()]))
    plain_down = sum(plain.minutes_in(a.id) for a in net.apps())
    safer_down = sum(safer.minutes_in(a.id) for a in net.apps())
    assert safer_down < plain_down / 10


def test_time_outside_the_run_is_a_clear_error():
    t = simulate(tiny_world(), Scenario(minutes=60))
    with pytest.raises(ValueError, match=r"t: got '02:00'.*00:00 to 00:59"):
        t.state("solo", "02:00")
    with pytest.raises(ValueError, match="Did you mean 'solo'"):
        t.state("sol", 5)
