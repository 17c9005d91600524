"""The plan page on a phone, as a 70-year-old with morning heel pain reads it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.library.content import get_library
from footcoach.training.actions import do_record_logs
from tests.e2e.support import assert_accessible, sign_in_with_cookie, wait_for_offline_copy

# Morning heel pain at 70, a soft ball and a towel, 15 minutes a day.
HEEL_PAIN = {
    "birth_year": timezone.localdate().year - 70, "goals": ["heel-pain"], "conditions": ["plantar-heel-pain"],
    "equipment": ["soft-ball", "towel"], "minutes_per_day": 15, "days_per_week": 7, "setting": "home",
    "start_side": "left", "cleared_by_clinician": False,
}
PHONE = {"width": 390, "height": 844}


def heel_pain_person(page: Page, live_server: Any) -> User:
    page.set_viewport_size(PHONE)
    person = sign_in_with_cookie(page, live_server)
    do_save_profile(person, HEEL_PAIN)
    return person


def log_today(person: User, program: str, stopped_reason: str | None = None, minutes_ago: int = 30) -> None:
    start = timezone.now() - timedelta(minutes=minutes_ago)
    exercise = next(item.exercise for item in get_library().programs[program].items if getattr(item, "exercise", None))
    assert len(do_record_logs(person, [{
        "id": str(uuid.uuid4()), "program": program, "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=5)).isoformat(), "stopped_reason": stopped_reason,
        "entries": [{"exercise": exercise, "side": "left", "reps": 8, "pain": 8, "skipped": False}],
    }]).stored) == 1


def today(page: Page) -> Any:
    return page.locator("section.today")


def test_today_fits_in_two_phone_screens_and_says_what_changed_once(page: Page, live_server: Any) -> None:
    heel_pain_person(page, live_server)
    page.goto(live_server.url + "/plan")
    expect(today(page).get_by_role("link", name="Start").first).to_be_in_viewport()
    bottom = page.evaluate("(() => { const r = document.querySelector('section.today').getBoundingClientRect();"
                           " return r.bottom + window.scrollY; })()")
    assert bottom <= 2 * PHONE["height"], f"today ends {bottom:.0f}px down, past two screens of {PHONE['height']}px"
    expect(page.get_by_text("Next to a wall or chair", exact=False)).to_have_count(1)
    # The evidence is still there for each piece of advice, folded until asked for.
    advice = page.locator("section.advice")
    expect(advice.locator("details.how-we-know summary .label").first).to_be_visible()
    advice.locator("details.how-we-know summary").first.click()
    expect(advice.locator(".claims .source").first).to_be_visible()
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the plan scrolls sideways by {overflow}px"


def test_a_session_stopped_for_pain_says_so_and_starts_again_only_on_a_second_step(
    page: Page, live_server: Any
) -> None:
    person = heel_pain_person(page, live_server)
    page.goto(live_server.url + "/plan")
    card = today(page).locator("article.session").first
    program = card.get_attribute("data-program")
    assert program
    log_today(person, program, "sharp-pain")

    page.reload()
    card = today(page).locator(f"article.session[data-program='{program}']")
    expect(card).to_contain_text("You stopped this session at")
    expect(card).to_contain_text("sharp pain")
    expect(card).to_contain_text(get_library().stop_rules["sharp-pain"].what_to_do.split(".")[0])
    again = card.get_by_role("link", name="Start again now")
    expect(again).to_be_hidden()
    assert_accessible(page)
    card.get_by_text("Start it again today anyway").click()
    expect(again).to_be_visible()
    assert again.get_attribute("href") == f"/session/{program}"
    assert_accessible(page)


def test_a_session_beyond_the_plan_shows_today_and_in_the_week(page: Page, live_server: Any) -> None:
    person = heel_pain_person(page, live_server)
    page.goto(live_server.url + "/plan")
    planned = {card.get_attribute("data-program") for card in today(page).locator("article.session").all()}
    extra = next(p for p in sorted(get_library().programs) if p not in planned)
    log_today(person, extra)
    page.reload()
    name = get_library().programs[extra].name
    expect(today(page).locator(".extra")).to_have_text(f"Also today, beyond the plan: {name}, done.")
    expect(page.get_by_text("1 session done of")).to_be_visible()
    page.get_by_text("Day by day").click()
    expect(page.locator(".week li[aria-current='date']")).to_contain_text(f"Done {name} (beyond the plan)")
    assert_accessible(page)


def test_offline_the_plan_says_it_is_the_saved_copy_and_shows_a_session_done_on_the_phone(
    page: Page, live_server: Any
) -> None:
    heel_pain_person(page, live_server)
    page.goto(live_server.url + "/plan")
    expect(page.locator(".saved-copy")).to_be_hidden()
    wait_for_offline_copy(page)
    card = today(page).locator("article.session").first
    program = card.get_attribute("data-program")

    page.context.set_offline(True)
    # A session finished in the player while offline waits in this phone's outbox, as sync.js keeps it.
    page.evaluate("""async (program) => {
        const { openStore } = await import("/static/footcoach/sync.js");
        const store = await openStore();
        const start = new Date(Date.now() - 10 * 60 * 1000);
        const log = { id: crypto.randomUUID(), program, started_at: start.toISOString(),
                      ended_at: new Date().toISOString(), stopped_reason: null, feeling: null, note: "",
                      entries: [{ exercise: "x", side: "left", reps: 8, skipped: false }] };
        await store.put("outbox", log.id, log);
    }""", program)
    page.reload()
    notice = page.locator(".saved-copy")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("You are offline. This is your plan as this phone saved it at")
    card = today(page).locator(f"article.session[data-program='{program}']")
    expect(card).to_contain_text("Done today on this phone, at")
    expect(card.get_by_role("link", name="Start", exact=False)).to_be_hidden()
    assert_accessible(page)
