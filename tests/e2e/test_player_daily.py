"""The player as a 70-year-old with heel pain uses it every morning on a
phone: time to get into place before every step, a label that says what the
body does, the soft ball named and drawn when it stands in for the spiky one,
a picture large enough to read from the floor, keys that press what has
focus, nothing cut off on a narrow phone, what to fetch before starting, and
a sync line that tells the truth."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from footcoach.accounts.actions import do_save_profile
from footcoach.core.loader import load_library
from footcoach.core.session import PHONE_DOWN_SECONDS
from tests.e2e.support import assert_accessible, sign_in_with_cookie

LIBRARY = load_library()

# A 70-year-old with morning heel pain on blood thinners, who has both balls:
# the safety rules swap the spiky ball for the soft one.
HEEL_PAIN_ON_BLOOD_THINNERS = {
    "birth_year": 1956, "goals": ["heel-pain"], "conditions": ["anticoagulants"],
    "equipment": ["spiky-ball", "soft-ball", "towel"], "minutes_per_day": 15, "days_per_week": 7,
    "setting": "home", "start_side": "left", "cleared_by_clinician": False,
}

# Every visible element inside the viewport's width, and no text spilling
# out of its own box (a button too narrow for its label).
CUT_OFF = """() => {
    const width = document.documentElement.clientWidth;
    const cut = [];
    if (document.documentElement.scrollWidth > width) cut.push(`page ${document.documentElement.scrollWidth}px wide`);
    for (const element of document.querySelectorAll(".player *")) {
        const box = element.getBoundingClientRect();
        if (!element.checkVisibility() || box.width === 0 || element.closest(".visually-hidden")) continue;
        const name = `${element.tagName.toLowerCase()}#${element.id} "${element.textContent.trim().slice(0, 30)}"`;
        if (box.left < -0.5 || box.right > width + 0.5) cut.push(`${name} at ${box.left}-${box.right}`);
        if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== "visible") {
            cut.push(`${name} scrolls its content`);
        }
        if (element.matches("button") && element.scrollWidth > element.clientWidth + 1) {
            cut.push(`${name} is too narrow for its label`);
        }
    }
    return cut;
}"""

# The bottom of an element against the top of the sticky dock.
ABOVE_DOCK = """(element) => {
    const dock = document.querySelector(".dock").getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= Math.min(dock.top, window.innerHeight) + 0.5;
}"""


def start(page: Page, live_server: Any, program: str, query: str = "") -> None:
    page.goto(f"{live_server.url}/session/{program}{query}")
    page.get_by_role("button", name="Start").click()


def pass_the_reach_check(page: Page) -> None:
    page.get_by_label("Forward-fold reach, in cm").fill("12")
    page.get_by_role("button", name="Save and go on").click()


def assert_nothing_cut(page: Page, where: str) -> None:
    assert page.evaluate(CUT_OFF) == [], where


def assert_above_dock(locator: Locator) -> None:
    for element in locator.all():
        assert element.evaluate(ABOVE_DOCK), f"{element.inner_text()!r} is under the dock or off the screen"


def test_it_gives_time_to_get_ready_before_a_counted_step_and_shows_it_apart_from_the_count(
    page: Page, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server)
    start(page, live_server, "sole-training")
    clock = page.locator("#clock")
    expect(page.locator("#step-name")).to_have_text("Toe fan")
    expect(page.locator("#phase")).to_have_text("Get ready")
    expect(clock).to_have_attribute("data-phase", "ready")
    # Time to put the phone down and get into place, not half a second.
    assert int(page.locator("#count").inner_text()) >= PHONE_DOWN_SECONDS - 1
    expect(page.locator("#count-unit")).to_have_text("seconds")
    ready_look = clock.evaluate("(c) => [getComputedStyle(c).backgroundColor, getComputedStyle(c).borderStyle]")

    page.keyboard.press("n")
    expect(page.locator("#phase")).to_have_text("Count")
    expect(page.locator("#count")).to_have_text("1")
    expect(page.locator("#count-unit")).to_have_text(re.compile("^of 4"))
    count_look = clock.evaluate("(c) => [getComputedStyle(c).backgroundColor, getComputedStyle(c).borderStyle]")
    assert ready_look[0] != count_look[0] and ready_look[1] == "dashed" != count_look[1]
    assert_accessible(page)


def test_a_slow_heel_raise_is_counted_slower_than_a_toe_lift(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    seconds_per_rep = {}
    for program, exercise in [("sole-training", "heel-raise"), ("pilates-foot-series", "toe-extension")]:
        page.goto(f"{live_server.url}/session/{program}")
        steps = page.evaluate("JSON.parse(document.getElementById('session-data').textContent).steps")
        step = next(s for s in steps if s["ref"] == exercise)
        seconds_per_rep[exercise] = step["rep_seconds"]
        assert step["get_ready_seconds"] + step["switch_seconds"] > 0
    assert seconds_per_rep["heel-raise"] == LIBRARY.exercises["heel-raise"].rep_seconds
    assert seconds_per_rep["heel-raise"] > seconds_per_rep["toe-extension"]


def test_a_moving_exercise_says_what_the_body_does_instead_of_hold(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    start(page, live_server, "ball-rolling")
    expect(page.locator("#step-name")).to_have_text("Roll the heel")
    page.keyboard.press("n")
    expect(page.locator("#phase")).to_have_text("Roll")
    expect(page.locator("#announce")).to_have_text(re.compile(r"roll 60 seconds$"))
    page.keyboard.press("Space")
    expect(page.locator("#phase")).to_have_text("Paused · Roll")

    start(page, live_server, "pilates-foot-series")
    expect(page.locator("#step-name")).to_have_text("Towel self-massage")
    page.keyboard.press("n")
    expect(page.locator("#phase")).to_have_text("Move")


def test_the_soft_ball_that_stands_in_for_the_spiky_one_is_named_and_drawn(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, HEEL_PAIN_ON_BLOOD_THINNERS)
    start(page, live_server, "spiky-ball-release")
    pass_the_reach_check(page)
    expect(page.locator("#step-name")).to_have_text("Heel on the soft ball")
    expect(page.locator("#mods")).to_contain_text("Soft ball instead of the spiky ball")
    # The picture's title and description name the ball it draws.
    picture = page.locator("#picture svg")
    expect(picture).to_have_accessible_name(re.compile("^Heel on the soft ball .*a soft ball under it"))
    expect(picture).not_to_have_accessible_name(re.compile("spiky", re.IGNORECASE))
    # And it draws the pale, smooth soft ball, not the green spiky one.
    drawing = picture.evaluate("(svg) => svg.outerHTML")
    assert 'fill="#dde7f1"' in drawing and "#6fae98" not in drawing
    # Nothing the person reads or hears on the way names the spiky ball.
    steps = page.evaluate("JSON.parse(document.getElementById('session-data').textContent).steps")
    assert not [s["name"] for s in steps if "spiky" in " ".join([s["name"], *s["cues"]]).lower()]


def test_the_picture_is_the_largest_thing_after_the_clock_and_the_clock_and_cue_clear_the_dock(
    page: Page, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server)
    start(page, live_server, "ball-rolling")
    page.keyboard.press("n")
    expect(page.locator("#phase")).to_have_text("Roll")
    picture = page.locator("#picture svg").bounding_box()
    clock = page.locator("#clock").bounding_box()
    assert picture is not None and clock is not None
    # Today's 105 x 140 px drawing was too small to read from the floor.
    assert picture["height"] >= 200, picture
    others = ["#side", "#step-name", "#cue", ".topline", "#skip"]
    for selector in others:
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["height"] < picture["height"] < clock["height"] * 2, selector
    assert_above_dock(page.locator("#clock, #cue"))


# Holds back the page's opening of its store on the device until the test lets
# it through, as a slow phone would.
SLOW_STORE = """
    window.storeOpens = new Promise((resolve) => { window.openStore = resolve; });
    const realOpen = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
        const request = realOpen.apply(this, args);
        request.addEventListener("success", (event) => {
            if (event.isTrusted) {
                event.stopImmediatePropagation();
                window.storeOpens.then(() => request.dispatchEvent(new Event("success")));
            }
        });
        return request;
    };
