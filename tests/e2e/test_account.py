"""The account page on a phone: a new token is readable whole and easy to copy,
revoking looks less pressing than creating, and signing out stands apart."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE
from tests.e2e.support import PASSWORD, assert_accessible, sign_in_with_cookie


def create_token(page: Page, live_server: Any, name: str) -> str:
    page.goto(live_server.url + "/account")
    page.get_by_label("Name of the new token").fill(name)
    page.get_by_role("button", name="Create a token").click()
    token = page.locator("#new-token")
    expect(token).to_have_text(re.compile(r"^fc_"))
    return token.inner_text()


def test_a_new_token_wraps_on_a_phone_and_copies_with_one_tap(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    token = create_token(page, live_server, "Backup script")

    box = page.locator(".token-box").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    cut_off = page.locator("#new-token").evaluate("(code) => code.scrollWidth - code.clientWidth")
    assert cut_off <= 0
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0

    page.get_by_role("button", name="Copy the token").click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == token
    assert_accessible(page)


def test_revoke_is_outlined_and_sign_out_stands_apart(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    create_token(page, live_server, "Old laptop")
    page.goto(live_server.url + "/account")
    revoke = page.get_by_role("link", name="Revoke “Old laptop”")
    create = page.get_by_role("button", name="Create a token")
    background = "(element) => getComputedStyle(element).backgroundColor"
    assert revoke.evaluate(background) == "rgba(0, 0, 0, 0)"
    assert create.evaluate(background) == "rgb(11, 61, 145)"

    heading = page.get_by_role("heading", name="Sign out", level=2)
    expect(heading).to_be_visible()
    create_box, heading_box = create.bounding_box(), heading.bounding_box()
    assert create_box is not None and heading_box is not None
    assert heading_box["y"] - (create_box["y"] + create_box["height"]) >= 48
    expect(page.locator("section.sign-out").get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_without_javascript_the_token_is_shown_whole_and_selectable(
    browser: Browser, live_server: Any, transactional_db: None
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in_with_cookie(page, live_server)
    token = create_token(page, live_server, "Backup script")
    assert len(token) > 40
    expect(page.get_by_role("button", name="Copy the token")).to_be_hidden()
    # One tap on the token selects all of it, ready for the device's own Copy.
    page.locator("#new-token").click()
    assert page.evaluate("getSelection().toString()") == token
    context.close()


def sideways_scroll(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def test_an_empty_name_brings_the_field_and_its_message_into_view(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/account")
    page.get_by_role("button", name="Create a token").click()

    field = page.get_by_label("Name of the new token")
    expect(field).to_be_focused()
    message = page.get_by_text("The token needs a name: write which script or device will use it.")
    expect(message).to_be_in_viewport()
    expect(field).to_be_in_viewport()
    assert_accessible(page)

    field.fill("Backup script")
    page.get_by_role("button", name="Create a token").click()
    expect(page.locator("#new-token")).to_have_text(re.compile(r"^fc_"))


def test_reloading_after_a_new_token_makes_no_second_one_and_hides_the_first(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    token = create_token(page, live_server, "Backup script")
    expect(page.locator("#new-token")).to_be_in_viewport()

    page.reload()
    expect(page.get_by_role("heading", name="Backup script", level=3)).to_have_count(1)
    expect(page.locator("#new-token")).to_have_count(0)
    assert token not in page.content()
    assert alice.api_tokens.count() == 1


def test_a_long_unbroken_token_name_wraps_on_a_small_phone(page: Page, live_server: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_with_cookie(page, live_server)
    name = "backupscriptontheoldlaptopinthehallcupboardthatrunseverynightatthreeoclocksharp"
    create_token(page, live_server, name)
    assert sideways_scroll(page) <= 0, "the page with the new token scrolls sideways"
    assert_accessible(page)

    page.reload()
    assert sideways_scroll(page) <= 0, "the token list scrolls sideways"
    page.get_by_role("link", name=f"Revoke “{name}”").click()
    assert sideways_scroll(page) <= 0, "the question before revoking scrolls sideways"
    page.get_by_role("button", name="Yes, revoke it").click()
    expect(page.get_by_role("status")).to_contain_text("Revoked the token")
    assert sideways_scroll(page) <= 0, "the page saying the token was revoked scrolls sideways"


def test_a_person_changes_their_password_from_the_account_page(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/account")
    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    page.get_by_label("Your password now").fill("not it")
    page.get_by_label("New password", exact=True).fill("a new walk at dawn")
    page.get_by_label("New password again").fill("a new walk at dawn")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your old password was entered incorrectly")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password now").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("a new walk at dawn")
    page.get_by_label("New password again").fill("a new walk at dawn")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("status")).to_contain_text("Your password is changed.")
