"""The private calendar feed and the .ics download: what a calendar app reads, and who can read it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
import vobject
from django.test import Client

from footcoach.accounts.actions import do_save_profile
from footcoach.coaching.actions import do_accept_invitation, do_assign_homework, do_create_invitation
from footcoach.core.homework import check_homework
from footcoach.core.loader import load_library
from footcoach.reminders.models import CalendarFeed
from tests.plan_support import ALICE_ANSWERS, PASSWORD
from tests.reminders.support import new_feed, person, remind, signed_in

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
# A Wednesday, in the morning in Tokyo and the evening before in Los Angeles.
NOW = datetime(2026, 12, 2, 0, 30, tzinfo=ZoneInfo("UTC"))


def _events(document: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(document).walk("VEVENT"))


def _alice_with_homework() -> Any:
    from footcoach.accounts.models import User

    alice = person("alice@example.org")
    tess = User.objects.create_user("tess@example.org", PASSWORD, is_teacher=True)
    link = do_accept_invitation(alice, do_create_invitation(tess), shares_conditions=False)
    do_assign_homework(link, check_homework(
        LIBRARY, program="", items=[{"exercise": "toe-fan"}], times_per_week=3, starts_on=date(2026, 11, 30),
        ends_on=None, note="Slowly.",
    ))
    return alice


@time_machine.travel(NOW, tick=False)
def test_it_serves_the_plan_and_homework_in_the_persons_zone_with_alarms(django_assert_max_num_queries: Any) -> None:
    alice = _alice_with_homework()
    remind(alice, "Asia/Tokyo", time(7, 15))
    url, _ = new_feed(signed_in(alice))
    anonymous = Client()  # a calendar app: no session, no cookie
    with django_assert_max_num_queries(10):
        response = anonymous.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    events = _events(response.content)
    assert events
    today_in_tokyo = date(2026, 12, 2)
    days = {event.decoded("dtstart").date() for event in events}
    assert min(days) >= today_in_tokyo and max(days) < today_in_tokyo + timedelta(weeks=6)
    for event in events:
        start = event.decoded("dtstart")
        assert event["dtstart"].params["TZID"] == "Asia/Tokyo" and start.utcoffset() == timedelta(hours=9)
        (alarm,) = event.walk("VALARM")
        assert (start + alarm.decoded("trigger")).time() == time(7, 15)
        assert str(event["url"]).startswith(("http://testserver/session/", "http://testserver/homework/"))
    homework = [e for e in events if "/homework/" in str(e["url"])]
    assert homework and all(str(e["summary"]) == "Homework from tess@example.org" for e in homework)
    # A second, independent parser reads the same file.
    parsed = vobject.readOne(response.content.decode())
    assert len(parsed.vevent_list) == len(events)
    assert all(e.dtstart.value.utcoffset() == timedelta(hours=9) and e.valarm for e in parsed.vevent_list)
    assert CalendarFeed.objects.get(owner=alice).last_read_at == NOW


@time_machine.travel(NOW, tick=False)
def test_it_keeps_each_events_uid_when_the_plan_is_rebuilt() -> None:
    alice = _alice_with_homework()
    url, _ = new_feed(signed_in(alice))
    client = Client()
    before = {(e.decoded("dtstart").date(), str(e["summary"])): str(e["uid"]) for e in _events(client.get(url).content)}
    do_save_profile(alice, {**ALICE_ANSWERS, "minutes_per_day": 45, "equipment": ["towel"]})
    after = {(e.decoded("dtstart").date(), str(e["summary"])): str(e["uid"]) for e in _events(client.get(url).content)}
    assert before != after, "The new profile changes the plan."
    same = set(before) & set(after)
    assert same and all(before[key] == after[key] for key in same)
    assert len(set(after.values())) == len(after)


@time_machine.travel(NOW, tick=False)
def test_it_answers_404_for_a_stopped_or_renewed_address() -> None:
    alice = person("alice@example.org")
    client = signed_in(alice)
    calendar_app = Client()
    old_url, _ = new_feed(client)
    new_url, _ = new_feed(client)
    assert new_url != old_url
    assert calendar_app.get(old_url).status_code == 404
    assert calendar_app.get(new_url).status_code == 200
    assert calendar_app.head(new_url).status_code == 200
    assert client.get("/account/calendar/stop").status_code == 200
    assert client.post("/account/calendar/stop").status_code == 302
    assert calendar_app.get(new_url).status_code == 404
    assert not CalendarFeed.objects.filter(owner=alice).exists()
    assert calendar_app.get("/calendar/not-a-token.ics").status_code == 404
    assert calendar_app.get(f"/calendar/{'x' * 5000}.ics").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_it_gives_nothing_of_alices_through_charlies_address() -> None:
    alice = _alice_with_homework()
    charlie = person("charlie@example.org", minutes_per_day=5, days_per_week=1)
    alice_url, _ = new_feed(signed_in(alice))
    charlie_url, _ = new_feed(signed_in(charlie))
    calendar_app = Client()
    alices = {str(e["uid"]) for e in _events(calendar_app.get(alice_url).content)}
    charlies = calendar_app.get(charlie_url)
    assert charlies.status_code == 200
    assert not alices & {str(e["uid"]) for e in _events(charlies.content)}
    assert b"Homework" not in charlies.content and b"tess@" not in charlies.content
    # The database keeps a hash, never the address.
    assert all(token not in str(list(CalendarFeed.objects.values())) for token in (alice_url, charlie_url))


@time_machine.travel(NOW, tick=False)
def test_it_downloads_the_same_calendar_for_the_person_signed_in() -> None:
    alice = person("alice@example.org")
    remind(alice, "America/Los_Angeles")
    response = signed_in(alice).get("/account/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="footcoach-plan.ics"'
    events = _events(response.content)
    assert events and all(e["dtstart"].params["TZID"] == "America/Los_Angeles" for e in events)
    # Tuesday evening in Los Angeles: the calendar starts on Tuesday.
    assert min(e.decoded("dtstart").date() for e in events) >= date(2026, 12, 1)
    assert Client().get("/account/calendar.ics").status_code == 302
