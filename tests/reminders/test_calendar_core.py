"""The pure calendar: which sessions fall on which days, the feed's events, and when a reminder is due."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from footcoach.core.calendar import (
    ReminderChoice,
    ReminderError,
    check_time,
    check_weekdays,
    check_zone,
    coming_sessions,
    due_day,
)
from footcoach.core.homework import Homework
from footcoach.core.ical import calendar_document
from footcoach.core.loader import load_library
from footcoach.core.planner import build_plan
from footcoach.core.profile import Profile
from tests.plan_support import ALICE_ANSWERS

LIBRARY = load_library()
MONDAY = date(2026, 11, 30)
PROFILE = Profile.model_validate(ALICE_ANSWERS)
TOKYO = ZoneInfo("Asia/Tokyo")
EVERY_DAY = ReminderChoice(time(7, 30), frozenset(range(7)), plan_days=False)


def _sessions(profile: Profile = PROFILE, homework: tuple[Homework, ...] = ()) -> tuple:
    return coming_sessions(profile, LIBRARY, week_start=MONDAY, today=MONDAY + timedelta(days=2), homework=homework)


def test_it_holds_the_plans_sessions_from_today_for_six_weeks() -> None:
    today = MONDAY + timedelta(days=2)
    sessions = _sessions()
    plan = build_plan(PROFILE, LIBRARY, start=MONDAY, weeks=8)
    end = today + timedelta(weeks=6)
    expected = [(d.day, s.program) for d in plan.days if today <= d.day < end for s in d.sessions]
    assert [(s.day, s.program) for s in sessions] == expected
    assert sessions and all(s.homework is None for s in sessions)


def test_it_adds_homework_on_its_days_after_the_plans_sessions() -> None:
    homework = Homework(7, "Tess", "sole-training", (), 2, MONDAY, None, "")
    sessions = _sessions(homework=(homework,))
    given = [s for s in sessions if s.homework == 7]
    assert given and all(s.name == LIBRARY.programs["sole-training"].name for s in given)
    assert len({s.day for s in given if s.day < MONDAY + timedelta(days=9)}) == 2
    for day in {s.day for s in given}:
        of_day = [s.homework for s in sessions if s.day == day]
        assert of_day == sorted(of_day, key=lambda h: h is not None)


def test_it_keeps_uids_when_the_plan_changes() -> None:
    before = {(s.day, s.key): s.uid("17") for s in _sessions()}
    after = {(s.day, s.key): s.uid("17") for s in _sessions(PROFILE.model_copy(update={"minutes_per_day": 40}))}
    same = set(before) & set(after)
    assert same and all(before[k] == after[k] for k in same)
    assert len(set(before.values())) == len(before)


def test_it_gives_another_person_other_uids() -> None:
    session = _sessions()[0]
    assert session.uid("17") != session.uid("18")


def test_it_writes_events_in_the_zone_with_an_alarm_at_the_reminder_time() -> None:
    sessions = _sessions()
    document = calendar_document(sessions, person_key="17", zone="Asia/Tokyo", at=time(7, 30),
                                 link=lambda s: f"https://fc.example/session/{s.program}",
                                 stamp=datetime(2026, 12, 2, tzinfo=ZoneInfo("UTC")))
    parsed = icalendar.Calendar.from_ical(document)
    events = list(parsed.walk("VEVENT"))
    assert len(events) == len(sessions)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    for event in events:
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Asia/Tokyo" and event["dtstart"].params["TZID"] == "Asia/Tokyo"
        (alarm,) = event.walk("VALARM")
        assert (start + alarm.decoded("trigger")).time() == time(7, 30)
        assert str(event["url"]).startswith("https://fc.example/session/")
    # A second, independent parser reads the same events.
    other = vobject.readOne(document.decode())
    assert len(other.vevent_list) == len(sessions)
    assert other.vevent.dtstart.value.utcoffset() == timedelta(hours=9)
    assert other.vevent.valarm.trigger.value <= timedelta(0)


@pytest.mark.parametrize(("local", "expected"), [
    (datetime(2026, 12, 2, 7, 29, tzinfo=TOKYO), None),
    (datetime(2026, 12, 2, 7, 30, tzinfo=TOKYO), date(2026, 12, 2)),
    (datetime(2026, 12, 2, 9, 29, tzinfo=TOKYO), date(2026, 12, 2)),
    (datetime(2026, 12, 2, 9, 30, tzinfo=TOKYO), None),
])
def test_it_is_due_from_the_reminder_time_for_two_hours(local: datetime, expected: date | None) -> None:
    assert due_day(EVERY_DAY, local, session_days=(), done_days=()) == expected


def test_it_is_not_due_on_a_day_done_or_sent_or_not_chosen() -> None:
    now = datetime(2026, 12, 2, 8, 0, tzinfo=TOKYO)  # a Wednesday
    assert due_day(EVERY_DAY, now, session_days=(), done_days={now.date()}) is None
    assert due_day(EVERY_DAY, now, session_days=(), done_days=(), sent_days={now.date()}) is None
    mondays = ReminderChoice(time(7, 30), frozenset({0}), plan_days=False)
    assert due_day(mondays, now, session_days=(), done_days=()) is None
    plan_days = ReminderChoice(time(7, 30), frozenset(), plan_days=True)
    assert due_day(plan_days, now, session_days={now.date()}, done_days=()) == now.date()
    assert due_day(plan_days, now, session_days={now.date() + timedelta(days=1)}, done_days=()) is None


@pytest.mark.parametrize("bad", ["25:00", "7:3", "", "07:30\x00", "０７:３０", "24:00", None, "99:99:99"])
def test_it_refuses_a_time_that_is_not_one(bad: object) -> None:
    with pytest.raises(ReminderError) as refused:
        check_time(bad)
    assert refused.value.field == "at"


def test_it_reads_a_time_with_or_without_seconds() -> None:
    assert check_time("07:30") == check_time(" 07:30:00 ") == time(7, 30)


@pytest.mark.parametrize("bad", ["Mars/Olympus", "Europe/Paris\x00", "", "../etc/passwd", "x" * 100, 5])
def test_it_refuses_a_zone_that_is_not_one(bad: object) -> None:
    with pytest.raises(ReminderError) as refused:
        check_zone(bad)
    assert refused.value.field == "time_zone"
    assert "\x00" not in refused.value.message


def test_it_refuses_weekdays_out_of_the_week_or_none_at_all() -> None:
    assert check_weekdays(["0", "6"], plan_days=False) == frozenset({0, 6})
    assert check_weekdays([], plan_days=True) == frozenset()
    for bad in (["7"], ["٣"], ["0\x00"], []):
        with pytest.raises(ReminderError):
            check_weekdays(bad, plan_days=False)


@settings(max_examples=60, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2999, 12, 31),  # noqa: DTZ001 - hypothesis wants naive bounds
                           timezones=st.sampled_from([ZoneInfo("Asia/Tokyo"), ZoneInfo("America/Los_Angeles"),
                                                      ZoneInfo("Europe/London")])),
       at=st.times(), weekdays=st.frozensets(st.integers(0, 6)))
def test_it_is_due_only_on_a_chosen_day_within_two_hours_after_the_time(
    moment: datetime, at: time, weekdays: frozenset[int],
) -> None:
    choice = ReminderChoice(at.replace(second=0, microsecond=0), weekdays, plan_days=False)
    day = due_day(choice, moment, session_days=(), done_days=())
    late = (moment.hour * 60 + moment.minute) - (at.hour * 60 + at.minute)
    assert (day is not None) == (0 <= late < 120 and moment.weekday() in weekdays)
    assert day is None or day == moment.date()
