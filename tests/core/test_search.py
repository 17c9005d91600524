"""Searching the library finds exercises and programs by the goals and
conditions they serve, in the words people use for them."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from footcoach.core.loader import load_library
from footcoach.core.schemas import GoalId, Region
from footcoach.core.search import (
    ExerciseFilter,
    conditions_named,
    filter_exercises,
    goals_named,
    parse_filter,
    programs_found,
)

LIBRARY = load_library()
# Whichever program the content ranks first for heel pain.
HEEL_PAIN_FIRST = LIBRARY.goals[GoalId.HEEL_PAIN].programs[0]


def exercise_ids(text: str, **filters: object) -> list[str]:
    return [e.id for e in filter_exercises(LIBRARY, ExerciseFilter(text, **filters))]  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["heel pain", "plantar fasciitis", "sore heel", "Sore heels",
                                  "pain in my heel", "policemans heel", "exercises for plantar fasciitis"])
def test_it_finds_the_heel_pain_programs_by_the_words_people_use(text: str) -> None:
    assert [goal.id for goal in goals_named(LIBRARY, text)] == [GoalId.HEEL_PAIN]
    found = [program.id for program in programs_found(LIBRARY, text)]
    assert found[0] == HEEL_PAIN_FIRST
    assert set(LIBRARY.goals[GoalId.HEEL_PAIN].programs) <= set(found)


def test_it_lists_the_exercises_of_the_best_program_for_the_goal_first() -> None:
    first = [e.id for e in LIBRARY.exercises_of(LIBRARY.programs[HEEL_PAIN_FIRST])]
    found = exercise_ids("plantar fasciitis")
    assert found[:len(first)] == first
    assert len(found) == len(set(found))


def test_it_finds_balance_work_by_the_goal() -> None:
    found = exercise_ids("balance")
    served = {e.id for p in LIBRARY.goals[GoalId.BALANCE].programs for e in LIBRARY.exercises_of(LIBRARY.programs[p])}
    assert served and set(found[:len(served)]) == served
    assert [p.id for p in programs_found(LIBRARY, "balance")] == list(LIBRARY.goals[GoalId.BALANCE].programs)


def test_a_single_word_of_a_goal_is_a_plain_word_search() -> None:
    # "heel" finds the exercises that mention the heel, not every program that
    # serves heel pain.
    assert goals_named(LIBRARY, "heel") == []
    found = exercise_ids("heel")
    assert found and all("heel" in " ".join([e.name, e.summary, e.purpose, *e.steps]).lower()
                         for e in map(LIBRARY.exercises.__getitem__, found))
    assert "towel-self-massage" in exercise_ids("towel calf") and goals_named(LIBRARY, "towel calf") == []


def test_the_other_filters_still_apply_to_a_goal_search() -> None:
    found = filter_exercises(LIBRARY, ExerciseFilter("plantar fasciitis", region=Region.TOES))
    assert found and {e.region for e in found} == {Region.TOES}


def test_it_names_a_condition_by_its_common_words() -> None:
    assert [c.id for c in conditions_named(LIBRARY, "diabetes")] == ["diabetes-neuropathy"]
    assert "plantar-heel-pain" in [c.id for c in conditions_named(LIBRARY, "plantar fasciitis")]
    assert conditions_named(LIBRARY, "toes") == []


def test_the_words_come_from_the_content() -> None:
    goal = LIBRARY.goals[GoalId.DESK_BREAK]
    changed = goal.model_copy(update={"also_called": ("fidgety afternoons",)})
    library = dataclasses.replace(LIBRARY, goals=MappingProxyType({**LIBRARY.goals, goal.id: changed}))
    assert [g.id for g in goals_named(library, "fidgety afternoons")] == [GoalId.DESK_BREAK]
    assert [p.id for p in programs_found(library, "fidgety afternoons")] == list(goal.programs)
    assert goals_named(LIBRARY, "fidgety afternoons") == []


def test_every_word_of_the_content_finds_what_it_names() -> None:
    for goal in LIBRARY.goals.values():
        for words in goal.also_called:
            assert goal in goals_named(LIBRARY, words), words
    for condition in LIBRARY.conditions.values():
        for words in condition.also_called:
            assert condition in conditions_named(LIBRARY, words), words


def test_a_search_read_from_a_query_string_finds_the_goal() -> None:
    wanted, errors = parse_filter({"q": "  plantar fasciitis  "})
    assert errors == []
    assert filter_exercises(LIBRARY, wanted)[0].id == LIBRARY.exercises_of(LIBRARY.programs[HEEL_PAIN_FIRST])[0].id
