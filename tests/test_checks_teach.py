"""Checkers that teach: the common wrong answers get an answer of their own, the verdict is in
words (the emoji only decorate), an exercise's empty start value never passes, and no Python
error text reaches a learner whatever they pass in."""

from __future__ import annotations

import math
import re

import pytest

import labkit
from labkit import chaos, scenarios
from labkit.checks import (
    Feedback,
    check_announced_fix,
    check_back_at,
    check_culprit,
    check_design,
    check_leak_stopper,
    check_most_fragile_app,
    check_prediction,
    check_progress_lost,
    check_rollout_plan,
)
from labkit.mechanisms.bgp import placement
from labkit.mechanisms.dns import DNSFailure, toy_dns
from labkit.mechanisms.rollout import toy_fleets

NET = labkit.build_internet()
REGION_DAY = labkit.simulate(NET, labkit.Scenario([labkit.RegionOutage("nimbus-us-east")]))
LEAK = scenarios.load("verizon-leak-2019")
DNS_PART = [
    f for f in scenarios.load("aws-dynamodb-dns-2025").failures if isinstance(f, DNSFailure)
]

#: emoji and the variation selector: what a browser without an emoji font shows as boxes
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")
#: the verdicts a learner can read; "Right …" and "Held"/"Best …" only when the answer passes
VERDICTS = {
    "Right",
    "Right as far as the operator's words go",
    "Best score",
    "Valid, not the best yet",
    "Held",
    "Refuted",
    "Not yet",
    "Not answered yet",
}
PYTHON_TEXT = (
    "Traceback",
    "Error:",
    "Error(",
    "unsupported operand",
    "object has no attribute",
    "has no attribute",
    "object is not",
    "NoneType",
    "not iterable",
    "positional argument",
    "invalid literal",
    "could not convert",
    "Exceeds the limit",
)


def _without_emoji(fb: Feedback) -> str:
    return " ".join(EMOJI.sub("", str(fb)).split())


def _reads_without_emoji(fb: Feedback) -> str:
    """The feedback with its emoji removed: it must start with a verdict in words."""
    text = _without_emoji(fb)
    assert fb.verdict in VERDICTS, fb.verdict
    assert text.startswith(f"{fb.verdict} — "), text
    if fb.verdict.startswith(("Not yet", "Not answered")):
        assert not fb.correct
    return text


# ---- words carry the verdict -------------------------------------------------------------
def test_a_refuted_hypothesis_says_refuted_first_and_wears_no_tick():
    # retry-backoff alone keeps less than 99.9% of the game day's user-hours: the game day
    # has a week-long agent crash that retries cannot shorten (lesson 06), so 99.9% is refuted
    design = ["retry-backoff"]
    kept = chaos.game_day(design).kept_share
    assert kept < 0.999
    fb = check_design(design, hypothesis=0.999)
    text = _reads_without_emoji(fb)
    assert text.startswith("Refuted — ") and "✅" not in str(fb)
    held = check_design(design, hypothesis=math.floor(kept * 100) / 100)  # just under: holds
    assert _reads_without_emoji(held).startswith("Held — ") and "✅" not in str(held)


def test_hypothesis_in_percent_text_is_read_as_a_share():
    design = ["retry-backoff"]
    kept = chaos.game_day(design).kept_share
    below = f"{math.floor(kept * 100) - 1}%"  # one point under what it keeps: holds
    fb = check_design(design, hypothesis=below)
    assert fb.verdict == "Held" and below.rstrip("%") in fb.message


def test_right_and_wrong_answers_read_the_same_without_emoji():
    best = max(REGION_DAY.world.saas(), key=lambda s: sum(
        a.total_users for a in NET.apps()
        if REGION_DAY.state(a.id, "09:00") == "down"
        and s.id in REGION_DAY.explain(a.id, "09:00").chain))  # fmt: skip
    for fb in (
        check_culprit(best.id, REGION_DAY),
        check_culprit("paywave" if best.id != "paywave" else "signonce", REGION_DAY),
        check_prediction([], REGION_DAY),
        check_rollout_plan({"canary": 0.05, "bake": 30}),
        check_announced_fix("none", "dyn-ddos-2016"),
    ):
        _reads_without_emoji(fb)


