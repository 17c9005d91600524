"""Searching and filtering the library: one implementation for the web pages,
the API and the command line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


def _choice(raw: str, allowed: type[Region] | type[Position], field: str, errors: list[str]) -> Any:
    try:
        return allowed(raw)
    except ValueError:
        names = ", ".join(item.value for item in allowed)
        errors.append(f"{field}: {raw!r} is not one of {names}")
        return None


def parse_filter(params: Mapping[str, str]) -> tuple[ExerciseFilter, list[str]]:
    """Read a filter from text fields (a query string, command-line options).

    Unknown values are reported, each naming its field and what is allowed, and
    left out of the filter rather than failing the whole search.
    """
    errors: list[str] = []
    region = _choice(params["region"], Region, "region", errors) if params.get("region") else None
    position = _choice(params["position"], Position, "position", errors) if params.get("position") else None
    equipment: Equipment | str | None = None
    raw_equipment = params.get("equipment", "")
    if raw_equipment == NO_EQUIPMENT:
        equipment = NO_EQUIPMENT
    elif raw_equipment:
        try:
            equipment = Equipment(raw_equipment)
        except ValueError:
            names = ", ".join([NO_EQUIPMENT, *(item.value for item in Equipment)])
            errors.append(f"equipment: {raw_equipment!r} is not one of {names}")
    max_minutes = None
    raw_minutes = params.get("minutes", "")
    if raw_minutes:
        # isdecimal, not isdigit: int() refuses superscripts, and reads no more than a few thousand digits.
        if raw_minutes.isdecimal() and len(raw_minutes) <= 3 and 1 <= int(raw_minutes) <= 120:
            max_minutes = int(raw_minutes)
        else:
            shown = repr(raw_minutes) if len(raw_minutes) <= 20 else f"{raw_minutes[:20]!r}…"
            errors.append(f"minutes: {shown} is not a whole number of minutes from 1 to 120")
    text = params.get("q", "").strip()[:100]
    method = params.get("method") or None
    return ExerciseFilter(text, region, position, equipment, max_minutes, method), errors
