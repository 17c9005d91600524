"""The morning after a session, a person scores their first steps on the plan page."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_save_profile
from footcoach.training.actions import do_record_logs
from tests.e2e.support import assert_accessible, sign_in_with_cookie
from tests.plan_support import ALICE_ANSWERS


def test_a_person_scores_their_first_steps_and_can_change_the_score(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, ALICE_ANSWERS)
    yesterday = timezone.now() - timedelta(days=1)
    do_record_logs(alice, [{
        "id": str(uuid.uuid4()), "program": "sole-training",
        "started_at": yesterday.isoformat(), "ended_at": (yesterday + timedelta(minutes=5)).isoformat(),
        "entries": [{"exercise": "heel-raise", "side": "left", "reps": 8, "pain": 2, "skipped": False}],
    }])
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/plan")
    scale = page.get_by_role("group", name="How much did your feet hurt on your first steps out of bed today?")
    expect(scale).to_be_visible()
    assert_accessible(page)

    scale.get_by_role("button", name="3", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved: 3/10 on your first steps today.")
    expect(page.locator(".morning")).to_contain_text("3 out of 10")
    expect(scale).to_be_hidden()

    page.get_by_text("Change it").click()
    scale.get_by_role("button", name="5", exact=True).click()
    expect(page.locator(".morning")).to_contain_text("5 out of 10")
    assert_accessible(page)
