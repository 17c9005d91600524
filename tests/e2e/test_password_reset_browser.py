"""A person who forgot their password sets a new one from the sign-in page, on a phone."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_create_user
from tests.e2e.support import assert_accessible

NEW_PASSWORD = "slow steps on warm sand"


def test_a_forgotten_password_is_set_again_from_a_mailed_link(page: Page, live_server: Any) -> None:
    do_create_user("alice@example.org", "barefoot on the beach")
    page.goto(live_server.url + "/accounts/signin")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("Alice@Example.org")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[0].body)
    assert link is not None
    page.goto(link.group(0))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", name="Your new password is set")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill("alice@example.org")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/signin"))
