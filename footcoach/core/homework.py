"""Homework a teacher gives, turned into the client's sessions under the client's own screening.

A teacher's choice never overrides the client's safety: an exercise the
client's screening leaves out stays out, and one it changes is changed, the
same way the planner treats a program. The teacher is told how many were left
out or changed, not why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from footcoach.core.library import Library
from footcoach.core.planner import PlanSession, _session, training_weekdays
from footcoach.core.profile import Profile
from footcoach.core.progression import SessionRecord, dose_level
from footcoach.core.safety import Screening, Verdict, screen
from footcoach.core.schemas import Frequency, Program, ProgramItem

MAX_ITEMS = 30
NOTE_MAX_LENGTH = 2000
# A set of exercises is run and logged as a program of its own, named by the
# assignment, so that the same homework keeps one id when it is changed.
SET_PREFIX = "homework-"
_SET_ID = re.compile(rf"^{SET_PREFIX}([1-9][0-9]{{0,17}})$")


class HomeworkError(ValueError):
    """Homework that cannot be given as sent, with the field that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def set_program_id(assignment_id: int) -> str:
    return f"{SET_PREFIX}{assignment_id}"


def assignment_of(program_id: str) -> int | None:
    """The assignment a set's program id names, or None for any other id."""
    found = _SET_ID.match(program_id)
    return int(found.group(1)) if found else None


def parse_items(raw: object, library: Library) -> tuple[ProgramItem, ...]:
    """A set of exercises as sent, checked against the content.

    Each item is {"exercise": id} with an optional "dose" in the content's
    shape ({"sets", "reps", "seconds", "sides"}); without one, the exercise's
    own dose is given. Raises HomeworkError naming the item and field.
    """
    if not isinstance(raw, list):
        raise HomeworkError("items", "give a list of exercises")
    if not raw:
        raise HomeworkError("items", "choose at least one exercise")
    if len(raw) > MAX_ITEMS:
        raise HomeworkError("items", f"give at most {MAX_ITEMS} exercises")
    items = []
    for index, entry in enumerate(raw):
        where = f"items[{index}]"
        if not isinstance(entry, dict):
            raise HomeworkError(where, "each item is an object with an exercise id")
        exercise = entry.get("exercise")
        if not isinstance(exercise, str) or exercise not in library.exercises:
            raise HomeworkError(f"{where}.exercise", f"no exercise has the id {exercise!r}")
        stray = sorted(set(entry) - {"exercise", "dose"})
        if stray:
            raise HomeworkError(f"{where}.{stray[0]}", "is not a field of a homework item")
        dose: Any = entry.get("dose")
        if dose is not None:
            if not isinstance(dose, dict):
                raise HomeworkError(f"{where}.dose", "give sets, reps or seconds, and sides")
            # The dose's model reads true as 1; a true sent for a count is a bug
            # in the sender, and guessing would give the client a wrong dose.
            flag = next((name for name in ("sets", "reps", "seconds") if isinstance(dose.get(name), bool)), None)
            if flag is not None:
                raise HomeworkError(f"{where}.dose.{flag}", "give a whole number, not true or false")
            # The teacher sets this dose, whatever the method's own says.
            dose = {**dose, "origin": "teacher"}
        try:
            items.append(ProgramItem.model_validate({"exercise": exercise, "dose": dose}))
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"] if part != "origin")
            raise HomeworkError(f"{where}.{field}" if field else where, first["msg"]) from None
    return tuple(items)


def items_as_json(items: Sequence[ProgramItem]) -> list[dict[str, Any]]:
    """The stored shape of a set: what parse_items reads back."""
    return [
        {"exercise": item.exercise, "dose": item.dose.model_dump(mode="json", exclude={"origin", "note"})
         if item.dose is not None else None}
        for item in items
    ]


@dataclass(frozen=True)
class Homework:
    """One assignment as the client's plan needs it."""

    id: int
    teacher: str  # how the client knows the teacher
    program: str  # a program id, or "" for a set of exercises
    items: tuple[ProgramItem, ...]
    times_per_week: int
    starts_on: date
    ends_on: date | None
    note: str

    @property
    def program_id(self) -> str:
        """The id the session runs and is logged under."""
        return self.program or set_program_id(self.id)


def homework_program(homework: Homework, library: Library) -> Program:
    """The program the homework runs: the library's, or the set made into one."""
    if homework.program:
        return library.programs[homework.program]
    # Built without validation: a set has no claims of its own, and nothing
    # of it is published, so it is never shown as a library program.
    frequency = Frequency.model_construct(
        min_per_week=homework.times_per_week, daily=homework.times_per_week == 7, before_activity=False,
        text=f"{homework.times_per_week} times a week",
    )
    return Program.model_construct(
        id=homework.program_id, name=f"Homework from {homework.teacher}", method="homework",
        summary=f"The exercises {homework.teacher} gave you.", description="", frequency=frequency,
        in_order=True, start_side=None, items=homework.items, claims=(), foot_map=None,
    )


@dataclass(frozen=True)
class ScreenedHomework:
    """The homework as this client does it, and what their screening made of it."""

    # None while a red flag waits for a clinician, or when too little is left.
    session: PlanSession | None
    left_out: tuple[str, ...]  # exercise ids
    changed: tuple[str, ...]  # exercise ids
    blocked: bool = False
    # Each exercise left out or changed, with why: the client's own to read,
    # and their teacher's only when the client shares their conditions.
    why: tuple[tuple[str, str], ...] = ()

    @property
    def for_teacher(self) -> str:
        return safety_summary(len(self.left_out), len(self.changed), offered=self.session is not None)


