"""A teacher runs a program for a room in class mode: big step name, timer and
cue, the whole session through, and nothing logged or sent for anyone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from footcoach.accounts.models import User
from footcoach.core.loader import load_library
from footcoach.training.models import SessionLog
from tests.e2e.support import RequestLog, assert_accessible, cues_shown, record_cues, sign_in_with_cookie

LIBRARY = load_library()


def test_a_teacher_runs_a_class_to_the_end_and_nothing_is_logged(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    teacher = sign_in_with_cookie(page, live_server, "tess@example.org")
    User.objects.filter(pk=teacher.pk).update(is_teacher=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    record_cues(page)
    page.goto(live_server.url + "/coach/class/sole-training?speed=40")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sole Training, five minutes")
    expect(page.locator("#class-note")).to_contain_text("nothing is saved for anyone")
    assert_accessible(page)

    page.get_by_role("button", name="Start").click()
    expect(page.locator("#step-name")).to_have_text("Toe fan")
    # Read from across the room: the number and the cue are far larger than on a phone.
    assert page.locator("#count").evaluate("e => parseFloat(getComputedStyle(e.parentElement).fontSize)") >= 96
    assert page.locator("#cue").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 25
    # No one in the room is asked to rate, and no step asks why it was skipped.
    expect(page.locator("#rate-panel")).to_be_hidden()
    expect(page.get_by_role("button", name="Skip this step")).to_be_hidden()

    expect(page.get_by_role("heading", name="Session done")).to_be_visible(timeout=60_000)
    toe_fan = LIBRARY.exercises["toe-fan"].cues
    assert cues_shown(page, "Toe fan", toe_fan)[:1] == [toe_fan[0]]
    expect(page.get_by_role("group", name="How did it feel? 0 awful · 10 great")).to_be_hidden()
    expect(page.locator("#sync-status")).to_be_hidden()
    assert_accessible(page)
    kept = page.evaluate("""async () => {
        const names = (await indexedDB.databases()).map((d) => d.name);
        return names;
    }""")
    assert not [url for url in requests_seen.urls if "/api/logs" in url]
    assert kept == []
    assert SessionLog.objects.count() == 0
