"""Lesson 08's checker reads the learner's own sweep table: the right answer is the origin kind
with the lowest mean reach in that table, worked out here by hand for a small table."""

from __future__ import annotations

from labkit import checks
from labkit.sweeping import SweepTable


def table(rows) -> SweepTable:
    return SweepTable(("origin", "origin_kind", "hijacker"), tuple(rows), len(rows), len(rows))


# mean reach by origin kind: tier-1 (0.2 + 0.4) / 2 = 0.3; transit 0.5; stub (0.9 + 0.7) / 2 = 0.8
# so the safest origin is the tier-1
ROWS = [
    {"origin": 1, "origin_kind": "tier-1", "hijacker": 9, "reach": 0.2},
    {"origin": 1, "origin_kind": "tier-1", "hijacker": 8, "reach": 0.4},
    {"origin": 2, "origin_kind": "transit", "hijacker": 9, "reach": 0.5},
    {"origin": 3, "origin_kind": "stub", "hijacker": 9, "reach": 0.9},
    {"origin": 3, "origin_kind": "stub", "hijacker": 8, "reach": 0.7},
]


def test_the_kind_with_the_lowest_mean_reach_is_right_in_any_spelling():
    for answer in ("tier-1", "Tier 1", "TIER-1", "tier1"):
        fb = checks.check_safest_origin(answer, table(ROWS))
        assert fb.correct, (answer, fb.message)
        assert "30.0%" in fb.message  # the tier-1's mean, 0.3


def test_another_kind_is_wrong_and_the_feedback_quotes_its_mean():
    fb = checks.check_safest_origin("stubs", table(ROWS))
    assert not fb.correct and "80.0%" in fb.message


def test_the_answer_follows_the_learners_table():
    # swap the stub's reaches for tiny ones: stub (0.05 + 0.05) / 2 = 0.05 is now the lowest
    rows = [r if r["origin_kind"] != "stub" else {**r, "reach": 0.05} for r in ROWS]
    assert checks.check_safest_origin("stub", table(rows)).correct
    assert not checks.check_safest_origin("tier-1", table(rows)).correct


def test_bad_answers_get_words_not_errors():
    fb = checks.check_safest_origin("transt", table(ROWS))
    assert not fb.correct and "transit" in fb.message and "Traceback" not in fb.message
    assert not checks.check_safest_origin(3, table(ROWS)).correct
    assert "table" in checks.check_safest_origin("tier-1", None).message
