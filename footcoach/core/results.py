"""What a self-test result may be: the rules every way of recording one shares
(the web form, the device's sync, the command line)."""

from __future__ import annotations

import math

from footcoach.core.schemas import WHOLE_UNITS, SelfTest

SIDES = ("left", "right")

# How each unit is named in a message about the values it takes.
_UNIT_NAMES: dict[str, str] = {
    "cm": "a distance in cm",
    "seconds": "seconds",
    "count": "a whole-number count",
    "score-0-10": "a whole-number score",
}


class ResultError(ValueError):
    """A result refused, with the field at fault ("value" or "side") and why.

    `problems` holds every problem found, the first being `field` and `message`.
    """

    def __init__(self, field: str, message: str, problems: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.problems = problems or ((field, message),)


def takes(test: SelfTest) -> str:
    """The values a test takes, in words: "single-leg-stance takes seconds from 0 to 300"."""
    if test.unit == "pass-fail":
        return f"{test.id} takes 1 for pass or 0 for fail"
    return f"{test.id} takes {_UNIT_NAMES[test.unit]} from {test.range.min:g} to {test.range.max:g}"


def _check_value(test: SelfTest, value: float) -> tuple[float | None, str | None]:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None, f"{takes(test)}; that is not a number"
    try:
        value = float(value)
    except OverflowError:
        # A whole number too long for a float, as JSON may carry: outside any range.
        return None, f"{takes(test)}; that number is far outside it"
    if math.isnan(value):
        return None, f"{takes(test)}; that is not a number"
    if math.isinf(value):
        # Typed as a number too long to hold (10 to the 400th), not as "inf".
        return None, f"{takes(test)}; that number is far outside it"
    low, high, step = test.range.min, test.range.max, test.range.step
    if not low <= value <= high:
        return None, f"{takes(test)}; {value:g} is outside that"
    if test.unit in WHOLE_UNITS and value != int(value):
        return None, f"{takes(test)}; {value:g} is not a whole number"
    steps = round((value - low) / step)
    # Rounded to the step, then to 12 places so that 0.1-sized steps do not
    # leave float noise such as 12.300000000000001; + 0.0 turns -0.0 into 0.
    stepped = round(min(max(low + steps * step, low), high), 12) + 0.0
    return stepped, None


def _check_side(test: SelfTest, side: str | None) -> str | None:
    if side is not None and side not in SIDES:
        return "side is left or right"
    if test.per_side and side is None:
        return f"{test.id} is taken per foot: give side left or right"
    if not test.per_side and side is not None:
        return f"{test.id} is not taken per foot: give no side"
    return None


def check_result(test: SelfTest, value: float, side: str | None) -> tuple[float, str | None]:
    """The value rounded to the test's step, and the side; or ResultError naming every problem."""
    stepped, value_problem = _check_value(test, value)
    side_problem = _check_side(test, side)
    problems = tuple(
        (field, message) for field, message in (("value", value_problem), ("side", side_problem)) if message
    )
    if problems or stepped is None:
        raise ResultError(*problems[0], problems=problems)
    return stepped, side
