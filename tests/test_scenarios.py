"""Stored scenarios: each loads safely, runs end to end, and is explained down to its failure."""

from __future__ import annotations

import pytest

import labkit
from labkit import scenarios

NET = labkit.build_internet()


@pytest.mark.parametrize("name", scenarios.names())
def test_every_stored_scenario_runs_and_explains_itself(name):
    sc = scenarios.load(name)
    t = labkit.simulate(NET, sc)
    hit = [r for r in t.rows() if r.state != "ok" and t.world.kind_of(r.component) == "app"]
    assert hit, f"{name} leaves every app ok"
    why = t.explain(hit[0].component, hit[0].start)
    assert why.root in sc.failures
    meta = scenarios.info(name)
    assert meta.title and meta.echoes
    # every stored scenario cites where its facts come from, or says it is stylised (no record)
    assert "http" in meta.source or (meta.record is None and meta.source.startswith("stylised"))


def test_one_stored_scenario_per_mechanism():
    kinds = {scenarios.info(n).mechanism for n in scenarios.names()}
    assert {"region", "dns", "config push", "bgp"} <= kinds


def test_unknown_type_is_refused_with_a_suggestion():
    data = {"failures": [{"type": "RegionOutag", "region": "nimbus-us-east"}]}
    with pytest.raises(ValueError, match=r"failures\[0\].type: unknown value 'RegionOutag'.*"):
        scenarios.from_dict(data, "mine")


def test_a_type_outside_the_list_cannot_be_named():
    data = {"failures": [{"type": "os.system", "command": "true"}]}
    with pytest.raises(ValueError, match="unknown value 'os.system'"):
        scenarios.from_dict(data)


def test_bad_fields_name_the_place_in_the_file():
    data = {"failures": [{"type": "RegionOutage", "region": "x", "start": "9", "fixed": "10:00"}]}
    with pytest.raises(ValueError, match=r"mine: failures\[0\]: start: got '9'"):
        scenarios.from_dict(data, "mine")
    data = {"failures": [{"type": "RegionOutage", "regoin": "nimbus-us-east"}]}
    with pytest.raises(ValueError, match=r"failures\[0\]: .*regoin"):
        scenarios.from_dict(data, "mine")


def test_unknown_scenario_name_suggests():
    with pytest.raises(ValueError, match="Did you mean 'dyn-ddos-2016'"):
        scenarios.load("dyn-dos-2016")
