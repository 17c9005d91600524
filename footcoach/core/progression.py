"""Dose progression by the pain-monitoring model.

Pain during a session may reach 5/10 if it has settled by the next morning
and is not rising week on week. Two easy weeks in a row (pain 3/10 or less,
every session finished) step the dose up one level; a week with pain above
5/10, a session stopped for pain, or next-morning pain worse than the week
before steps it down one level. Anything else holds the dose.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from footcoach.core.schemas import Dose

EASY_PAIN = 3
ACCEPTABLE_PAIN = 5
MIN_LEVEL, MAX_LEVEL = -2, 4
# Each level changes repetitions and hold times by this share of the base dose.
STEP = 0.25


@dataclass(frozen=True)
class SessionRecord:
    """What the planner needs to know of one logged session."""

    day: date
    program: str
    completed: bool
    pain_max: int | None = None  # the highest pain rated during the session, 0-10
    morning_pain: int | None = None  # pain on the next morning's first steps, 0-10
    stopped_for_pain: bool = False


@dataclass(frozen=True)
class Level:
    level: int
    reasons: tuple[str, ...]


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _worst(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def dose_level(records: Iterable[SessionRecord], program: str, before: date) -> Level:
    """The dose level for a program from the weeks finished before `before`."""
    weeks: dict[date, list[SessionRecord]] = {}
    this_week = _week_start(before)
    for record in records:
        if record.program == program:
            week = _week_start(record.day)
            if week < this_week:
                weeks.setdefault(week, []).append(record)
    level, easy_streak = 0, 0
    reasons: list[str] = []
    previous_morning: int | None = None
    for week in sorted(weeks):
        sessions = weeks[week]
        pain = _worst(r.pain_max for r in sessions)
        morning = _worst(r.morning_pain for r in sessions)
        label = f"week of {week.isoformat()}"
        if pain is not None and pain > ACCEPTABLE_PAIN or any(r.stopped_for_pain for r in sessions):
            level, easy_streak = max(MIN_LEVEL, level - 1), 0
            reasons.append(f"Dose stepped down: pain went above {ACCEPTABLE_PAIN}/10 in the {label}.")
        elif previous_morning is not None and morning is not None and morning > previous_morning:
            level, easy_streak = max(MIN_LEVEL, level - 1), 0
            reasons.append(f"Dose stepped down: next-morning pain was worse in the {label} than the week before.")
        elif all(r.completed for r in sessions) and (pain is None or pain <= EASY_PAIN):
            easy_streak += 1
            if easy_streak == 2:
                level, easy_streak = min(MAX_LEVEL, level + 1), 0
                reasons.append(
                    f"Dose stepped up: two easy weeks up to the {label} (pain {EASY_PAIN}/10 or less, "
                    "every session finished)."
                )
        else:
            easy_streak = 0
        if morning is not None:
            previous_morning = morning
    return Level(level, tuple(reasons))


def scaled(dose: Dose, level: int) -> Dose:
    """The dose at a level: more or fewer repetitions, or a longer or shorter
    hold where the dose is a hold alone."""
    if level == 0:
        return dose
    factor = 1 + STEP * level

    def scale(value: int | None) -> int | None:
        return None if value is None else max(1, math.floor(value * factor + 0.5))

    if dose.reps is not None:
        return dose.model_copy(update={"reps": scale(dose.reps)})
    return dose.model_copy(update={"seconds": scale(dose.seconds)})
