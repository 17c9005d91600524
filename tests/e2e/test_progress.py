"""Recording self-tests on a phone and seeing them on /progress."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.progress.models import SelfTestResult
from footcoach.training.models import SessionLog
from tests.e2e.support import assert_accessible, sign_in_with_cookie, wait_for_offline_copy
from tests.plan_support import ALICE_ANSWERS
from tests.training.support import make_log


def results(person: User) -> list[tuple[str, str, float]]:
    return sorted(SelfTestResult.objects.of(person).values_list("test", "side", "value"))


def time_one_try(page: Page, press_space: bool = False) -> None:
    """Start the stopwatch, wait until it shows a whole second, and stop it."""
    button = page.locator("#stopwatch-button")
    if press_space:
        button.focus()
        page.keyboard.press("Space")
    else:
        button.click()
    expect(button).to_have_text("Stop")
    expect(page.locator("#stopwatch-time")).to_have_text(re.compile(r"^[1-9]"))
    if press_space:
        page.keyboard.press("Space")
    else:
        button.click()
    expect(page.get_by_role("status").filter(has_text="Try 1:")).to_be_visible()


def test_a_person_times_each_foot_and_sees_both_on_the_chart_and_in_its_table(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, ALICE_ANSWERS)
    page.goto(live_server.url + "/progress/tests/single-leg-stance")
    expect(page.get_by_label("Left foot")).to_be_checked()
    assert_accessible(page)

    time_one_try(page)
    best = page.get_by_label("Your best time, in seconds").input_value()
    assert int(best) >= 1
    page.get_by_role("button", name="Save result").click()
    status = page.locator("#record-status")
    seconds = "1 second" if best == "1" else f"{best} seconds"
    expect(status).to_contain_text(f"Saved: {seconds} for your left foot today.")
    # The right foot is next, and the keyboard works the stopwatch as well as a tap.
    expect(page.get_by_label("Right foot")).to_be_checked()
    expect(page.locator("#stopwatch-button")).to_have_text("Start try 1")
    time_one_try(page, press_space=True)
    page.get_by_role("button", name="Save result").click()
    expect(status).to_contain_text("for your right foot today.")

    chart = page.get_by_role("img", name="Chart of your single-leg balance results over time")
    expect(chart).to_be_visible()
    expect(chart.locator(".legends text")).to_have_text(["Left foot", "Right foot"])
    page.get_by_text("Single-leg balance: the chart as a table").click()
    table = page.get_by_role("table", name="Your latest results, newest first")
    expect(table.get_by_role("columnheader")).to_have_text(["Day", "Left foot", "Right foot"])
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("cell").nth(0)).to_have_text(re.compile(r"^(1 second|[1-9]\d* seconds)$"))
    assert [(test, side) for test, side, _ in results(alice)] == [
        ("single-leg-stance", "left"),
        ("single-leg-stance", "right"),
    ]

    page.goto(live_server.url + "/progress")
    expect(page.get_by_role("img", name="Chart of your single-leg balance results over time")).to_be_visible()
    assert_accessible(page)


def test_a_result_saved_offline_waits_on_the_phone_and_reaches_the_server_once(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    do_save_profile(alice, ALICE_ANSWERS)
    page.goto(live_server.url + "/progress/tests/knee-to-wall")
    wait_for_offline_copy(page)

    page.context.set_offline(True)
    # Chromium's offline emulation can miss a request already queued when it
    # starts; refusing the sync route as well makes "offline" airtight.
    page.context.route("**/api/results/sync", lambda route: route.abort("internetdisconnected"))
    page.get_by_label("Right foot").check()
    page.get_by_label("Your result, in cm").fill("9,5")
    page.get_by_role("button", name="Save result").click()
    status = page.locator("#record-status")
    expect(status).to_contain_text("1 result saved on this phone, waiting to be sent.")
    assert results(alice) == []

    # Kept on the phone: the page as the phone saved it still knows it is waiting.
    page.reload()
    expect(status).to_contain_text("1 result saved on this phone, waiting to be sent.")

    page.context.unroute("**/api/results/sync")
    page.context.set_offline(False)
    expect(status).to_have_text("All your results are saved on footcoach.", timeout=15_000)
    assert results(alice) == [("knee-to-wall", "right", 9.5)]
    assert SelfTestResult.objects.of(alice).get().uid is not None
    expect(page.locator("#your-results")).to_contain_text("9.5 cm")


def test_a_count_is_kept_with_a_counter_and_a_mistake_taken_back(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/progress/tests/heel-raise-count")
    add = page.get_by_role("button", name="Add one")
    for expected in ("1", "2", "3"):
        add.click()
        expect(page.locator("#count")).to_have_text(expected)
    page.get_by_role("button", name="Take one away, to correct").click()
    expect(page.get_by_label("Your count of full rises")).to_have_value("2")
    page.get_by_role("button", name="Save result").click()
    expect(page.locator("#record-status")).to_contain_text("Saved: 2 times for your left foot today.")
    assert results(alice) == [("heel-raise-count", "left", 2.0)]
    assert_accessible(page)


def test_every_record_page_and_the_empty_progress_page_pass_axe(page: Page, live_server: Any) -> None:
    sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/progress")
    expect(page.get_by_role("link", name="Record your first result")).to_have_count(6)
    assert_accessible(page)
    for test in ("forward-fold-reach", "toe-control", "first-step-pain"):
        page.goto(f"{live_server.url}/progress/tests/{test}")
        expect(page.get_by_role("heading", name="Record your result")).to_be_visible()
        assert_accessible(page)


def test_a_phone_that_kept_logs_before_results_existed_keeps_and_sends_them_and_records_results(
    page: Page, live_server: Any
) -> None:
    alice = sign_in_with_cookie(page, live_server)
    log = make_log()
    # A page of the site that runs none of its scripts, to lay out the store as it was.
    page.goto(live_server.url + "/static/footcoach/site.css")
    page.evaluate(
        """([name, log]) => new Promise((resolve, reject) => {
            const open = indexedDB.open(name, 1);
            open.onupgradeneeded = () => {
                for (const store of ["sessions", "outbox", "refused"]) open.result.createObjectStore(store);
            };
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const db = open.result;
                const transaction = db.transaction("outbox", "readwrite");
                transaction.objectStore("outbox").put(log, log.id);
                transaction.oncomplete = () => { db.close(); resolve(); };
                transaction.onerror = () => reject(transaction.error);
            };
        })""",
        [f"footcoach-account-{alice.pk}", log],
    )
    page.goto(live_server.url + "/progress/tests/knee-to-wall")
    page.get_by_label("Your result, in cm").fill("7")
    page.get_by_role("button", name="Save result").click()
    expect(page.locator("#record-status")).to_contain_text("Saved: 7 cm for your left foot today.")
    assert results(alice) == [("knee-to-wall", "left", 7.0)]
    # The log the phone kept went to the server too, once.
    for _ in range(100):
        if SessionLog.objects.of(alice).exists():
            break
        page.wait_for_timeout(100)
    assert list(SessionLog.objects.of(alice).values_list("id", flat=True)) == [uuid.UUID(log["id"])]
