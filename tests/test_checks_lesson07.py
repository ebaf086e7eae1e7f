"""Lesson 07's checker: the announced fix, replayed; right answers come from the casebook
entries and the model, feedback is friendly, never a traceback."""

from __future__ import annotations

import pytest

from labkit.checks import check_announced_fix, fix_outcome

ODD = [None, 42, ["a", "b", "c"], {"x": 1}, object(), float("nan"), ["rpki", 3]]


@pytest.mark.parametrize("answer", ["staged-rollout", "Staged Rollout", ["staged_rollout"]])
def test_crowdstrike_canary_in_any_spelling(answer):
    # casebook §6: "Staggered deployment … starting with a canary" -> staged-rollout
    fb = check_announced_fix(answer, "crowdstrike-agent-2024")
    assert fb.correct, fb.message
    assert "casebook §6" in fb.message and "saves" in fb.message


def test_crowdstrike_canary_saves_every_user_hour():
    # The replay's push crashes the agent fleet everywhere at once ("global", no staging); a
    # canary with a health gate stops it on the first wave, before the trouble shows wider:
    # the user-hours of apps down drop to nothing.
    before, after = fix_outcome("crowdstrike-agent-2024", ["staged-rollout"])
    assert before > 0 and after == 0


def test_gcp_needs_both_announced_fixes():
    # casebook §10 lists incremental propagation (staged-rollout) and randomized backoff
    # (retry-backoff): one alone is only part of it
    part = check_announced_fix(["retry-backoff"], "gcp-service-control-2025")
    both = check_announced_fix(["staged-rollout", "retry backoff"], "gcp-service-control-2025")
    assert not part.correct and "also lists" in part.message
    assert both.correct


def test_nothing_announced_means_none():
    # casebook §4: "The specific action items are unsourced here."
    assert check_announced_fix("none", "facebook-withdrawal-2021").correct
    # the exercise cell starts with my_fix = []: an empty list is "not chosen yet", never a
    # pass, even where "none" is the right answer; "none" must be written out
    empty = check_announced_fix([], "facebook-withdrawal-2021")
    assert not empty.correct and "not chosen yet" in empty.message
    wrong = check_announced_fix("rpki", "facebook-withdrawal-2021")
    assert not wrong.correct and "'none'" in wrong.message


def test_a_fix_that_works_but_was_not_announced_is_not_the_answer():
    # casebook §5 (Fastly) announces no staging; a staged rollout still helps in the toy
    before, after = fix_outcome("fastly-config-2021", ["staged-rollout"])
    fb = check_announced_fix("staged-rollout", "fastly-config-2021")
    assert after < before and not fb.correct


def test_dyn_inference_is_marked():
    # casebook §8: "(inference; not a Dyn statement)"
    fb = check_announced_fix("secondary-dns", "dyn-ddos-2016")
    assert fb.correct and "inference" in fb.message


def test_none_is_right_where_only_an_inference_fits():
    # §8: Dyn announced nothing the toy has, so "none" is right, and the inference is offered
    dyn = check_announced_fix("none", "dyn-ddos-2016")
    assert dyn.correct and "secondary-dns" in dyn.message
    # §6: CrowdStrike announced the staggered deployment itself, so "none" is wrong
    cs = check_announced_fix("none", "crowdstrike-agent-2024")
    assert not cs.correct and "lists something the toy has" in cs.message


def test_unknown_mitigation_lists_the_catalogue():
    fb = check_announced_fix("serve stail", "dyn-ddos-2016")
    assert not fb.correct and "Did you mean 'serve-stale'" in fb.message


@pytest.mark.parametrize("odd", ODD)
def test_never_raises(odd):
    fb = check_announced_fix(odd, "crowdstrike-agent-2024")
    assert not fb.correct and fb.message


def test_unknown_replay_is_feedback_with_did_you_mean():
    fb = check_announced_fix("staged-rollout", "crowdstrike")
    assert not fb.correct and "crowdstrike-agent-2024" in fb.message


def test_fix_outcome_rejects_bad_input():
    with pytest.raises(ValueError, match="mitigations"):
        fix_outcome("dyn-ddos-2016", ["serve-stail"])
    with pytest.raises(TypeError, match="mitigations"):
        fix_outcome("dyn-ddos-2016", "serve-stale")
    with pytest.raises(ValueError, match="replay"):
        fix_outcome("dyn", [])
