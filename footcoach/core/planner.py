"""The planner: profile + library + start date + weeks (+ logged sessions) -> a dated plan.

A pure function: the same input always gives the same plan. It offers only
what screening allows, honours each program's frequency and order, the days a
week and the minutes a day, and says what it left out and why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from footcoach.core.dose import dose_seconds, test_seconds
from footcoach.core.library import Library
from footcoach.core.profile import SUPPORT_AGE, Profile, Setting
from footcoach.core.progression import SessionRecord, dose_level, scaled
from footcoach.core.safety import AGE_CONDITION, ClinicianFirst, Modification, Screening, screen
from footcoach.core.schemas import Dose, Program

MAX_WEEKS = 52


def start_range(weeks: int) -> tuple[date, date]:
    """The first and last day a plan of `weeks` weeks can start on.

    Every day of the plan must be a date Python can hold, and so must the weeks
    before the start whose logged sessions set the doses (at most a plan's length).
    """
    return date.min + timedelta(weeks=MAX_WEEKS), date.max - timedelta(days=7 * weeks - 1)

# Said of a program the screening leaves too little of; one or several such
# programs share the sentence, so it reads for any number.
TOO_LITTLE_LEFT = (
    "Too few of the exercises can be offered to you now to make a whole session; "
    "each exercise left out is listed with its reason."
)


@dataclass(frozen=True)
class PlanItem:
    exercise: str
    dose: Dose
    modifications: tuple[Modification, ...]


@dataclass(frozen=True)
class PlanSession:
    program: str
    minutes: int
    items: tuple[PlanItem, ...]
    note: str = ""


@dataclass(frozen=True)
class PlanDay:
    day: date
    sessions: tuple[PlanSession, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)


@dataclass(frozen=True)
class LeftOut:
    kind: str  # "program" or "exercise"
    id: str
    reason: str


@dataclass(frozen=True)
class Plan:
    see_clinician: tuple[ClinicianFirst, ...]
    left_out: tuple[LeftOut, ...]
    days: tuple[PlanDay, ...]
    changes: tuple[str, ...] = ()
    advice: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        """The shape `footcoach plan --json` prints; its keys are a contract."""
        return {
            "see_clinician": [{"condition": c.condition, "reason": c.reason} for c in self.see_clinician],
            "left_out": [{left.kind: left.id, "reason": left.reason} for left in self.left_out],
            "days": [
                {
                    "date": day.day.isoformat(),
                    "sessions": [
                        {
                            "program": s.program,
                            "minutes": s.minutes,
                            "items": [
                                {
                                    "exercise": i.exercise,
                                    "dose": i.dose.model_dump(mode="json", exclude={"origin", "note"}),
                                    "modifications": [m.text for m in i.modifications],
                                    "reasons": [m.reason for m in i.modifications],
                                }
                                for i in s.items
                            ],
                        }
                        for s in day.sessions
                    ],
                }
                for day in self.days
            ],
            "changes": list(self.changes),
            "advice": [{"condition": c, "advice": a} for c, a in self.advice],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class LeftOutGroup:
    reason: str
    names: tuple[str, ...]


def left_out_by_reason(left_out: Sequence[LeftOut], library: Library) -> tuple[LeftOutGroup, ...]:
    """What was left out, by name, under each reason in the order the reasons first come."""
    # Many exercises are often left out for one reason (all the standing ones,
    # say); the reason is read once, after the names it covers.
    names: dict[str, list[str]] = {}
    for left in left_out:
        things = library.programs if left.kind == "program" else library.exercises
        names.setdefault(left.reason, []).append(things[left.id].name)
    return tuple(LeftOutGroup(reason, tuple(group)) for reason, group in names.items())


def advice_name(condition: str, profile: Profile, library: Library) -> str:
    """What a piece of the plan's advice is headed by: its condition's name, or the age it comes from."""
    # Advice for balance comes to everyone from SUPPORT_AGE on; calling it
    # "Unsteady balance" for someone who never said so would read as a verdict.
    if condition == AGE_CONDITION and condition not in profile.conditions:
        return f"From age {SUPPORT_AGE}"
    return library.conditions[condition].name


def training_weekdays(days_per_week: int) -> tuple[int, ...]:
    """Offsets 0-6 from the start of each plan week, spread as evenly as possible."""
    return tuple(sorted({math.floor(i * 7 / days_per_week) for i in range(days_per_week)}))


def ranked_programs(profile: Profile, library: Library) -> list[Program]:
    """Programs the person's goals call for, best first.

    A program ranks by its best place in any goal's list, then by how many
    goals name it, then by library order; the order the goals were chosen in
    does not matter, so a form and a profile file give the same plan.
    """
    best: dict[str, int] = {}
    named_by: dict[str, int] = {}
    for goal in profile.goals:
        for rank, program_id in enumerate(library.goals[goal].programs):
            best[program_id] = min(rank, best.get(program_id, rank))
            named_by[program_id] = named_by.get(program_id, 0) + 1
    order = list(library.programs)
    ranked = sorted(best, key=lambda p: (best[p], -named_by[p], order.index(p)))
    return [library.programs[p] for p in ranked]


def sessions_per_week(program: Program, days_per_week: int) -> int:
    wanted = 7 if program.frequency.daily else program.frequency.min_per_week
    return min(wanted, days_per_week)


def _session(program: Program, library: Library, screening: Screening, level: int) -> PlanSession | None:
    """The program as this person does it, or None when too little of it is safe."""
    if screening.too_little_left(program):
        return None
    items: list[PlanItem] = []
    seconds = 0
    for entry in program.items:
        if entry.test is not None:
            seconds += test_seconds(library.tests[entry.test])
            continue
        assert entry.exercise is not None
        verdict = screening.verdicts[entry.exercise]
        if verdict.excluded:
            continue
        dose = scaled(entry.dose or library.exercises[entry.exercise].dose, level)
        seconds += dose_seconds(dose)
        items.append(PlanItem(entry.exercise, dose, verdict.modifications))
    return PlanSession(program.id, max(1, math.ceil(seconds / 60)), tuple(items))


def _spread(candidates: Sequence[int], count: int) -> list[int]:
    """`count` of the candidate days, as evenly spaced as possible."""
    if count >= len(candidates):
        return list(candidates)
    return [candidates[math.floor(i * len(candidates) / count)] for i in range(count)]


def build_plan(
    profile: Profile,
    library: Library,
    start: date,
    weeks: int,
    history: Sequence[SessionRecord] = (),
) -> Plan:
    weeks = max(1, min(weeks, MAX_WEEKS))
    screening = screen(profile, library, this_year=start.year)
    if screening.blocked:
        return Plan(screening.see_clinician, (), (), advice=screening.advice,
                    notes=("No plan until a clinician has checked the problem above and said exercise is fine.",))

    left_out: list[LeftOut] = []
    seen_excluded: set[str] = set()
    changes: list[str] = []
    budget = profile.minutes_per_day
    offsets = training_weekdays(profile.days_per_week)
    used = {offset: 0 for offset in offsets}
    week_plan: dict[int, list[PlanSession]] = {offset: [] for offset in offsets}

    for program in ranked_programs(profile, library):
        for entry in program.items:
            verdict = screening.verdicts.get(entry.exercise or "")
            if verdict is not None and verdict.excluded and verdict.exercise not in seen_excluded:
                seen_excluded.add(verdict.exercise)
                left_out.append(LeftOut("exercise", verdict.exercise, " ".join(verdict.reasons)))
        level = dose_level(history, program.id, start)
        changes.extend(f"{program.name}: {reason}" for reason in level.reasons)
        session = _session(program, library, screening, level.level)
        if session is None:
            left_out.append(LeftOut("program", program.id, TOO_LITTLE_LEFT))
            continue
        if session.minutes > budget:
            left_out.append(LeftOut(
                "program", program.id,
                f"It takes about {session.minutes} minutes, more than your {budget} minutes a day.",
            ))
            continue
        needed = sessions_per_week(program, profile.days_per_week)
        free = [o for o in offsets if used[o] + session.minutes <= budget]
        if len(free) < needed:
            room = f"only {len(free)} of your days have" if free else "none of your days has"
            left_out.append(LeftOut(
                "program", program.id,
                f"It needs {needed} sessions a week of about {session.minutes} minutes each. After the programs "
                f"that matter more for your goals, {room} {session.minutes} minutes left of your {budget} a day.",
            ))
            continue
        if profile.setting is Setting.BEFORE_WORKOUT and program.frequency.before_activity:
            session = PlanSession(session.program, session.minutes, session.items,
                                  "Do this before your walk, run or workout.")
        for offset in _spread(free, needed):
            used[offset] += session.minutes
            week_plan[offset].append(session)

    notes = _frequency_notes(profile, library, week_plan)
    days = []
    for week in range(weeks):
        for offset in offsets:
            if week_plan[offset]:
                ordered = sorted(week_plan[offset], key=lambda s: _order_key(s, profile, library))
                days.append(PlanDay(start + timedelta(days=7 * week + offset), tuple(ordered)))
    return Plan(screening.see_clinician, tuple(left_out), tuple(days), tuple(changes), screening.advice,
                tuple(notes))


def _order_key(session: PlanSession, profile: Profile, library: Library) -> int:
    # Before a workout, the warm-up program comes first in the day.
    before = library.programs[session.program].frequency.before_activity
    return 0 if profile.setting is Setting.BEFORE_WORKOUT and before else 1


def _frequency_notes(profile: Profile, library: Library, week_plan: dict[int, list[PlanSession]]) -> list[str]:
    notes = []
    planned = {s.program for sessions in week_plan.values() for s in sessions}
    for program_id in sorted(planned):
        program = library.programs[program_id]
        wanted = 7 if program.frequency.daily else program.frequency.min_per_week
        if profile.days_per_week < wanted:
            notes.append(
                f"{program.name} is meant for {'every day' if program.frequency.daily else f'{wanted} days a week'}; "
                f"it is planned on all {profile.days_per_week} of your days."
            )
    return notes
