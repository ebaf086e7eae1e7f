"""Checkers of lessons 04-06: right answers from the model, friendly feedback, never a traceback."""

from __future__ import annotations

import pytest

from labkit import StagedRollout, chaos
from labkit.checks import check_design, check_progress_lost, check_rollout_plan

ODD = [None, 42, "", "nonsense", ["a", "b", "c"], {"x": 1}, object(), float("nan")]


# --- lesson 04 -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "plan",
    [
        {"canary": 0.05, "bake": 20},
        (0.05, 30),
        {"canary": 5, "bake": 25.0},
        StagedRollout(canary=0.1, bake=25),
    ],  # fmt: skip
)
def test_rollout_plan_that_meets_both_goals(plan):
    fb = check_rollout_plan(plan, detect_delay=20)
    assert fb.correct, fb.message


def test_rollout_plan_with_too_short_a_bake_says_bake_longer():
    fb = check_rollout_plan({"canary": 0.05, "bake": 15}, detect_delay=20)
    assert not fb.correct and "bake longer" in fb.message


def test_rollout_plan_too_big_a_canary_or_too_slow():
    big = check_rollout_plan({"canary": 0.3, "bake": 25})
    slow = check_rollout_plan({"canary": 0.05, "bake": 45})
    assert not big.correct and "canary" in big.message
    assert not slow.correct and "Too slow" in slow.message


@pytest.mark.parametrize("odd", ODD + [{"canary": 2, "bake": -1}, {"canary": 0.05}])
def test_rollout_plan_never_raises(odd):
    fb = check_rollout_plan(odd)
    assert not fb.correct and fb.message


# --- lesson 05 -----------------------------------------------------------------------------
@pytest.mark.parametrize("answer", [384, 384.0, "384", "384 GPU-hours", " 384 "])
def test_progress_lost_right_answer_in_any_spelling(answer):
    assert check_progress_lost(answer, failure_at="08:00", every=150, gpus=768).correct


def test_progress_lost_hints_at_the_usual_mistakes():
    per_gpu = check_progress_lost(30, failure_at="08:00", every=150, gpus=768)
    from_zero = check_progress_lost(8 * 768, failure_at="08:00", every=150, gpus=768)
    assert "Multiply" in per_gpu.message
    assert "last checkpoint" in from_zero.message
    assert not per_gpu.correct and not from_zero.correct


def test_progress_lost_asks_for_the_redo_only_and_names_idle_time():
    # The exercise: 768 GPUs, checkpoint every 150 min from 00:00, region fails at 08:00 and its
    # compute is back at 13:00 (the zones at 11:00, then two hours of backlog). Redo: the last
    # checkpoint was at 07:30 (3 x 150 = 450 min), so 30 min x 768 / 60 = 384 GPU-hours. Idle:
    # 08:00-13:00 = 300 min x 768 / 60 = 3840 GPU-hours; idle + redo = 4224, not the answer.
    right = check_progress_lost(384, failure_at="08:00", every=150, gpus=768)
    total = check_progress_lost(4224, failure_at="08:00", every=150, gpus=768)
    assert right.correct and "idle" in right.message
    assert not total.correct and "idle" in total.message and "300 minutes" in total.message


@pytest.mark.parametrize("odd", ODD)
def test_progress_lost_never_raises(odd):
    fb = check_progress_lost(odd)
    assert not fb.correct and fb.message


def test_progress_lost_bad_question_is_feedback_not_an_error():
    assert not check_progress_lost(1, every=0).correct


# --- lesson 06 -----------------------------------------------------------------------------
def test_design_the_best_one_gets_the_trophy():
    best = chaos.best_designs(60, top=1)[0]
    fb = check_design(list(best.design), budget=60)
    assert fb.correct and "best score" in fb.message


def test_design_over_budget_names_the_prices():
    fb = check_design(["multi-cloud", "rpki"], budget=60)
    assert not fb.correct and "Over budget" in fb.message and "75" in fb.message


def test_design_hypothesis_is_tested():
    held = check_design(["Retry Backoff"], hypothesis=0.5)
    refuted = check_design(["retry_backoff"], hypothesis=99.9)
    assert "held" in held.message and "refuted" in refuted.message


@pytest.mark.parametrize("odd", ODD + [["backof"], []])
def test_design_never_raises(odd):
    fb = check_design(odd)
    assert not fb.correct and fb.message
