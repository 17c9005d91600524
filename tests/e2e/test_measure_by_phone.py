"""Measuring a self-test with the phone: a synthetic trace fed to the real
record page as `devicemotion` events, what it says aloud and what it saves;
and the manual stopwatch when the phone cannot measure (a desktop browser)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from footcoach.progress.models import SelfTestResult
from tests.e2e.support import assert_accessible, sign_in_with_cookie
from tests.e2e.test_player_modules import FAKE_SPEECH
from tests.e2e.test_progress import time_one_try
from tests.motion.traces import heel_raises, stance

# Dispatches the samples as the phone would: each at its own time from now,
# as DeviceMotionEvents, after the phone has been held still for `leadMs`
# (the person waits for the spoken cue) and then still for `stillMs` more.
FEED = """async ({ samples, leadMs, stillMs }) => {
    const [head, last] = [samples[0], samples[samples.length - 1]];
    const lead = [];
    for (let t = leadMs; t > 0; t -= 20) lead.push({ ...head, t: head.t - t });
    const still = [];
    for (let t = 20; t <= stillMs; t += 20) still.push({ ...last, t: last.t + t });
    const all = [...lead, ...samples, ...still];
    const first = all[0].t;
    const started = performance.now();
    let next = 0;
    while (next < all.length) {
        const now = performance.now() - started;
        while (next < all.length && all[next].t - first <= now) {
            const s = all[next];
            window.dispatchEvent(new DeviceMotionEvent("devicemotion", {
                accelerationIncludingGravity: { x: s.ax, y: s.ay, z: s.az }, interval: 20,
            }));
            next += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}"""


# A cue takes a moment to say, as a real voice's would, so that the next can follow.
SPEECH_ENDS = """
    const speak = window.speechSynthesis.speak;
    window.speechSynthesis.speak = (u) => {
        speak(u);
        setTimeout(() => { if (!u.ended) { u.ended = true; u.onend && u.onend(); } }, 150);
    };
"""


def open_record_page(page: Page, live_server: Any, test: str) -> Any:
    page.add_init_script(FAKE_SPEECH)
    page.add_init_script(SPEECH_ENDS)
    alice = sign_in_with_cookie(page, live_server)
    page.goto(f"{live_server.url}/progress/tests/{test}")
    expect(page.get_by_role("button", name="Measure with this phone")).to_be_visible()
    return alice


def spoken(page: Page) -> list[str]:
    return page.evaluate("window.spoken.filter((text) => text.trim())")  # type: ignore[no-any-return]


def test_it_times_a_stance_from_the_phones_motion_says_it_and_saves_it_as_measured_by_phone(
    page: Page, live_server: Any
) -> None:
    alice = open_record_page(page, live_server, "single-leg-stance")
    trace = stance(8)  # 8.3 s on one leg, ended by the foot touching down, at 25 Hz
    page.get_by_role("button", name="Measure with this phone").click()
    page.evaluate(FEED, {"samples": trace["samples"], "leadMs": 3000, "stillMs": 0})

    status = page.locator("#phone-status")
    expect(status).to_contain_text("Measured by this phone: 8 seconds.")
    expect(page.get_by_label("Your best time, in seconds")).to_have_value("8")
    expect(page.locator("#phone-sway")).to_contain_text(re.compile(r"Sway .*: 0\.\d\d m/s²"))
    said = spoken(page)
    assert said[0].startswith("Get ready.")
    assert said[1:] == ["Lift your foot now.", "Timing.", "8 seconds."]
    assert_accessible(page)

    page.get_by_role("button", name="Save result").click()
    saved = "Saved: 8 seconds for your left foot today, measured by this phone."
    expect(page.get_by_role("status").filter(has_text=saved)).to_be_visible()
    row = SelfTestResult.objects.of(alice).values("test", "side", "value", "measured_by", "sway", "motion_trace").get()
    assert (row["test"], row["side"], row["value"], row["measured_by"]) == ("single-leg-stance", "left", 8.0, "phone")
    assert 0 < row["sway"] < 1
    kept = row["motion_trace"]
    # From the get-ready to a moment after the foot came down, at 50 Hz.
    until_end = 3 + (trace["truth"]["end"] - trace["samples"][0]["t"]) / 1000
    assert kept["rate"] == 50 and until_end * 50 < len(kept["ax"]) < (until_end + 3) * 50
    assert len(kept["ax"]) == len(kept["ay"]) == len(kept["az"])


def test_it_counts_each_heel_raise_aloud_calls_a_small_one_partial_and_ends_when_still(
    page: Page, live_server: Any
) -> None:
    alice = open_record_page(page, live_server, "heel-raise-count")
    # 7 full rises and 1 partial, at 50 Hz: a trace whose answer holds however
    # late a busy machine dispatches its events.
    trace = heel_raises(28, pocket=True)
    assert trace["truth"] == {"count": 7, "partial": 1}
    page.get_by_role("button", name="Measure with this phone").click()
    page.evaluate(FEED, {"samples": trace["samples"], "leadMs": 3000, "stillMs": 6000})

    expect(page.locator("#phone-status")).to_contain_text("Measured by this phone: 7 full rises and 1 partial.")
    said = spoken(page)
    assert said[:2] == ["Get ready. Rise when you hear Go.", "Go."]
    counted = said[2:-1]
    assert counted.count("Partial.") == 1
    assert [text for text in counted if text != "Partial."] == ["1", "2", "3", "4", "5", "6", "7"]
    assert said[-1] == "7 full rises and 1 partial."
    expect(page.locator("#count")).to_have_text("0")  # the manual counter is untouched, one tap away
    assert_accessible(page)

    page.get_by_role("button", name="Save result").click()
    saved = re.compile(r"^Saved: 7 .* left foot today, measured by this phone")
    expect(page.locator("#record-status")).to_contain_text(saved)
    row = SelfTestResult.objects.of(alice).values("value", "measured_by", "sway", "motion_trace").get()
    assert (row["value"], row["measured_by"], row["sway"]) == (7.0, "phone", None)
    assert row["motion_trace"]["rate"] == 50


@pytest.mark.parametrize(
    ("init", "told"),
    [
        ("", "The phone sent no motion readings"),
        ("delete window.DeviceMotionEvent;", "This browser has no motion sensors"),
        ("DeviceMotionEvent.requestPermission = async () => 'denied';", "Motion access was refused"),
    ],
)
def test_it_says_why_the_phone_cannot_measure_and_the_stopwatch_still_works(
    page: Page, live_server: Any, init: str, told: str
) -> None:
    page.add_init_script(init)
    alice = open_record_page(page, live_server, "single-leg-stance")
    page.get_by_role("button", name="Measure with this phone").click()

    expect(page.locator("#phone-status")).to_contain_text(f"{told}")
    expect(page.locator("#phone-status")).to_contain_text("Use the stopwatch instead.")
    assert [text for text in spoken(page) if "Get ready" in text] == []
    assert any(told in text for text in spoken(page))
    assert_accessible(page)

    time_one_try(page)
    page.get_by_role("button", name="Save result").click()
    expect(page.get_by_role("status").filter(has_text="Saved:")).to_be_visible()
    row = SelfTestResult.objects.of(alice).values("measured_by", "motion_trace").get()
    assert row == {"measured_by": "", "motion_trace": None}


def test_it_leaves_the_counter_working_when_the_phone_cannot_count(page: Page, live_server: Any) -> None:
    alice = open_record_page(page, live_server, "heel-raise-count")
    page.get_by_role("button", name="Measure with this phone").click()
    expect(page.locator("#phone-status")).to_contain_text("sent no motion readings")
    expect(page.locator("#phone-status")).to_contain_text("Use the counter instead.")

    page.get_by_role("button", name="Add one").click()
    page.get_by_role("button", name="Add one").click()
    page.get_by_role("button", name="Save result").click()
    expect(page.locator("#record-status")).to_contain_text(re.compile(r"^Saved: 2 "))
    assert SelfTestResult.objects.of(alice).values_list("value", "measured_by").get() == (2.0, "")


def test_it_stops_counting_on_stop_and_forgets_the_phones_count_once_the_counter_is_used(
    page: Page, live_server: Any
) -> None:
    alice = open_record_page(page, live_server, "heel-raise-count")
    samples = heel_raises(28, pocket=True)["samples"]
    page.get_by_role("button", name="Measure with this phone").click()
    page.evaluate(FEED, {"samples": samples[: len(samples) // 2], "leadMs": 3000, "stillMs": 0})
    page.get_by_role("button", name="Stop").click()

    expect(page.locator("#phone-status")).to_contain_text(re.compile(r"Measured by this phone: [1-5] full rises?"))
    counted = page.get_by_label("Your count of full rises").input_value()
    assert counted in {"1", "2", "3", "4", "5"}
    expect(page.get_by_role("button", name="Measure with this phone")).to_be_visible()

    page.get_by_role("button", name="Add one").click()
    page.get_by_role("button", name="Save result").click()
    expect(page.locator("#record-status")).to_contain_text(re.compile(r"^Saved: 1 "))
    assert SelfTestResult.objects.of(alice).values_list("value", "measured_by", "motion_trace").get() == (1.0, "", None)
