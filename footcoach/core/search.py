"""Searching and filtering the library: one implementation for the web pages,
the API and the command line."""

from __future__ import annotations

from dataclasses import dataclass

from footcoach.core.dose import exercise_minutes
from footcoach.core.library import Library
from footcoach.core.schemas import Equipment, Exercise, Position, Region

NO_EQUIPMENT = "none"


@dataclass(frozen=True)
class ExerciseFilter:
    text: str = ""
    region: Region | None = None
    position: Position | None = None
    # An equipment id, or NO_EQUIPMENT for exercises that need nothing.
    equipment: Equipment | str | None = None
    max_minutes: int | None = None
    method: str | None = None


def uses_equipment(exercise: Exercise, item: Equipment) -> bool:
    """True when the exercise lists the item or accepts it as a stand-in."""
    if item in exercise.equipment:
        return True
    return any(item in stand_ins for stand_ins in exercise.substitutes.values())


def _matches_text(exercise: Exercise, library: Library, text: str) -> bool:
    words = text.lower().split()
    haystack = " ".join(
        [exercise.name, exercise.summary, exercise.purpose, library.method_of(exercise).name,
         exercise.region.value, *exercise.steps]
    ).lower()
    return all(word in haystack for word in words)


def _matches_position(exercise: Exercise, wanted: Position) -> bool:
    # "Either" exercises suit a person looking for seated or standing work.
    return exercise.position is wanted or exercise.position is Position.EITHER or wanted is Position.EITHER


def filter_exercises(library: Library, wanted: ExerciseFilter) -> list[Exercise]:
    found = []
    for exercise in library.exercises.values():
        if wanted.region is not None and exercise.region is not wanted.region:
            continue
        if wanted.position is not None and not _matches_position(exercise, wanted.position):
            continue
        if wanted.equipment == NO_EQUIPMENT and exercise.equipment:
            continue
        if isinstance(wanted.equipment, Equipment) and not uses_equipment(exercise, wanted.equipment):
            continue
        if wanted.max_minutes is not None and exercise_minutes(exercise) > wanted.max_minutes:
            continue
        if wanted.method is not None and exercise.method != wanted.method:
            continue
        if wanted.text and not _matches_text(exercise, library, wanted.text):
            continue
        found.append(exercise)
    return found
