"""The coming weeks as dated sessions, and when a person's reminder is due.

The sessions come from the planner and the homework rules the plan page uses,
so that a calendar never shows a session the plan page does not. A reminder is
due on a chosen day, at or shortly after the chosen time on the person's own
clock, unless a session was already logged that day or a reminder was sent.
"""

from __future__ import annotations

import hashlib
import re
import zoneinfo
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from footcoach.core.homework import Homework, homework_days, screened
from footcoach.core.library import Library
from footcoach.core.planner import build_plan
from footcoach.core.profile import Profile
from footcoach.core.progression import SessionRecord

WEEKS_AHEAD = 6
# The time of day of the events and reminders of someone who has not chosen one.
DEFAULT_TIME = time(8, 0)
# A reminder hours late (the server was down, the timer stopped) would only
# arrive in the middle of something else: after this long the day's is skipped.
LATE_LIMIT = timedelta(hours=2)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


class ReminderError(ValueError):
    """A reminder setting that cannot be used as sent, with the field that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CalendarSession:
    """One session on one day: a program of the plan, or a teacher's homework."""

    day: date
    program: str
    name: str
    minutes: int
    homework: int | None = None

    @property
    def key(self) -> str:
        """What the session is, apart from its day: the same after the plan is rebuilt."""
        return f"homework-{self.homework}" if self.homework is not None else f"program-{self.program}"

    def uid(self, person_key: str, domain: str = "footcoach") -> str:
        """A calendar UID from the person, the day and the session alone.

        Calendar clients match events by UID, so a rebuilt plan (new profile,
        new doses) updates the same events instead of adding copies. The person
        is hashed in, so that the UID does not show an account's id.
        """
        digest = hashlib.sha256(f"{person_key}|{self.day.isoformat()}|{self.key}".encode()).hexdigest()[:32]
        return f"{self.day.isoformat()}-{digest}@{domain}"


def coming_sessions(
    profile: Profile, library: Library, *, week_start: date, today: date, weeks: int = WEEKS_AHEAD,
    history: Sequence[SessionRecord] = (), homework: Sequence[Homework] = (),
) -> tuple[CalendarSession, ...]:
    """The plan's sessions and the homework from today for `weeks` weeks, in day order.

    `week_start` is the first day of the person's plan week, as the plan page
    counts it, so that the plan is built exactly as that page builds it.
    """
    end = today + timedelta(weeks=weeks)
    plan = build_plan(profile, library, start=week_start, weeks=(end - week_start).days // 7 + 1, history=history)
    found = [
        CalendarSession(planned.day, session.program, library.programs[session.program].name, session.minutes)
        for planned in plan.days if today <= planned.day < end
        for session in planned.sessions
    ]
    for given in homework:
        made = screened(given, profile, library, today=today, history=history)
        if made.session is None:
            continue
        program = library.programs.get(given.program)
        name = program.name if program is not None else f"Homework from {given.teacher}"
        found.extend(
            CalendarSession(day, given.program_id, name, made.session.minutes, homework=given.id)
            for day in homework_days(given, today, (end - today).days)
        )
    # The plan's sessions first on each day, as on the plan page.
    return tuple(sorted(found, key=lambda s: (s.day, s.homework is not None)))


@dataclass(frozen=True)
class ReminderChoice:
    """When a person wants to be reminded: a time, and chosen weekdays or the plan's days."""

    at: time
    weekdays: frozenset[int]  # 0 is Monday
    plan_days: bool

    def is_chosen(self, day: date, session_days: Collection[date]) -> bool:
        if self.plan_days:
            return day in session_days
        return day.weekday() in self.weekdays


def reminder_day(choice: ReminderChoice, local_now: datetime) -> date | None:
    """The day whose reminder time has come at `local_now` (a time on the person's
    own clock), or None outside the time from the reminder to LATE_LIMIT after it.

    Wall-clock minutes are compared, so that a time skipped by a change to
    summer time (02:30 on that night) is reminded at the first minute after it.
    """
    late = (local_now.hour * 60 + local_now.minute) - (choice.at.hour * 60 + choice.at.minute)
    if not 0 <= late < LATE_LIMIT.total_seconds() // 60:
        return None
    return local_now.date()


def due_day(
    choice: ReminderChoice, local_now: datetime, *, session_days: Collection[date], done_days: Collection[date],
    sent_days: Collection[date] = (),
) -> date | None:
    """The day to remind the person of now, or None: its time has come, it is a
    chosen day, nothing was logged on it and no reminder was sent for it."""
    day = reminder_day(choice, local_now)
    if day is None or day in done_days or day in sent_days or not choice.is_chosen(day, session_days):
        return None
    return day


@cache
def zone_names() -> tuple[str, ...]:
    """Every time zone name this machine knows, sorted, for a list to choose from."""
    return tuple(sorted(zoneinfo.available_timezones()))


def check_zone(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ReminderError("time_zone", "choose your time zone, for example Europe/Paris")
    name = raw.strip()
    if "\x00" in name or len(name) > 64 or not _ZONE_NAME.match(name) or name not in zone_names():
        shown = name.replace("\x00", "")[:64]
        raise ReminderError("time_zone", f"“{shown}” is not a time zone; choose one from the list, "
                                         "for example Europe/Paris")
    return name


def check_time(raw: object) -> time:
    text = raw.strip() if isinstance(raw, str) else ""
    # Browsers send HH:MM; a time field may add seconds, which a reminder does not need.
    if re.fullmatch(r"[0-9]{2}:[0-9]{2}:[0-9]{2}", text, flags=re.ASCII):
        text = text[:5]
    found = _TIME.match(text) if text.isascii() else None
    if found is None:
        raise ReminderError("at", "give a time of day from 00:00 to 23:59, like 07:30")
    return time(int(found.group(1)), int(found.group(2)))


def check_weekdays(raw: Sequence[object], *, plan_days: bool) -> frozenset[int]:
    days = set()
    for value in raw:
        text = value.strip() if isinstance(value, str) else ""
        if len(text) != 1 or text not in "0123456":
            raise ReminderError("weekdays", "choose days from Monday to Sunday")
        days.add(int(text))
    if not days and not plan_days:
        raise ReminderError("weekdays", "choose at least one day, or “the days of my plan”")
    return frozenset(days)
