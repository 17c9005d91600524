"""The heel-pain guideline program: planned for heel pain within the time a person has, held
to the safety rules like every other program, found by search, and drawn as its steps say."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from footcoach.core.figure import figure
from footcoach.core.figure_svg import V_HEEL, V_HEEL_HALF_WIDTH, v_stance
from footcoach.core.foot import VIEW_BOX
from footcoach.core.loader import load_library
from footcoach.core.planner import Plan, build_plan
from footcoach.core.profile import Profile
from footcoach.core.schemas import PictureView
from footcoach.core.search import ExerciseFilter, filter_exercises

LIBRARY = load_library()
START = date(2026, 3, 2)
PROGRAM = "heel-pain-guideline"
STRETCHES_AND_RAISE = {"calf-stretch-straight", "calf-stretch-bent", "plantar-fascia-stretch",
                       "high-load-heel-raise"}
FLOOR = 226.0


def heel_pain_profile(**changes: Any) -> Profile:
    answers: dict[str, Any] = {
        "birth_year": 1956, "goals": ["heel-pain"], "conditions": ["plantar-heel-pain"],
        "equipment": ["soft-ball", "towel", "wall-or-chair"], "minutes_per_day": 15, "days_per_week": 7,
        "setting": "home", "start_side": "left", "cleared_by_clinician": False,
    }
    return Profile.model_validate({**answers, **changes})


def guideline_items(plan: Plan) -> dict[str, list[str]]:
    """Each planned exercise of the program, with the modifications it came with."""
    return {item.exercise: [m.text for m in item.modifications]
            for day in plan.days for session in day.sessions if session.program == PROGRAM
            for item in session.items}


def test_it_plans_both_calf_stretches_the_sole_stretch_and_the_heel_raise_for_heel_pain() -> None:
    plan = build_plan(heel_pain_profile(), LIBRARY, START, weeks=2)

    assert set(guideline_items(plan)) == STRETCHES_AND_RAISE
    days = [day for day in plan.days if any(s.program == PROGRAM for s in day.sessions)]
    assert len(days) == 6  # every second day, three times a week
    assert all(day.minutes <= 15 for day in plan.days)
    assert PROGRAM not in {left.id for left in plan.left_out}


def test_it_leaves_the_program_out_when_it_does_not_fit_the_minutes_a_day() -> None:
    plan = build_plan(heel_pain_profile(minutes_per_day=10), LIBRARY, START, weeks=1)

    assert guideline_items(plan) == {}
    assert any(left.id == PROGRAM and "10 minutes a day" in left.reason for left in plan.left_out)


def test_it_offers_none_of_it_with_a_red_flag_not_yet_cleared() -> None:
    for red_flag in ("hot-swollen-foot", "calf-pain-swelling", "night-pain-or-weight-loss"):
        plan = build_plan(heel_pain_profile(conditions=["plantar-heel-pain", red_flag]), LIBRARY, START, weeks=1)

        assert plan.days == () and guideline_items(plan) == {}, red_flag
        assert [c.condition for c in plan.see_clinician] == [red_flag]


def test_it_keeps_the_standing_stretches_and_raise_out_after_an_injury_until_standing_is_allowed() -> None:
    profile = heel_pain_profile(conditions=["recent-foot-injury"], cleared_by_clinician=True)

    plan = build_plan(profile, LIBRARY, START, weeks=1)

    assert guideline_items(plan) == {}  # the seated sole stretch alone is not the program
    left = {item.id for item in plan.left_out}
    assert {"calf-stretch-straight", "high-load-heel-raise", PROGRAM} <= left


def test_it_asks_for_shoes_and_a_skin_check_on_the_heel_raise_with_diabetic_neuropathy() -> None:
    plan = build_plan(heel_pain_profile(conditions=["plantar-heel-pain", "diabetes-neuropathy"]), LIBRARY, START,
                      weeks=1)

    items = guideline_items(plan)
    assert set(items) == STRETCHES_AND_RAISE
    assert "Keep your shoes on, check your skin afterwards" in items["high-load-heel-raise"]
    assert "One hand on a wall or chair" in " ".join(items["high-load-heel-raise"])
    assert items["plantar-fascia-stretch"] == []  # seated, no ball, no pressure: nothing to change
    rolled = [i for d in plan.days for s in d.sessions for i in s.items if i.exercise == "ball-roll-heel"]
    assert rolled and any("light pressure" in m.text.lower() for m in rolled[0].modifications)


def test_it_asks_for_a_skin_check_on_the_heel_raise_with_numb_feet() -> None:
    plan = build_plan(heel_pain_profile(conditions=["foot-numbness"]), LIBRARY, START, weeks=1)

    items = guideline_items(plan)
    assert set(items) == STRETCHES_AND_RAISE
    assert "Check your skin afterwards" in items["high-load-heel-raise"]


def test_it_changes_nothing_in_the_stretches_and_raise_for_blood_thinners_but_softens_the_ball() -> None:
    plain = guideline_items(build_plan(heel_pain_profile(), LIBRARY, START, weeks=1))
    plan = build_plan(heel_pain_profile(conditions=["plantar-heel-pain", "anticoagulants"]), LIBRARY, START,
                      weeks=1)

    # The blood-thinner rules act on ball work and the spiky ball, which this program has none of.
    assert guideline_items(plan) == plain
    rolled = [i for d in plan.days for s in d.sessions for i in s.items if i.exercise == "ball-roll-heel"]
    assert rolled and any("light pressure" in m.text.lower() for m in rolled[0].modifications)


def test_it_offers_the_program_for_calf_strength_and_supple_ankles_too() -> None:
    for goal in ("strength", "mobility"):
        plan = build_plan(heel_pain_profile(goals=[goal], conditions=[], minutes_per_day=45), LIBRARY, START,
                          weeks=1)

        assert set(guideline_items(plan)) == STRETCHES_AND_RAISE, goal


def test_it_finds_the_program_by_heel_pain_and_plantar_fasciitis() -> None:
    for words in ("heel pain", "plantar fasciitis"):
        found = {e.id for e in filter_exercises(LIBRARY, ExerciseFilter(text=words))}

        assert STRETCHES_AND_RAISE <= found, words


def test_it_credits_the_guideline_and_the_trial_not_a_teacher() -> None:
    program = LIBRARY.programs[PROGRAM]
    method = LIBRARY.method_of(program)

    assert method.source == "koc-2023-heel-pain-cpg"
    assert "guideline" in method.teacher and "Rathleff" in method.credit
    for exercise in LIBRARY.exercises_of(program):
        assert exercise.method == method.id
        assert {c.source for c in exercise.claims} <= {"koc-2023-heel-pain-cpg", "rathleff-2015",
                                                        "afp-2025-heel-pain-cpg", "footcoach-practice"}
        assert exercise.dose.note and exercise.cautions


def test_it_says_the_pilates_series_is_five_exercises_in_seven_steps() -> None:
    program = LIBRARY.programs["pilates-foot-series"]

    assert len(program.items) == 7
    assert "five exercises in seven steps" in program.summary
    assert "forwards and in reverse" in program.summary
    assert "Five-exercise series" in LIBRARY.method_of(program).credit


def test_it_curls_the_fold_down_with_the_whole_head_below_the_hips_and_the_arms_hanging() -> None:
    fold = figure("forward-fold", floor_y=FLOOR, centre_x=160, room=(260, 200), largest=1.6)
    (lower_back, upper_back, _, head), _, near_arm = fold.near

    # The head hangs well down, its centre more than one and a half head-widths' radius below the
    # hips (a flat-back hinge leaves it about level with them).
    assert head.a[1] - lower_back.a[1] > 1.5 * head.ra
    lower = math.degrees(math.atan2(lower_back.b[1] - lower_back.a[1], lower_back.a[0] - lower_back.b[0]))
    upper = math.degrees(math.atan2(upper_back.b[1] - upper_back.a[1], upper_back.a[0] - upper_back.b[0]))
    assert upper - lower > 40  # the back rounds, the upper back pointing well further down
    shoulder, hand = near_arm[0].a, near_arm[-1].b
    assert abs(hand[0] - shoulder[0]) < 0.3 * (hand[1] - shoulder[1])  # the arms hang close to straight down


def test_it_draws_the_footwork_with_bent_knees_raised_heels_and_two_feet_in_a_v() -> None:
    work = figure("footwork", floor_y=FLOOR, centre_x=100, room=(170, 200))
    hip, knee, ankle = work.near[1][0].a, work.near[1][0].b, work.near[1][1].b
    heel, toe = work.near[1][2].a, work.near[1][2].b

    assert knee[0] < min(hip[0], ankle[0]) - 5  # the knee bends forward of the hip and the ankle
    assert heel[1] < toe[1] - 10  # up on the ball of the foot

    def place(transform: str, point: tuple[float, float]) -> tuple[float, float]:
        """A point of the top view moved as the SVG transform moves it."""
        x, y = point
        for name, args in reversed(re.findall(r"(\w+)\(([^)]*)\)", transform)):
            values = [float(v) for v in args.split()]
            if name == "translate":
                x, y = x + values[0], y + values[1]
            elif name == "scale":
                x, y = x * values[0], y * values[-1]
            elif name == "rotate":
                turn = math.radians(values[0])
                x, y = x * math.cos(turn) - y * math.sin(turn), x * math.sin(turn) + y * math.cos(turn)
        return x, y

    width, height = VIEW_BOX[PictureView.TOP]
    right, left = v_stance(width, height)
    inner_heel = (V_HEEL[0] - V_HEEL_HALF_WIDTH, V_HEEL[1])
    big_toe = (72.0, 40.0)
    assert math.dist(place(right, inner_heel), place(left, inner_heel)) < 8  # heels together
    toes_apart = math.dist(place(right, big_toe), place(left, big_toe))
    assert toes_apart > 40  # toes turned out
    for transform in (right, left):
        x, y = place(transform, big_toe)
        assert 0 < x < width and 0 < y < height  # both feet inside the close-up


def test_it_draws_the_new_exercises_in_the_positions_their_steps_describe() -> None:
    lunge = figure("wall-lunge", floor_y=FLOOR, centre_x=100, room=(170, 200))
    back_leg = lunge.near[1]
    assert lunge.wall is not None and lunge.wall[0] == lunge.fingertip[0]  # the hands rest on the wall
    assert back_leg[0].a[0] < back_leg[1].b[0]  # the worked leg reaches back from the hips
    assert abs(back_leg[2].a[1] - back_leg[2].b[1]) < 2  # its heel down, the foot flat

    bent = figure("wall-lunge-bent-knee", floor_y=FLOOR, centre_x=100, room=(170, 200))
    knee, ankle = bent.near[1][0].b, bent.near[1][1].b
    assert knee[0] < ankle[0] - 10 and abs(bent.near[1][2].a[1] - bent.near[1][2].b[1]) < 2  # bent, heel down

    raise_ = figure("heel-raise", floor_y=FLOOR, centre_x=100, room=(170, 200))
    standing_foot, lifted_foot = raise_.near[1][2], raise_.far[0][2]
    assert standing_foot.a[1] < standing_foot.b[1] - 10  # heel high on the standing foot
    assert max(lifted_foot.a[1], lifted_foot.b[1]) < FLOOR - 20  # on one leg
    assert raise_.wall is not None

    holding = figure("seated-holding-foot", floor_y=FLOOR, centre_x=100, room=(170, 200))
    foot = holding.near[1][2]
    assert holding.chair is not None and max(foot.a[1], foot.b[1]) < FLOOR - 20  # the foot lifted
    assert math.dist(holding.near_hand, foot.b) < 3 * foot.rb + 6  # a hand at the toes