def screened(
    homework: Homework, profile: Profile | None, library: Library, *, today: date,
    history: Sequence[SessionRecord] = (),
) -> ScreenedHomework:
    """The homework under the client's screening, as the planner makes a program's session."""
    program = homework_program(homework, library)
    if profile is None:
        # Without answers to the health questions nothing is known to leave out.
        screening = Screening((), False, {e: Verdict(e) for e in library.exercises})
    else:
        screening = screen(profile, library, this_year=today.year)
    exercises = list(dict.fromkeys(item.exercise for item in program.items if item.exercise is not None))
    left_out = tuple(e for e in exercises if screening.verdicts[e].excluded)
    changed = tuple(e for e in exercises if e not in left_out and screening.verdicts[e].modifications)
    why = tuple((e, " ".join(screening.verdicts[e].reasons)) for e in left_out) + tuple(
        (e, " ".join(str(m) for m in screening.verdicts[e].modifications)) for e in changed
    )
    if screening.blocked:
        return ScreenedHomework(None, left_out, changed, blocked=True, why=why)
    level = dose_level(history, program.id, today).level
    return ScreenedHomework(_session(program, library, screening, level), left_out, changed, why=why)


def safety_summary(left_out: int, changed: int, *, offered: bool = True) -> str:
    """What the teacher is told: how much was left out or changed, never why."""
    if not offered:
        return "Too little of this homework is safe for this client now: it is not in their plan."
    parts = []
    if left_out:
        parts.append(f"{left_out} exercise{'s' if left_out != 1 else ''} left out")
    if changed:
        noun = "" if left_out else (" exercise" if changed == 1 else " exercises")
        parts.append(f"{changed}{noun} changed")
    return f"{' and '.join(parts)} for this client's safety." if parts else ""


def homework_days(homework: Homework, start: date, days: int) -> tuple[date, ...]:
    """The days from `start`, for `days` days, that the homework falls on.

    Its weeks count from its first day, its sessions spread through each week
    as the planner spreads a person's training days.
    """
    offsets = training_weekdays(homework.times_per_week)
    found = []
    for index in range(days):
        try:
            day = start + timedelta(days=index)
        except OverflowError:
            break
        if day < homework.starts_on or (homework.ends_on is not None and day > homework.ends_on):
            continue
        if (day - homework.starts_on).days % 7 in offsets:
            found.append(day)
    return tuple(found)


# The first and last days homework may start or end on: far enough apart for
# any real course, and far enough inside the calendar that every day a plan
# reads around them is a date.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


@dataclass(frozen=True)
class HomeworkFields:
    """Homework as a teacher gives it, checked: a program, or a set of exercises."""

    program: str
    items: tuple[ProgramItem, ...]
    times_per_week: int
    starts_on: date
    ends_on: date | None
    note: str


def _whole_number(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise HomeworkError(field, f"give a whole number from {low} to {high}")
    if isinstance(value, str):
        text = value.strip()
        # int() reads other scripts' digits too; a form sends ASCII ones.
        if not (text.isascii() and text.isdigit()) or len(text) > 2:
            raise HomeworkError(field, f"give a whole number from {low} to {high}")
        value = int(text)
    if not isinstance(value, int) or not low <= value <= high:
        raise HomeworkError(field, f"give a whole number from {low} to {high}")
    return value


def _day(value: object, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            if not text.isascii() or len(text) != 10:
                raise ValueError(text)
            value = date.fromisoformat(text)
        except ValueError:
            raise HomeworkError(field, "give a date as YYYY-MM-DD") from None
    if not isinstance(value, date):
        raise HomeworkError(field, "give a date as YYYY-MM-DD")
    if not FIRST_DAY <= value <= LAST_DAY:
        raise HomeworkError(field, f"give a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    return value


def check_homework(
    library: Library, *, program: object, items: object, times_per_week: object, starts_on: object,
    ends_on: object, note: object,
) -> HomeworkFields:
    """The fields of homework as sent by a form or the API, checked one by one.

    Raises HomeworkError naming the first field that is wrong.
    """
    program_id = program.strip() if isinstance(program, str) else program
    if program_id is None or program_id == "":
        checked_items = parse_items(items, library)
        program_id = ""
    elif not isinstance(program_id, str) or program_id not in library.programs:
        raise HomeworkError("program", f"no program has the id {program_id!r}")
    elif items not in (None, [], ()):
        raise HomeworkError("items", "give a program or a set of exercises, not both")
    else:
        checked_items = ()
    times = _whole_number(times_per_week, "times_per_week", 1, 7)
    start = _day(starts_on, "starts_on")
    if start is None:
        raise HomeworkError("starts_on", "give the day the homework starts")
    end = _day(ends_on, "ends_on")
    if end is not None and end < start:
        raise HomeworkError("ends_on", "the homework ends before it starts")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise HomeworkError("note", "give the note as text")
    if "\x00" in note:
        raise HomeworkError("note", "the note holds a NUL character")
    try:
        note.encode("utf-8")
    except UnicodeEncodeError:
        # A JSON body may escape half of a UTF-16 pair, which no database stores as text.
        raise HomeworkError("note", "the note holds half of a character (a lone surrogate)") from None
    note = note.strip().replace("\r\n", "\n")
    if len(note) > NOTE_MAX_LENGTH:
        raise HomeworkError("note", f"keep the note to {NOTE_MAX_LENGTH} characters (it has {len(note)})")
    return HomeworkFields(program_id, checked_items, times, start, end, note)
