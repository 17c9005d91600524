"""'Is it helping?': whether a measure has changed since the first weeks, and
how sure we can be, with scipy's t statistics.

A verdict describes a change over time. It never says what caused it: the
words are "since your first weeks", never "thanks to the exercises".
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# scipy ships no type information; its results are turned into floats at once.
from scipy import stats  # type: ignore[import-untyped]

from footcoach.core.norms import number
from footcoach.core.schemas import SelfTest

Verdict = Literal["better", "no-change", "worse", "not-enough-data"]

WINDOW_DAYS = 28
# Results need to span at least three weeks before the first weeks and the
# last weeks are far enough apart to compare.
MIN_SPAN_DAYS = 21
# Fewer results than this in a window say nothing about its spread.
MIN_RESULTS = 3
CONFIDENCE = 0.95

# How a change in each unit is said: "2.5 cm", "3 points".
_CHANGE_UNITS: dict[str, str] = {
    "cm": "cm",
    "seconds": "seconds",
    # "6 times better" would read as six-fold; a count of heel raises is repetitions.
    "count": "repetitions",
    "score-0-10": "points",
    "pass-fail": "percentage points",
}


@dataclass(frozen=True)
class Helping:
    measure: str
    side: str | None
    verdict: Verdict
    change: float | None
    interval: tuple[float, float] | None
    text: str


def comparison_windows(first_day: date, last_day: date) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The first and the last weeks to compare, as inclusive day ranges that never
    overlap: each up to WINDOW_DAYS long, half the span when it is shorter.
    None when the results span under MIN_SPAN_DAYS."""
    span = (last_day - first_day).days + 1
    if span < MIN_SPAN_DAYS:
        return None
    length = min(WINDOW_DAYS, span // 2)
    first = (first_day, first_day + timedelta(days=length - 1))
    last = (last_day - timedelta(days=length - 1), last_day)
    return first, last


def _size(unit: str, change: float) -> str:
    return number(abs(change) * 100 if unit == "pass-fail" else abs(change))


def _amount(unit: str, change: float) -> str:
    """A change in words: "2.5 cm", "1 point", "3 points"."""
    size = _size(unit, change)
    words = _CHANGE_UNITS[unit]
    if size == "1" and words.endswith("s"):
        words = words[:-1]
    return f"{size} {words}"


def _span(unit: str, low: float, high: float) -> str:
    """An interval of changes in words: "between 1.9 and 4.5 cm better"."""
    if low >= 0:
        return f"between {_size(unit, low)} and {_amount(unit, high)} better"
    if high <= 0:
        return f"between {_size(unit, high)} and {_amount(unit, low)} worse"
    return f"anywhere from {_amount(unit, low)} worse to {_amount(unit, high)} better"


def _rounded(change: float, low: float, high: float) -> tuple[float, tuple[float, float]]:
    return round(change, 2) + 0.0, (round(low, 2) + 0.0, round(high, 2) + 0.0)


def _interval_of_difference(first: Sequence[float], last: Sequence[float]) -> tuple[float, float]:
    """95 % interval of mean(last) - mean(first), Welch's t (unequal spreads)."""
    difference = statistics.fmean(last) - statistics.fmean(first)
    if statistics.variance(first) == 0 and statistics.variance(last) == 0:
        # Identical results in each window: no spread, so the difference is exact.
        return difference, difference
    with warnings.catch_warnings():
        # Nearly identical values make scipy warn of lost precision; the
        # interval it gives is still the right one for them.
        warnings.simplefilter("ignore", RuntimeWarning)
        interval = stats.ttest_ind(last, first, equal_var=False).confidence_interval(CONFIDENCE)
    return float(interval.low), float(interval.high)


def trend_verdict(test: SelfTest, first: Sequence[float], last: Sequence[float], side: str | None = None) -> Helping:
    """Compare the last weeks' results of a self-test with the first weeks'.

    change is signed so that positive is an improvement in the test's direction."""
    first = [value for value in first if math.isfinite(value)]
    last = [value for value in last if math.isfinite(value)]
    if len(first) < MIN_RESULTS or len(last) < MIN_RESULTS:
        # No results in either window is how a caller says the results span
        # too short a time for windows (comparison_windows gave None).
        counted = (f"{len(first)} results in your first weeks and {len(last)} in your last"
                   if first or last else f"your results span less than {MIN_SPAN_DAYS // 7} weeks")
        return Helping(
            test.id, side, "not-enough-data", None, None,
            f"Not enough data yet: {counted}. We need at least {MIN_RESULTS} results in your first weeks "
            f"and {MIN_RESULTS} in your last, at least {MIN_SPAN_DAYS // 7} weeks apart, to compare them.",
        )
    sign = 1.0 if test.higher_is_better else -1.0
    low, high = (sign * bound for bound in _interval_of_difference(first, last))
    low, high = min(low, high), max(low, high)
    if test.unit == "pass-fail":
        # The share of passes cannot change by more than all of them.
        low, high = max(low, -1.0), min(high, 1.0)
    change = sign * (statistics.fmean(last) - statistics.fmean(first))
    change, (low, high) = _rounded(change, low, high)
    unit = test.unit
    sure = low > 0 or high < 0
    meaningful = test.meaningful_change.value if test.meaningful_change else None
    big_enough = meaningful is None or abs(change) >= meaningful
    verdict: Verdict = "no-change"
    if sure and big_enough:
        verdict = "better" if change > 0 else "worse"
    moved = f"Your average is {_amount(unit, change)} {'better' if change > 0 else 'worse'} than in your first weeks"
    range_words = f"we are 95 % sure the change is {_span(unit, low, high)}"
    if verdict != "no-change":
        size = (f"That is at least {_amount(unit, meaningful)}, the smallest change that counts as real for "
                "this test, and the results are steady enough to trust it" if meaningful is not None
                else "The results are steady enough to trust it")
        text = f"{moved}. {size} ({range_words})."
        if verdict == "worse":
            text += " This does not say why; if it worries you, talk to a clinician."
    elif change == 0 and low == high:
        text = "No change: your average is the same as in your first weeks."
    elif sure:
        text = (f"{moved}, but that is less than {_amount(unit, meaningful or 0)}, the smallest change that "
                f"counts as real for this test ({range_words}).")
    else:
        text = (f"Too early to say: {moved[0].lower()}{moved[1:]}, but the results vary too much from day to "
                f"day to tell that from chance ({range_words}).")
    return Helping(test.id, side, verdict, change, (low, high), text)


def paired_verdict(pairs: Sequence[tuple[float, float]], higher_is_better: bool) -> Helping:
    """The mean change from before to after the release within each session, with its
    95 % t interval. pairs are (before, after) reach in cm."""
    measure = "release-reach"
    pairs = [pair for pair in pairs if math.isfinite(pair[0]) and math.isfinite(pair[1])]
    if len(pairs) < MIN_RESULTS:
        return Helping(
            measure, None, "not-enough-data", None, None,
            f"Not enough data yet: {len(pairs)} release sessions with the reach checked before and after. "
            f"We need at least {MIN_RESULTS} to say anything.",
        )
    changes = [after - before if higher_is_better else before - after for before, after in pairs]
    mean = statistics.fmean(changes)
    if statistics.variance(changes) == 0:
        low = high = mean
    else:
        interval = stats.ttest_1samp(changes, 0.0).confidence_interval(CONFIDENCE)
        low, high = float(interval.low), float(interval.high)
    change, (low, high) = _rounded(mean, low, high)
    verdict: Verdict = "better" if low > 0 else "worse" if high < 0 else "no-change"
    sessions = f"over {len(pairs)} sessions"
    sure = f"we are 95 % sure the average change is {_span('cm', low, high)}"
    if verdict == "better":
        text = (f"After the release your reach was {number(change)} cm better than before it, on average "
                f"{sessions} ({sure}).")
    elif verdict == "worse":
        text = (f"After the release your reach was {number(-change)} cm worse than before it, on average "
                f"{sessions} ({sure}).")
    else:
        text = (f"No clear change from before the release to after it {sessions}: the average change is "
                f"{number(change)} cm, and {sure}.")
    return Helping(measure, None, verdict, change, (low, high), text)
