"""Calendar and reminders on the account page, on a phone: choose reminders, make the
private address, download the calendar file; each page passes axe."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import icalendar
from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_save_profile
from footcoach.reminders.models import CalendarFeed, ReminderSettings
from tests.e2e.support import assert_accessible, sign_in_with_cookie
from tests.plan_support import ALICE_ANSWERS


def test_it_sets_reminders_makes_the_address_and_downloads_the_calendar(
    page: Page, live_server: Any, tmp_path: Path,
) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, ALICE_ANSWERS)
    page.context.add_cookies([{"name": "tz", "value": "Asia/Tokyo", "url": live_server.url}])
    page.goto(live_server.url + "/account#calendar")
    section = page.locator("#calendar")
    expect(section.get_by_label("Your time zone")).to_have_value("Asia/Tokyo")
    assert_accessible(page)

    section.get_by_label("Send me a reminder by email").check()
    section.get_by_label("The days I choose below").check()
    for day in ("Monday", "Friday"):
        section.get_by_role("group", name="My days").get_by_label(day).check()
    section.get_by_label("At what time?").fill("07:45")
    section.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Your reminders are saved.")).to_be_visible()
    saved = ReminderSettings.objects.get(owner=alice)
    assert (saved.enabled, saved.plan_days, saved.weekdays, saved.at, saved.time_zone) == (
        True, False, "04", time(7, 45), "Asia/Tokyo")

    # A time that is not one is named beside its field, and nothing changes.
    page.locator("#calendar").get_by_label("At what time?").fill("")
    page.locator("#calendar").get_by_role("button", name="Save reminders").click()
    expect(page.locator("#id_at_error")).to_contain_text("Give a time of day")
    assert_accessible(page)
    assert ReminderSettings.objects.get(owner=alice).at == time(7, 45)

    page.goto(live_server.url + "/account#calendar")
    page.get_by_role("link", name="Make a private calendar address").click()
    expect(page.get_by_role("heading", name="Make a private calendar address?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, make the address").click()
    address = page.locator("#feed-url")
    expect(address).to_contain_text("/calendar/")
    assert CalendarFeed.objects.filter(owner=alice).exists()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download your plan as a calendar file (.ics)").click()
    saved_file = tmp_path / "plan.ics"
    download.value.save_as(saved_file)
    events = list(icalendar.Calendar.from_ical(saved_file.read_bytes()).walk("VEVENT"))
    assert events and all(e["dtstart"].params["TZID"] == "Asia/Tokyo" for e in events)
    assert {e.decoded("dtstart").time() for e in events} >= {time(7, 45)}
