"""What the shipped library promises its users, checked on the real content."""

from __future__ import annotations

from footcoach.core.dose import program_minutes
from footcoach.core.loader import load_library
from footcoach.core.schemas import DoseOrigin, EvidenceLabel, Sides

LIBRARY = load_library()

CONDITION_IDS = {
    "plantar-heel-pain", "low-back-pain", "tight-hamstrings", "poor-balance", "arthritis-foot-ankle",
    "bunion", "hammertoes", "flat-feet", "pregnancy", "diabetes-neuropathy", "foot-numbness",
    "foot-wound-or-ulcer", "recent-foot-injury", "calf-pain-swelling", "hot-swollen-foot",
    "night-pain-or-weight-loss", "anticoagulants", "osteoporosis", "peripheral-arterial-disease",
}
RED_FLAGS = {
    "foot-wound-or-ulcer", "recent-foot-injury", "calf-pain-swelling", "hot-swollen-foot",
    "night-pain-or-weight-loss",
}


def program_exercise_ids(program_id: str) -> list[str]:
    return [item.exercise for item in LIBRARY.programs[program_id].items if item.exercise]


def test_it_has_the_condition_ids_users_profiles_depend_on() -> None:
    assert set(LIBRARY.conditions) == CONDITION_IDS


def test_it_marks_exactly_the_red_flags() -> None:
    assert {c.id for c in LIBRARY.conditions.values() if c.red_flag} == RED_FLAGS


def test_it_has_the_six_self_tests() -> None:
    assert set(LIBRARY.tests) == {
        "forward-fold-reach", "single-leg-stance", "heel-raise-count", "knee-to-wall", "toe-control",
        "first-step-pain",
    }


def test_it_credits_every_teacher() -> None:
    credits = " ".join(m.credit + m.teacher for m in LIBRARY.methods.values())
    for name in ("Pilates Tonic", "Marie-José Blom", "Fiona Michaels", "Pilates in Common", "Stacey Lei Krauss"):
        assert name in credits


def test_it_keeps_sole_training_in_the_teachers_order_and_dose() -> None:
    assert program_exercise_ids("sole-training") == [
        "toe-fan", "great-toe-down", "rock-out", "heel-raise", "toe-grip",
    ]
    doses = {e: LIBRARY.exercises[e].dose for e in program_exercise_ids("sole-training")}
    assert (doses["toe-fan"].reps, doses["toe-fan"].sets) == (4, 2)
    assert (doses["great-toe-down"].reps, doses["great-toe-down"].sets) == (8, 3)
    assert (doses["heel-raise"].reps, doses["heel-raise"].sides) == (8, Sides.EACH)
    assert doses["toe-grip"].reps == 4
    program = LIBRARY.programs["sole-training"]
    assert program.frequency.daily and program.frequency.before_activity
    assert program_minutes(program, LIBRARY) <= 8


def test_it_keeps_the_pilates_series_in_order_and_daily() -> None:
    assert program_exercise_ids("pilates-foot-series") == [
        "towel-self-massage", "supination-pronation", "toe-extension", "frankenstein-walk",
        "foot-spine", "standing-footwork", "standing-footwork-reverse",
    ]
    assert LIBRARY.programs["pilates-foot-series"].frequency.daily


def test_it_runs_the_release_test_before_between_and_after_the_feet() -> None:
    program = LIBRARY.programs["spiky-ball-release"]
    tests = [(i, item.moment) for i, item in enumerate(program.items) if item.test == "forward-fold-reach"]
    assert [moment for _, moment in tests] == ["before", "between", "after"]
    between = tests[1][0]
    first = {item.side for item in program.items[:between] if item.exercise}
    second = {item.side for item in program.items[between:] if item.exercise}
    assert first == {"first"} and second <= {"second", None}
    assert program.frequency.min_per_week >= 3
    assert program.start_side is not None and program.start_side.default == "easier"


def test_it_marks_doses_the_teacher_did_not_give_as_ours() -> None:
    # The spiky-ball and Pilates teachers give no times or counts.
    for method in ("spiky-ball-release", "pilates-foot-series", "ball-rolling"):
        for exercise in LIBRARY.exercises.values():
            if exercise.method == method:
                assert exercise.dose.origin is DoseOrigin.OUR_DEFAULT, exercise.id


def test_it_labels_reflexology_as_belief_wherever_it_appears() -> None:
    claims = [c for e in LIBRARY.exercises.values() for c in e.claims]
    claims += [c for p in LIBRARY.programs.values() for c in p.claims]
    claims += [z.belief for m in LIBRARY.maps.values() for z in m.zones if z.belief]
    reflexology = [c for c in claims if "reflexolog" in c.text.lower() and "review" not in c.text.lower()]
    assert reflexology
    assert all(c.label is EvidenceLabel.BELIEF for c in reflexology)


def test_it_shows_the_reflexology_map_on_the_ball_rolling_program() -> None:
    foot_map = LIBRARY.maps[LIBRARY.programs["ball-rolling"].foot_map or ""]
    assert len(foot_map.zones) >= 4
    assert all(z.belief and z.belief.label is EvidenceLabel.BELIEF for z in foot_map.zones)


def test_it_gives_every_exercise_a_picture_with_alt_text_and_a_labelled_claim() -> None:
    for exercise in LIBRARY.exercises.values():
        assert len(exercise.picture.alt) > 20, exercise.id
        assert exercise.claims, exercise.id


def test_it_cites_only_checked_sources_for_norms() -> None:
    for test in LIBRARY.tests.values():
        for norm in test.norms:
            assert LIBRARY.sources[norm.source].checked in {"primary", "secondary"}, test.id


def test_it_keeps_cues_of_one_sided_exercises_free_of_left_and_right() -> None:
    # The player announces the side; a cue that names a foot would be wrong on the other one.
    for exercise in LIBRARY.exercises.values():
        if exercise.dose.sides in {Sides.EACH, Sides.ONE}:
            for cue in exercise.cues:
                assert not {"left", "right"} & set(cue.lower().replace(",", " ").split()), (exercise.id, cue)