"""


def test_a_tap_on_start_while_the_page_is_still_opening_is_kept(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    page.add_init_script(SLOW_STORE)
    page.goto(f"{live_server.url}/session/ball-rolling")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#phase")).to_have_text("")
    page.evaluate("window.openStore()")
    expect(page.locator("#phase")).to_have_text("Get ready")


def test_space_on_a_focused_button_presses_that_button_and_pauses_only_when_nothing_has_focus(
    page: Page, live_server: Any
) -> None:
    sign_in_with_cookie(page, live_server)
    start(page, live_server, "ball-rolling")
    expect(page.locator("#phase")).to_have_text("Get ready")
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Space")
    expect(page.locator("#phase")).to_have_text("Roll")
    # The letter shortcuts wait too while a control has focus.
    page.keyboard.press("b")
    expect(page.locator("#phase")).to_have_text("Roll")

    page.get_by_role("button", name="Skip this step").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("group", name="Why skip it?")).to_be_visible()
    expect(page.locator("#phase")).to_have_text("Roll")
    page.keyboard.press("Space")
    expect(page.get_by_role("group", name="Why skip it?")).to_be_hidden()

    page.get_by_role("button", name="Next").click()
    expect(page.locator("#phase")).to_have_text("Rest")
    pain_2 = page.get_by_role("group", name=re.compile("^Pain during")).get_by_role("button", name="2")
    pain_2.focus()
    page.keyboard.press("Space")
    expect(pain_2).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#phase")).to_have_text("Rest")

    # With no control focused, Space is the pause shortcut.
    page.locator("#step-name").focus()
    page.keyboard.press("Space")
    expect(page.locator("#phase")).to_have_text("Paused · Rest")

    page.get_by_role("button", name="Sharp pain").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Session stopped")).to_be_visible()


def test_nothing_is_cut_off_or_under_the_dock_from_320_px_to_desktop(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, HEEL_PAIN_ON_BLOOD_THINNERS)
    for width, height in [(320, 640), (360, 780), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/session/spiky-ball-release")
        page.evaluate("indexedDB.deleteDatabase('footcoach')")
        page.reload()
        assert_nothing_cut(page, f"start screen at {width}")
        page.get_by_role("button", name="Start").click()
        assert_nothing_cut(page, f"reach check at {width}")
        pass_the_reach_check(page)
        expect(page.locator("#phase")).to_have_text("Get ready")
        assert_nothing_cut(page, f"get ready at {width}")

        page.get_by_role("button", name="Skip this step").click()
        reasons = page.get_by_role("group", name="Why skip it?").get_by_role("button")
        expect(reasons).to_have_count(4)
        assert_above_dock(reasons)
        assert_nothing_cut(page, f"skip reasons at {width}")
        page.get_by_role("button", name="Skip this step").click()

        page.locator("#step-name").focus()
        page.keyboard.press("n")
        page.keyboard.press("n")
        expect(page.locator("#phase")).to_have_text("Rest")
        page.keyboard.press("Space")
        expect(page.locator("#pressure-scale")).to_be_visible()
        assert_nothing_cut(page, f"ratings at {width}")
        assert_above_dock(page.locator("#rate-panel button"))
        assert_accessible(page)

        page.get_by_role("button", name="End the session early").click()
        page.get_by_role("button", name="End now").click()
        expect(page.get_by_role("heading", name="Session ended early")).to_be_visible()
        assert_nothing_cut(page, f"finish at {width}")


def test_the_start_screen_says_what_to_fetch_and_how_many_minutes_it_takes(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    page.goto(f"{live_server.url}/session/spiky-ball-release")
    needed = page.get_by_role("list", name="What you need").get_by_role("listitem")
    expect(needed).to_have_text(["Ruler or tape measure, for the reach check", "Spiky ball", "Wall or chair"])
    expect(page.locator("#session-length")).to_contain_text(re.compile(r"^About 1\d minutes, 13 steps\."))
    assert_accessible(page)

    do_save_profile(alice, HEEL_PAIN_ON_BLOOD_THINNERS)
    page.reload()
    expect(needed).to_have_text(["Ruler or tape measure, for the reach check", "Soft ball", "Wall or chair"])


def test_offline_the_finish_screen_counts_the_session_waiting_on_the_device(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    page.goto(f"{live_server.url}/session/sole-training?speed=60")
    expect(page.locator("#sync-status")).to_have_text("All sessions synced.")
    page.get_by_role("button", name="Start").click()
    page.context.set_offline(True)
    page.context.route("**/api/logs/sync", lambda route: route.abort("internetdisconnected"))

    expect(page.get_by_role("heading", name="Session done")).to_be_visible(timeout=30_000)
    status = page.locator("#sync-status")
    expect(status).to_have_text("1 session waiting to sync. Offline: it will sync when you are back online.")

    page.get_by_role("group", name=re.compile("^How did it feel")).get_by_role("button", name="7").click()
    expect(page.locator("#finish-saved")).to_have_text("Saved on this device.")
    expect(status).to_contain_text("1 session waiting to sync.")

    page.context.unroute("**/api/logs/sync")
    page.context.set_offline(False)
    expect(status).to_have_text("All sessions synced.", timeout=15_000)
    logs = page.request.get(live_server.url + "/api/logs").json()
    assert [log["feeling"] for log in logs] == [7]
