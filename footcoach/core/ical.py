"""A person's coming sessions as an iCalendar document, with an alarm on each.

Each day's sessions follow one another from the person's reminder time, in
their time zone (with its VTIMEZONE), and each alarm goes off at that time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from footcoach.core.calendar import CalendarSession

PRODUCT_ID = "-//footcoach//calendar//EN"


def calendar_document(
    sessions: Sequence[CalendarSession], *, person_key: str, zone: str, at: time,
    link: Callable[[CalendarSession], str], stamp: datetime, name: str = "footcoach",
) -> bytes:
    """The sessions as an iCalendar file.

    `link` gives the absolute address that opens a session; `stamp` is the
    moment the document is made (its DTSTAMP). The sessions of one day follow
    one another from `at`, so that they do not overlap in a calendar.
    """
    tzinfo = ZoneInfo(zone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    used: dict[date, timedelta] = {}
    for session in sessions:
        offset = used.get(session.day, timedelta())
        start = datetime.combine(session.day, at, tzinfo=tzinfo) + offset
        length = timedelta(minutes=max(session.minutes, 1))
        used[session.day] = offset + length
        calendar.add_component(_event(session, person_key, start, length, offset, link(session), stamp))
    # The zone's rules go in the file, so that a client that does not know the
    # zone's name still places the events at the right hour.
    calendar.add_missing_timezones()
    document: bytes = calendar.to_ical()
    return document


def _event(
    session: CalendarSession, person_key: str, start: datetime, length: timedelta, offset: timedelta, url: str,
    stamp: datetime,
) -> Event:
    event = Event()
    event.add("uid", session.uid(person_key))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + length)
    event.add("summary", session.name)
    event.add("description", f"About {session.minutes} minutes. Open the session: {url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Time for {session.name}")
    # Relative to the event's start, which the day's earlier sessions pushed
    # later: every alarm of the day goes off at the reminder time itself.
    alarm.add("trigger", -offset)
    event.add_component(alarm)
    return event
