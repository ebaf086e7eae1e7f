"""Config pushes wired into the world: which components a fleet's health reaches."""

from __future__ import annotations

import pytest

import labkit
from labkit import ConfigPush, RetryBackoff, Scenario, StagedRollout, simulate

NET = labkit.build_internet()
EDGE_APPS = [
    a.id for a in NET.apps() if any(d.target == "edgefast" and d.hard for d in a.needs)
]  # fmt: skip


def test_global_crash_push_to_the_cdn_takes_its_apps_down_until_reverted():
    """Every edge server crashes at 10:00; people revert after 60 min (rollback is instant and a
    crash needs no repair here): EdgeFast is down 10:00-11:00, and so is every app that cannot
    do without it; the explanation ends at the push."""
    push = ConfigPush("edgefast", "10:00", effect="crash", revert_after=60)
    t = simulate(NET, Scenario([push], [RetryBackoff()]))
    assert EDGE_APPS
    assert t.state("edgefast", "09:59") == "ok"
    assert t.state("edgefast", "10:00") == "down"
    assert t.state("edgefast", "10:59") == "down"
    assert t.state("edgefast", "11:00") != "down"
    for app in EDGE_APPS:
        assert t.state(app, "10:30") == "down"
        why = t.explain(app, "10:30")
        assert why.root == push and "edgefast" in why.chain
        assert "pushed to every unit at once" in " ".join(str(why).split())


def test_staged_rollout_stops_the_same_push_at_the_canary():
    """With a 5% canary (3 of 48 edge servers, health 94% > 90%), no app ever goes down."""
    push = ConfigPush("edgefast", "10:00", effect="crash")
    t = simulate(NET, Scenario([push], [StagedRollout()]))
    assert all(t.minutes_in(a.id, "down") == 0 for a in NET.apps())
    assert t.minutes_in("edgefast", "down") == 0


def test_capacity_push_sets_each_regions_compute_by_what_is_left():
    """Removing 30% of each host's capacity leaves 70%: degraded (50-90%); removing 70% leaves
    30%: down (< 50%). Every Nimbus region is hit, no other provider's."""
    mild = simulate(NET, Scenario([ConfigPush("nimbus-compute", effect="capacity", removes=0.3)]))
    harsh = simulate(NET, Scenario([ConfigPush("nimbus-compute", effect="capacity", removes=0.7)]))
    for region in NET.providers["nimbus"].regions:
        assert mild.state(f"{region}/compute", "10:30") == "degraded"
        assert harsh.state(f"{region}/compute", "10:30") == "down"
    assert harsh.state("stratus-us-central/compute", "10:30") == "ok"


def test_endpoint_agent_crash_hits_only_companies_running_their_own_servers():
    """Like July 2024: the agent is on self-hosted servers, so cloud-hosted apps stay up unless
    they need one of the crashed companies; with manual repair (60 min per machine, 10 machines
    per company) the crash outlasts the revert by hours."""
    push = ConfigPush("bulwark-agent", "04:09", recovery=60, revert_after=78)
    t = simulate(NET, Scenario([push], [RetryBackoff()]))
    own = [s.id for s in NET.services.values() if s.self_hosted]
    assert all(t.state(s, "05:00") == "down" for s in own)
    assert all(t.state(s, "10:00") != "ok" for s in own)
    assert t.state("signonce", "05:00") == "ok"  # runs on a cloud


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fleet": "edgfast"}, r"fleet: unknown value 'edgfast'.*'edgefast'"),
        ({"effect": "boom"}, r"effect: unknown value 'boom'"),
        ({"strategy": "canary"}, r"strategy: unknown value 'canary'"),
        ({"effect": "capacity"}, r"removes: got None; allowed: a share in \(0, 1\]"),
        ({"revert_after": 0}, r"revert_after: got 0"),
    ],
)
def test_bad_config_push_fields(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ConfigPush(**kwargs)


def test_bad_staged_rollout():
    with pytest.raises(ValueError, match=r"canary: got 0"):
        StagedRollout(canary=0)
