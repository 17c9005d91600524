"""Dose progression by the pain-monitoring model, from synthetic session logs."""

from __future__ import annotations

from datetime import date, timedelta

from footcoach.core.loader import load_library
from footcoach.core.planner import build_plan
from footcoach.core.profile import Profile, Setting
from footcoach.core.progression import SessionRecord, dose_level, scaled
from footcoach.core.schemas import Equipment, GoalId

LIBRARY = load_library()
START = date(2026, 11, 30)  # a Monday
PROGRAM = "sole-training"


def week(weeks_before: int, *, pain: int | None = 2, completed: bool = True, morning: int | None = None,
         stopped: bool = False) -> list[SessionRecord]:
    monday = START - timedelta(days=7 * weeks_before)
    return [SessionRecord(monday + timedelta(days=d), PROGRAM, completed, pain, morning, stopped) for d in (0, 2, 4)]


def test_it_holds_the_dose_with_no_history() -> None:
    assert dose_level([], PROGRAM, START).level == 0


def test_two_easy_weeks_step_the_dose_up_with_a_reason() -> None:
    level = dose_level(week(2) + week(1), PROGRAM, START)
    assert level.level == 1
    assert level.reasons == (
        "Dose stepped up: two easy weeks up to the week of 2026-11-23 (pain 3/10 or less, every session finished).",
    )


def test_one_easy_week_is_not_enough() -> None:
    assert dose_level(week(1), PROGRAM, START).level == 0


def test_an_unfinished_session_breaks_the_easy_streak() -> None:
    assert dose_level(week(2) + week(1, completed=False), PROGRAM, START).level == 0


def test_acceptable_pain_of_4_or_5_holds_the_dose() -> None:
    assert dose_level(week(3) + week(2, pain=5) + week(1), PROGRAM, START).level == 0


def test_pain_above_5_steps_the_dose_down() -> None:
    level = dose_level(week(1, pain=6), PROGRAM, START)
    assert level.level == -1
    assert "pain went above 5/10" in level.reasons[0]


def test_a_session_stopped_for_pain_steps_the_dose_down() -> None:
    assert dose_level(week(1, pain=None, stopped=True), PROGRAM, START).level == -1


def test_worse_next_morning_pain_steps_the_dose_down() -> None:
    level = dose_level(week(2, morning=2) + week(1, morning=4), PROGRAM, START)
    assert level.level == -1
    assert "next-morning pain was worse" in level.reasons[0]


def test_it_ignores_the_current_week_and_other_programs() -> None:
    this_week = [SessionRecord(START + timedelta(days=1), PROGRAM, True, 9)]
    other = [SessionRecord(START - timedelta(days=7), "ball-rolling", True, 9)]
    assert dose_level(this_week + other, PROGRAM, START).level == 0


def test_scaling_changes_reps_or_hold_time() -> None:
    heel = LIBRARY.exercises["heel-raise"].dose
    assert scaled(heel, 1).reps == 10 and scaled(heel, -1).reps == 6 and scaled(heel, 0) is heel
    hold = LIBRARY.exercises["ball-roll-heel"].dose
    assert scaled(hold, 2).seconds == 90 and scaled(hold, 2).reps is None


def test_the_plan_carries_the_new_dose_and_its_reason() -> None:
    profile = Profile(
        birth_year=1980, goals=(GoalId.STRENGTH,), conditions=(), equipment=tuple(Equipment),
        minutes_per_day=30, days_per_week=3, setting=Setting.HOME, start_side="left", cleared_by_clinician=False,
    )
    easy = build_plan(profile, LIBRARY, START, 1, history=week(2) + week(1))
    hard = build_plan(profile, LIBRARY, START, 1, history=week(1, pain=7))
    doses = {
        name: {i.exercise: i.dose.reps for s in plan.days[0].sessions if s.program == PROGRAM for i in s.items}
        for name, plan in (("easy", easy), ("hard", hard))
    }
    assert doses["easy"]["heel-raise"] == 10 and doses["hard"]["heel-raise"] == 6
    assert any("stepped up" in change for change in easy.changes)
    assert any("stepped down" in change for change in hard.changes)
