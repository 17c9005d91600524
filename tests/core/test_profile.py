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