# ---- the exercise's start value is "not chosen yet", never a pass -------------------------
@pytest.mark.parametrize("empty", [None, "", "   ", [], ()])
def test_an_empty_answer_is_not_chosen_yet(empty):
    calls = [
        lambda: check_design(empty, hypothesis=0.95),
        lambda: check_culprit(empty, REGION_DAY),
        lambda: check_most_fragile_app(empty, NET),
        lambda: check_back_at(empty, toy_dns(), DNS_PART, "db.us-east.nimbus"),
        lambda: check_leak_stopper(empty, NET, LEAK),
        lambda: check_rollout_plan(empty),
        lambda: check_progress_lost(empty),
        lambda: check_announced_fix(empty, "facebook-withdrawal-2021"),
    ]
    for call in calls:
        fb = call()
        assert not fb.correct and fb.verdict == "Not answered yet"
        assert "not chosen yet" in fb.message
        _reads_without_emoji(fb)


def test_an_empty_design_never_passes_run_all():
    # lesson 06's cell starts with my_design = [] (or None) and a hypothesis already written
    for start in ([], None, ""):
        fb = check_design(start, budget=60, hypothesis=0.95)
        assert not fb.correct and "✅" not in str(fb)


# ---- lesson 00: a region (or zone, block, provider, app) where a service was asked for -----
@pytest.mark.parametrize(
    ("answer", "what"),
    [
        ("nimbus-us-east", "is the region"),
        ("Nimbus-US-East", "is the region"),
        ("nimbus-us-east-a", "is a zone"),
        ("nimbus-us-east/kv-db", "is a building block"),
        ("nimbus", "is a cloud provider"),
        ("shopfast", "is an app"),
    ],
)
def test_culprit_answered_with_something_that_is_not_a_service(answer, what):
    fb = check_culprit(answer, REGION_DAY)
    assert not fb.correct
    assert what in fb.message and "*service*" in fb.message
    assert "I don't know" not in fb.message


def test_prediction_names_a_region_instead_of_apps():
    fb = check_prediction(["nimbus-us-east"], REGION_DAY)
    assert not fb.correct and "'nimbus-us-east' is a region, not an app" in fb.message


# ---- lesson 04's prediction: no "failed region" in a config push ---------------------------
def test_prediction_hint_for_a_config_push_names_what_was_pushed_to():
    # fastly-config-2021 pushes a bad config to the CDN edgefast; no region fails. The streaming
    # apps need the CDN ("video reaches viewers through the CDN"), so a learner who names no app
    # misses them, and the hint must point at edgefast, not at a failed region.
    day = labkit.simulate(NET, scenarios.load("fastly-config-2021"))
    fb = check_prediction([], day, "10:00")
    assert not fb.correct
    assert "region" not in fb.message
    assert "edgefast" in fb.message


def test_prediction_hint_for_a_region_outage_still_names_the_region():
    # nimbus-us-east fails; signonce runs there, and e.g. shopfast does not run there but
    # needs signonce (lesson 00), so the missed apps include apps outside the region
    fb = check_prediction([], REGION_DAY)
    assert "don't run on the failed region" in fb.message


# ---- lesson 03: a real-world network's name ------------------------------------------------
@pytest.mark.parametrize("real", ["verizon", "Verizon", "google", "cloudflare", "at&t", "AT&T"])
def test_a_real_network_gets_the_toy_networks_listed(real):
    fb = check_leak_stopper(real, NET, LEAK)
    assert not fb.correct
    assert "I don't know the network" not in fb.message
    assert "not one of the toy's" in fb.message
    tier1 = [a.name for a in placement(NET).graph.ases.values() if a.kind == "tier-1"]
    assert all(name in fb.message for name in tier1)


def test_verizon_is_told_its_stand_in():
    # lesson 03: "the steel company alloyworks does the same between dq-networks and
    # transit-north-america" — alloyworks leaked from DQE to Verizon, so Verizon's part is
    # played by transit-north-america
    fb = check_leak_stopper("verizon", NET, LEAK)
    assert "'transit-north-america'" in fb.message


# ---- lesson 04: "5%", a canary of 1 and the boundaries -------------------------------------
def test_a_canary_written_with_percent_is_read_as_a_share():
    # "5%" is 5 hundredths: the same plan as 0.05, judged the same, and said so
    text, share = (
        check_rollout_plan({"canary": "5%", "bake": 30}),
        check_rollout_plan({"canary": 0.05, "bake": 30}),
    )
    assert text.correct == share.correct
    assert "I read '5%' as a canary of 0.05" in text.message
    assert "unsupported operand" not in text.message


def test_a_canary_of_1_is_said_to_be_the_whole_fleet():
    fb = check_rollout_plan({"canary": 1, "bake": 30})
    assert not fb.correct and "0.01" in fb.message and "whole fleet" in fb.message


FLEET = toy_fleets()["bulwark-agent"].size  # 80 machines (10 at each of 8 companies)


