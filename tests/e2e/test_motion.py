"""The phone's motion analysis (motion.js), run in chromium as the record page
loads it, on synthetic traces with known answers (tests/motion/traces.py)."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.motion.traces import all_traces, garbage

TRACES_PER_KIND = 60

# The traces go over as one JSON text: Playwright is slow to pass a large object.
RUN = """async (text) => {
    const m = await import('/static/footcoach/motion.js');
    return JSON.parse(text).map((trace) => {
        const started = performance.now();
        const answer = trace.kind === 'stance' ? m.stanceSeconds(trace.samples) : m.countHeelRaises(trace.samples);
        return { name: trace.name, kind: trace.kind, truth: trace.truth, answer, ms: performance.now() - started };
    });
}"""


@functools.cache
def traces() -> str:
    return json.dumps(all_traces(TRACES_PER_KIND))


_analysed: list[list[dict[str, Any]]] = []


@pytest.fixture
def analysed(page: Page, live_server: Any) -> list[dict[str, Any]]:
    # Run once for the tests of this module: the answers do not depend on the server.
    if not _analysed:
        page.goto(live_server.url + "/library/evidence")
        _analysed.append(page.evaluate(RUN, traces()))
    return _analysed[0]


def test_it_counts_heel_raises_exactly_on_nine_traces_in_ten_and_never_misses_by_more_than_one(
    analysed: list[dict[str, Any]],
) -> None:
    raises = [run for run in analysed if run["kind"] == "heel-raises"]
    misses = {run["name"]: run["answer"]["count"] - run["truth"]["count"] for run in raises}
    exact = sum(1 for miss in misses.values() if miss == 0)
    assert len(raises) == TRACES_PER_KIND
    assert exact >= 0.9 * len(raises), {name: miss for name, miss in misses.items() if miss}
    assert all(abs(miss) <= 1 for miss in misses.values()), misses
    # A partial rise is found and told apart from a full one on most traces too.
    partial = sum(1 for run in raises if run["answer"]["partial"] == run["truth"]["partial"])
    assert partial >= 0.8 * len(raises)


def test_it_gives_each_rise_its_time_and_height(analysed: list[dict[str, Any]]) -> None:
    answer = next(run["answer"] for run in analysed if run["kind"] == "heel-raises" and run["answer"]["count"] > 3)
    times = [rep["t"] for rep in answer["reps"]]
    assert times == sorted(times)
    assert len(answer["reps"]) == answer["count"] + answer["partial"]
    assert all(1 <= rep["height"] <= 15 for rep in answer["reps"])


def test_it_times_the_stance_to_within_a_third_of_a_second_of_the_touch_down_on_nine_traces_in_ten(
    analysed: list[dict[str, Any]],
) -> None:
    stances = [run for run in analysed if run["kind"] == "stance"]
    errors = {
        run["name"]: None
        if run["answer"]["seconds"] is None
        else round(run["answer"]["seconds"] - run["truth"]["seconds"], 2)
        for run in stances
    }
    close = [name for name, error in errors.items() if error is not None and abs(error) <= 0.3]
    assert len(stances) == TRACES_PER_KIND
    assert len(close) >= 0.9 * len(stances), {name: error for name, error in errors.items() if name not in close}
    # Sway is the spread of horizontal acceleration: small, positive, in m/s².
    assert all(0 < run["answer"]["sway"] < 1 for run in stances if run["answer"]["seconds"])


def test_it_answers_broken_input_at_once_and_never_throws(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/library/evidence")
    inputs = garbage()
    answers = page.evaluate(
        """async (text) => {
            const m = await import('/static/footcoach/motion.js');
            // NaN does not survive JSON: it goes over as a marked string.
            const inputs = JSON.parse(text, (key, value) => value === "@NaN" ? NaN : value);
            inputs.push(undefined, { length: 1e9 }, [{ get t() { throw new Error("no"); } }]);
            return inputs.map((input) => {
                const started = performance.now();
                try {
                    return { stance: m.stanceSeconds(input), raises: m.countHeelRaises(input),
                             kept: m.keptTrace(input).ax.length, ms: performance.now() - started };
                } catch (error) {
                    return { threw: String(error) };
                }
            });
        }""",
        re.sub(r"\bNaN\b", '"@NaN"', json.dumps(inputs)),
    )
    assert len(answers) == len(inputs) + 3
    assert not [answer for answer in answers if "threw" in answer]
    assert all(answer["ms"] < 3000 for answer in answers), [answer["ms"] for answer in answers]
    # Nothing to measure is said as nothing, not as zero seconds.
    assert answers[0]["stance"] == {"seconds": None, "sway": None}
    assert answers[0]["raises"] == {"count": 0, "partial": 0, "reps": []}


def test_it_keeps_a_trace_at_the_rate_asked_and_never_above_50_hz(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/library/evidence")
    kept = page.evaluate(
        """async () => {
            const m = await import('/static/footcoach/motion.js');
            // Ten minutes at 100 Hz with jittered times, as a long heel-raise test gives.
            const samples = Array.from({ length: 60000 },
                (_, i) => ({ t: i * 10 + (i % 3), ax: 0.1, ay: 9.8, az: 0.2 }));
            const shape = (trace) => ({ rate: trace.rate, samples: trace.ax.length, first: trace.ay[0] });
            return [shape(m.keptTrace(samples)), shape(m.keptTrace(samples, 24)), shape(m.keptTrace(samples, 500))];
        }"""
    )
    assert kept == [
        {"rate": 50, "samples": 30000, "first": 9.8},
        {"rate": 24, "samples": 14400, "first": 9.8},
        {"rate": 50, "samples": 30000, "first": 9.8},
    ]
