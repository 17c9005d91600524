"""A newcomer on a phone tries a session without an account: the player says
it is the program as published and names the red flags; the log stays on the
device and is added, once, to the account they then create or sign in to."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import Page, Response, expect

from footcoach.accounts.actions import do_create_user
from footcoach.accounts.models import User
from footcoach.core.loader import load_library
from footcoach.training.models import SessionLog
from tests.e2e.support import PASSWORD, RequestLog, assert_accessible

LIBRARY = load_library()

OUTBOX_IDS = """import('/static/footcoach/sync.js')
    .then(async (sync) => (await (await sync.openStore()).all('outbox')).map((log) => log.id))"""


def is_sync(response: Response) -> bool:
    return response.url.endswith("/api/logs/sync") and response.request.method == "POST"


def do_a_guest_session(page: Page, live_server: Any) -> str:
    """Start sole training from its library page, signed out, end it early and
    save it; the id of the log kept on the device."""
    page.goto(live_server.url + "/library/programs/sole-training")
    page.get_by_role("link", name="Start", exact=True).click()
    expect(page).to_have_url(re.compile(r"/session/sole-training$"))
    notice = page.locator("#as-published")
    expect(notice).to_contain_text("without an account")
    expect(notice).to_contain_text("nothing in it is changed for you")
    for condition in LIBRARY.conditions.values():
        if condition.red_flag:
            expect(notice.get_by_role("listitem").filter(has_text=condition.name)).to_be_visible()
    expect(notice.get_by_role("link", name="Answer the health questions")).to_have_attribute("href", "/accounts/signup")
    assert_accessible(page)

    page.get_by_role("button", name="Start").click()
    expect(page.locator("#step-name")).to_have_text("Toe fan")
    page.get_by_role("button", name="End the session early").click()
    page.get_by_role("button", name="End now").click()
    page.get_by_role("button", name="Save without rating").click()
    expect(page.locator("#sync-status")).to_have_text(
        "1 session is kept on this device. Create an account or sign in to add it to your plan."
    )
    kept = page.evaluate(OUTBOX_IDS)
    assert len(kept) == 1
    assert SessionLog.objects.count() == 0
    assert_accessible(page)
    return str(kept[0])


def test_a_guest_session_is_kept_after_sign_up_and_stored_once(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    log_id = do_a_guest_session(page, live_server)
    # Nothing was posted while signed out.
    assert not [url for url in requests_seen.urls if url.endswith("/api/logs/sync")]

    page.get_by_role("link", name="Create an account to keep it").click()
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(is_sync) as synced:
        page.get_by_role("button", name="Create my account").click()
    assert synced.value.status == 200
    assert synced.value.json()["stored"] == [log_id]
    person = User.objects.get(email="newcomer@example.org")
    assert [str(log.id) for log in SessionLog.objects.of(person)] == [log_id]
    assert_accessible(page)

    # Reloaded, the device has nothing left to send; the same log sent again
    # is answered "already" and still stored once.
    page.reload()
    assert page.evaluate(OUTBOX_IDS) == []
    again = page.evaluate(
        """async (body) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const response = await fetch("/api/logs/sync", { method: "POST", body,
                headers: { "Content-Type": "application/json", "X-CSRFToken": token } });
            return response.json();
        }""",
        synced.value.request.post_data,
    )
    assert again["already"] == [log_id] and again["stored"] == []
    assert SessionLog.objects.count() == 1
    assert SessionLog.objects.get().id == uuid.UUID(log_id)
    assert requests_seen.outside() == []


def test_a_guest_session_is_added_to_the_account_they_sign_in_to(page: Page, live_server: Any) -> None:
    person = do_create_user("alice@example.org", PASSWORD)
    log_id = do_a_guest_session(page, live_server)

    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(is_sync) as synced:
        page.get_by_role("button", name="Sign in").click()
    assert synced.value.json()["stored"] == [log_id]
    assert [str(log.id) for log in SessionLog.objects.of(person)] == [log_id]
