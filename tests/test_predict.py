"""The prediction echo: what a learner sees after a Predict cell, for every kind of guess.

Expected messages are worked out by hand from the guess and the model's answer.
"""

from __future__ import annotations

import pytest

from labkit.checks.predict import compare_prediction, is_empty, write_first


@pytest.mark.parametrize("guess", [None, "", "   ", [], (), ("", None), {}, float("nan")])
def test_an_empty_prediction_asks_for_one_and_never_raises(guess):
    echo = compare_prediction(guess, 8, what="apps down")
    assert echo.empty and is_empty(guess)
    assert echo.message.startswith("You have not written a prediction yet (apps down)")
    assert "The model says: 8." in echo.message


def test_zero_and_no_are_predictions():
    # 0 is a real guess ("no app is down"); so is the word "no"
    assert not compare_prediction(0, 8).empty
    assert "You were 8 under." in compare_prediction(0, 8).message
    assert not compare_prediction("no", "yes").empty


def test_numbers_say_how_far_off():
    # 6 against 8: 2 under; 10 against 8: 2 over; 0.5 against 0.88: 0.38 under
    assert compare_prediction(6, 8).message.endswith("You were 2 under.")
    assert compare_prediction(10, 8).message.endswith("You were 2 over.")
    assert compare_prediction(0.5, 0.88).message.endswith("You were 0.38 under.")
    assert compare_prediction(8, 8).message.endswith("Exactly right.")


def test_times_say_how_early_or_late():
    # 09:25 against 09:34: 9 minutes early; day 3 05:27 against day 11 05:27: 8 days early
    assert compare_prediction("09:25", "09:34").message.endswith("You were 9 min early.")
    assert compare_prediction("10:00", "09:34").message.endswith("You were 26 min late.")
    late = compare_prediction("day 3 05:27", "day 11 05:27").message
    assert late.endswith("You were 8 days early.")


def test_words_compare_without_case():
    assert compare_prediction("Down", "down").message.endswith("The same.")
    assert "Not the same" in compare_prediction("ok", "down").message


def test_lists_name_the_hits_misses_and_extras():
    # {shopfast, bazaar} against {bazaar, chatmate}: bazaar hit, chatmate missed, shopfast extra
    msg = compare_prediction(["ShopFast", "bazaar"], ["bazaar", "chatmate"]).message
    assert "You named 1 of its 2 (bazaar)" in msg
    assert "you missed chatmate" in msg
    assert "not in its answer: shopfast" in msg


def test_a_word_against_a_list_says_whether_it_is_one_of_them():
    assert compare_prediction("signonce", ["paywave", "signonce"]).message.endswith(
        "Yes: it is one of them."
    )
    assert compare_prediction("zone", ["paywave"]).message.endswith("It is not one of them.")


def test_odd_guesses_stay_short():
    assert len(compare_prediction("x" * 1_000_000, "down").message) < 300
    assert len(compare_prediction(10**5000, 8).message) < 300
    assert len(compare_prediction(list(range(10_000)), [1]).message) < 300


def test_no_emoji_carries_the_verdict():
    for echo in (compare_prediction(None, 1), compare_prediction(1, 1), write_first("x")):
        assert str(echo).isascii() or "…" in str(echo)


def test_write_first_names_what_to_predict():
    assert str(write_first("apps down at 09:00")).startswith(
        "You have not written a prediction yet (apps down at 09:00)"
    )


def test_what_must_be_text():
    with pytest.raises(TypeError, match="what"):
        compare_prediction(1, 2, what=3)
