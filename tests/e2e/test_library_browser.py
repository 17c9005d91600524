"""A person on a phone finds an exercise in the library and learns it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from footcoach.core.loader import load_library
from footcoach.core.schemas import GoalId
from tests.e2e.support import RequestLog, assert_accessible

LIBRARY = load_library()


def assert_on_screen(page: Page, selector: str) -> None:
    """The element's top edge is inside the phone's screen as the page now stands."""
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    assert box is not None and 0 <= box["y"] < height, f"{selector} is at {box}, outside the {height}px screen"


def test_it_filters_the_library_and_opens_an_exercise_with_its_picture(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    page.goto(live_server.url + "/library")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercise library")
    assert_accessible(page)

    page.get_by_label("Part of the foot").select_option(label="Toes")
    page.get_by_label("Position").select_option(label="Standing")
    page.get_by_role("button", name="Show exercises").click()

    expect(page.locator("#result-count")).to_contain_text("exercises match")
    names = page.locator(".result-name").all_inner_texts()
    assert "Toe fan" in names and "Towel self-massage" not in names
    assert_accessible(page)

    page.get_by_role("link", name="Toe fan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toe fan")
    picture = page.get_by_role("img", name="Toe fan")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    assert box is not None and box["width"] >= 250, "the picture should fill a phone's width"
    expect(page.get_by_text("Sole Training, five minutes").first).to_be_visible()
    expect(page.get_by_text("Expert or teacher practice").first).to_be_visible()
    assert_accessible(page)

    assert requests_seen.outside() == []


def test_it_fits_a_phone_screen_without_sideways_scrolling(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/library")
    # The site's own stylesheet loaded: large base text and full-width touch targets.
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "18px"
    select = page.get_by_label("Part of the foot").bounding_box()
    assert select is not None and select["height"] >= 48
    for path in ("/", "/library", "/library/programs/spiky-ball-release", "/library/exercises/heel-raise",
                 "/library/tests/single-leg-stance", "/library/programs/ball-rolling"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_every_kind_of_page_passes_axe(page: Page, live_server: Any, requests_seen: RequestLog) -> None:
    for path in ("/", "/library/programs/spiky-ball-release", "/library/programs/ball-rolling",
                 "/library/tests", "/library/tests/heel-raise-count", "/library/evidence",
                 "/accounts/signin", "/accounts/signup", "/library?region=knee"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    assert requests_seen.outside() == []


def test_it_can_be_used_with_the_keyboard_alone(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/library")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the content")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("Search").focus()
    page.keyboard.type("towel")
    page.keyboard.press("Enter")
    expect(page.locator(".result-name").filter(has_text="Towel self-massage")).to_be_visible()
    expect(page.locator(".result-name").filter(has_text="Toe fan")).to_have_count(0)


def test_it_serves_the_api_docs_without_outside_requests(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    page.goto(live_server.url + "/api/docs")
    expect(page.get_by_text("footcoach API").first).to_be_visible()
    assert requests_seen.outside() == []


def test_our_default_dose_is_a_roomy_label_on_its_own_line(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/library/exercises/ball-roll-heel")
    tag = page.locator(".facts .tag")
    expect(tag).to_have_text("Our default")
    dose = page.locator(".facts .dose").bounding_box()
    box = tag.bounding_box()
    assert dose is not None and box is not None
    assert box["y"] >= dose["y"] + dose["height"], "the label has a line of its own"
    room = tag.evaluate("""(tag) => {
        const style = getComputedStyle(tag);
        return { padding: parseFloat(style.paddingLeft), top: parseFloat(style.paddingTop),
                 lineHeight: parseFloat(style.lineHeight), height: tag.clientHeight };
    }""")
    assert room["padding"] >= 8 and room["top"] >= 4, room
    assert room["height"] < 2 * room["lineHeight"] + 2 * room["top"], "the label's words fit on one line"
    assert_accessible(page)


def test_it_shows_the_results_where_the_person_is_looking_after_filtering(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/library")
    page.get_by_label("Part of the foot").select_option(label="Toes")
    page.get_by_role("button", name="Show exercises").click()
    expect(page.locator("#result-count")).to_contain_text("exercises match")
    # The count and the first result are on screen, not below the form.
    assert_on_screen(page, "#result-count")
    assert_on_screen(page, ".result")
    count = page.locator("#result-count").bounding_box()
    assert count is not None and count["y"] + count["height"] <= 780
    assert_accessible(page)


def test_a_search_for_plantar_fasciitis_finds_the_heel_pain_program(page: Page, live_server: Any) -> None:
    best = LIBRARY.programs[LIBRARY.goals[GoalId.HEEL_PAIN].programs[0]]
    page.goto(live_server.url + "/library")
    page.get_by_label("Search").fill("plantar fasciitis")
    page.get_by_label("Search").press("Enter")
    found = page.locator("#results").get_by_role("link", name=best.name, exact=True)
    expect(found).to_be_visible()
    assert_on_screen(page, "#results .found-programs a")
    expect(page.locator("#results .found-programs a").first).to_have_text(best.name)
    expect(page.locator("#result-count")).to_contain_text("exercises match")
    assert_accessible(page)
    found.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(best.name)
