"""Properties of the planner over random valid profiles (hypothesis)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from footcoach.core.loader import load_library
from footcoach.core.planner import build_plan, sessions_per_week
from footcoach.core.profile import Profile, Setting
from footcoach.core.safety import screen
from footcoach.core.schemas import Equipment, GoalId

LIBRARY = load_library()
RED_FLAGS = sorted(c.id for c in LIBRARY.conditions.values() if c.red_flag)
START = date(2026, 11, 30)  # a Monday


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    return Profile(
        birth_year=draw(st.integers(1925, 2012)),
        goals=tuple(draw(st.lists(st.sampled_from(list(GoalId)), min_size=1, max_size=4, unique=True))),
        conditions=tuple(draw(st.lists(st.sampled_from(sorted(LIBRARY.conditions)), max_size=4, unique=True))),
        equipment=tuple(draw(st.lists(st.sampled_from(list(Equipment)), max_size=6, unique=True))),
        minutes_per_day=draw(st.integers(3, 90)),
        days_per_week=draw(st.integers(1, 7)),
        setting=draw(st.sampled_from(list(Setting))),
        start_side=draw(st.sampled_from(["left", "right"])),
        cleared_by_clinician=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None)
@given(profiles(), st.integers(1, 4))
def test_it_never_offers_an_excluded_exercise_or_missing_equipment(profile: Profile, weeks: int) -> None:
    plan = build_plan(profile, LIBRARY, START, weeks)
    verdicts = screen(profile, LIBRARY, this_year=START.year).verdicts
    for day in plan.days:
        for session in day.sessions:
            for item in session.items:
                verdict = verdicts[item.exercise]
                assert not verdict.excluded
                assert set(verdict.equipment) <= set(profile.equipment)
                assert len(verdict.equipment) == len(LIBRARY.exercises[item.exercise].equipment)


@settings(max_examples=300, deadline=None)
@given(profiles(), st.integers(1, 4))
def test_it_never_exceeds_the_minutes_a_day(profile: Profile, weeks: int) -> None:
    plan = build_plan(profile, LIBRARY, START, weeks)
    for day in plan.days:
        assert day.minutes <= profile.minutes_per_day
    assert len({day.day for day in plan.days}) == len(plan.days)


@settings(max_examples=200, deadline=None)
@given(profiles(), st.sampled_from(RED_FLAGS))
def test_every_red_flag_asks_for_a_clinician_and_empties_the_plan_until_cleared(profile: Profile, flag: str) -> None:
    flagged = profile.model_copy(update={"conditions": (*{*profile.conditions} - {flag}, flag)})
    blocked = build_plan(flagged.model_copy(update={"cleared_by_clinician": False}), LIBRARY, START, 2)
    assert flag in {c.condition for c in blocked.see_clinician}
    assert blocked.days == ()
    assert blocked.as_json()["days"] == []
    cleared = build_plan(flagged.model_copy(update={"cleared_by_clinician": True}), LIBRARY, START, 2)
    assert flag in {c.condition for c in cleared.see_clinician}


@settings(max_examples=300, deadline=None)
@given(profiles(), st.integers(1, 3))
def test_it_meets_each_planned_programs_frequency_every_week(profile: Profile, weeks: int) -> None:
    plan = build_plan(profile, LIBRARY, START, weeks)
    for week in range(weeks):
        first, last = START + timedelta(days=7 * week), START + timedelta(days=7 * week + 6)
        days_with = Counter(
            session.program for day in plan.days if first <= day.day <= last for session in day.sessions
        )
        planned = {session.program for day in plan.days for session in day.sessions}
        for program_id in planned:
            wanted = sessions_per_week(LIBRARY.programs[program_id], profile.days_per_week)
            assert days_with[program_id] == wanted, program_id
        assert len([d for d in plan.days if first <= d.day <= last]) <= profile.days_per_week


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_it_says_why_for_every_program_of_the_goals_it_leaves_out(profile: Profile) -> None:
    plan = build_plan(profile, LIBRARY, START, 1)
    if plan.days == () and plan.see_clinician:
        return
    wanted = {p for goal in profile.goals for p in LIBRARY.goals[goal].programs}
    planned = {session.program for day in plan.days for session in day.sessions}
    left = {left.id: left.reason for left in plan.left_out if left.kind == "program"}
    assert wanted == planned | set(left)
    assert all(reason for reason in left.values())


@settings(max_examples=150, deadline=None)
@given(profiles(), st.integers(1, 4))
def test_it_is_deterministic_and_keeps_each_programs_order(profile: Profile, weeks: int) -> None:
    first = build_plan(profile, LIBRARY, START, weeks)
    assert first == build_plan(profile, LIBRARY, START, weeks)
    assert first.as_json() == build_plan(profile, LIBRARY, START, weeks).as_json()
    for day in first.days:
        for session in day.sessions:
            order = [e.exercise for e in LIBRARY.programs[session.program].items if e.exercise]
            positions = []
            cursor = 0
            for item in session.items:
                cursor = order.index(item.exercise, cursor)
                positions.append(cursor)
                cursor += 1
            assert positions == sorted(positions)


@settings(max_examples=150, deadline=None)
@given(profiles(), st.randoms(use_true_random=False))
def test_the_order_the_goals_were_chosen_in_does_not_change_the_plan(profile: Profile, rng: Any) -> None:
    shuffled = list(profile.goals)
    rng.shuffle(shuffled)
    other = profile.model_copy(update={"goals": tuple(shuffled)})
    assert build_plan(other, LIBRARY, START, 1).days == build_plan(profile, LIBRARY, START, 1).days
