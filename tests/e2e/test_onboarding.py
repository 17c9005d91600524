"""A new person signs up on a phone, answers the onboarding and lands on their plan."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_save_profile
from footcoach.library.content import get_library
from tests.e2e.support import PASSWORD, RequestLog, assert_accessible, sign_in_with_cookie

DIABETES = "Do you have diabetes, and has a clinician told you the feeling in your feet is reduced"
CLEARED = "A clinician has checked this and said exercise is fine"


def sign_up(page: Page, url: str, email: str) -> None:
    page.goto(url + "/accounts/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()


def test_it_walks_a_new_person_from_sign_up_to_a_plan_that_says_why_it_changed(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    sign_up(page, live_server.url, "dora@example.org")
    expect(page).to_have_url(re.compile(r"/start$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    assert_accessible(page)

    # A screen with a problem says which answer and what is allowed, and still passes axe.
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert")).to_contain_text("Year you were born: this field is required")
    assert_accessible(page)

    # Keyboard alone: type the year, Enter goes forward.
    page.get_by_label("Which year were you born?").focus()
    page.keyboard.type("1950")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What would you like from footcoach?")
    assert_accessible(page)
    page.get_by_label("Steadier balance").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Steadier balance")).to_be_checked()
    page.get_by_label("A break at the desk").click()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your health")
    assert_accessible(page)
    # The clearance question appears only once a red flag is ticked.
    expect(page.get_by_label(CLEARED)).to_be_hidden()
    red_flag = page.get_by_label("Do you have pain in one calf together with swelling")
    red_flag.check()
    expect(page.get_by_label(CLEARED)).to_be_visible()
    assert_accessible(page)
    red_flag.uncheck()
    expect(page.get_by_label(CLEARED)).to_be_hidden()
    page.get_by_label(DIABETES).check()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What you have, and your time")
    assert_accessible(page)
    # Back keeps what was answered.
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_label(DIABETES)).to_be_checked()
    page.get_by_role("button", name="Next").click()

    page.get_by_label("Soft ball").check()
    page.get_by_label("20 minutes").check()
    page.get_by_label("5 days").check()
    page.get_by_label("At home").check()
    page.get_by_label("Left foot").check()
    tile = page.locator("label.tile", has=page.get_by_label("20 minutes")).bounding_box()
    assert tile is not None and tile["height"] >= 48
    page.get_by_role("button", name="Save and see my plan").click()

    expect(page).to_have_url(re.compile(r"/plan$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your plan")
    # Sole Training is planned every training day, so today or the next day shows it with its changes.
    expect(page.get_by_role("link", name=re.compile("^Start")).first).to_be_visible()
    expect(page.get_by_text("Keep your shoes on, check your skin afterwards.").first).to_be_visible()
    expect(page.get_by_text("With reduced feeling you may not notice a cut").first).to_be_visible()
    expect(page.get_by_text("Next to a wall or chair.").first).to_be_visible()
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the plan scrolls sideways by {overflow}px"

    assert requests_seen.outside() == []


def test_it_asks_to_see_a_clinician_first_and_changes_nothing_until_cleared(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    sign_up(page, live_server.url, "erin@example.org")
    page.get_by_label("Which year were you born?").fill("1980")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Healthier feet in general").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Do you have an open wound, a sore, broken skin or an ulcer").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Towel").check()
    page.get_by_label("20 minutes").check()
    page.get_by_label("3 days").check()
    page.get_by_label("At a desk").check()
    page.get_by_label("Right foot").check()
    page.get_by_role("button", name="Save and see my plan").click()

    expect(page.get_by_role("heading", name="Please see a clinician first")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Start"))).to_have_count(0)
    assert_accessible(page)

    # The health screen opens on its own: the other answers stay as they were.
    page.get_by_role("link", name="A clinician has cleared me: change my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your health")
    page.get_by_label(CLEARED).check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Checked by a clinician")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Start")).first).to_be_visible()
    assert_accessible(page)
    assert requests_seen.outside() == []


def test_it_tells_of_an_urgent_red_flag_as_soon_as_the_health_screen_is_answered(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    calf = get_library().conditions["calf-pain-swelling"]
    sign_up(page, live_server.url, "gwen@example.org")
    page.get_by_label("Which year were you born?").fill("1948")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Healthier feet in general").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label(calf.question).check()
    page.get_by_role("button", name="Next").click()

    # The next screen opens with the notice in view, before any question.
    expect(page.get_by_role("heading", level=1)).to_have_text("What you have, and your time")
    heading = page.get_by_role("heading", name="Please see a clinician first")
    expect(heading).to_be_in_viewport()
    notice = page.locator("section.clinician")
    expect(notice.locator("li").first).to_contain_text(f"{calf.name}. {calf.advice}")
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0

    # It does not stop the person from finishing.
    page.get_by_label("Towel").check()
    page.get_by_label("10 minutes").check()
    page.get_by_label("3 days").check()
    page.get_by_label("At home").check()
    page.get_by_label("Left foot").check()
    page.get_by_role("button", name="Save and see my plan").click()
    expect(page).to_have_url(re.compile(r"/plan$"))
    expect(page.get_by_role("heading", name="Please see a clinician first")).to_be_visible()
    assert requests_seen.outside() == []


def test_the_labelled_evidence_beside_goals_and_health_questions_reads_well_when_opened(
    page: Page, live_server: Any
) -> None:
    sign_up(page, live_server.url, "fay@example.org")
    page.goto(live_server.url + "/start/goals")
    how = page.locator(".tile-box", has=page.get_by_label("Ready to run")).get_by_text("How we know")
    expect(page.locator(".tile-box", has=page.get_by_label("Ready to run")).locator("summary")) \
        .to_contain_text("Trial evidence")
    how.click()
    expect(page.get_by_text("In a trial of 118 runners")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/start/health")
    pregnancy = page.locator(".tile-box", has=page.get_by_label("Are you pregnant?"))
    pregnancy.get_by_text("Why we ask").click()
    expect(pregnancy.get_by_text("Traditional belief, not evidence")).to_be_visible()
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_a_person_with_a_plan_changes_their_minutes_on_one_screen(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, {
        "birth_year": 1980, "goals": ["general"], "conditions": [], "equipment": ["soft-ball"],
        "minutes_per_day": 10, "days_per_week": 5, "setting": "home", "start_side": "left",
        "cleared_by_clinician": False,
    })
    page.goto(live_server.url + "/plan")
    page.get_by_role("link", name="Change your time and equipment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What you have, and your time")
    expect(page.get_by_label("10 minutes")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("30 minutes").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/plan$"))
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved")
    alice.profile.refresh_from_db()
    assert alice.profile.minutes_per_day == 30
