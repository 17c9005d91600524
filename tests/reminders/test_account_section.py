"""The account page's "Calendar and reminders" section and its forms."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

import pytest

from footcoach.reminders.models import CalendarFeed, ReminderSettings
from tests.reminders.support import person, remind, signed_in

pytestmark = pytest.mark.django_db

GOOD = {"enabled": "on", "plan_days": "chosen", "weekdays": ["0", "2"], "at": "07:30", "time_zone": "Asia/Tokyo"}


def test_it_shows_the_section_in_a_bounded_number_of_queries(django_assert_max_num_queries: Any) -> None:
    alice = person("alice@example.org")
    remind(alice, "Europe/Paris", time(6, 45))
    client = signed_in(alice)
    client.post("/account/calendar/renew")
    with django_assert_max_num_queries(14):
        response = client.get("/account")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="calendar-title">Calendar and reminders' in page
    assert 'href="/account/calendar.ics"' in page and 'id="feed-url"' in page
    assert 'value="06:45"' in page and '<option value="Europe/Paris" selected>' in page
    assert "<legend>On which days?</legend>" in page and "<legend>My days</legend>" in page
    assert "To alice@example.org, on a day you have not done a session yet." in page


def test_it_takes_the_zone_from_the_browser_before_any_is_saved() -> None:
    client = signed_in(person("alice@example.org"))
    client.cookies["tz"] = "America/Los_Angeles"
    assert '<option value="America/Los_Angeles" selected>' in client.get("/account").content.decode()
    client.post("/account/calendar/renew")
    assert ReminderSettings.objects.get().time_zone == "America/Los_Angeles"
    assert not ReminderSettings.objects.get().enabled


def test_it_saves_the_reminders_chosen() -> None:
    alice = person("alice@example.org")
    response = signed_in(alice).post("/account/reminders", GOOD)
    assert response.status_code == 302 and response["Location"] == "/account#calendar"
    saved = ReminderSettings.objects.get(owner=alice)
    assert (saved.enabled, saved.plan_days, saved.weekdays, saved.at, saved.time_zone) == (
        True, False, "02", time(7, 30), "Asia/Tokyo")


@pytest.mark.parametrize(("field", "value", "said"), [
    ("time_zone", "Mars/Olympus_Mons", "is not a time zone"),
    ("time_zone", "Asia/Tokyo\x00", "Null characters are not allowed"),
    ("at", "25:00", "Give a time of day from 00:00 to 23:59"),
    ("at", "07:30\x00", "Null characters are not allowed"),
    ("at", "\u0660\u0667:\u0663\u0660", "Give a time of day from 00:00 to 23:59"),
    ("weekdays", ["9"], "Select a valid choice"),
    ("weekdays", [], "Choose at least one day"),
    ("plan_days", "sometimes", "Select a valid choice"),
])
def test_it_refuses_bad_input_naming_the_field(field: str, value: Any, said: str) -> None:
    alice = person("alice@example.org")
    remind(alice, "Europe/Paris")
    before = list(ReminderSettings.objects.values())
    response = signed_in(alice).post("/account/reminders", {**GOOD, field: value})
    page = response.content.decode()
    assert response.status_code == 400
    errors = re.findall(r'<ul class="field-errors" id="(?:id_)?' + field + r'[-_]errors?">(.*?)</ul>', page, re.S)
    assert len(errors) == 1 and said in errors[0]
    assert list(ReminderSettings.objects.values()) == before


def test_it_asks_before_renewing_or_stopping_and_says_what_changes() -> None:
    alice = person("alice@example.org")
    client = signed_in(alice)
    assert "Make a private calendar address?" in client.get("/account/calendar/renew").content.decode()
    client.post("/account/calendar/renew")
    page = client.get("/account/calendar/renew").content.decode()
    assert "Your present address stops working at once" in page
    assert "stops working at once" in client.get("/account/calendar/stop").content.decode()
    assert CalendarFeed.objects.filter(owner=alice).count() == 1
