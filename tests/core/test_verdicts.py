"""'Is it helping?' on synthetic histories: each kind of history gets the right verdict."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from footcoach.core.loader import load_library
from footcoach.core.verdicts import WINDOW_DAYS, comparison_windows, paired_verdict, trend_verdict

TESTS = load_library().tests
PAIN = TESTS["first-step-pain"]
STANCE = TESTS["single-leg-stance"]
CAUSAL = ("thanks to", "because of", "caused", "the exercises", "worked")


def noisy(mean: float, count: int, spread: float, seed: int, low: float = 0, high: float = 10) -> list[float]:
    """Whole-number scores around a mean, as a person's daily pain scores wander."""
    rng = random.Random(seed)  # noqa: S311 - seeded noise for a test, not a secret
    return [min(high, max(low, round(rng.gauss(mean, spread)))) for _ in range(count)]


def test_it_finds_a_clear_drop_in_pain_better() -> None:
    helping = trend_verdict(PAIN, noisy(6, 20, 1, seed=1), noisy(3, 20, 1, seed=2))
    assert helping.verdict == "better"
    assert helping.change is not None and helping.change >= 2
    assert helping.interval is not None and 0 < helping.interval[0] <= helping.change <= helping.interval[1]
    assert "2 points, the smallest change that counts as real" in helping.text


def test_it_finds_no_change_in_pain_that_only_wanders() -> None:
    helping = trend_verdict(PAIN, noisy(5, 20, 1.5, seed=3), noisy(5, 20, 1.5, seed=4))
    assert helping.verdict == "no-change"
    assert helping.interval is not None and helping.interval[0] < 0 < helping.interval[1]


def test_it_finds_a_clear_rise_in_pain_worse() -> None:
    helping = trend_verdict(PAIN, noisy(3, 20, 1, seed=5), noisy(6, 20, 1, seed=6))
    assert helping.verdict == "worse"
    assert helping.change is not None and helping.change <= -2
    assert helping.text.startswith("Your average is") and "points worse" in helping.text


def test_it_says_not_enough_data_with_too_few_pain_scores() -> None:
    helping = trend_verdict(PAIN, [6, 7], noisy(3, 20, 1, seed=7))
    assert (helping.verdict, helping.change, helping.interval) == ("not-enough-data", None, None)
    assert helping.text.startswith("Not enough data yet")


def test_it_calls_a_sure_change_smaller_than_what_matters_no_change() -> None:
    helping = trend_verdict(PAIN, [5, 6] * 10, [4, 5] * 10)
    assert helping.verdict == "no-change"
    assert helping.interval is not None and helping.interval[0] > 0
    assert "less than 2 points" in helping.text


def test_it_judges_a_test_without_a_meaningful_change_by_its_interval_alone() -> None:
    assert STANCE.meaningful_change is None
    helping = trend_verdict(STANCE, [10, 12, 11, 13], [14, 15, 13, 16], side="left")
    assert (helping.measure, helping.side, helping.verdict) == ("single-leg-stance", "left", "better")


def test_it_signs_a_change_so_that_an_improvement_is_positive() -> None:
    # Pain falling and balance time rising are both improvements.
    assert trend_verdict(PAIN, [6, 6, 7, 6], [2, 3, 2, 2]).change == pytest.approx(4)
    assert trend_verdict(STANCE, [20, 20, 21], [10, 10, 11], side="right").change == pytest.approx(-10)


def test_it_calls_identical_results_no_change() -> None:
    helping = trend_verdict(PAIN, [4, 4, 4], [4, 4, 4])
    assert (helping.verdict, helping.change, helping.interval) == ("no-change", 0, (0, 0))


def test_it_never_says_the_exercises_caused_a_change() -> None:
    histories = [(noisy(6, 20, 1, seed=8), noisy(3, 20, 1, seed=9)), (noisy(3, 20, 1, seed=10), noisy(6, 20, 1, 11))]
    for first, last in histories:
        text = trend_verdict(PAIN, first, last).text.lower()
        assert not any(words in text for words in CAUSAL)


def reach_pairs(mean_change: float, count: int, spread: float, seed: int) -> list[tuple[float, float]]:
    """(before, after) fingertip-to-floor gaps; lower is better, so a gain makes after smaller."""
    rng = random.Random(seed)  # noqa: S311 - seeded noise for a test, not a secret
    pairs = []
    for _ in range(count):
        before = round(rng.uniform(10, 25) * 2) / 2
        pairs.append((before, before - mean_change + round(rng.gauss(0, spread) * 2) / 2))
    return pairs


def test_it_finds_a_clear_gain_in_reach_after_the_release_better() -> None:
    helping = paired_verdict(reach_pairs(3, 8, 1, seed=12), higher_is_better=False)
    assert (helping.measure, helping.verdict) == ("release-reach", "better")
    assert helping.interval is not None and helping.interval[0] > 0
    assert "over 8 sessions" in helping.text and "95 % sure" in helping.text


def test_it_finds_no_change_in_reach_that_only_wanders() -> None:
    helping = paired_verdict(reach_pairs(0, 10, 2, seed=13), higher_is_better=False)
    assert helping.verdict == "no-change"


def test_it_finds_a_loss_of_reach_after_the_release_worse() -> None:
    helping = paired_verdict(reach_pairs(-3, 8, 1, seed=14), higher_is_better=False)
    assert helping.verdict == "worse"
    assert helping.change is not None and helping.change < 0


def test_it_says_not_enough_data_with_two_release_sessions() -> None:
    helping = paired_verdict([(20, 15), (18, 14)], higher_is_better=False)
    assert (helping.verdict, helping.change, helping.interval) == ("not-enough-data", None, None)


def test_it_gives_the_t_interval_of_the_mean_change() -> None:
    # Changes 1, 2, 3: mean 2, standard error 1/sqrt(3), t(2 degrees of freedom, 97.5 %) = 4.303.
    helping = paired_verdict([(0, 1), (0, 2), (0, 3)], higher_is_better=True)
    assert helping.change == 2
    assert helping.interval == pytest.approx((2 - 4.303 / 3**0.5, 2 + 4.303 / 3**0.5), abs=0.01)
    assert helping.verdict == "no-change"


def test_it_compares_no_windows_under_three_weeks() -> None:
    start = date(2024, 1, 1)
    assert comparison_windows(start, start + timedelta(days=19)) is None
    assert comparison_windows(start, start - timedelta(days=1)) is None


@pytest.mark.parametrize("days", [21, 40, 56, 57, 400, 3650])
def test_it_compares_the_first_and_last_weeks_without_overlap(days: int) -> None:
    start = date(2024, 1, 1)
    end = start + timedelta(days=days - 1)
    windows = comparison_windows(start, end)
    assert windows is not None
    (first_from, first_to), (last_from, last_to) = windows
    assert (first_from, last_to) == (start, end)
    assert first_to < last_from
    assert (first_to - first_from).days + 1 == (last_to - last_from).days + 1 <= WINDOW_DAYS


def test_it_reaches_the_ends_of_the_calendar() -> None:
    windows = comparison_windows(date.min, date.max)
    assert windows is not None and windows[1][1] == date.max


def test_it_says_three_weeks_are_needed_when_no_windows_were_given() -> None:
    helping = trend_verdict(PAIN, [], [])
    assert helping.verdict == "not-enough-data"
    assert helping.text.startswith("Not enough data yet: your results span less than 3 weeks.")
