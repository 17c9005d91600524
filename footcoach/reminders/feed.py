"""A person's coming sessions and their iCalendar file, from the same reads as the plan page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from footcoach.accounts.access import get_profile_for
from footcoach.accounts.models import User
from footcoach.accounts.plan_page import week_start
from footcoach.coaching.homework import homework_of
from footcoach.core.calendar import DEFAULT_TIME, WEEKS_AHEAD, CalendarSession, coming_sessions
from footcoach.core.homework import assignment_of
from footcoach.core.ical import calendar_document
from footcoach.core.profile import ProfileError
from footcoach.library.content import get_library
from footcoach.reminders.models import ReminderSettings
from footcoach.training.history import HISTORY_SPAN, read_history


def person_zone(person: User, settings: ReminderSettings | None) -> str:
    """The zone the person's days are counted in: theirs if kept, else the current one
    (the browser's, on a page; the server's, on the command line)."""
    return settings.time_zone if settings is not None else timezone.get_current_timezone_name()


def coming_sessions_of(person: User, zone: str, today: date, weeks: int = WEEKS_AHEAD) -> tuple[CalendarSession, ...]:
    """The sessions of the person's plan and homework from `today` (a day on their clock) on."""
    stored = get_profile_for(person)
    if stored is None:
        return ()
    try:
        profile = stored.as_core()
    except ProfileError:
        return ()
    # Logged sessions fall on the days of the person's clock, as on their plan page.
    with timezone.override(ZoneInfo(zone)):
        history = read_history(person, today - HISTORY_SPAN).records
        joined = timezone.localdate(person.date_joined)
    # homework_of reads two weeks either side of a day: a second read four
    # weeks on covers the homework that starts later in the calendar's six.
    later = today + timedelta(weeks=4)
    homework = {given.id: given for given in [*homework_of(person, today), *homework_of(person, later)]}
    return coming_sessions(profile, get_library(), week_start=week_start(today, joined), today=today, weeks=weeks,
                           history=history, homework=list(homework.values()))


def session_path(session: CalendarSession) -> str:
    # As on the plan page: a set of exercises given as homework runs in its own
    # player; a library program, given or planned, in the program's.
    if session.homework is not None and assignment_of(session.program) is not None:
        return reverse("homework-session", args=[session.homework])
    return reverse("session", args=[session.program])


def person_calendar(person: User, settings: ReminderSettings | None, site: str, now: datetime) -> bytes:
    """The person's iCalendar file; `site` is the address the links start with, without a final slash."""
    zone = person_zone(person, settings)
    today = now.astimezone(ZoneInfo(zone)).date()
    sessions = coming_sessions_of(person, zone, today)
    return calendar_document(
        sessions, person_key=str(person.pk), zone=zone, at=settings.at if settings is not None else DEFAULT_TIME,
        link=lambda session: f"{site}{session_path(session)}", stamp=now, name="footcoach plan",
    )
