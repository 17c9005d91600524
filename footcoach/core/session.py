"""A program turned into the steps a person is guided through, one at a time.

The web player and the terminal player both run these steps, so a dose, a side
switch or a modification is worked out once, here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Literal, get_args

from footcoach.core.dose import SECONDS_PER_REP, SECONDS_PER_TEST_SIDE
from footcoach.core.library import Library
from footcoach.core.profile import Profile
from footcoach.core.progression import SessionRecord, dose_level, scaled
from footcoach.core.safety import ClinicianFirst, screen
from footcoach.core.schemas import EQUIPMENT_NAMES, Action, Dose, Equipment, Picture, Program, Prop, Sides, Tag

Foot = Literal["left", "right"]

# Seconds to get into place when the exercise gives none, and at least this
# long whenever the phone was just in hand (the start, or a check typed in),
# so there is time to put it down and reach the wall.
GET_READY_SECONDS = 8
PHONE_DOWN_SECONDS = 10
# Seconds to change feet; changing feet is that side's get-ready.
SWITCH_SECONDS = 8
# The rest after each exercise (to rate it and hear what comes next), and the
# breather between the sets of one exercise.
REST_SECONDS = 10
SET_REST_SECONDS = 5
# A repetition with a hold needs a moment to let go before the next one.
REP_RELEASE_SECONDS = 2


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
    # What the body does during the work: hold, move, roll or count.
    action: Action = "hold"
    # Seconds one counted repetition takes, any hold in it included.
    rep_seconds: float | None = None
    rest_seconds: int = 0
    set_rest_seconds: int = 0
    # The equipment used, after any stand-in, and each stand-in as
    # (listed, used): the name, cues and picture already follow them.
    equipment: tuple[str, ...] = ()
    stand_ins: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        # Read field by field: dataclasses.asdict deep-copies every value, which
        # cost the player page a tenth of a millisecond for values that are all
        # immutable. The fields keep their declared order, as asdict gave them.
        data = {name: getattr(self, name) for name in _STEP_FIELDS}
        data["cues"] = list(self.cues)
        data["modifications"] = list(self.modifications)
        data["equipment"] = list(self.equipment)
        data["stand_ins"] = [list(pair) for pair in self.stand_ins]
        return data

    @property
    def work_seconds(self) -> float:
        """Seconds of work in one set."""
        if self.reps is not None:
            return self.reps * (self.rep_seconds or SECONDS_PER_REP)
        return self.seconds or 0


_STEP_FIELDS = tuple(item.name for item in fields(Step))


def as_done(text: str, stand_ins: Sequence[tuple[str, str]]) -> str:
    """The text with each stand-in's name in place of the listed item's, so a
    soft ball used for the spiky one is called a soft ball."""
    for listed, used in stand_ins:
        name = EQUIPMENT_NAMES[Equipment(used)]

        def in_case(found: re.Match[str], name: str = name) -> str:
            return name if found.group(0)[0].isupper() else name.lower()

        pattern = rf"\b{re.escape(EQUIPMENT_NAMES[Equipment(listed)])}\b"
        text = re.sub(pattern, in_case, text, flags=re.IGNORECASE)
    return text


def picture_as_done(picture: Picture, stand_ins: Sequence[tuple[str, str]]) -> Picture:
    """The picture with each stand-in drawn in place of the listed item."""
    if not stand_ins:
        return picture
    swap = {listed: used for listed, used in stand_ins if used in get_args(Prop)}
    props = tuple(swap.get(prop, prop) for prop in picture.props)
    return picture.model_copy(update={"props": props, "alt": as_done(picture.alt, stand_ins)})


def _exercise_steps(
    library: Library,
    exercise_id: str,
    dose: Dose,
    program_side: Literal["first", "second"] | None,
    first_foot: Foot,
    modifications: Sequence[str],
    used: Sequence[Equipment] | None = None,
) -> list[Step]:
    exercise = library.exercises[exercise_id]
    equipment = tuple(used) if used is not None else exercise.equipment
    stand_ins = tuple(
        (listed.value, item.value) for listed, item in zip(exercise.equipment, equipment, strict=False)
        if listed is not item
    )
    movement = exercise.rep_seconds or (REP_RELEASE_SECONDS if dose.seconds else SECONDS_PER_REP)
    common: dict[str, Any] = {
        "kind": "exercise",
        "ref": exercise.id,
        "name": as_done(exercise.name, stand_ins),
        "cues": tuple(as_done(cue, stand_ins) for cue in exercise.cues),
        "reps": dose.reps,
        "seconds": dose.seconds,
        "sets": dose.sets,
        # Counted or timed, every step starts with time to get into place.
        "get_ready_seconds": exercise.get_ready or GET_READY_SECONDS,
        "rate_pressure": Tag.BALL_WORK in exercise.tags,
        "modifications": tuple(modifications),
        "action": exercise.action or ("count" if dose.reps else "hold"),
        "rep_seconds": movement + (dose.seconds or 0) if dose.reps else None,
        "rest_seconds": REST_SECONDS,
        "set_rest_seconds": SET_REST_SECONDS if dose.sets > 1 else 0,
        "equipment": tuple(item.value for item in equipment),
        "stand_ins": stand_ins,
    }
    if dose.sides is Sides.EACH:
        return [Step(side=first_foot, **common), Step(side=other(first_foot), **common)]
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
    equipment: Mapping[str, Sequence[Equipment]] | None = None,
) -> list[Step]:
    """The program's steps in order, with sides resolved, the dose at the
    person's level, their modifications attached and the equipment they use
    (`equipment`, by exercise) named and drawn; excluded exercises are left
    out."""
    changes = modifications or {}
    used = equipment or {}
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
            _exercise_steps(library, item.exercise, dose, item.side, first_foot, changes.get(item.exercise, ()),
                            used.get(item.exercise))
        )
    return _with_time_to_get_there(steps)


def _with_time_to_get_there(steps: list[Step]) -> list[Step]:
    # Changing feet gets its own pause and cue, even when a check comes
    # between; it is that side's get-ready, so the two are not run in a row.
    last_foot: Foot | None = None
    phone_in_hand = True
    for index, step in enumerate(steps):
        if step.kind == "test":
            phone_in_hand = True
            continue
        ready = max(step.get_ready_seconds, PHONE_DOWN_SECONDS) if phone_in_hand else step.get_ready_seconds
        if last_foot is not None and step.side is not None and step.side != last_foot:
            step = replace(step, switch_seconds=max(SWITCH_SECONDS, ready), get_ready_seconds=0)
        else:
            step = replace(step, get_ready_seconds=ready)
        steps[index] = step
        phone_in_hand = False
        last_foot = step.side or last_foot
    return steps


def session_seconds(steps: Sequence[Step]) -> int:
    """How long the player takes for these steps, with every get-ready,
    switch, breather and rest; a check counts as the time to do it once."""
    total = 0.0
    for step in steps:
        if step.kind == "test":
            total += SECONDS_PER_TEST_SIDE
            continue
        total += step.switch_seconds + step.get_ready_seconds + step.rest_seconds
        total += step.sets * step.work_seconds + (step.sets - 1) * step.set_rest_seconds
    return math.ceil(total)


def session_minutes(steps: Sequence[Step]) -> int:
    return max(1, math.ceil(session_seconds(steps) / 60))


def things_needed(steps: Sequence[Step], library: Library) -> list[str]:
    """What to have at hand before starting, once each, in the order the
    steps first need it: the equipment used (after any stand-in) and what
    the content says to keep close, such as a wall or chair."""
    found: dict[str, str] = {}
    for step in steps:
        if step.kind == "test":
            test = library.tests[step.ref]
            names = [EQUIPMENT_NAMES[item] for item in test.equipment] + list(test.needs)
        else:
            names = [EQUIPMENT_NAMES[Equipment(item)] for item in step.equipment]
            names += list(library.exercises[step.ref].needs)
        for name in names:
            found.setdefault(name.casefold(), name)
    return list(found.values())



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
    used = {e: verdict.equipment for e, verdict in screening.verdicts.items() if not verdict.excluded}
    steps = session_steps(program, library, first_foot=profile.start_side, modifications=modifications,
                          excluded=excluded, level=level, equipment=used)
    return PersonalSession(tuple(steps), screening.see_clinician)
