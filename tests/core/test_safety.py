"""Each safety rule, on a person it applies to."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from footcoach.core.loader import load_library
from footcoach.core.planner import Plan, build_plan
from footcoach.core.profile import Profile, ProfileError, parse_profile
from footcoach.core.safety import screen
from footcoach.core.schemas import Equipment, EvidenceLabel, Tag

LIBRARY = load_library()
START = date(2026, 11, 30)
EVERYTHING = [e.value for e in Equipment]


def person(**changes: Any) -> Profile:
    data: dict[str, Any] = {
        "birth_year": 1980, "goals": ["general"], "conditions": [], "equipment": EVERYTHING,
        "minutes_per_day": 90, "days_per_week": 7, "setting": "home", "start_side": "left",
        "cleared_by_clinician": False,
    }
    return parse_profile({**data, **changes}, LIBRARY, this_year=2026)


def planned_items(plan: Plan) -> dict[str, list[str]]:
    """Exercise id -> its modification texts, over the whole plan."""
    return {i.exercise: [m.text for m in i.modifications]
            for d in plan.days for s in d.sessions for i in s.items}


def tagged(tag: Tag) -> set[str]:
    return {e.id for e in LIBRARY.exercises.values() if tag in e.tags}


def test_it_offers_everything_unchanged_to_a_healthy_adult_with_all_equipment() -> None:
    items = planned_items(build_plan(person(), LIBRARY, START, 1))
    assert set(items) == set(LIBRARY.exercises)
    assert all(mods == [] for mods in items.values())


@pytest.mark.parametrize("condition", ["diabetes-neuropathy", "foot-numbness"])
def test_it_keeps_ball_work_seated_soft_and_light_for_numb_feet(condition: str) -> None:
    plan = build_plan(person(conditions=[condition]), LIBRARY, START, 1)
    items = planned_items(plan)
    assert not tagged(Tag.STANDING_BALL_WORK) & set(items)
    for exercise_id in tagged(Tag.BALL_WORK) & set(items):
        text = " ".join(items[exercise_id]).lower()
        assert "seated" in text and "soft ball" in text and "light pressure" in text and "skin" in text
    verdicts = screen(person(conditions=[condition]), LIBRARY, this_year=2026).verdicts
    assert all(Equipment.SPIKY_BALL not in v.equipment for v in verdicts.values())
    assert {e.id for e in plan.left_out if e.kind == "exercise"} >= tagged(Tag.STANDING_BALL_WORK)
    assert any(condition == c for c, _ in plan.advice)
    assert any(word in dict(plan.advice)[condition].lower() for word in ("clinician", "doctor"))


def test_it_leaves_ball_work_out_for_numb_feet_without_a_soft_ball() -> None:
    no_soft = [e for e in EVERYTHING if e != "soft-ball"]
    items = planned_items(build_plan(person(conditions=["foot-numbness"], equipment=no_soft), LIBRARY, START, 1))
    assert not tagged(Tag.BALL_WORK) & set(items)


@pytest.mark.parametrize("condition", ["anticoagulants", "osteoporosis", "peripheral-arterial-disease"])
def test_it_allows_only_light_pressure_and_no_spiky_ball(condition: str) -> None:
    profile = person(conditions=[condition])
    verdicts = screen(profile, LIBRARY, this_year=2026).verdicts
    items = planned_items(build_plan(profile, LIBRARY, START, 1))
    assert all(Equipment.SPIKY_BALL not in v.equipment for v in verdicts.values())
    for exercise_id in tagged(Tag.BALL_WORK) & set(items):
        assert "light pressure" in " ".join(items[exercise_id]).lower()
    spiky = verdicts["spiky-ball-heel"]
    assert not spiky.excluded
    assert spiky.modifications[0].text == "Soft ball instead of the spiky ball"
    assert spiky.modifications[0].reason


def test_it_keeps_pressure_gentle_and_balance_supported_in_pregnancy() -> None:
    items = planned_items(build_plan(person(conditions=["pregnancy"]), LIBRARY, START, 1))
    for exercise_id in tagged(Tag.BALL_WORK) & set(items):
        assert "gentle pressure" in " ".join(items[exercise_id]).lower()
    for exercise_id in (tagged(Tag.BALANCE) | tagged(Tag.SINGLE_LEG)) & set(items):
        assert any("wall or chair" in text for text in items[exercise_id])
    claims = LIBRARY.conditions["pregnancy"].claims
    labour = [c for c in claims if "labour" in c.text.lower()]
    assert labour and all(c.label is EvidenceLabel.BELIEF for c in labour)


@pytest.mark.parametrize("changes", [{"conditions": ["poor-balance"]}, {"birth_year": 1956}])
def test_it_puts_standing_work_next_to_a_support_for_poor_balance_or_from_65(changes: dict[str, Any]) -> None:
    profile = person(**changes)
    plan = build_plan(profile, LIBRARY, START, 1)
    items = planned_items(plan)
    for exercise_id, mods in items.items():
        exercise = LIBRARY.exercises[exercise_id]
        if exercise.position.value == "standing":
            assert "Next to a wall or chair" in mods or "One hand on a wall or chair" in mods, exercise_id
        if Tag.SINGLE_LEG in exercise.tags:
            assert "One hand on a wall or chair" in mods
    reasons = [m.reason for d in plan.days for s in d.sessions for i in s.items for m in i.modifications]
    if "birth_year" in changes:
        assert all(r.startswith("From age 65") for r in reasons)


def test_a_64_year_old_without_balance_trouble_gets_no_support_rule() -> None:
    items = planned_items(build_plan(person(birth_year=1962), LIBRARY, START, 1))
    assert all(mods == [] for mods in items.values())


@pytest.mark.parametrize("flag", sorted(c.id for c in LIBRARY.conditions.values() if c.red_flag))
def test_a_red_flag_stops_the_plan_until_cleared_then_still_changes_it(flag: str) -> None:
    blocked = build_plan(person(conditions=[flag]), LIBRARY, START, 2)
    assert [(c.condition, c.reason) for c in blocked.see_clinician] == [
        (flag, LIBRARY.conditions[flag].advice)
    ]
    assert blocked.days == ()
    cleared = build_plan(person(conditions=[flag], cleared_by_clinician=True), LIBRARY, START, 2)
    assert cleared.days
    # Still named, now with what holds after the clinician's check.
    assert [(c.condition, c.reason) for c in cleared.see_clinician] == [
        (flag, LIBRARY.conditions[flag].after_clearance)
    ]
    healthy = build_plan(person(), LIBRARY, START, 2)
    assert planned_items(cleared) != planned_items(healthy), "the plan stays modified after clearance"


def test_it_never_offers_equipment_the_person_lacks_but_swaps_what_they_have() -> None:
    profile = person(equipment=["hard-ball"])
    verdicts = screen(profile, LIBRARY, this_year=2026).verdicts
    assert verdicts["towel-self-massage"].excluded
    assert "towel" in verdicts["towel-self-massage"].reasons[0]
    heel = verdicts["spiky-ball-heel"]
    assert heel.equipment == (Equipment.HARD_BALL,)
    assert heel.modifications[0].text == "Hard ball instead of the spiky ball"
    assert heel.modifications[0].reason == "You have no spiky ball."


def test_it_has_the_session_stop_rules() -> None:
    rules = LIBRARY.stop_rules
    assert set(rules) == {"sharp-pain", "pain-over-5", "pain-over-7", "new-numbness"}
    assert rules["pain-over-7"].pain_above == 7 and rules["pain-over-7"].ends_session
    # The pain-monitoring model: above 5 is too much, so ease off without stopping.
    assert rules["pain-over-5"].pain_above == 5 and not rules["pain-over-5"].ends_session
    assert all("stop" in rule.what_to_do.lower() for rule in rules.values() if rule.ends_session)
    assert all(rule.claims for rule in rules.values() if rule.pain_above is not None)


def test_it_names_the_field_and_what_is_allowed_for_bad_profiles() -> None:
    with pytest.raises(ProfileError) as caught:
        person(conditions=["broken-leg"], minutes_per_day=2, setting="gym")
    fields = {p.field: p.message for p in caught.value.problems}
    assert "plantar-heel-pain" in fields["conditions[0]"]
    assert "3 to 90" in fields["minutes_per_day"]
    assert "before-workout" in fields["setting"]
    data = person().model_dump(mode="json")
    del data["days_per_week"]
    with pytest.raises(ProfileError, match="days_per_week: this field is required"):
        parse_profile(data, LIBRARY, this_year=2026)


def test_two_rules_asking_for_the_same_change_show_it_once() -> None:
    # Pregnancy keeps both ball work and self-massage gentle; a ball exercise is both.
    verdicts = screen(person(conditions=["pregnancy"]), LIBRARY, this_year=2026).verdicts
    for exercise_id in tagged(Tag.BALL_WORK):
        texts = [m.text for m in verdicts[exercise_id].modifications]
        assert " ".join(texts).lower().count("gentle pressure") == 1, (exercise_id, texts)


def test_once_cleared_a_red_flag_says_what_still_holds_instead_of_getting_help_first() -> None:
    calf = LIBRARY.conditions["calf-pain-swelling"]
    waiting = screen(person(conditions=["calf-pain-swelling"]), LIBRARY, this_year=2026)
    cleared = screen(person(conditions=["calf-pain-swelling"], cleared_by_clinician=True), LIBRARY, this_year=2026)
    assert [c.reason for c in waiting.see_clinician] == [calf.advice] and waiting.blocked
    assert [c.reason for c in cleared.see_clinician] == [calf.after_clearance] and not cleared.blocked
