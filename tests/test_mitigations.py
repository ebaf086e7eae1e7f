"""Mitigations that change the world or what a failure costs."""

from __future__ import annotations

import pytest

import labkit
from labkit import (
    Checkpointing,
    IndependentStatusPage,
    LocalFallback,
    RegionOutage,
    Scenario,
    simulate,
)

NET = labkit.build_internet()
MAIN = NET.main_region()


def test_status_page_hosted_elsewhere_stays_up_to_report_the_outage():
    outage = RegionOutage(MAIN, "08:00", "11:00")
    plain = simulate(NET, Scenario([outage]))
    independent = simulate(NET, Scenario([outage], [IndependentStatusPage()]))
    assert plain.state(f"{MAIN}/status-page", "09:00") == "down"
    assert independent.minutes_in(f"{MAIN}/status-page", "down") == 0
    assert independent.state(f"{MAIN}/compute", "09:00") == "down"  # nothing else changes


def test_iot_local_fallback_turns_a_lost_hub_into_a_degraded_app():
    """HomeGlow's lights need the Pushly hub (hard): with the hub's region down, they are down;
    with local fallback the switch still works and the app is only degraded."""
    hub_region = NET.services["pushly"].regions[0]
    outage = RegionOutage(hub_region, "08:00", "11:00")
    plain = simulate(NET, Scenario([outage]))
    local = simulate(NET, Scenario([outage], [LocalFallback()]))
    assert plain.state("pushly", "09:00") == "down"
    assert plain.state("homeglow", "09:00") == "down"
    assert local.state("homeglow", "09:00") == "degraded"


def test_checkpointing_bounds_training_lost_to_time_since_the_last_checkpoint():
    """The default world's training job runs in the main region from 00:00. Its compute goes
    down with the region at 08:05 (minute 485): with the default 6-hourly checkpoints the last
    was at 06:00, so 485 - 360 = 125 minutes are lost; every 30 minutes, the last was at 08:00,
    so 5."""
    [job] = NET.training_jobs
    assert (job.region, job.start_min, job.every) == (MAIN, 0, 360)
    outage = RegionOutage(MAIN, "08:05", "11:00")
    plain = simulate(NET, Scenario([outage]))
    saved = simulate(NET, Scenario([outage], [Checkpointing(30)]))
    assert plain.state(f"{MAIN}/compute", "08:05") == "down"
    assert plain.training_minutes_lost() == {job.name: 125}
    assert saved.training_minutes_lost() == {job.name: 5}
    assert [j.checkpoint_every for j in saved.world.training_jobs] == [30]


@pytest.mark.parametrize("bad", [0, -5, 2000, 1.5, True])
def test_bad_checkpoint_interval(bad):
    with pytest.raises(ValueError, match=rf"every: got {bad!r}; allowed: whole minutes 1-1440"):
        Checkpointing(bad)


def test_full_recovery_is_when_the_last_app_is_back():
    t = simulate(NET, Scenario([RegionOutage(MAIN, "08:00", "11:00")]))
    back = [t.recovered_at(a.id) for a in NET.apps() if t.recovered_at(a.id) is not None]
    assert t.full_recovery() == max(back) > 11 * 60
    assert simulate(NET, Scenario()).full_recovery() is None
