"""Bad input raises ValueError naming the field, the value and what is allowed."""

from __future__ import annotations

import pytest

import labkit
from labkit import MultiRegion, RegionOutage, Scenario, ZoneOutage


@pytest.fixture(scope="module")
def net():
    return labkit.build_internet()


def test_unknown_region_names_field_value_allowed_and_suggestion(net):
    sc = Scenario([RegionOutage("nimbus-us-eats", "08:00", "11:00")])
    with pytest.raises(ValueError) as err:
        labkit.simulate(net, sc)
    msg = str(err.value)
    assert msg.startswith("region: unknown value 'nimbus-us-eats'.")
    assert "Did you mean 'nimbus-us-east'?" in msg
    assert "Allowed: cirrus-eu-north" in msg


def test_partial_region_name_gets_a_suggestion(net):
    with pytest.raises(ValueError, match="Did you mean 'nimbus-us-east'"):
        labkit.simulate(net, Scenario([RegionOutage("us-east", "08:00", "09:00")]))


def test_fix_before_start():
    with pytest.raises(ValueError, match=r"fixed: got '07:00', which is not after start '08:00'"):
        RegionOutage("nimbus-us-east", start="08:00", fixed="07:00")


def test_fix_equal_to_start():
    with pytest.raises(ValueError, match="fixed: got '08:00'"):
        ZoneOutage("nimbus-us-east-a", start="08:00", fixed="08:00")


@pytest.mark.parametrize("bad", [-30, 0, 1.5, "10"])
def test_non_positive_or_non_integer_duration(bad):
    with pytest.raises(ValueError, match=rf"duration: got {bad!r}; allowed: a whole number"):
        RegionOutage("nimbus-us-east", start="08:00", duration=bad)


def test_fixed_and_duration_together():
    with pytest.raises(ValueError, match="fixed/duration: .*allowed: one of them"):
        RegionOutage("nimbus-us-east", "08:00", "09:00", duration=30)


@pytest.mark.parametrize("bad", ["25:00", "8am", "08:61", -5, True])
def test_bad_times(bad):
    with pytest.raises(ValueError, match=r"start: got .*allowed: .*'HH:MM'|start: got -5"):
        RegionOutage("nimbus-us-east", start=bad, duration=10)


def test_unknown_block_kind():
    with pytest.raises(ValueError, match=r"blocks: unknown value 'kvdb'.*'kv-db'"):
        RegionOutage("nimbus-us-east", blocks=["kvdb"])


def test_unknown_zone_suggests(net):
    with pytest.raises(ValueError, match=r"zone: unknown value 'nimbus-us-east-d'.*Did you mean"):
        labkit.simulate(net, Scenario([ZoneOutage("nimbus-us-east-d", duration=10)]))


def test_unknown_service_in_mitigation(net):
    with pytest.raises(ValueError, match=r"services: unknown value 'shopfst'.*'shopfast'"):
        labkit.simulate(net, Scenario(mitigations=[MultiRegion(("shopfst",))]))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"failures": ["nimbus-us-east"]},
            r"failures\[0\]: got 'nimbus-us-east' \(a str\); allowed",
        ),
        ({"mitigations": [1]}, r"mitigations\[0\]: got 1 \(an int\); allowed"),
        ({"minutes": 0}, r"minutes: got 0; allowed: whole minutes 1-20160"),
        ({"failover_delay": -1}, r"failover_delay: got -1; allowed: whole minutes 0-240"),
        ({"seed": None}, r"seed: got None; allowed: a whole number"),
    ],
)
def test_bad_scenarios(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Scenario(**kwargs)


def test_simulate_checks_its_arguments(net):
    with pytest.raises(TypeError, match=r"internet: got 'world' \(a str\)"):
        labkit.simulate("world", Scenario())
    with pytest.raises(TypeError, match=r"scenario: got \[.*\] \(a list\)"):
        labkit.simulate(net, [RegionOutage("nimbus-us-east")])