def test_a_bake_exactly_as_long_as_the_delay_is_enough():
    # The gate looks at the canary when its bake ends. Trouble shows detect_delay minutes after
    # loading, so a bake of exactly detect_delay sees it (the lesson: "the bake must last at
    # least as long as the trouble takes to show"); one minute less does not, and the first
    # wave goes out.
    for delay in (20, 25):
        on = check_rollout_plan({"canary": 0.05, "bake": delay}, detect_delay=delay)
        under = check_rollout_plan({"canary": 0.05, "bake": delay - 1}, detect_delay=delay)
        assert on.correct, on.message
        assert not under.correct and "bake longer" in under.message


def test_a_good_config_exactly_on_time_is_in_time():
    # a canary and two waves: a good config is everywhere after 3 bakes (the last wave goes out
    # after the second bake and is done after the third), so 3 x 30 = 90 minutes is exactly the
    # limit "within 90 minutes" and passes; 3 x 31 = 93 does not
    on = check_rollout_plan({"canary": 0.05, "bake": 30}, max_minutes=90)
    over = check_rollout_plan({"canary": 0.05, "bake": 31}, max_minutes=90)
    assert on.correct, on.message
    assert not over.correct and "Too slow" in over.message and "up to 30 min" in over.message


def test_a_canary_exactly_at_the_limit_is_within_it():
    # 10% of 80 machines is 8 machines: "at most 10%" holds; 9 machines (0.1125) do not
    at = 8 / FLEET
    assert check_rollout_plan({"canary": at, "bake": 20}, max_share=0.10).correct
    over = check_rollout_plan({"canary": 9 / FLEET, "bake": 20}, max_share=0.10)
    assert not over.correct and "10% or less" in over.message


def test_a_canary_rounded_up_past_the_limit_is_explained():
    # 0.07 x 80 = 5.6 machines, rounded up to 6 = 7.5% > 7%; 5 of 80 = 0.0625 fits
    fb = check_rollout_plan({"canary": 0.07, "bake": 20}, max_share=0.07)
    assert not fb.correct
    assert "rounded up to whole machines" in fb.message and "5 of 80 = 0.0625" in fb.message


# ---- no Python error text, whatever comes in -----------------------------------------------
ODD = [
    None,
    0,
    7,
    -3,
    1.5,
    float("nan"),
    float("inf"),
    10**5000,
    True,
    "",
    "5%",
    "100%",
    "%",
    "x" * 10_000,
    [],
    [None],
    [1, 2],
    ["5%"],
    {},
    {"a": 1},
    {"canary": "5%", "bake": "20%"},
    {"canary": None, "bake": None},
    {"canary": [0.05], "bake": {"x": 1}},
    (0.05,),
    object(),
]

CHECKERS = {
    "check_culprit": lambda a: check_culprit(a, REGION_DAY),
    "check_prediction": lambda a: check_prediction(a, REGION_DAY),
    "check_most_fragile_app": lambda a: check_most_fragile_app(a, NET),
    "check_back_at": lambda a: check_back_at(a, toy_dns(), DNS_PART, "db.us-east.nimbus"),
    "check_leak_stopper": lambda a: check_leak_stopper(a, NET, LEAK),
    "check_rollout_plan": check_rollout_plan,
    "check_progress_lost": check_progress_lost,
    "check_design": check_design,
    "check_design hypothesis": lambda a: check_design(["retry-backoff"], hypothesis=a),
    "check_announced_fix": lambda a: check_announced_fix(a, "dyn-ddos-2016"),
}


@pytest.mark.parametrize("name", list(CHECKERS))
def test_odd_inputs_never_show_python_error_text(name):
    for odd in ODD:
        fb = CHECKERS[name](odd)
        assert isinstance(fb, Feedback)
        text = str(fb)
        for python in PYTHON_TEXT:
            assert python not in text, f"{name}({odd!r:.40}): {python!r} in {text}"
        assert len(fb.message) < 1500
        _reads_without_emoji(fb)


def test_most_fragile_app_answered_with_a_region_says_it_is_a_region():
    fb = check_most_fragile_app("nimbus-us-east", NET)
    assert not fb.correct and "'nimbus-us-east' is a region, not an app" in fb.message


def test_the_best_design_says_best_score_in_words():
    best = chaos.best_designs(60, top=1)[0]
    fb = check_design(list(best.design), budget=60)
    assert fb.correct and _reads_without_emoji(fb).startswith("Best score — ")
    worse = check_design(["rpki"], budget=60)  # rpki alone saves only the hijack (lesson 06)
    assert _reads_without_emoji(worse).startswith("Valid, not the best yet — ")
