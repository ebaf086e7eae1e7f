"""Checkers of lessons 01-03: right answers in several spellings, helpful wrong answers, and
never a traceback, whatever a learner passes in."""

from __future__ import annotations

import networkx as nx
import pytest

import labkit
from labkit import scenarios
from labkit.checks import (
    all_back_at,
    check_back_at,
    check_leak_stopper,
    check_most_fragile_app,
    hard_graph,
    lost_with_filter_at,
    parse_answer_time,
    single_points_of_failure,
)
from labkit.mechanisms.dns import toy_dns

NET = labkit.build_internet()
ODD = [None, 42, 3.5, True, "", "   ", ["homeglow"], {"a": 1}, object()]


# ---- lesson 01 ------------------------------------------------------------------------------
def _most_fragile() -> str:
    hard = hard_graph(NET)
    return max(NET.apps(), key=lambda a: len(nx.descendants(hard, a.id))).id


def test_single_points_of_failure_are_hard_descendants():
    spofs = single_points_of_failure(NET, "shopfast")
    assert {"signonce", "paywave"} <= spofs
    assert not any(z in spofs for z in NET.zones)  # every block runs in several zones
    assert spofs <= nx.descendants(NET.graph, "shopfast")


@pytest.mark.parametrize("spell", [str.lower, str.upper, lambda s: f"  {s} "])
def test_most_fragile_app_accepts_ids_and_names(spell):
    best = _most_fragile()
    assert check_most_fragile_app(spell(best), NET).correct
    assert check_most_fragile_app(spell(NET.services[best].name), NET).correct


def test_most_fragile_app_wrong_answers_get_counts_and_a_hint():
    best = _most_fragile()
    wrong = next(a.id for a in NET.apps() if a.id != best)
    fb = check_most_fragile_app(wrong, NET)
    assert not fb.correct
    assert str(len(single_points_of_failure(NET, wrong))) in fb.message
    assert "nx.descendants" in fb.message


def test_most_fragile_app_names_a_component_that_is_not_an_app():
    fb = check_most_fragile_app("signonce", NET)
    assert not fb.correct and "not an app" in fb.message
    assert "Did you mean 'homeglow'?" in check_most_fragile_app("homeglwo", NET).message


@pytest.mark.parametrize("weird", ODD)
def test_most_fragile_app_never_raises(weird):
    fb = check_most_fragile_app(weird, NET)
    assert not fb.correct and fb.message and str(fb).startswith("🤔")


# ---- lesson 02 ------------------------------------------------------------------------------
OUTAGE = scenarios.load("aws-dynamodb-dns-2025")
NAME = "db.us-east.nimbus"


@pytest.fixture(scope="module")
def world():
    return toy_dns(NET)


@pytest.mark.parametrize("neg", [60, 900, 3600])
def test_back_at_follows_the_negative_ttl(world, neg):
    slow = world.with_negative_ttl(neg, ["nimbus-dns"])
    right = all_back_at(slow, OUTAGE.failures, NAME)
    fix = OUTAGE.failures[0].fixed_min
    assert fix <= right <= fix + neg // 60 + 1
    hhmm = labkit.fmt_time(right)
    for spelling in (hhmm, hhmm.lstrip("0"), f"{hhmm} UTC", hhmm.replace(":", "."), right):
        assert check_back_at(spelling, slow, OUTAGE.failures, NAME).correct, spelling


def test_back_at_wrong_answers_explain(world):
    fb = check_back_at("09:25", world, OUTAGE.failures, NAME)
    assert not fb.correct and "fixed" in fb.message
    fb = check_back_at("08:00", world, OUTAGE.failures, NAME)
    assert not fb.correct and "before the fix" in fb.message
    fb = check_back_at("12:00", world, OUTAGE.failures, NAME)
    assert not fb.correct and "too late" in fb.message and "share_series" in fb.message


@pytest.mark.parametrize("weird", [*ODD, "soon", "25:00", -5])
def test_back_at_never_raises_on_odd_answers(world, weird):
    fb = check_back_at(weird, world, OUTAGE.failures, NAME)
    assert not fb.correct and fb.message


