"""Homework under the client's screening, checked field by field, spread over its weeks."""

from __future__ import annotations

from datetime import date

import pytest

from footcoach.core.homework import (
    Homework,
    HomeworkError,
    assignment_of,
    check_homework,
    homework_days,
    parse_items,
    safety_summary,
    screened,
    set_program_id,
)
from footcoach.core.loader import load_library
from footcoach.core.planner import _session
from footcoach.core.profile import Profile
from footcoach.core.safety import screen
from footcoach.core.schemas import Equipment

LIBRARY = load_library()
MONDAY = date(2026, 11, 30)


def profile(*conditions: str, cleared: bool = True) -> Profile:
    return Profile(birth_year=1980, goals=("balance",), conditions=conditions, equipment=tuple(Equipment),
                   minutes_per_day=30, days_per_week=5, setting="home", start_side="left",
                   cleared_by_clinician=cleared)


def homework(*exercises: str, program: str = "", times: int = 3, ends_on: date | None = None) -> Homework:
    items = parse_items([{"exercise": e} for e in exercises], LIBRARY) if exercises else ()
    return Homework(id=7, teacher="tess@example.org", program=program, items=items, times_per_week=times,
                    starts_on=MONDAY, ends_on=ends_on, note="Slowly, please.")


def test_it_leaves_out_what_the_clients_screening_excludes_and_changes_what_it_changes() -> None:
    given = homework("spiky-ball-heel", "toe-fan", "toe-extension")
    made = screened(given, profile("diabetes-neuropathy"), LIBRARY, today=MONDAY)

    assert made.session is not None
    assert [item.exercise for item in made.session.items] == ["toe-fan", "toe-extension"]
    assert made.left_out == ("spiky-ball-heel",)
    assert made.changed == ("toe-fan",)
    assert made.session.items[0].modifications, "toe-fan is done as the client's screening changes it"
    # The teacher reads how much, never why.
    assert made.for_teacher == "1 exercise left out and 1 changed for this client's safety."
    assert "feel" not in made.for_teacher
    assert dict(made.why)["spiky-ball-heel"].startswith("Standing on a ball")


def test_it_gives_a_set_its_own_program_id_that_the_logs_read_back() -> None:
    made = screened(homework("toe-fan"), None, LIBRARY, today=MONDAY)

    assert made.session is not None and made.session.program == set_program_id(7) == "homework-7"
    assert assignment_of("homework-7") == 7
    assert [assignment_of(other) for other in ("sole-training", "homework-", "homework-07", "homework-٣")] == [
        None, None, None, None]
    assert made.for_teacher == ""


def test_it_makes_a_program_given_as_homework_the_session_the_planner_makes() -> None:
    person = profile("osteoporosis")
    made = screened(homework(program="sole-training"), person, LIBRARY, today=MONDAY)

    planned = _session(LIBRARY.programs["sole-training"], LIBRARY, screen(person, LIBRARY, this_year=2026), 0)
    assert made.session == planned


def test_it_gives_nothing_while_a_red_flag_waits_for_a_clinician() -> None:
    made = screened(homework("toe-fan"), profile("hot-swollen-foot", cleared=False), LIBRARY, today=MONDAY)

    assert made.blocked and made.session is None
    assert made.for_teacher == "Too little of this homework is safe for this client now: it is not in their plan."


def test_it_says_how_much_was_left_out_or_changed_for_any_number() -> None:
    assert safety_summary(2, 0) == "2 exercises left out for this client's safety."
    assert safety_summary(0, 1) == "1 exercise changed for this client's safety."
    assert safety_summary(0, 3) == "3 exercises changed for this client's safety."
    assert safety_summary(1, 2) == "1 exercise left out and 2 changed for this client's safety."
    assert safety_summary(0, 0) == ""


def test_it_spreads_the_homework_over_its_weeks_within_its_dates() -> None:
    given = homework("toe-fan", times=3, ends_on=date(2026, 12, 9))

    days = homework_days(given, date(2026, 11, 28), 14)

    # Weeks count from its first day (a Monday): Monday, Wednesday, Friday, until its end.
    assert days == (date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 9))
    # At the end of the calendar the days stop with it, without an error.
    assert homework_days(homework("toe-fan", times=7), date.max, 14) == (date.max,)


def test_it_refuses_an_unknown_exercise_naming_the_item_and_the_field() -> None:
    with pytest.raises(HomeworkError) as caught:
        parse_items([{"exercise": "toe-fan"}, {"exercise": "moon-walk"}], LIBRARY)
    assert caught.value.field == "items[1].exercise"
    assert "'moon-walk'" in caught.value.message


def test_it_takes_a_dose_in_the_contents_shape_and_refuses_one_out_of_range() -> None:
    items = parse_items([{"exercise": "toe-fan", "dose": {"sets": 2, "reps": 8, "sides": "each"}}], LIBRARY)
    assert items[0].dose is not None and (items[0].dose.sets, items[0].dose.reps) == (2, 8)

    with pytest.raises(HomeworkError) as caught:
        parse_items([{"exercise": "toe-fan", "dose": {"sets": 2, "reps": 10**9, "sides": "each"}}], LIBRARY)
    assert caught.value.field == "items[0].dose.reps"
    with pytest.raises(HomeworkError) as caught:
        parse_items([{"exercise": "toe-fan", "weight": 3}], LIBRARY)
    assert caught.value.field == "items[0].weight"


def fields(**changes: object) -> dict[str, object]:
    sent: dict[str, object] = {"program": "sole-training", "items": None, "times_per_week": 3,
                               "starts_on": "2026-11-30", "ends_on": None, "note": "Slowly."}
    return {**sent, **changes}


@pytest.mark.parametrize(("changes", "field"), [
    ({"program": "moon-walk"}, "program"),
    ({"program": "", "items": []}, "items"),
    ({"items": [{"exercise": "toe-fan"}]}, "items"),
    ({"times_per_week": 0}, "times_per_week"),
    ({"times_per_week": 8}, "times_per_week"),
    ({"times_per_week": "٣"}, "times_per_week"),
    ({"times_per_week": True}, "times_per_week"),
    ({"times_per_week": float("nan")}, "times_per_week"),
    ({"times_per_week": "9" * 400}, "times_per_week"),
    ({"starts_on": ""}, "starts_on"),
    ({"starts_on": "2026-02-30"}, "starts_on"),
    ({"starts_on": "٢٠٢٦-١١-٣٠"}, "starts_on"),
    ({"starts_on": "9999-12-31"}, "starts_on"),
    ({"ends_on": "2026-11-29"}, "ends_on"),
    ({"note": "x" * 2001}, "note"),
    ({"note": "a\x00b"}, "note"),
    ({"note": 12}, "note"),
])
def test_it_refuses_each_bad_field_by_name(changes: dict[str, object], field: str) -> None:
    with pytest.raises(HomeworkError) as caught:
        check_homework(LIBRARY, **fields(**changes))
    assert caught.value.field == field


def test_it_keeps_a_good_homework_as_sent() -> None:
    checked = check_homework(LIBRARY, **fields(ends_on="2026-12-31", note="  Slowly.\r\nBreathe.  "))

    assert (checked.program, checked.times_per_week) == ("sole-training", 3)
    assert (checked.starts_on, checked.ends_on) == (MONDAY, date(2026, 12, 31))
    assert checked.note == "Slowly.\nBreathe."
