"""The profile contract: each bad answer gets one message that says what is allowed."""

from __future__ import annotations

from typing import Any

import pytest

from footcoach.core.loader import load_library
from footcoach.core.profile import ProfileError, parse_profile

LIBRARY = load_library()
ANSWERS: dict[str, Any] = {
    "birth_year": 1950, "goals": ["general"], "conditions": [], "equipment": [], "minutes_per_day": 20,
    "days_per_week": 5, "setting": "home", "start_side": "left", "cleared_by_clinician": False,
}


def birth_year_messages(birth_year: object) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile({**ANSWERS, "birth_year": birth_year}, LIBRARY, this_year=2026)
    return [problem.message for problem in caught.value.problems if problem.field == "birth_year"]


@pytest.mark.parametrize("birth_year", [19500, 2101, 1850, "nineteen fifty"])
def test_it_gives_one_message_with_the_years_allowed(birth_year: object) -> None:
    [message] = birth_year_messages(birth_year)
    assert message.endswith("give the year you were born, from 1900 to 2016")
    assert "too recent" not in message


def test_it_says_a_recent_year_is_too_recent_and_which_years_are_allowed() -> None:
    assert birth_year_messages(2020) == [
        "2020 is too recent: footcoach is for people aged 10 and over; give the year you were born, from 1900 to 2016"
    ]


def test_it_takes_the_last_year_allowed() -> None:
    assert parse_profile({**ANSWERS, "birth_year": 2016}, LIBRARY, this_year=2026).birth_year == 2016


def problems_of(**changes: object) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile({**ANSWERS, **changes}, LIBRARY, this_year=2026)
    return [str(problem) for problem in caught.value.problems]


def test_it_names_a_condition_that_is_a_list_or_an_object_once() -> None:
    said = problems_of(conditions=[["a"], {"x": 1}])
    assert [line.split(" is not", 1)[0] for line in said] == ['conditions[0]: ["a"]', 'conditions[1]: {"x": 1}']
    assert all("is not a condition footcoach knows; choose from plantar-heel-pain" in line for line in said)


def test_it_asks_for_a_list_where_one_is_missing() -> None:
    assert problems_of(equipment="towel") == [
        'equipment: "towel" is not a list; write one in square brackets, such as [] or ["spiky-ball"], choosing '
        "from spiky-ball, hard-ball, soft-ball, towel, toe-separators, wall-or-chair"]


def test_it_names_long_or_unprintable_values_and_fields_on_one_short_line() -> None:
    [year] = problems_of(birth_year=10**5000)
    assert year == ("birth_year: a number with too many digits to write out is not a year we can use; "
                    "give the year you were born, from 1900 to 2016")
    [field] = problems_of(**{"a\u2028b": 1})
    assert field.startswith('"a\\u2028b": unknown field')
    [text] = problems_of(setting="x" * 5000)
    assert text.startswith('setting: "' + "x" * 39 + "… is not allowed")
