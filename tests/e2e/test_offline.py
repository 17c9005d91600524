"""Offline on a phone: pages never kept still answer with the app's own
offline page, and today's sessions and the next one's exercises open without a connection."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_save_profile
from tests.e2e.support import assert_accessible, sign_in_with_cookie, wait_for_offline_copy

EVERY_DAY = {
    "birth_year": 1980, "goals": ["general"], "conditions": [], "equipment": ["soft-ball", "towel"],
    "minutes_per_day": 20, "days_per_week": 7, "setting": "home", "start_side": "left",
    "cleared_by_clinician": False,
}


def wait_for_worker(page: Page) -> None:
    """Wait until the service worker controls the page. Polled with evaluate, which the
    Content-Security-Policy allows, where wait_for_function needs eval, which it refuses."""
    for _ in range(100):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no service worker took charge of the page")


def next_sessions_exercises(page: Page) -> list[str]:
    links = page.locator("section[aria-labelledby='today-heading'] article.session").first.locator("a.item-name")
    expect(links.first).to_be_attached()
    return [href for href in (link.get_attribute("href") for link in links.all()) if href]


def test_the_plan_keeps_the_next_sessions_pages_for_offline(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, EVERY_DAY)
    page.goto(live_server.url + "/plan")
    exercises = next_sessions_exercises(page)
    assert len(exercises) >= 3
    players = [link.get_attribute("href") or "" for link in
               page.locator("section[aria-labelledby='today-heading'] a.start").all()]
    assert len(players) >= 2
    # Not one of them was opened: the plan page handed them over, once it had loaded.
    wait_for_offline_copy(page, *players, *exercises)

    page.context.set_offline(True)
    page.reload()
    # Each session's exercises are folded under it.
    first = page.locator("section[aria-labelledby='today-heading'] article.session").first
    first.locator("details.items-box summary").click()
    last = first.locator("a.item-name").last
    name = last.inner_text()
    last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="How to do it")).to_be_visible()
    # The day's other sessions open in the player too.
    page.goto(live_server.url + players[-1])
    expect(page.get_by_role("button", name="Start")).to_be_visible()


def test_the_account_page_offline_says_so_in_the_apps_own_words(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, EVERY_DAY)
    page.goto(live_server.url + "/plan")
    wait_for_offline_copy(page)
    page.context.set_offline(True)

    response = page.goto(live_server.url + "/account")
    assert response is not None and response.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.get_by_text("Account pages are never saved on this device")).to_be_visible()
    assert_accessible(page)
    # Still never kept: back online, the page comes from the server, and no copy is stored.
    page.context.set_offline(False)
    page.goto(live_server.url + "/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    kept = page.evaluate("""async () => (await (await caches.open("footcoach-pages")).keys())
        .map((request) => new URL(request.url).pathname)""")
    assert not any(path.startswith("/account") for path in kept), kept


def test_a_form_sent_offline_says_nothing_was_saved_and_the_answer_is_kept_by_sending_again(
    page: Page, live_server: Any
) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, EVERY_DAY)
    page.goto(live_server.url + "/profile/edit/time")
    wait_for_worker(page)
    page.get_by_label("30 minutes").check()
    page.context.set_offline(True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.get_by_text("did not reach footcoach, so nothing was saved")).to_be_visible()
    assert_accessible(page)
    alice.profile.refresh_from_db()
    assert alice.profile.minutes_per_day == 20

    page.context.set_offline(False)
    page.go_back()
    page.get_by_label("30 minutes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your plan")
    alice.profile.refresh_from_db()
    assert alice.profile.minutes_per_day == 30


def test_going_back_to_a_form_answered_with_a_problem_shows_the_form_page_not_offline(
    page: Page, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/account")
    wait_for_worker(page)
    page.get_by_role("button", name="Create a token").click()  # no name: answered with the problem
    expect(page.get_by_text("The token needs a name")).to_be_visible()
    page.get_by_role("link", name="Go to the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercise library")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("You are offline")).to_have_count(0)
