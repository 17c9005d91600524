"""A teacher invites; a new client signs up through the link, sees what will be shared, accepts, and later ends it."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from footcoach.coaching.models import CoachingLink
from tests.e2e.conftest import PHONE
from tests.e2e.support import PASSWORD, assert_accessible, sign_in_with_cookie


def make_invitation(page: Page, live_server: Any) -> tuple[str, str]:
    """The teacher turns on the switch and makes an invitation: its link and its code."""
    page.goto(live_server.url + "/account")
    page.get_by_label("I teach: let me invite clients and give homework").check()
    page.locator("#teaching").get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Invite clients").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make a new invitation").click()
    card = page.locator(".cards .card").first
    link = card.locator("code").inner_text()
    code = card.locator(".invitation-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    page.get_by_role("button", name="Copy the link").click()
    expect(card.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    return link, code


def test_a_new_client_signs_up_through_the_link_accepts_and_ends_it(
    page: Page, browser: Browser, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server, "tess@example.org")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    link, _ = make_invitation(page, live_server)

    client = browser.new_context(viewport=PHONE).new_page()
    client.goto(link)
    expect(client.get_by_role("heading", name="An invitation from tess@example.org")).to_be_visible()
    client.get_by_role("link", name="Create an account").click()
    client.get_by_label("Email").fill("alice@example.org")
    client.get_by_label("Password").fill(PASSWORD)
    client.get_by_role("button", name="Create my account").click()

    # Back on the invitation, signed in: what the teacher would see, and the conditions left unticked.
    expect(client).to_have_url(link)
    for shown in ("sessions you did and the ones planned", "pain, pressure and feeling ratings",
                  "why a session stopped and why you skipped one", "self-test results and your progress"):
        expect(client.get_by_text(shown)).to_be_visible()
    conditions = client.get_by_label("Also show which health conditions changed my plan")
    expect(conditions).not_to_be_checked()
    assert_accessible(client)
    client.get_by_role("button", name="Accept").click()

    expect(client.get_by_text("tess@example.org is now your teacher.")).to_be_visible()
    teachers = client.locator("#teachers")
    expect(teachers.get_by_text("does not see your health conditions")).to_be_visible()
    assert_accessible(client)
    link_row = CoachingLink.objects.active().get()
    assert (link_row.teacher.email, link_row.client.email, link_row.shares_conditions) == (
        "tess@example.org", "alice@example.org", False)
    page.goto(live_server.url + "/account")
    expect(page.locator("#clients").get_by_role("heading", name="alice@example.org")).to_be_visible()

    # She ends it: one confirmation, and the teacher's list no longer has her.
    teachers.get_by_role("link", name="End link with tess@example.org").click()
    expect(client.get_by_role("heading", name="Stop sharing with tess@example.org?")).to_be_visible()
    assert_accessible(client)
    client.get_by_role("button", name="Yes, end the link").click()
    expect(client.get_by_text("No teacher follows your exercises")).to_be_visible()
    page.reload()
    expect(page.locator("#clients").get_by_text("Nobody has accepted an invitation yet.")).to_be_visible()
    assert not CoachingLink.objects.active().exists()
    client.context.close()


def test_a_client_types_the_code_read_aloud_and_is_told_when_it_is_wrong(
    page: Page, browser: Browser, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server, "tess@example.org")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    link, code = make_invitation(page, live_server)

    client = browser.new_context(viewport=PHONE).new_page()
    sign_in_with_cookie(client, live_server, "alice@example.org")
    client.goto(live_server.url + "/account")
    client.get_by_role("link", name="type it here").click()
    client.get_by_label("Invitation code").fill("ABCD")
    client.get_by_role("button", name="Open the invitation").click()
    expect(client.get_by_text("An invitation code has 8 letters and digits")).to_be_visible()
    expect(client.get_by_label("Invitation code")).to_be_focused()
    assert_accessible(client)

    client.get_by_label("Invitation code").fill(code.lower().replace("-", " "))
    client.get_by_role("button", name="Open the invitation").click()
    expect(client).to_have_url(link)
    client.get_by_role("button", name="Accept").click()
    expect(client.get_by_text("tess@example.org is now your teacher.")).to_be_visible()
    client.context.close()
