"""A program turned into the steps a person is guided through, one at a time.

The web player and the terminal player both run these steps, so a dose, a side
switch or a modification is worked out once, here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

from footcoach.core.library import Library
from footcoach.core.profile import Profile
from footcoach.core.progression import SessionRecord, dose_level, scaled
from footcoach.core.safety import ClinicianFirst, screen
from footcoach.core.schemas import Dose, Program, Sides, Tag

Foot = Literal["left", "right"]

# Seconds to get into position before a timed hold, and to change feet.
GET_READY_SECONDS = 5
SWITCH_SECONDS = 8


def other(foot: Foot) -> Foot:
    return "right" if foot == "left" else "left"


@dataclass(frozen=True)
class Step:
    """One screen of a session: an exercise on one foot (or both), or a self-test."""

    kind: Literal["exercise", "test"]
    ref: str  # the exercise or self-test id
    name: str
    side: Foot | None
    cues: tuple[str, ...]
    reps: int | None = None
    seconds: int | None = None
    sets: int = 1
    get_ready_seconds: int = 0
    # Seconds to change feet before this step, when it follows the other foot.
    switch_seconds: int = 0
    moment: Literal["before", "between", "after"] | None = None
    rate_pressure: bool = False
    modifications: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["cues"] = list(self.cues)
        data["modifications"] = list(self.modifications)
        return data


def _exercise_steps(
    library: Library,
    exercise_id: str,
    dose: Dose,
    program_side: Literal["first", "second"] | None,
    first_foot: Foot,
    modifications: Sequence[str],
) -> list[Step]:
    exercise = library.exercises[exercise_id]
    common: dict[str, Any] = {
        "kind": "exercise",
        "ref": exercise.id,
        "name": exercise.name,
        "cues": exercise.cues,
        "reps": dose.reps,
        "seconds": dose.seconds,
        "sets": dose.sets,
        # A hold needs a moment to get into position; counted reps start on cue.
        "get_ready_seconds": GET_READY_SECONDS if dose.reps is None else 0,
        "rate_pressure": Tag.BALL_WORK in exercise.tags,
        "modifications": tuple(modifications),
    }
    if dose.sides is Sides.EACH:
        return [
            Step(side=first_foot, **common),
            Step(side=other(first_foot), switch_seconds=SWITCH_SECONDS, **common),
        ]
    if dose.sides is Sides.ONE:
        foot = first_foot if program_side != "second" else other(first_foot)
        return [Step(side=foot, **common)]
    return [Step(side=None, **common)]


def session_steps(
    program: Program,
    library: Library,
    *,
    first_foot: Foot = "left",
    modifications: Mapping[str, Sequence[str]] | None = None,
    excluded: frozenset[str] = frozenset(),
    level: int = 0,
) -> list[Step]:
    """The program's steps in order, with sides resolved, the dose at the
    person's level and their modifications attached; excluded exercises are
    left out."""
    changes = modifications or {}
    steps: list[Step] = []
    for item in program.items:
        if item.test is not None:
            test = library.tests[item.test]
            steps.append(Step(kind="test", ref=test.id, name=test.name, side=None,
                              cues=(test.summary,), moment=item.moment))
            continue
        assert item.exercise is not None
        if item.exercise in excluded:
            continue
        dose = scaled(item.dose or library.exercises[item.exercise].dose, level)
        steps.extend(
            _exercise_steps(library, item.exercise, dose, item.side, first_foot, changes.get(item.exercise, ()))
        )
    # Changing feet gets its own pause and cue, even when a check comes between.
    last_foot: Foot | None = None
    for index, step in enumerate(steps):
        if step.side is None:
            continue
        if last_foot is not None and step.side != last_foot and not step.switch_seconds:
            steps[index] = replace(step, switch_seconds=SWITCH_SECONDS)
        last_foot = step.side
    return steps



@dataclass(frozen=True)
class PersonalSession:
    """A program's steps for one person, or why they should not do it yet."""

    steps: tuple[Step, ...]
    see_clinician: tuple[ClinicianFirst, ...] = ()
    blocked: bool = False
    # When screening leaves too little of the program to offer it, as the
    # plan does: each exercise it leaves out, with the reasons.
    left_out: tuple[tuple[str, str], ...] = ()

    @property
    def not_offered(self) -> bool:
        return bool(self.left_out) and not self.steps


def personal_session(
    program: Program,
    library: Library,
    profile: Profile | None,
    *,
    today: date,
    history: Sequence[SessionRecord] = (),
) -> PersonalSession:
    """The steps as the person's plan has them: their first foot, the dose at
    their level, and what screening leaves out or changes; no steps at all
    while a red flag is not cleared, or when screening leaves too little of
    the program for it to be offered (the plan leaves it out too)."""
    level = dose_level(history, program.id, today).level
    if profile is None:
        return PersonalSession(tuple(session_steps(program, library, level=level)))
    screening = screen(profile, library, this_year=today.year)
    if screening.blocked:
        return PersonalSession((), screening.see_clinician, blocked=True)
    if screening.too_little_left(program):
        left_out = dict.fromkeys(item.exercise for item in program.items if item.exercise is not None)
        return PersonalSession((), screening.see_clinician, left_out=tuple(
            (exercise, " ".join(screening.verdicts[exercise].reasons))
            for exercise in left_out if not screening.allowed(exercise)
        ))
    excluded = frozenset(e for e, verdict in screening.verdicts.items() if verdict.excluded)
    modifications = {e: [m.text for m in verdict.modifications] for e, verdict in screening.verdicts.items()}
    steps = session_steps(program, library, first_foot=profile.start_side, modifications=modifications,
                          excluded=excluded, level=level)
    return PersonalSession(tuple(steps), screening.see_clinician)