@pytest.mark.parametrize(
    "args", [(None, OUTAGE.failures, NAME), ("w", None, NAME), (None, None, None)]
)
def test_back_at_never_raises_on_odd_arguments(world, args):
    w = world if args[0] == "w" else args[0]
    fb = check_back_at("09:34", w, *args[1:])
    assert not fb.correct and fb.message


def test_back_at_unknown_name_is_explained(world):
    fb = check_back_at("09:34", world, OUTAGE.failures, "db.nimbus")
    assert not fb.correct and "Did you mean" in fb.message


def test_parse_answer_time():
    assert parse_answer_time("9h34") == parse_answer_time("09:34") == 574
    assert parse_answer_time("day 2 00:05") == 1445
    assert parse_answer_time("later") is None and parse_answer_time(False) is None


# ---- lesson 03 ------------------------------------------------------------------------------
LEAK = scenarios.load("verizon-leak-2019")
HIJACK = scenarios.load("youtube-hijack-2008")


def _stoppers(scenario) -> list[str]:
    lost = lost_with_filter_at(NET, scenario)
    return [a for a, n in lost.items() if n == min(lost.values())]


def test_one_filter_stops_the_leak_and_the_simulation_agrees():
    (stopper,) = _stoppers(LEAK)
    run = labkit.simulate(NET, labkit.Scenario(LEAK.failures, [labkit.PrefixFilters((stopper,))]))
    assert sum(r.user_hours_down for r in run.impact_summary().rows) == 0
    asn = placement_asn(stopper)
    for spelling in (stopper, stopper.upper().replace("-", " "), f"AS{asn}", str(asn), asn):
        assert check_leak_stopper(spelling, NET, LEAK).correct, spelling


def placement_asn(name: str) -> int:
    from labkit.mechanisms.bgp import placement

    return placement(NET).graph.asn(name)


def test_leak_stopper_wrong_answers_are_told_how_much_they_help():
    fb = check_leak_stopper("atlas", NET, LEAK)
    assert not fb.correct and "helps" in fb.message
    fb = check_leak_stopper("alloyworks", NET, LEAK)
    assert not fb.correct and "changes nothing" in fb.message
    assert (
        "Did you mean 'transit-north-america'?"
        in check_leak_stopper("transit-nort-america", NET, LEAK).message
    )


def test_leak_stopper_works_for_the_hijack_too_and_not_for_a_withdrawal():
    (stopper,) = _stoppers(HIJACK)
    assert check_leak_stopper(stopper, NET, HIJACK).correct
    withdrawal = labkit.Scenario([labkit.PrefixWithdrawal("streamflix", "15:40", "21:30")])
    fb = check_leak_stopper(stopper, NET, withdrawal)
    assert not fb.correct and "withdrawal" in fb.message


@pytest.mark.parametrize("weird", [*ODD, "AS", "as-99999", 0, -1])
def test_leak_stopper_never_raises_on_odd_answers(weird):
    fb = check_leak_stopper(weird, NET, LEAK)
    assert not fb.correct and fb.message


@pytest.mark.parametrize("args", [(None, LEAK), (NET, None), (NET, "verizon")])
def test_leak_stopper_never_raises_on_odd_arguments(args):
    fb = check_leak_stopper("transit-north-america", *args)
    assert not fb.correct and fb.message


def test_back_at_for_a_record_never_fixed_says_so_in_words():
    # a record emptied at 06:48 and never fixed: no resolver can get it back within the day,
    # so there is no right time; the checker says why instead of computing minutes from a fix
    # that never happens
    from labkit.checks import check_back_at
    from labkit.mechanisms.dns import RecordEmpty, toy_dns

    fb = check_back_at("23:59", toy_dns(), [RecordEmpty("db.us-east.nimbus", "06:48")],
                       "db.us-east.nimbus")  # fmt: skip
    assert not fb.correct
    assert "never fixed" in fb.message and "minutes after the fix" not in fb.message
