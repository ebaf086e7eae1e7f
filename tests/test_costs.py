"""The cost model, availability arithmetic, checkpoint loss, multi-cloud and the chaos lab."""

from __future__ import annotations

import pytest

import labkit
from labkit import chaos, costs
from labkit.mechanisms.regions import MultiCloud

NET = labkit.build_internet(0)


def test_four_nines_is_about_53_minutes_a_year():
    assert costs.downtime_per_year(0.9999) == pytest.approx(52.6, abs=0.05)


def test_a_chain_adds_downtime_and_independent_copies_multiply_it():
    a = 0.999
    assert costs.all_needed(a, a) == pytest.approx(a * a)
    assert costs.any_one_enough(a, a) == pytest.approx(1 - 0.001**2)
    assert costs.all_needed(a) == costs.any_one_enough(a) == a


@pytest.mark.parametrize("bad", [1.5, -0.1, "0.9", None, True, float("nan")])
def test_availability_out_of_range_names_the_field(bad):
    with pytest.raises(ValueError, match="availability"):
        costs.downtime_per_year(bad)


def test_no_availabilities_is_an_error():
    with pytest.raises(ValueError, match="availabilities"):
        costs.all_needed()


def test_deployments_cost_more_as_they_survive_more():
    prices = [costs.deployment_cost(d) for d in costs.DEPLOYMENTS]
    assert prices == sorted(prices)
    survives = [len(d.survives) for d in costs.DEPLOYMENTS.values()]
    assert survives == sorted(survives)
    with pytest.raises(ValueError, match="Did you mean 'multi-region'"):
        costs.deployment_cost("multi-regoin")


@pytest.mark.parametrize(
    ("failure", "every", "lost"), [("08:00", 60, 0), ("08:00", 180, 120), ("08:10", 30, 10)]
)
def test_progress_lost_is_time_since_the_last_checkpoint(failure, every, lost):
    assert costs.progress_lost(failure, every) == lost


def test_progress_lost_checks_its_fields():
    with pytest.raises(ValueError, match="every"):
        costs.progress_lost("08:00", 0)
    with pytest.raises(ValueError, match="failure_at"):
        costs.progress_lost("01:00", 60, started="02:00")


def test_multicloud_adds_another_provider_and_keeps_existing_regions():
    world = MultiCloud().apply(NET)
    for sid, s in NET.services.items():
        new = world.services[sid]
        assert new.regions[: len(s.regions)] == s.regions
        if s.regions:
            providers = {world.regions[r].provider for r in new.regions}
            assert len(providers) == 2 and new.failover != "none"
    with pytest.raises(ValueError, match="services"):
        labkit.simulate(NET, labkit.Scenario([], [MultiCloud(services=("signonse",))]))


def test_multicloud_survives_a_provider_wide_push_and_multiregion_does_not():
    push = labkit.ConfigPush("nimbus-compute", "10:00", effect="crash", revert_after=60)

    def down(ms):
        run = labkit.simulate(NET, labkit.Scenario([push], ms))
        return sum(r.user_hours_down for r in run.impact_summary().rows)

    plain = down([])
    assert down([labkit.MultiRegion()]) == pytest.approx(plain)
    assert down([MultiCloud()]) < plain / 5


def test_every_menu_choice_has_a_price_and_the_game_day_is_fixed():
    assert set(chaos.MENU) == set(chaos.PRICES)
    assert len(chaos.GAME_DAY) == len(set(chaos.GAME_DAY)) == 8
    assert set(chaos.GAME_DAY) <= set(labkit.scenarios.names())


def test_parse_design_accepts_spellings_and_rejects_unknown_names():
    assert chaos.parse_design(["Serve Stale", "RPKI", "rpki"]) == ("serve-stale", "rpki")
    with pytest.raises(ValueError, match="choices"):
        chaos.parse_design(["teleport"])
    with pytest.raises(ValueError, match="choices"):
        chaos.parse_design(42)


def test_game_day_is_deterministic_and_never_makes_things_worse():
    a, b = chaos.game_day(["staged-rollout"]), chaos.game_day(["staged-rollout"])
    assert a == b
    assert all(r.down_after <= r.down_before + 1e-6 for r in a.rows)
    assert chaos.game_day([]).saved == 0
    assert 0 < chaos.game_day([]).kept_share < 1


def test_best_designs_are_within_budget_and_best_first():
    best = chaos.best_designs(60, top=3)
    assert all(g.cost <= 60 for g in best)
    assert [g.saved for g in best] == sorted((g.saved for g in best), reverse=True)
