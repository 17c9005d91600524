"""The player's pure modules, run in chromium as the page loads them: the
phases of a step, what was done at a moment, the self-test comparisons, and
the spoken-cue queue."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

# A page of the site loads the modules from the same origin as the player does.
HOLD = {"kind": "exercise", "ref": "x", "name": "X", "side": "left", "cues": ["a", "b", "c"], "reps": None,
        "seconds": 60, "sets": 2, "get_ready_seconds": 5, "switch_seconds": 8, "moment": None,
        "rate_pressure": True, "modifications": []}
REPS = {**HOLD, "reps": 8, "seconds": None, "sets": 1, "get_ready_seconds": 0, "switch_seconds": 0, "rep_seconds": 4}


@pytest.fixture
def modules(page: Page, live_server: Any) -> Page:
    page.goto(live_server.url + "/library/evidence")
    return page


def run(page: Page, module: str, body: str, arg: Any = None) -> Any:
    return page.evaluate(
        f"async (arg) => {{ const m = await import('/static/footcoach/{module}'); {body} }}", arg
    )


def test_a_hold_gets_a_switch_a_get_ready_a_breather_between_sets_and_a_rest(modules: Page) -> None:
    phases = run(modules, "timeline.js", "return m.phasesOf(arg).map(p => [p.type, p.seconds]);", HOLD)
    assert phases == [["switch", 8], ["ready", 5], ["hold", 60], ["between-sets", 5], ["hold", 60], ["rest", 10]]


def test_a_counted_step_gets_its_get_ready_and_runs_at_its_own_tempo(modules: Page) -> None:
    slow = {**REPS, "get_ready_seconds": 10, "rep_seconds": 7, "rest_seconds": 12}
    quick = {**REPS, "get_ready_seconds": 6, "rep_seconds": 2}
    phases = run(modules, "timeline.js", "return arg.map((s) => m.phasesOf(s).map(p => [p.type, p.seconds]));",
                 [slow, quick])
    assert phases == [[["ready", 10], ["reps", 56], ["rest", 12]], [["ready", 6], ["reps", 16], ["rest", 10]]]


def test_it_counts_what_was_done_from_the_elapsed_time(modules: Page) -> None:
    done = run(modules, "timeline.js", """
        const phases = m.phasesOf(arg.hold);
        const reps = m.phasesOf(arg.reps);
        const ms = 4000 * 3 + 100;
        return [m.doneSoFar(phases, 4, 30000), m.doneSoFar(reps, 0, ms), m.currentRep(reps[0], ms),
                m.remainingSeconds(phases[2], 59001), m.cueIndex(arg.hold, phases, 4, 30000)];
    """, {"hold": HOLD, "reps": REPS})
    assert done == [{"reps": 0, "seconds": 90}, {"reps": 3, "seconds": 12.1}, 4, 1, 2]


def test_it_describes_a_self_test_change_by_which_way_is_better(modules: Page) -> None:
    said = run(modules, "record.js", """
        return [m.describeChange(m.change(20, 17, false), "cm"), m.describeChange(m.change(20, 21.5, false), "cm"),
                m.describeChange(m.change(10, 10, true), "s"), m.change(null, 3, true)];
    """)
    assert said == ["−3 cm, better", "+1.5 cm, less good", "±0 s, no change", None]


def test_a_log_keeps_entries_in_step_order_with_the_api_field_names(modules: Page) -> None:
    log = run(modules, "record.js", """
        const steps = [{kind: "test", ref: "t", side: null, moment: "before"}, {...arg, side: "right"},
                       {kind: "test", ref: "t", side: null, moment: "between"}];
        const session = m.newSession("p", "shape", "id-1", "2026-01-01T00:00:00.000Z");
        session.entries[2] = m.newEntry(steps, 2);
        session.entries[0] = m.newEntry(steps, 0);
        return m.buildLog(session);
    """, HOLD)
    assert [(e["moment"], e["side"], e["kind"]) for e in log["entries"]] == [("before", None, "test"),
                                                                              ("between", "right", "test")]
    assert set(log) == {"id", "program", "started_at", "ended_at", "entries", "stopped_reason", "feeling", "note"}
    assert log["ended_at"] == "2026-01-01T00:00:00.000Z"


FAKE_SPEECH = """
    window.spoken = [];
    window.cancelled = [];
    let speaking = null;
    const synth = {
        speak(u) { speaking = u; window.spoken.push(u.text); },
        cancel() { if (speaking) window.cancelled.push(speaking.text); speaking = null; },
        getVoices() { return []; },
        addEventListener() {},
        finish() { const u = speaking; speaking = null; u && u.onend && u.onend(); },
    };
    Object.defineProperty(window, "speechSynthesis", { value: synth });
"""


def test_a_lower_cue_never_cuts_a_higher_one_but_waits_or_expires(page: Page, live_server: Any) -> None:
    page.add_init_script(FAKE_SPEECH)
    page.goto(live_server.url + "/library/evidence")
    result = run(page, "cues.js", """
        const voice = new m.Voice();
        voice.setMuted(false);
        voice.say("Stop now.", m.SAFETY);
        voice.say("Lift all ten toes.", m.CUE);   // must wait, not cut
        voice.say("2", m.COUNT, 0);               // stale by the time it could be said
        const whileSafety = [...window.spoken];
        speechSynthesis.finish();                 // "Stop now." ends
        const afterSafety = [...window.spoken];
        voice.say("Change feet. Right foot.", m.STEP);  // a higher cue cuts the lower one speaking
        return { whileSafety, afterSafety, cancelled: window.cancelled, all: window.spoken };
    """)
    assert result["whileSafety"] == ["Stop now."]
    assert result["afterSafety"] == ["Stop now.", "Lift all ten toes."]
    assert result["cancelled"] == ["Lift all ten toes."]
    assert result["all"] == ["Stop now.", "Lift all ten toes.", "Change feet. Right foot."]


def test_muting_silences_the_voice_at_once(page: Page, live_server: Any) -> None:
    page.add_init_script(FAKE_SPEECH)
    page.goto(live_server.url + "/library/evidence")
    result = run(page, "cues.js", """
        const voice = new m.Voice();
        voice.setMuted(false);
        voice.say("Hold.", m.CUE);
        voice.setMuted(true);
        voice.say("Rest.", m.STEP);
        const muted = { spoken: [...window.spoken], cancelled: [...window.cancelled] };
        voice.setMuted(false);
        return muted;
    """)
    assert result == {"spoken": ["Hold."], "cancelled": ["Hold."]}


def test_reaching_for_a_rating_leaves_at_least_six_seconds_of_the_rest(modules: Page) -> None:
    left = run(modules, "timeline.js", """
        const rest = m.phasesOf(arg).at(-1);
        return [1000, 3000, 9500].map((ms) => rest.seconds - m.restForRating(rest, ms) / 1000);
    """, REPS)
    assert left == [9, 7, 6]
