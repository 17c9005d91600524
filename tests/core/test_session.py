"""A program becomes the steps a person is guided through."""

from __future__ import annotations

from footcoach.core.loader import load_library
from footcoach.core.session import SWITCH_SECONDS, session_steps

LIBRARY = load_library()


def test_it_runs_each_sided_exercise_in_full_on_both_feet_with_a_switch() -> None:
    steps = session_steps(LIBRARY.programs["sole-training"], LIBRARY, first_foot="right")
    heel = [s for s in steps if s.ref == "heel-raise"]
    assert [(s.side, s.reps, s.switch_seconds) for s in heel] == [("right", 8, 0), ("left", 8, SWITCH_SECONDS)]
    assert [s.ref for s in steps] == ["toe-fan", "great-toe-down", "rock-out", "heel-raise", "heel-raise", "toe-grip"]


def test_it_does_the_whole_first_foot_of_the_release_before_the_other() -> None:
    steps = session_steps(LIBRARY.programs["spiky-ball-release"], LIBRARY, first_foot="left")
    assert [(s.ref, s.moment) for s in steps if s.kind == "test"] == [
        ("forward-fold-reach", "before"), ("forward-fold-reach", "between"), ("forward-fold-reach", "after"),
    ]
    between = next(i for i, s in enumerate(steps) if s.moment == "between")
    assert {s.side for s in steps[1:between]} == {"left"}
    assert {s.side for s in steps[between + 1:-1]} == {"right"}
    # The first step on the second foot carries the switch, even after the check.
    assert steps[between + 1].switch_seconds == SWITCH_SECONDS
    assert all(s.rate_pressure for s in steps if s.ref.startswith("spiky-ball-"))


def test_it_gives_timed_holds_a_get_ready_delay() -> None:
    steps = session_steps(LIBRARY.programs["ball-rolling"], LIBRARY)
    assert all(s.seconds and s.get_ready_seconds > 0 for s in steps)


def test_it_leaves_out_excluded_exercises_and_attaches_modifications() -> None:
    steps = session_steps(
        LIBRARY.programs["spiky-ball-release"], LIBRARY,
        excluded=frozenset({"spiky-ball-toes"}),
        modifications={"spiky-ball-heel": ["Seated", "Soft ball instead of the spiky ball"]},
    )
    assert "spiky-ball-toes" not in {s.ref for s in steps}
    heel = [s for s in steps if s.ref == "spiky-ball-heel"]
    assert all(s.modifications == ("Seated", "Soft ball instead of the spiky ball") for s in heel)
    assert heel[0].as_json()["modifications"] == ["Seated", "Soft ball instead of the spiky ball"]


def test_a_personal_session_has_the_plans_dose_changes_and_first_foot() -> None:
    from datetime import date, timedelta

    from footcoach.core.profile import Profile, Setting
    from footcoach.core.progression import SessionRecord
    from footcoach.core.schemas import Equipment, GoalId
    from footcoach.core.session import personal_session

    today = date(2026, 11, 30)
    easy = [SessionRecord(today - timedelta(days=d), "sole-training", True, 1) for d in (7, 9, 14, 16)]
    profile = Profile(
        birth_year=1980, goals=(GoalId.STRENGTH,), conditions=("pregnancy",), equipment=tuple(Equipment),
        minutes_per_day=20, days_per_week=5, setting=Setting.HOME, start_side="right", cleared_by_clinician=False,
    )
    program = LIBRARY.programs["sole-training"]
    steps = personal_session(program, LIBRARY, profile, today=today, history=easy).steps
    heel = [s for s in steps if s.ref == "heel-raise"]
    assert [(s.side, s.reps) for s in heel] == [("right", 10), ("left", 10)]
    assert any("wall or chair" in m for m in heel[0].modifications)
    plain = personal_session(program, LIBRARY, None, today=today).steps
    assert [s.reps for s in plain if s.ref == "heel-raise"] == [8, 8]


def test_a_personal_session_is_blocked_by_an_uncleared_red_flag() -> None:
    from datetime import date

    from footcoach.core.profile import Profile, Setting
    from footcoach.core.schemas import GoalId
    from footcoach.core.session import personal_session

    profile = Profile(
        birth_year=1980, goals=(GoalId.GENERAL,), conditions=("foot-wound-or-ulcer",), equipment=(),
        minutes_per_day=20, days_per_week=5, setting=Setting.HOME, start_side="left", cleared_by_clinician=False,
    )
    personal = personal_session(LIBRARY.programs["sole-training"], LIBRARY, profile, today=date(2026, 11, 30))
    assert personal.blocked and personal.steps == ()
    assert [c.condition for c in personal.see_clinician] == ["foot-wound-or-ulcer"]


def test_a_program_the_plan_leaves_out_is_not_offered_and_says_which_exercises_and_why() -> None:
    from datetime import date

    from footcoach.core.planner import build_plan
    from footcoach.core.profile import Profile, Setting
    from footcoach.core.schemas import Equipment, GoalId
    from footcoach.core.session import personal_session

    today = date(2026, 11, 30)
    profile = Profile(
        birth_year=1980, goals=(GoalId.HEEL_PAIN,), conditions=("anticoagulants",),
        equipment=(Equipment.SPIKY_BALL, Equipment.TOWEL), minutes_per_day=30, days_per_week=7,
        setting=Setting.HOME, start_side="left", cleared_by_clinician=False,
    )
    plan_left_out = {left.id for left in build_plan(profile, LIBRARY, today, 1).left_out if left.kind == "program"}
    assert "spiky-ball-release" in plan_left_out
    for program in LIBRARY.programs.values():
        personal = personal_session(program, LIBRARY, profile, today=today)
        assert personal.not_offered == (program.id in plan_left_out)
    release = personal_session(LIBRARY.programs["spiky-ball-release"], LIBRARY, profile, today=today)
    assert release.steps == () and not release.blocked
    assert "spiky-ball-heel" in dict(release.left_out)
    assert all(reason for _, reason in release.left_out)
