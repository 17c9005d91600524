"""How long a dose takes. Used to show minutes and to fit plans into a budget."""

from __future__ import annotations

import math

from footcoach.core.library import Library
from footcoach.core.schemas import Dose, Exercise, Program, SelfTest, Sides

# A repetition with no hold time given takes about this long at a calm pace.
SECONDS_PER_REP = 3
# Getting into position, switching feet, reading the next step.
SECONDS_TO_SET_UP = 10
# A self-test inside a program, measured once per side where it has sides.
SECONDS_PER_TEST_SIDE = 45


def side_count(sides: Sides) -> int:
    return 2 if sides is Sides.EACH else 1


def dose_seconds(dose: Dose) -> int:
    if dose.reps is not None:
        one_set = dose.reps * (dose.seconds or SECONDS_PER_REP)
    else:
        one_set = dose.seconds or 0
    return one_set * dose.sets * side_count(dose.sides) + SECONDS_TO_SET_UP * side_count(dose.sides)


def exercise_minutes(exercise: Exercise) -> int:
    return max(1, math.ceil(dose_seconds(exercise.dose) / 60))


def test_seconds(test: SelfTest) -> int:
    return SECONDS_PER_TEST_SIDE * (2 if test.per_side else 1)


def program_seconds(program: Program, library: Library) -> int:
    total = 0
    for item in program.items:
        if item.exercise is not None:
            total += dose_seconds(item.dose or library.exercises[item.exercise].dose)
        elif item.test is not None:
            total += test_seconds(library.tests[item.test])
    return total


def program_minutes(program: Program, library: Library) -> int:
    return max(1, math.ceil(program_seconds(program, library) / 60))


_SIDES_TEXT = {
    Sides.BOTH: "both feet together",
    Sides.EACH: "each foot in turn",
    Sides.ALTERNATING: "alternating feet",
    Sides.ONE: "one foot at a time",
}


def describe_dose(dose: Dose) -> str:
    """The dose in plain words, e.g. '8 times, 3 sets, each foot in turn'."""
    parts = []
    if dose.reps is not None:
        parts.append(f"{dose.reps} {'time' if dose.reps == 1 else 'times'}")
        if dose.seconds is not None:
            parts.append(f"{dose.seconds} seconds each")
    elif dose.seconds is not None:
        parts.append(_seconds_text(dose.seconds))
    if dose.sets > 1:
        parts.append(f"{dose.sets} sets")
    parts.append(_SIDES_TEXT[dose.sides])
    return ", ".join(parts)


def _seconds_text(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} {'minute' if minutes == 1 else 'minutes'}"
    return f"{seconds} seconds"
