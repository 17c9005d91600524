"""With the phone on the floor nothing can be scrolled: at 360x780 Pause, Back,
Next and the ratings are all on screen and none is under the stop rules."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from footcoach.accounts.actions import do_save_profile
from tests.e2e.conftest import PHONE
from tests.e2e.support import assert_accessible, sign_in_with_cookie

# The point at the centre of an element belongs to it, not to anything on top.
ON_TOP = """(element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return element.contains(hit);
}"""


def assert_in_reach(page: Page, buttons: Locator) -> None:
    stop_bar = page.locator(".stop-bar").bounding_box()
    assert stop_bar is not None
    assert buttons.count() > 0
    for button in buttons.all():
        box = button.bounding_box()
        name = button.inner_text()
        assert box is not None, name
        assert 0 <= box["y"] and box["y"] + box["height"] <= stop_bar["y"], (name, box, stop_bar)
        assert stop_bar["y"] + stop_bar["height"] <= PHONE["height"]
        assert button.evaluate(ON_TOP), f"{name} is covered"


def controls(page: Page) -> Locator:
    return page.get_by_role("group", name="Session controls").get_by_role("button")


def ratings(page: Page) -> Locator:
    return page.locator("#rate-panel button:visible")


def test_the_controls_and_ratings_are_never_under_the_stop_bar(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    # A change to the exercise is one more line on the screen of a one-foot step.
    do_save_profile(alice, {
        "birth_year": 1980, "goals": ["desk-break"], "conditions": ["foot-numbness"], "equipment": ["soft-ball"],
        "minutes_per_day": 20, "days_per_week": 5, "setting": "desk", "start_side": "right",
        "cleared_by_clinician": False,
    })
    page.goto(live_server.url + "/session/ball-rolling")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#side")).to_have_text("Right foot")
    expect(page.locator("#mods")).to_be_visible()
    assert_in_reach(page, controls(page))
    page.keyboard.press("n")
    expect(page.locator("#phase")).to_have_text("Roll")
    assert_in_reach(page, controls(page))
    page.keyboard.press("Space")
    expect(page.locator("#phase")).to_have_text("Paused · Roll")
    assert_in_reach(page, controls(page))

    page.keyboard.press("Space")
    page.keyboard.press("n")
    expect(page.locator("#phase")).to_have_text("Rest")
    expect(page.locator("#pressure-scale")).to_be_visible()
    assert_in_reach(page, controls(page))
    assert_in_reach(page, ratings(page))
    page.keyboard.press("Space")
    expect(page.locator("#phase")).to_have_text("Paused · Rest")
    assert_in_reach(page, controls(page))
    assert_in_reach(page, ratings(page))
    assert_accessible(page)
    assert page.evaluate("window.scrollY") == 0


def test_reaching_for_a_rating_near_the_end_of_the_rest_leaves_time_for_the_next(
    page: Page, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/session/ball-rolling?speed=20")
    page.get_by_role("button", name="Start").click()
    # The page pauses itself late in the rest, so the test never races the clock;
    # at this speed a tick is 4 seconds of the session, so the last 4 are always seen.
    page.wait_for_function(
        """() => {
            const clock = document.getElementById("clock");
            const left = Number(document.getElementById("count").textContent);
            if (clock.dataset.phase !== "rest" || left > 4) return false;
            if (clock.dataset.paused !== "true") document.getElementById("pause").click();
            return true;
        }""",
        polling="raf",
        timeout=30_000,
    )
    expect(page.locator("#phase")).to_have_text("Paused · Rest")
    step = int(page.locator("#progress").inner_text().split()[1])
    pain = page.get_by_role("group", name=re.compile("^Pain"))
    pain.get_by_role("button", name="2", exact=True).click()
    expect(page.locator("#count")).to_have_text("6")
    expect(pain.get_by_role("button", name="2", exact=True)).to_have_attribute("aria-pressed", "true")
    # With time left the rating changes nothing; the rest still ends by itself.
    page.get_by_role("group", name=re.compile("^Pressure")).get_by_role("button", name="4", exact=True).click()
    expect(page.locator("#count")).to_have_text("6")
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#progress")).to_have_text(f"Step {step + 1} of 8")


def test_a_pain_of_6_asks_to_ease_off_and_the_session_goes_on_with_the_ratings_in_reach(
    page: Page, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/session/ball-rolling")
    page.get_by_role("button", name="Start").click()
    page.keyboard.press("n")
    page.keyboard.press("n")
    expect(page.locator("#phase")).to_have_text("Rest")
    page.get_by_role("group", name=re.compile("^Pain during that exercise")).get_by_role("button", name="6").click()
    expect(page.locator("#cue")).to_have_text(
        "Ease off for the rest of this session: less pressure, a smaller movement, or skip a step that hurts."
    )
    expect(page.get_by_role("heading", name="Session stopped")).to_be_hidden()
    assert_in_reach(page, controls(page))
    assert_in_reach(page, ratings(page))
    page.locator("#step-name").focus()
    page.keyboard.press("n")
    expect(page.locator("#clock")).not_to_have_attribute("data-phase", "rest")
    expect(page.locator("#cue")).not_to_contain_text("Ease off")
