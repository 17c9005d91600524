"""A program becomes the steps a person is guided through."""

from __future__ import annotations

from footcoach.core.loader import load_library
from footcoach.core.session import PHONE_DOWN_SECONDS, SWITCH_SECONDS, session_steps

LIBRARY = load_library()


def test_it_runs_each_sided_exercise_in_full_on_both_feet_with_a_switch() -> None:
    steps = session_steps(LIBRARY.programs["sole-training"], LIBRARY, first_foot="right")
    heel = [s for s in steps if s.ref == "heel-raise"]
    assert [(s.side, s.reps, s.switch_seconds > 0) for s in heel] == [("right", 8, False), ("left", 8, True)]
    # Changing feet is the second side's get-ready: as long as either, never both in a row.
    exercise = LIBRARY.exercises["heel-raise"]
    assert heel[1].switch_seconds == max(SWITCH_SECONDS, exercise.get_ready or 0)
    assert (heel[0].get_ready_seconds, heel[1].get_ready_seconds) == (exercise.get_ready, 0)
    assert [s.ref for s in steps] == ["toe-fan", "great-toe-down", "rock-out", "heel-raise", "heel-raise", "toe-grip"]


def test_it_does_the_whole_first_foot_of_the_release_before_the_other() -> None:
    steps = session_steps(LIBRARY.programs["spiky-ball-release"], LIBRARY, first_foot="left")
    assert [(s.ref, s.moment) for s in steps if s.kind == "test"] == [
        ("forward-fold-reach", "before"), ("forward-fold-reach", "between"), ("forward-fold-reach", "after"),
    ]
    between = next(i for i, s in enumerate(steps) if s.moment == "between")
    assert {s.side for s in steps[1:between]} == {"left"}
    assert {s.side for s in steps[between + 1:-1]} == {"right"}
    # The first step on the second foot carries the switch, even after the check,
    # with time to put the phone down after typing the result in.
    assert steps[between + 1].switch_seconds >= max(SWITCH_SECONDS, PHONE_DOWN_SECONDS)
    assert all(s.rate_pressure for s in steps if s.ref.startswith("spiky-ball-"))


def test_it_gives_every_step_counted_or_timed_time_to_get_into_place() -> None:
    for program in LIBRARY.programs.values():
        steps = session_steps(program, LIBRARY)
        for step in steps:
            if step.kind == "exercise":
                assert step.get_ready_seconds + step.switch_seconds > 0, (program.id, step.ref)
        # The phone was just in hand: time to put it down before the first exercise.
        first = next(s for s in steps if s.kind == "exercise")
        assert first.get_ready_seconds >= PHONE_DOWN_SECONDS


def test_it_takes_each_counted_exercise_at_its_own_tempo() -> None:
    sole = {s.ref: s for s in session_steps(LIBRARY.programs["sole-training"], LIBRARY)}
    pilates = {s.ref: s for s in session_steps(LIBRARY.programs["pilates-foot-series"], LIBRARY)}
    heel_raise, toe_lift = sole["heel-raise"], pilates["toe-extension"]
    assert heel_raise.rep_seconds == LIBRARY.exercises["heel-raise"].rep_seconds
    # A toe lift held 3 seconds takes its hold plus the lift itself.
    assert toe_lift.rep_seconds == (LIBRARY.exercises["toe-extension"].rep_seconds or 0) + (toe_lift.seconds or 0)
    assert heel_raise.rep_seconds != toe_lift.rep_seconds
    assert heel_raise.work_seconds == heel_raise.reps * heel_raise.rep_seconds  # type: ignore[operator]
    assert all(s.rep_seconds is None for s in session_steps(LIBRARY.programs["ball-rolling"], LIBRARY))


def test_each_step_says_what_the_body_does_from_the_content() -> None:
    steps = [s for p in LIBRARY.programs.values() for s in session_steps(p, LIBRARY) if s.kind == "exercise"]
    actions = {s.ref: s.action for s in steps}
    assert actions["ball-roll-heel"] == "roll"
    assert actions["towel-self-massage"] == "move"
    assert actions["toe-fan"] == "count"
    assert actions["stand-and-notice"] == "hold"
    for step in steps:
        # Content that says nothing counts a counted dose and holds a timed one.
        default = "count" if step.reps else "hold"
        assert step.action == (LIBRARY.exercises[step.ref].action or default), step.ref


def test_a_soft_ball_for_the_spiky_one_renames_the_step_its_cues_and_its_picture() -> None:
    from footcoach.core.schemas import Equipment
    from footcoach.core.session import picture_as_done

    program = LIBRARY.programs["spiky-ball-release"]
    ids = {item.exercise for item in program.items if item.exercise}
    soft = {e: [Equipment.SOFT_BALL] for e in ids if Equipment.SPIKY_BALL in LIBRARY.exercises[e].equipment}
    steps = session_steps(program, LIBRARY, equipment=soft)
    heel = next(s for s in steps if s.ref == "spiky-ball-heel")
    assert heel.name == "Heel on the soft ball"
    assert heel.stand_ins == (("spiky-ball", "soft-ball"),) and heel.equipment == ("soft-ball",)
    picture = picture_as_done(LIBRARY.exercises["spiky-ball-heel"].picture, heel.stand_ins)
    assert picture.props == ("soft-ball",)
    assert "soft ball" in picture.alt and "spiky" not in picture.alt
    for step in steps:
        assert "spiky" not in " ".join([step.name, *step.cues]).lower(), step.ref
    # Without a stand-in nothing changes.
    plain = next(s for s in session_steps(program, LIBRARY) if s.ref == "spiky-ball-heel")
    assert plain.name == LIBRARY.exercises["spiky-ball-heel"].name and plain.stand_ins == ()


def test_a_person_on_blood_thinners_is_guided_with_the_soft_ball_by_name() -> None:
    from datetime import date

    from footcoach.core.profile import Profile, Setting
    from footcoach.core.schemas import Equipment, GoalId
    from footcoach.core.session import personal_session

    profile = Profile(
        birth_year=1956, goals=(GoalId.HEEL_PAIN,), conditions=("anticoagulants",),
        equipment=(Equipment.SPIKY_BALL, Equipment.SOFT_BALL), minutes_per_day=15, days_per_week=7,
        setting=Setting.HOME, start_side="left", cleared_by_clinician=False,
    )
    steps = personal_session(LIBRARY.programs["spiky-ball-release"], LIBRARY, profile, today=date(2026, 12, 1)).steps
    heel = next(s for s in steps if s.ref == "spiky-ball-heel")
    assert heel.name == "Heel on the soft ball"
    assert "Soft ball instead of the spiky ball" in heel.modifications


def test_it_says_how_long_the_session_takes_and_what_to_have_at_hand() -> None:
    from footcoach.core.session import session_minutes, session_seconds, things_needed

    steps = session_steps(LIBRARY.programs["spiky-ball-release"], LIBRARY)
    assert things_needed(steps, LIBRARY) == [
        "Ruler or tape measure, for the reach check", "Spiky ball", "Wall or chair",
    ]
    seconds = session_seconds(steps)
    # Eight 45-90 s rolls, five 30-45 s holds on the notice and checks, with rests and get-readies between.
    assert 12 * 60 < seconds < 20 * 60
    assert session_minutes(steps) == -(-seconds // 60)


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
