"""Config pushes (labkit.mechanisms.rollout): hand-checked cases, validation errors and invariants.

Most cases use FLEET: 20 units, 10 in group "east" and 10 in "west", on v1. A share s of the fleet
is ceil(s × 20) units counted from the start, so a 10% canary is 2 units and canary + 30% is
ceil(0.4 × 20) = 8 units.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labkit
from labkit.mechanisms.rollout import (
    ConfigVersion,
    Fleet,
    GlobalPush,
    StagedPush,
    Unit,
    health_state,
    push,
    toy_fleets,
)
from labkit.states import DEGRADED, DOWN, OK

FLEET = Fleet.from_groups("test fleet", {"east": 10, "west": 10})
CRASH = ConfigVersion("v2", effect="crash")
CPU = ConfigVersion("v2", effect="cpu")
GOOD = ConfigVersion("v2")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def table(rollout):
    return [(r.start, r.end, r.share_bad, r.share_healthy, r.phase) for r in rollout.rows]


def bad_minutes(rollout):
    return sum(r.minutes for r in rollout.rows if r.share_bad > 0)


# --------------------------------------------------------------------------------------------
# Hand-checked cases
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("config", [CRASH, CPU])
def test_global_push_breaks_everything_in_one_tick(config):
    """All 20 units load v2 at 10:00 (minute 600) and break in that same minute: share_bad goes
    0 → 1 and share_healthy 1 → 0 between 09:59 and 10:00, with nothing in between. Nobody
    reverts (revert_after=None), so it stays that way to the end of the day."""
    r = push(FLEET, config, GlobalPush(), "10:00")
    assert table(r) == [(0, 600, 0.0, 1.0, "before"), (600, 1440, 1.0, 0.0, "done")]
    assert r.share_healthy("09:59") == 1.0 and r.share_healthy("10:00") == 0.0
    assert r.group_health("10:00") == {"east": 0.0, "west": 0.0}
    assert [str(e) for e in r.events] == ["10:00 global push: all 20 units got v2"]
    assert r.blast_radius == 1.0 and r.halted_at is None
    assert r.reason("10:30") == (
        f"test fleet at 0% capacity because config v2 ({config.effect}) was pushed to every "
        "unit at once at 10:00"
    )


def test_staged_push_with_health_gate_halts_at_the_canary():
    """Canary 10% = 2 units at 10:00. Their crash shows in health 5 min later (10:05); the gate
    sees the canary at 0% < 95% and halts before wave 1 (due at 10:15) goes out. Rollback takes
    5 min per wave: the canary is back on v1 at 10:10. Blast radius = the canary's 10%, fleet
    health 18/20 = 90% from 10:00 to 10:10."""
    s = StagedPush(canary=0.1, waves=(0.3, 0.6), bake=15, detect_delay=5, rollback_minutes=5)
    r = push(FLEET, CRASH, s, "10:00")
    assert table(r) == [
        (0, 600, 0.0, 1.0, "before"),
        (600, 605, 0.1, 0.9, "canary"),
        (605, 610, 0.1, 0.9, "rolling back"),
        (610, 1440, 0.0, 1.0, "rolled back"),
    ]
    assert [str(e) for e in r.events] == [
        "10:00 canary (10%, 2 units) got v2",
        "10:05 health gate: canary at 0% health < 95% threshold → halt, rollback",
        "10:10 rollback: canary back on v1; rollback done",
    ]
    assert r.blast_radius == 0.1
    assert (r.wave_times, r.halted_at, r.halt_reason, r.rolled_back_at) == (
        (600,),
        605,
        "gate",
        610,
    )
    assert r.at("10:02").wave == 0 and r.at("10:07").halted and not r.at("10:07").rolled_back
    assert r.at("10:10").rolled_back
    assert r.reason("10:07") == (
        "test fleet at 90% capacity because config v2 (crash) reached the canary (10%) before "
        "the health gate halted the rollout at 10:05; rollback under way"
    )
    assert r.reason("10:10") == "test fleet at full capacity"


def test_rollback_restores_most_recent_wave_first_after_its_duration():
    """Bake 10 < detection delay 20, CPU exhaustion. Canary (2 units) at 10:00, wave 1
    (8 − 2 = 6 units, 40% in all) at 10:10. At 10:20 the canary's trouble shows; the gate, which
    looks before wave 2 goes out, sees 6 healthy of 8 updated = 75% < 95% → halt at 10:20.
    Rollback 5 min per wave, newest first: wave 1 back at 10:25, the canary at 10:30; CPU load
    ends as soon as a unit is back on v1."""
    s = StagedPush(canary=0.1, waves=(0.3, 0.6), bake=10, detect_delay=20, rollback_minutes=5)
    r = push(FLEET, CPU, s, "10:00")
    assert table(r) == [
        (0, 600, 0.0, 1.0, "before"),
        (600, 610, 0.1, 0.9, "canary"),
        (610, 620, 0.4, 0.6, "wave 1"),
        (620, 625, 0.4, 0.6, "rolling back"),
        (625, 630, 0.1, 0.9, "rolling back"),
        (630, 1440, 0.0, 1.0, "rolled back"),
    ]
    assert [str(e) for e in r.events][1:] == [
        "10:10 wave 1 (30%, 6 units) got v2; 40% of the fleet on v2",
        "10:20 health gate: canary and wave 1 at 75% health < 95% threshold → halt, rollback",
        "10:25 rollback: wave 1 back on v1",
        "10:30 rollback: canary back on v1; rollback done",
    ]
    assert r.reason("10:22") == (
        "test fleet at 60% capacity because config v2 (cpu) reached the canary and wave 1 (40%) "
        "before the health gate halted the rollout at 10:20; rollback under way"
    )


def test_crash_with_manual_recovery_lingers_after_the_rollback_but_cpu_does_not():
    """6 units (3 east, 3 west), global push at 10:00, operators revert at 11:00 (60 min later),
    instant rollback. CPU: healthy again at 11:00. Crash with 30 min of manual repair per unit:
    at 11:00 every unit is back on v1 (share_bad 0) but all 6 are still down; each group's team
    repairs one unit at a time, so 2 units come back at 11:30, 12:00 and 12:30: health 0, 2/6,
    4/6, 1."""
    small = Fleet.from_groups("small", {"east": 3, "west": 3})
    cpu = push(small, CPU, GlobalPush(revert_after=60), "10:00")
    assert table(cpu) == [
        (0, 600, 0.0, 1.0, "before"),
        (600, 660, 1.0, 0.0, "done"),
        (660, 1440, 0.0, 1.0, "rolled back"),
    ]
    crash = ConfigVersion("v2", effect="crash", recovery=30)
    r = push(small, crash, GlobalPush(revert_after=60), "10:00")
    assert table(r) == [
        (0, 600, 0.0, 1.0, "before"),
        (600, 660, 1.0, 0.0, "done"),
        (660, 690, 0.0, 0.0, "recovering"),
        (690, 720, 0.0, 2 / 6, "recovering"),
        (720, 750, 0.0, 4 / 6, "recovering"),
        (750, 1440, 0.0, 1.0, "rolled back"),
    ]
    assert r.share_healthy("11:45", group="east") == pytest.approx(1 / 3)  # fixed at 11:30
    assert r.share_healthy("12:15", group="west") == pytest.approx(2 / 3)  # 11:30 and 12:00
    assert (r.halted_at, r.halt_reason, r.rolled_back_at, r.recovered_at) == (
        660,
        "revert",
        660,
        750,
    )
    assert [str(e) for e in r.events] == [
        "10:00 global push: all 6 units got v2",
        "11:00 operators revert v2 by hand (60 min after the push) → rollback",
        "11:00 rollback: every unit back on v1; rollback done; 6 crashed units need manual repair "
        "(30 min each)",
        "12:30 manual repair done: all 6 crashed units back",
    ]
    assert r.reason("11:45").endswith("rolled back, but crashed units still wait for manual repair")


def test_a_cpu_that_settles_serves_half_until_it_is_back_to_normal():
    """The same 6 units and revert as above, effect "cpu" with settle 3: at 11:00 every unit is
    back on v1 (share_bad 0) but its CPU is back to normal only at 11:03, and meanwhile it
    serves COLD_HEALTH = 1/2 of its capacity. So health is 0 from 10:00, 1/2 from 11:00 (the
    engine's "degraded": not below one half) and 1 from 11:03; the phase says "recovering"
    until then and the reason says why."""
    small = Fleet.from_groups("small", {"east": 3, "west": 3})
    r = push(small, ConfigVersion("v2", effect="cpu", settle=3), GlobalPush(revert_after=60),
             "10:00")  # fmt: skip
    assert table(r) == [
        (0, 600, 0.0, 1.0, "before"),
        (600, 660, 1.0, 0.0, "done"),
        (660, 663, 0.0, 0.5, "recovering"),
        (663, 1440, 0.0, 1.0, "rolled back"),
    ]
    assert health_state(0.5) == DEGRADED and r.refilling("11:01")
    assert r.recovered_at == 663
    assert [str(e) for e in r.events][-2:] == [
        "11:00 rollback: every unit back on v1; rollback done; the CPU of 6 units is back to "
        "normal only 3 min later",
        "11:03 CPU back to normal: every unit serves in full",
    ]
    assert r.reason("11:01").endswith("rolled back, but the units' CPU is not back to normal yet")


def test_a_slow_unit_that_serves_in_full_before_the_rollback_ends_still_counts_recovered():
    """A staged push (canary 1 of 4 units, then 3) with settle 2 whose canary the config does
    not harm (reach 3/4, the seed picks which units): the rollback restores the last wave
    first and the canary 5 minutes later. When the harmed units' 2 minutes are over before the
    canary's turn, the fleet is fully back when the rollback ends, and recovered_at says so
    (it used to be left unset when the slow units finished while waves were still pending)."""
    fleet = Fleet.from_groups("four", {"east": 4})
    cfg = ConfigVersion("v2", effect="cpu", settle=2, reach=0.75)
    for seed in range(40):
        r = push(fleet, cfg, StagedPush(canary=0.25, waves=(0.75,), bake=10, detect_delay=0,
                                         rollback_minutes=5), "10:00", seed=seed)  # fmt: skip
        # the canary went out at 10:00 and harmed nothing (the fleet at full health), wave 1
        # went out after the bake and the gate halted it
        if r.share_healthy("10:05") == 1.0 and len(r.wave_times) == 2 and r.halted_at:
            break
    else:
        pytest.skip("no seed gives an unharmed canary")
    assert r.rolled_back_at == r.halted_at + 2 * 5
    assert r.recovered_at == r.rolled_back_at
    assert r.share_healthy(r.rolled_back_at) == 1.0


def test_a_good_config_never_hurts():
    """v2 has no effect: the staged push runs to the end (canary 10:00, wave 1 10:15, wave 2
    10:30, last bake ends 10:45) and the fleet stays at 100% health all day."""
    r = push(FLEET, GOOD, StagedPush(canary=0.1, waves=(0.3, 0.6)), "10:00")
    assert {r.share_healthy for r in r.rows} == {1.0} and r.blast_radius == 0.0
    assert r.wave_times == (600, 615, 630) and r.halted_at is None
    assert str(r.events[-1]) == "10:45 rollout complete: all 20 units on v2"
    assert r.at("10:45").share_new == 1.0 and r.at("10:45").phase == "done"


def test_capacity_effect_removes_exactly_the_configured_share():
    """removes=0.25: each unit that loads v2 serves 75%. Global: fleet and both groups at exactly
    0.75 from 10:00. Staged with gate 0.7: the updated units look 75% healthy ≥ 70%, so the gate
    never trips and the fleet ends at 0.75 too. With the default gate 0.95 it halts at the
    canary (10:05) and the fleet dips only to (18 + 2 × 0.75) / 20 = 97.5%."""
    cap = ConfigVersion("v2", effect="capacity", removes=0.25)
    r = push(FLEET, cap, GlobalPush(), "10:00")
    assert table(r) == [(0, 600, 0.0, 1.0, "before"), (600, 1440, 1.0, 0.75, "done")]
    assert r.group_health("12:00") == {"east": 0.75, "west": 0.75}
    loose = push(FLEET, cap, StagedPush(canary=0.1, waves=(0.3, 0.6), gate=0.7), "10:00")
    assert loose.halted_at is None and loose.rows[-1].share_healthy == 0.75
    strict = push(FLEET, cap, StagedPush(canary=0.1, waves=(0.3, 0.6)), "10:00")
    assert strict.halted_at == 605 and strict.lowest_health == pytest.approx(0.975)


def test_bake_time_delays_later_waves():
    """Good config, canary 10% then 40% then 50%, bake 30: waves at 10:00, 10:30, 11:00 (share on
    v2: 10%, then ceil(0.5 × 20) = 10 units = 50%, then 100%); the last bake ends at 11:30. With
    bake 0 every wave goes out at 10:00, like a global push."""
    r = push(FLEET, GOOD, StagedPush(canary=0.1, waves=(0.4, 0.5), bake=30), "10:00")
    assert r.wave_times == (600, 630, 660)
    assert [(x.start, x.end, x.share_new, x.phase) for x in r.rows] == [
        (0, 600, 0.0, "before"),
        (600, 630, 0.1, "canary"),
        (630, 660, 0.5, "wave 1"),
        (660, 690, 1.0, "wave 2"),
        (690, 1440, 1.0, "done"),
    ]
    fast = push(FLEET, GOOD, StagedPush(canary=0.1, waves=(0.4, 0.5), bake=0), "10:00")
    assert fast.wave_times == (600, 600, 600) and fast.at("10:00").share_new == 1.0


@pytest.mark.parametrize(
    ("delay", "halt", "radius"), [(0, 600, 0.1), (3, 603, 0.1), (15, 615, 0.1), (16, 616, 0.4)]
)
def test_detection_delay_lets_a_bad_canary_sit_unnoticed_that_long(delay, halt, radius):
    """Bake 15, rollback 5. The canary's crash becomes visible ``delay`` minutes after 10:00 and
    the gate halts then, so the canary is bad for delay + 5 minutes. Up to a delay of 15 the
    gate looks before wave 1 (due 10:15) goes out, so only the canary (10%) is hit; with 16,
    wave 1 left at 10:15 and 40% of the fleet got v2 before the halt at 10:16."""
    s = StagedPush(canary=0.1, waves=(0.3, 0.6), bake=15, detect_delay=delay, rollback_minutes=5)
    r = push(FLEET, CRASH, s, "10:00")
    assert r.halted_at == halt and r.blast_radius == radius
    if radius == 0.1:
        assert bad_minutes(r) == delay + 5
    else:  # canary 10:00-10:21 (halt + 5 min for wave 1, + 5 for the canary), wave 1 10:15-10:21
        assert bad_minutes(r) == 26 and r.rolled_back_at == 626


def test_without_automatic_rollback_the_halted_canary_stays_bad_until_operators_revert():
    """auto_rollback=False: the gate halts at 10:05 but leaves the canary on v2; operators revert
    60 min after the push (11:00), the rollback takes 5 min: canary back at 11:05."""
    s = StagedPush(canary=0.1, waves=(0.3, 0.6), auto_rollback=False, revert_after=60)
    r = push(FLEET, CRASH, s, "10:00")
    assert table(r)[1:] == [
        (600, 605, 0.1, 0.9, "canary"),
        (605, 660, 0.1, 0.9, "halted"),
        (660, 665, 0.1, 0.9, "rolling back"),
        (665, 1440, 0.0, 1.0, "rolled back"),
    ]
    assert "no automatic rollback" in str(r.events[1])
    assert r.reason("10:30").endswith("at 10:05; no automatic rollback")


def test_a_gate_that_never_trips_lets_the_bad_config_reach_everyone():
    """gate=0: health can never fall below 0%, so the rollout completes (10:00, 10:15, 10:30,
    last bake over at 10:45) and the whole fleet crashes; the reason names the gate settings."""
    r = push(FLEET, CRASH, StagedPush(canary=0.1, waves=(0.3, 0.6), gate=0.0), "10:00")
    assert r.halted_at is None and r.at("10:45").phase == "done" and r.lowest_health == 0.0
    assert r.reason("11:00") == (
        "test fleet at 0% capacity because config v2 (crash) reached the whole fleet and the "
        "health gate never halted it (bake 15 min, detection delay 5 min, threshold 0%)"
    )


def test_same_seed_same_push_and_seed_only_reorders_units():
    """Deterministic: the same arguments give an equal Rollout. Another seed updates other units
    first but the fleet-wide shares are the same. With order="by-group" waves are whole groups:
    the 10% canary rounds up to one group of 10 units."""
    s = StagedPush(canary=0.1, waves=(0.3, 0.6), bake=10, detect_delay=20)
    a, b = push(FLEET, CRASH, s, "10:00", seed=1), push(FLEET, CRASH, s, "10:00", seed=1)
    assert a == b
    c = push(FLEET, CRASH, s, "10:00", seed=2)
    assert c.rows == a.rows and c.wave_units != a.wave_units
    g = push(FLEET, CRASH, StagedPush(canary=0.1, waves=(0.3, 0.6), order="by-group"), "10:00")
    (canary,) = {u.split("-")[0] for u in g.wave_units[0]}
    assert len(g.wave_units[0]) == 10
    assert g.share_healthy("10:02", group=canary) == 0.0 and g.state("10:02", canary) == "down"


def test_event_driven_and_every_minute_agree_on_a_hand_case():
    """The crash-with-repair push of the recovery test, computed both ways."""
    crash = ConfigVersion("v2", effect="crash", recovery=7)
    s = StagedPush(canary=0.1, waves=(0.3, 0.6), bake=10, detect_delay=20, rollback_minutes=3)
    assert push(FLEET, crash, s, "10:00") == push(FLEET, crash, s, "10:00", every_minute=True)


def test_health_state_thresholds():
    """Below 50% → down, below 90% → degraded, else ok; thresholds can be changed."""
    assert [health_state(h) for h in (1.0, 0.9, 0.89, 0.5, 0.49, 0.0)] == [
        OK,
        OK,
        DEGRADED,
        DEGRADED,
        DOWN,
        DOWN,
    ]
    assert health_state(0.97, degraded_below=0.99) == DEGRADED


def test_toy_fleets_use_the_worlds_names():
    net = labkit.build_internet(seed=0)
    fleets = toy_fleets(net)
    assert set(fleets["edgefast"].groups) == set(net.cities) and fleets["edgefast"].size == 48
    assert fleets["nimbus-compute"].groups == net.providers["nimbus"].regions
    self_hosted = [s.id for s in net.services.values() if s.self_hosted]
    assert list(fleets["bulwark-agent"].groups) == self_hosted
    r = push(fleets["edgefast"], CRASH, StagedPush(order="by-group"), "10:00")
    hit = [city for city, h in r.group_health("10:02").items() if h < 1]
    assert len(hit) == 1 and r.halted_at == 605


# --------------------------------------------------------------------------------------------
# Validation: field, value, what is allowed
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: StagedPush(canary=0), r"canary: got 0; allowed: a share in \(0, 1\]"),
        (lambda: StagedPush(canary=1.5, waves=()), r"canary: got 1.5; allowed: a share in"),
        (
            lambda: StagedPush(canary=0.05, waves=(0.25, 0.6)),
            r"waves: got \(0.25, 0.6\); with the canary 0.05 the shares sum to 0.9; allowed: "
            r"shares in \(0, 1\] that sum to 1 with the canary, e.g. \(0.2375, 0.7125\)",
        ),
        (lambda: StagedPush(waves=(0.95, 0.0)), r"waves\[1\]: got 0.0; allowed: a share in"),
        (lambda: StagedPush(bake=-1), r"bake: got -1; allowed: whole minutes 0-1440"),
        (lambda: StagedPush(bake=True), r"bake: got True; allowed: whole minutes"),
        (lambda: StagedPush(gate=95), r"gate: got 95; allowed: a share in \[0, 1\] \(0.95 is"),
        (lambda: StagedPush(detect_delay=2.5), r"detect_delay: got 2.5; allowed: whole minutes"),
        (
            lambda: StagedPush(order="bygroup"),
            r"order: unknown value 'bygroup'. Did you mean 'by-group'",
        ),
        (lambda: GlobalPush(revert_after=-5), r"revert_after: got -5; allowed: None \(never\)"),
        (
            lambda: ConfigVersion("v2", "crahs"),
            r"effect: unknown value 'crahs'. Did you mean 'crash'",
        ),
        (
            lambda: ConfigVersion("v2", "capacity"),
            r"removes: got None; allowed: a share in \(0, 1\]",
        ),
        (
            lambda: ConfigVersion("v2", "crash", removes=0.5),
            r"removes: got 0.5 with effect 'crash'",
        ),
        (lambda: ConfigVersion("v2", "cpu", recovery=30), r"recovery: got 30 with effect 'cpu'"),
        (lambda: ConfigVersion(""), r"version: got ''; allowed: a non-empty name"),
        (lambda: Fleet("f", [Unit("a", "g"), Unit("a", "h")]), r"units\[1\]: id 'a' appears twice"),
        (lambda: Fleet("f", []), r"units: got \[\]; allowed: a non-empty list of Unit"),
        (
            lambda: Fleet.from_groups("f", {"g": 0}),
            r"counts\['g'\]: got 0; allowed: a whole number",
        ),
        (
            lambda: push(FLEET, ConfigVersion("v1"), GlobalPush()),
            r"config: got version 'v1', which",
        ),
        (lambda: push(FLEET, CRASH, "global"), r"strategy: got str; allowed: GlobalPush"),
        (lambda: push(FLEET, CRASH, GlobalPush(), "23:00", minutes=600), r"start: got '23:00'"),
        (lambda: push(FLEET, CRASH, GlobalPush()).at(1440), r"t: got 1440; allowed: a time before"),
        (lambda: push(FLEET, CRASH, GlobalPush()).group_at("eastt", 0), r"Did you mean 'east'"),
    ],
)
def test_bad_fields_name_the_field_the_value_and_what_is_allowed(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# --------------------------------------------------------------------------------------------
# Invariants (hypothesis)
# --------------------------------------------------------------------------------------------
@st.composite
def fleets(draw):
    groups = draw(st.lists(st.integers(1, 8), min_size=1, max_size=4))
    return Fleet.from_groups("f", {f"g{i}": n for i, n in enumerate(groups)})


@st.composite
def configs(draw, bad=None):
    effect = draw(st.sampled_from(["crash", "cpu", "capacity"] if bad else ["none"]))
    if bad is None:
        effect = draw(st.sampled_from(["none", "crash", "cpu", "capacity"]))
    removes = draw(st.sampled_from([0.1, 0.25, 0.5, 1.0])) if effect == "capacity" else None
    recovery = draw(st.integers(0, 40)) if effect == "crash" else 0
    settle = draw(st.integers(0, 20)) if effect == "cpu" else 0
    return ConfigVersion("v2", effect, removes, recovery, settle=settle)


@st.composite
def staged(draw):
    canary = draw(st.sampled_from([0.01, 0.05, 0.1, 0.25, 1.0]))
    rest = 1 - canary
    n = 0 if canary == 1.0 else draw(st.integers(1, 3))
    waves = tuple(rest / n for _ in range(n))
    return StagedPush(
        canary=canary,
        waves=waves,
        bake=draw(st.integers(0, 40)),
        gate=draw(st.sampled_from([0.0, 0.5, 0.8, 0.95, 1.0])),
        detect_delay=draw(st.integers(0, 40)),
        rollback_minutes=draw(st.integers(0, 15)),
        auto_rollback=draw(st.booleans()),
        revert_after=draw(st.none() | st.integers(1, 200)),
        order=draw(st.sampled_from(["random", "by-group"])),
    )


strategies = staged() | st.builds(GlobalPush, st.none() | st.integers(1, 200), st.integers(0, 15))


@SETTINGS
@given(fleets(), configs(), strategies, st.integers(0, 300), st.integers(0, 3))
def test_event_driven_agrees_with_every_minute(fleet, config, strategy, start, seed):
    """Only wave starts, detection times, bake ends, rollback steps and repairs change anything,
    so jumping from one to the next gives the same rows, group rows and events."""
    fast = push(fleet, config, strategy, start, minutes=720, seed=seed)
    slow = push(fleet, config, strategy, start, minutes=720, seed=seed, every_minute=True)
    assert fast == slow and fast.events == slow.events and fast.group_rows == slow.group_rows


@SETTINGS
@given(fleets(), strategies, st.integers(0, 300))
def test_a_good_config_never_hurts_whatever_the_strategy(fleet, strategy, start):
    r = push(fleet, GOOD, strategy, start, minutes=720)
    assert all(x.share_healthy == 1.0 and x.share_bad == 0.0 for x in r.rows)
    assert all(g.share_healthy == 1.0 for g in r.group_rows)
    assert r.halted_at is None


@SETTINGS
@given(fleets(), configs(bad=True), staged(), st.integers(0, 3))
def test_staged_never_worse_than_global(fleet, config, strategy, seed):
    """A global push puts every unit on the bad version in one minute, so its lowest health is
    the config's own (0 for crash/cpu, 1 − removes for capacity): no staged push goes lower,
    and none has a larger blast radius."""
    g = push(fleet, config, GlobalPush(), 60, minutes=720, seed=seed)
    s = push(fleet, config, strategy, 60, minutes=720, seed=seed)
    assert s.lowest_health >= g.lowest_health - 1e-12
    assert s.blast_radius <= g.blast_radius


@SETTINGS
@given(fleets(), configs(bad=True), staged(), st.integers(0, 3))
def test_blast_radius_is_what_went_out_before_the_halt(fleet, config, strategy, seed):
    """No wave goes out after a halt, so the blast radius is at most the share of units in the
    waves loaded by then. If the trouble shows before the first bake ends (detect_delay < bake)
    and the gate is above a broken unit's health, the gate halts exactly detect_delay minutes
    after the canary, which is then the only wave that got the config."""
    r = push(fleet, config, strategy, 60, minutes=720, seed=seed)
    if r.halted_at is not None:
        assert all(t <= r.halted_at for t in r.wave_times)
        went_out = sum(len(w) for w in r.wave_units[: len(r.wave_times)]) / fleet.size
        assert r.blast_radius <= went_out + 1e-12
    if (
        strategy.detect_delay < strategy.bake
        and strategy.gate > config.health
        and len(r.wave_units) > 1
        and (strategy.revert_after is None or strategy.revert_after > strategy.detect_delay)
    ):
        assert (r.halted_at, r.halt_reason) == (60 + strategy.detect_delay, "gate")
        assert len(r.wave_times) == 1
        if strategy.detect_delay or strategy.rollback_minutes:
            assert r.blast_radius == len(r.wave_units[0]) / fleet.size
