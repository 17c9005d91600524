"""Searching and filtering the library: one implementation for the web pages,
the API and the command line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from footcoach.core.dose import exercise_minutes
from footcoach.core.library import Library
from footcoach.core.schemas import Condition, Equipment, Exercise, Goal, Position, Program, Region

NO_EQUIPMENT = "none"

# Words that carry no meaning in a search, so that "pain in my heel" or
# "exercises for balance" still hold all the words of what they name.
_STOP_WORDS = frozenset(
    "a an and at exercise exercises for foot feet help i in is it me my of on or the to with".split()
)


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


def _words(text: str) -> frozenset[str]:
    """The meaningful words of a text, each without a plural "s", so that
    "sore heels" and "sore heel" say the same."""
    found = set()
    for word in re.sub(r"[^\w]+", " ", text.lower().replace("'", "")).split():
        if word in _STOP_WORDS:
            continue
        found.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(found)


def _named_in(names: Iterable[str], text: str) -> bool:
    # All the words of one name must be in the search: "heel pain" names heel
    # pain, while "heel" alone is a word search, not the whole goal.
    wanted = _words(text)
    return any(words and words <= wanted for words in map(_words, names))


def goals_named(library: Library, text: str) -> list[Goal]:
    """The goals a search names by their name or by a word people use for them."""
    return [goal for goal in library.goals.values() if _named_in([goal.name, *goal.also_called], text)]


def conditions_named(library: Library, text: str) -> list[Condition]:
    return [c for c in library.conditions.values() if _named_in([c.name, *c.also_called], text)]


def _goal_ranks(library: Library, text: str) -> dict[str, int]:
    """Each program serving a goal the search names, with its best place in
    those goals' lists."""
    ranks: dict[str, int] = {}
    for goal in goals_named(library, text):
        for rank, program_id in enumerate(goal.programs):
            if program_id in library.programs:
                ranks[program_id] = min(rank, ranks.get(program_id, rank))
    return ranks


def programs_found(library: Library, text: str) -> list[Program]:
    """Programs serving the goals the search names, best first as the goals
    rank them, then programs whose own words hold every word searched for."""
    ranks = _goal_ranks(library, text)
    words = text.lower().split()
    for program in library.programs.values():
        haystack = " ".join([program.name, program.summary, library.method_of(program).name]).lower()
        if words and program.id not in ranks and all(word in haystack for word in words):
            ranks[program.id] = len(library.programs)
    order = list(library.programs)
    return [library.programs[p] for p in sorted(ranks, key=lambda p: (ranks[p], order.index(p)))]


def _matches_position(exercise: Exercise, wanted: Position) -> bool:
    # "Either" exercises suit a person looking for seated or standing work.
    return exercise.position is wanted or exercise.position is Position.EITHER or wanted is Position.EITHER


def filter_exercises(library: Library, wanted: ExerciseFilter) -> list[Exercise]:
    """The exercises that pass every filter. Words searched for match an
    exercise's own text, or the goals it serves through its programs; those
    serving a goal the search names come first, as the goal ranks them."""
    served: dict[str, tuple[int, int]] = {}
    if wanted.text:
        ranks = _goal_ranks(library, wanted.text)
        order = list(library.programs)
        for program_id in sorted(ranks, key=lambda p: (ranks[p], order.index(p))):
            for exercise in library.exercises_of(library.programs[program_id]):
                served.setdefault(exercise.id, (0, len(served)))
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
        if wanted.text and exercise.id not in served and not _matches_text(exercise, library, wanted.text):
            continue
        found.append(exercise)
    # Plain word matches follow, in library order (the sort is stable).
    return sorted(found, key=lambda exercise: served.get(exercise.id, (1, 0)))


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
