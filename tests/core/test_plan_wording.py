"""The words the web page and the command line share for a plan's left-out list and advice."""

from __future__ import annotations

from datetime import date

from footcoach.core.loader import load_library
from footcoach.core.planner import LeftOut, LeftOutGroup, advice_name, build_plan, left_out_by_reason
from footcoach.core.profile import parse_profile

LIBRARY = load_library()
ANSWERS = {
    "birth_year": 1952, "goals": ["balance", "heel-pain"], "conditions": ["anticoagulants"],
    "equipment": ["towel"], "minutes_per_day": 20, "days_per_week": 5, "setting": "home",
    "start_side": "left", "cleared_by_clinician": False,
}
# Blood thinners narrow the balls to a soft one: the rule's why comes before what is missing.
NO_SOFT_BALL = "Use a soft ball with light pressure to avoid bruising. It needs a soft ball, which you have not listed."


def test_it_names_each_reason_once_after_everything_it_left_out() -> None:
    profile = parse_profile(ANSWERS, LIBRARY, this_year=2026)
    groups = left_out_by_reason(build_plan(profile, LIBRARY, date(2026, 11, 30), 1).left_out, LIBRARY)
    assert LeftOutGroup(
        NO_SOFT_BALL, ("Roll the heel", "Roll the arch", "Roll the ball of the foot", "Roll under the toes")) in groups
    assert len({group.reason for group in groups}) == len(groups)


def test_it_names_programs_and_exercises_in_the_order_they_were_left_out() -> None:
    left_out = (LeftOut("program", "ball-rolling", "Too long."), LeftOut("exercise", "toe-fan", "Standing."),
                LeftOut("exercise", "ball-roll-heel", "Too long."))
    assert left_out_by_reason(left_out, LIBRARY) == (
        LeftOutGroup("Too long.", ("Ball rolling for the soles", "Roll the heel")),
        LeftOutGroup("Standing.", ("Toe fan",)),
    )


def test_it_heads_balance_advice_by_age_unless_the_person_said_they_are_unsteady() -> None:
    older = parse_profile(ANSWERS, LIBRARY, this_year=2026)
    unsteady = parse_profile({**ANSWERS, "conditions": ["poor-balance"]}, LIBRARY, this_year=2026)
    assert advice_name("poor-balance", older, LIBRARY) == "From age 65"
    assert advice_name("poor-balance", unsteady, LIBRARY) == "Unsteady balance"
    assert advice_name("anticoagulants", older, LIBRARY) == "Taking blood thinners"
