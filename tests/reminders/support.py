"""People with a plan, a calendar address and reminders, for the reminders tests."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from django.test import Client

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.reminders.actions import check_reminder_fields, do_save_reminders
from tests.plan_support import ALICE_ANSWERS, PASSWORD

FEED_URL = re.compile(r'<code id="feed-url">(http://testserver/calendar/([^<]+)\.ics)</code>')


def person(email: str, **answers: Any) -> User:
    someone = User.objects.create_user(email, PASSWORD)
    do_save_profile(someone, {**ALICE_ANSWERS, **answers})
    return someone


def signed_in(someone: User) -> Client:
    client = Client()
    client.force_login(someone)
    return client


def remind(someone: User, zone: str, at: time = time(7, 30), *, days: str = "", enabled: bool = True) -> None:
    do_save_reminders(someone, check_reminder_fields(
        enabled=enabled, at=at.strftime("%H:%M"), weekdays=list(days), plan_days=not days, time_zone=zone,
    ))


def new_feed(client: Client) -> tuple[str, str]:
    """Make (or renew) the signed-in person's feed; its address and token, read once from the account page."""
    response = client.post("/account/calendar/renew")
    assert response.status_code == 302 and response["Location"] == "/account#calendar"
    page = client.get("/account").content.decode()
    found = FEED_URL.search(page)
    assert found is not None, "The account page shows the new address."
    # Once only: the page does not show it again.
    assert FEED_URL.search(client.get("/account").content.decode()) is None
    return found.group(1), found.group(2)
