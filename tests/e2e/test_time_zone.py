"""The plan's "today" is the day on the phone's own clock, wherever the person is."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from footcoach.accounts.actions import do_save_profile
from tests.e2e.conftest import PHONE
from tests.e2e.support import sign_in_with_cookie
from tests.plan_support import ALICE_ANSWERS


def test_the_plan_counts_today_on_the_phones_clock(browser: Browser, live_server: Any, transactional_db: None) -> None:
    now = datetime.now(UTC)
    # UTC+14 is a day ahead of UTC from 10:00 UTC on, UTC-11 a day behind until
    # 11:00 UTC: one of the two always has a different date from the server's.
    zone = next(name for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
                if now.astimezone(ZoneInfo(name)).date() != now.date())
    local = now.astimezone(ZoneInfo(zone))
    context = browser.new_context(viewport=PHONE, timezone_id=zone)
    page = context.new_page()
    do_save_profile(sign_in_with_cookie(page, live_server), ALICE_ANSWERS)
    page.goto(live_server.url + "/library")  # any page tells the server the zone
    page.goto(live_server.url + "/plan")
    expect(page.get_by_role("heading", level=2, name=f"Today, {local:%A} {local.day} {local:%B}")).to_be_visible()
    page.wait_for_load_state("networkidle")
    context.close()
