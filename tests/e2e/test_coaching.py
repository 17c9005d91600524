"""The issue's whole path in the browser: a teacher invites, a client accepts
knowing what is shared, the teacher gives the Pilates series with a note, the
client does it and rates a pain of 8, and the teacher sees that first."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from footcoach.accounts.actions import do_create_user, do_save_profile
from footcoach.coaching.models import Assignment, CoachingLink
from footcoach.training.models import SessionLog
from tests.e2e.conftest import PHONE
from tests.e2e.support import PASSWORD, assert_accessible, sign_in_with_cookie
from tests.e2e.test_player import pause_when
from tests.plan_support import ALICE_ANSWERS

NOTE = "Slowly, and keep the toes long. Tell me how the reverse footwork feels."


def test_a_teacher_gives_the_pilates_series_and_sees_her_clients_pain_of_8_first(
    page: Page, browser: Browser, live_server: Any
) -> None:
    tess = sign_in_with_cookie(page, live_server, "tess@example.org")
    page.goto(live_server.url + "/account")
    page.get_by_label("I teach: let me invite clients and give homework").check()
    page.locator("#teaching").get_by_role("button", name="Save").click()
    # A client of longer standing with nothing wrong: the one in pain must come before her.
    bob = do_create_user("bob@example.org", PASSWORD)
    CoachingLink.objects.create(teacher=tess, client=bob)
    page.get_by_role("link", name="Invite clients").click()
    page.get_by_role("button", name="Make a new invitation").click()
    link = page.locator(".cards .card").first.locator("code").inner_text()

    # The client opens the link and sees, before agreeing, what her teacher will see.
    client = browser.new_context(viewport=PHONE).new_page()
    client.context.set_default_timeout(10_000)
    alice = sign_in_with_cookie(client, live_server, "alice@example.org")
    do_save_profile(alice, ALICE_ANSWERS)
    client.goto(link)
    expect(client.get_by_role("heading", name="An invitation from tess@example.org")).to_be_visible()
    for shown in ("sessions you did and the ones planned", "pain, pressure and feeling ratings",
                  "why a session stopped and why you skipped one", "self-test results and your progress"):
        expect(client.get_by_text(shown)).to_be_visible()
    expect(client.get_by_label("Also show which health conditions changed my plan")).not_to_be_checked()
    assert_accessible(client)
    client.get_by_role("button", name="Accept").click()
    expect(client.get_by_text("tess@example.org is now your teacher.")).to_be_visible()

    # The teacher gives her the Pilates series, every day, with a note.
    page.goto(live_server.url + "/coach")
    page.get_by_role("link", name="alice@example.org").click()
    expect(page.get_by_role("heading", level=1, name="alice@example.org")).to_be_visible()
    page.get_by_role("link", name="Give homework to alice@example.org").click()
    expect(page.get_by_role("heading", name="Homework for alice@example.org")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("A program").check()
    page.get_by_label("Program", exact=True).select_option(label="Pilates foot series")
    page.get_by_label("Times a week (1 to 7)").fill("7")
    page.get_by_label("Your note to alice@example.org").fill(NOTE)
    page.get_by_role("button", name="Give this homework").click()
    expect(page.get_by_text("Homework given to alice@example.org.")).to_be_visible()
    given = Assignment.objects.get()
    assert (given.link.client_id, given.program, given.times_per_week, given.note) == (
        alice.pk, "pilates-foot-series", 7, NOTE)

    # The client sees it on her plan as her teacher's, with the note, and starts it from there.
    client.goto(live_server.url + "/plan")
    homework = client.locator(".homework-given")
    expect(homework.get_by_role("heading", name="From tess@example.org: Pilates foot series")).to_be_visible()
    expect(homework.locator(".teacher-note")).to_have_text(NOTE)
    today = client.locator(".today .session").filter(has_text="From tess@example.org")
    today.get_by_role("link", name="Start Pilates foot series").click()
    expect(client).to_have_url(re.compile(r"/session/pilates-foot-series$"))
    client.goto(client.url + "?speed=40")
    client.get_by_role("button", name="Start").click()
    pause_when(client, "rest", "Towel self-massage")
    client.get_by_role("group", name=re.compile("^Pain")).get_by_role("button", name="8").click()
    expect(client.get_by_role("heading", name="Session stopped")).to_be_visible()
    expect(client.locator("#sync-status")).to_have_text("All sessions synced.")
    log = SessionLog.objects.of(alice).get()
    assert (log.program, log.stopped_reason, [e.pain for e in log.entries.all()]) == (
        "pilates-foot-series", "pain-over-7", [8])
    client.context.close()

    # Her teacher sees her first, the pain alert first on her card, and the session.
    page.goto(live_server.url + "/coach")
    cards = page.locator("ol.clients > li")
    expect(cards).to_have_count(2)
    first = cards.first
    expect(first.get_by_role("heading", level=2)).to_have_text("alice@example.org")
    expect(first.locator(".alert").first).to_have_text(re.compile(r"^Pain of 8/10 in a session on "))
    expect(first.get_by_role("table").get_by_role("row").nth(1)).to_contain_text("Pilates foot series")
    expect(first.get_by_role("table").get_by_role("row").nth(1)).to_contain_text("8/10")
    expect(cards.nth(1).get_by_role("heading", level=2)).to_have_text("bob@example.org")
    expect(cards.nth(1).locator(".alert")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="alice@example.org").click()
    sessions = page.get_by_role("table", name=re.compile("^The latest 1 session"))
    row = sessions.get_by_role("row").nth(1)
    expect(row.get_by_role("cell").nth(0)).to_have_text("Pilates foot series")
    expect(row.get_by_role("cell").nth(1)).to_have_text("8")
    expect(row.get_by_role("cell").nth(4)).to_have_text(re.compile("Pain"))
    expect(page.get_by_role("heading", name="Homework")).to_be_visible()
    expect(page.locator("blockquote")).to_have_text(NOTE)
    assert_accessible(page)
