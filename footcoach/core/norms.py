"""A result beside the published figures: the norm for a person's age and sex,
and whether the gap between the two feet is beyond measuring error.

Everything here describes; nothing judges or diagnoses. A figure is only
shown where the content ships one, with its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from footcoach.core.schemas import Norm, SelfTest

_DECADES = {
    20: "twenties", 30: "thirties", 40: "forties", 50: "fifties",
    60: "sixties", 70: "seventies", 80: "eighties", 90: "nineties",
}
# Relative gaps from a norm under which a result is "about the same" and "a little" off it.
_ABOUT_THE_SAME = 0.05
_A_LITTLE = 0.25


@dataclass(frozen=True)
class NormFound:
    value: float
    source: str
    text: str


@dataclass(frozen=True)
class SideDifference:
    test: str
    left: float
    right: float
    matters: bool
    text: str
    source: str | None


def number(value: float) -> str:
    """A value as people write it: 12, 12.5, 27.9 (never 12.000000001)."""
    return f"{round(value, 2):g}"


def say_value(test: SelfTest, value: float) -> str:
    """A result in words: "21 seconds", "3 out of 10", "pass"."""
    if test.unit == "pass-fail":
        return "pass" if value >= 1 else "fail"
    if test.unit == "count":
        # "ahead by 2 times" would read as twice as many; a count is of repetitions.
        return f"{number(value)} repetition{'' if number(value) == '1' else 's'}"
    if test.unit == "seconds" and number(value) == "1":
        return "1 second"
    return f"{number(value)} {test.unit_after_number}"


def _who(norm: Norm) -> str:
    people = {"any": "People", "female": "Women", "male": "Men"}[norm.sex]
    if norm.age_min in _DECADES and norm.age_max == norm.age_min + 9:
        return f"{people} in their {_DECADES[norm.age_min]}"
    return f"{people} aged {norm.age_min} to {norm.age_max}"


def _norm_text(test: SelfTest, norm: Norm) -> str:
    # The content's statistic says which figure it is; a median is a middle
    # value, not an average, and the sentence must not blur the two.
    is_median = norm.statistic.lower().startswith("median")
    verb = "have a middle value of" if is_median else "average about"
    statistic = norm.statistic.rstrip(".")
    return f"{_who(norm)} {verb} {say_value(test, norm.value)}. {statistic[0].upper()}{statistic[1:]}."


def norm_for(test: SelfTest, age: int | None, sex: str | None) -> NormFound | None:
    """The content's first norm whose age band holds the age and whose sex is "any"
    or the person's; none when the age is unknown or no norm fits."""
    if age is None:
        return None
    for norm in test.norms:
        if norm.age_min <= age <= norm.age_max and norm.sex in ("any", sex):
            return NormFound(value=norm.value, source=norm.source, text=_norm_text(test, norm))
    return None


def compare_with_norm(test: SelfTest, value: float, norm: NormFound) -> str:
    """One plain sentence placing a result beside a norm, without judging it."""
    if test.unit == "count":
        yours = f"Your count of {number(value)}"
    elif test.unit == "score-0-10":
        yours = f"Your score of {say_value(test, value)}"
    else:
        yours = f"Your {say_value(test, value)}"
    gap = round(value - norm.value, 6)
    scale = abs(norm.value) or 1.0
    if abs(gap) / scale < _ABOUT_THE_SAME:
        return f"{yours} is about the same as that figure."
    amount = "a little" if abs(gap) / scale < _A_LITTLE else "well"
    where = "over" if gap > 0 else "under"
    better = "higher" if test.higher_is_better else "lower"
    return f"{yours} is {amount} {where} that figure; for this test, {better} is better."


def side_difference(test: SelfTest, left: float, right: float) -> SideDifference:
    """Whether the gap between the feet is at least the content's figure for a real difference."""
    figure = test.side_difference
    gap = round(abs(left - right), 6)
    both = f"left {say_value(test, left)}, right {say_value(test, right)}"
    if gap == 0:
        ahead = f"Both feet have the same result ({both})."
    else:
        left_ahead = (left > right) == test.higher_is_better
        foot = "left" if left_ahead else "right"
        size = "" if test.unit == "pass-fail" else f" by {say_value(test, gap)}"
        ahead = f"Your {foot} foot is ahead{size} ({both})."
    if figure is None:
        return SideDifference(
            test.id, left, right, False,
            f"{ahead} We know no published figure to judge a gap between the feet by for this test, "
            "so compare each foot with its own earlier results.",
            None,
        )
    threshold = say_value(test, figure.value)
    matters = gap >= figure.value
    if matters:
        judged = f"A gap of {threshold} or more is larger than measuring error alone would explain."
    elif gap == 0:
        judged = f"A gap would need to be {threshold} or more to be beyond measuring error."
    else:
        judged = f"That is within measuring error: a gap needs to be {threshold} or more to count."
    return SideDifference(test.id, left, right, matters, f"{ahead} {judged}", figure.source)
