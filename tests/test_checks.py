"""Exercise checkers: friendly feedback, right answers worked out from the model."""

from __future__ import annotations

import pytest

import labkit
from labkit.checks import check_culprit, check_prediction, culprits

NET = labkit.build_internet()


@pytest.fixture(scope="module")
def day():
    return labkit.simulate(NET, labkit.Scenario([labkit.RegionOutage("nimbus-us-east")]))


def test_prediction_all_right(day):
    down = [a.name for a in NET.apps() if day.state(a.id, "09:00") == "down"]
    fb = check_prediction(down, day, "09:00")
    assert fb.correct and "Spot on" in str(fb)


def test_prediction_partly_right_names_what_was_missed(day):
    down = sorted(a.id for a in NET.apps() if day.state(a.id, "09:00") == "down")
    fb = check_prediction([down[0].upper(), "ScribeAI"], day, "09:00")
    assert not fb.correct
    assert f"You named 1 of the {len(down)}" in fb.message
    assert down[1] in fb.message and "scribeai" in fb.message


@pytest.mark.parametrize("weird", [None, 42, "", ["nope"], {"a": 1}])
def test_prediction_never_raises_on_odd_input(day, weird):
    fb = check_prediction(weird, day, "09:00")
    assert not fb.correct and fb.message


def test_culprit_is_the_saas_on_most_down_apps_chains(day):
    best = culprits(day, "09:00").most_common(1)[0][0]
    assert check_culprit(best, day).correct
    assert check_culprit(NET.services[best].name.upper(), day).correct
    others = [s.id for s in NET.saas() if s.id != best]
    assert not any(check_culprit(o, day).correct for o in others)


@pytest.mark.parametrize("weird", [None, 3, "", "signon"])
def test_culprit_never_raises_and_helps(day, weird):
    fb = check_culprit(weird, day)
    assert not fb.correct
    if weird == "signon":
        assert "Did you mean 'signonce'?" in fb.message
