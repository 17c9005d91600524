"""The rules a self-test result must keep, on the shipped self-tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footcoach.core.loader import load_library
from footcoach.core.results import ResultError, check_result

TESTS = load_library().tests


def refusal(test_id: str, value: float, side: str | None) -> ResultError:
    with pytest.raises(ResultError) as caught:
        check_result(TESTS[test_id], value, side)
    return caught.value


def test_it_gives_every_self_test_a_range_that_holds_its_norms() -> None:
    for test in TESTS.values():
        for norm in test.norms:
            assert test.range.min <= norm.value <= test.range.max, test.id


def test_it_accepts_the_ends_of_the_range() -> None:
    stance = TESTS["single-leg-stance"]
    assert check_result(stance, stance.range.min, "left") == (stance.range.min, "left")
    assert check_result(stance, stance.range.max, "right") == (stance.range.max, "right")


@pytest.mark.parametrize("value", [-1, 301, 1e308, -0.5])
def test_it_refuses_a_value_outside_the_range_naming_it(value: float) -> None:
    problem = refusal("single-leg-stance", value, "left")
    assert problem.field == "value"
    assert problem.message.startswith("single-leg-stance takes seconds from 0 to 300")


def test_it_refuses_a_whole_number_too_long_for_a_float() -> None:
    problem = refusal("heel-raise-count", 10**400, "left")
    assert problem.field == "value"
    assert problem.message == "heel-raise-count takes a whole-number count from 0 to 200; that number is far outside it"


@pytest.mark.parametrize("value", ["12", True, None])
def test_it_refuses_a_value_that_is_not_a_number(value: object) -> None:
    problem = refusal("knee-to-wall", value, "left")  # type: ignore[arg-type]
    assert (problem.field, problem.message) == (
        "value", "knee-to-wall takes a distance in cm from 0 to 30; that is not a number",
    )


def test_it_refuses_nan_as_no_number() -> None:
    problem = refusal("knee-to-wall", math.nan, "left")
    assert (problem.field, problem.message) == (
        "value", "knee-to-wall takes a distance in cm from 0 to 30; that is not a number",
    )


@pytest.mark.parametrize("value", [math.inf, -math.inf, float("1e400")])
def test_it_refuses_infinity_as_far_outside_the_range_never_naming_inf(value: float) -> None:
    problem = refusal("knee-to-wall", value, "left")
    assert (problem.field, problem.message) == (
        "value", "knee-to-wall takes a distance in cm from 0 to 30; that number is far outside it",
    )


def test_it_refuses_a_part_of_a_count() -> None:
    problem = refusal("heel-raise-count", 2.5, "left")
    assert (problem.field, problem.message) == (
        "value", "heel-raise-count takes a whole-number count from 0 to 200; 2.5 is not a whole number",
    )


def test_it_takes_pass_fail_as_one_or_zero() -> None:
    assert check_result(TESTS["toe-control"], 1, "left") == (1, "left")
    assert check_result(TESTS["toe-control"], 0, "right") == (0, "right")
    assert refusal("toe-control", 2, "left").message.startswith("toe-control takes 1 for pass or 0 for fail")


def test_it_takes_pain_as_a_whole_score_out_of_ten() -> None:
    assert check_result(TESTS["first-step-pain"], 10, None) == (10, None)
    assert refusal("first-step-pain", 11, None).field == "value"
    assert refusal("first-step-pain", 3.5, None).field == "value"


def test_it_rounds_a_distance_to_the_step() -> None:
    assert check_result(TESTS["knee-to-wall"], 12.3, "left") == (12.5, "left")
    assert check_result(TESTS["knee-to-wall"], 12.2, "left") == (12.0, "left")
    assert check_result(TESTS["forward-fold-reach"], 0.1, None) == (0.0, None)
    assert math.copysign(1, check_result(TESTS["forward-fold-reach"], -0.0, None)[0]) == 1


def test_it_asks_for_a_side_on_a_test_taken_per_foot() -> None:
    problem = refusal("knee-to-wall", 12, None)
    assert (problem.field, problem.message) == ("side", "knee-to-wall is taken per foot: give side left or right")


def test_it_refuses_a_side_on_a_test_of_both_feet() -> None:
    problem = refusal("first-step-pain", 3, "left")
    assert (problem.field, problem.message) == ("side", "first-step-pain is not taken per foot: give no side")


@pytest.mark.parametrize("side", ["middle", "LEFT", "left\x00", ""])
def test_it_refuses_a_side_that_is_not_left_or_right(side: str) -> None:
    problem = refusal("knee-to-wall", 12, side)
    assert (problem.field, problem.message) == ("side", "side is left or right")


def test_it_names_every_problem_of_one_result() -> None:
    problem = refusal("knee-to-wall", math.nan, None)
    assert [field for field, _ in problem.problems] == ["value", "side"]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(test_id=st.sampled_from(sorted(TESTS)), value=st.floats(allow_nan=True, allow_infinity=True))
def test_it_keeps_every_accepted_value_in_range_and_on_the_step(test_id: str, value: float) -> None:
    test = TESTS[test_id]
    side = "left" if test.per_side else None
    try:
        stored, _ = check_result(test, value, side)
    except ResultError as error:
        assert error.field == "value"
        assert not (math.isfinite(value) and test.range.min <= value <= test.range.max and value == int(value))
        return
    assert test.range.min <= stored <= test.range.max
    assert abs(stored - value) <= test.range.step / 2 + 1e-9
    assert abs((stored - test.range.min) / test.range.step - round((stored - test.range.min) / test.range.step)) < 1e-9
