"""Results measured by the phone's motion sensors: synced with their sway and
trace, and a hostile trace refused with its field named."""

from __future__ import annotations

import pytest
import time_machine

from footcoach.core.traces import MAX_SAMPLES
from footcoach.progress.models import SelfTestResult
from tests.progress.test_results_sync import TODAY, person, result, sync

pytestmark = pytest.mark.django_db

TRACE = {"rate": 50, "ax": [0.1, 0.123456, -0.2], "ay": [9.8, 9.81, 9.79], "az": [0, 0.5, -0.25]}


def phone_result(**fields: object) -> dict[str, object]:
    return result(**{"measured_by": "phone", "sway": 0.1234, "trace": TRACE, **fields})


@time_machine.travel(TODAY, tick=False)
def test_it_keeps_a_phone_measure_with_its_sway_and_trace() -> None:
    alice = person("alice@example.org")
    item = phone_result(value=23)
    assert sync(alice, [item]) == (200, {"stored": [item["id"]], "already": [], "refused": []})

    row = SelfTestResult.objects.values("value", "measured_by", "sway", "motion_trace").get()
    assert row == {
        "value": 23.0, "measured_by": "phone", "sway": 0.123,
        "motion_trace": {"rate": 50, "ax": [0.1, 0.12, -0.2], "ay": [9.8, 9.81, 9.79], "az": [0, 0.5, -0.25]},
    }


@time_machine.travel(TODAY, tick=False)
def test_it_keeps_a_result_by_hand_as_before_and_a_phone_count_with_no_sway() -> None:
    alice = person("alice@example.org")
    by_hand = result()
    count = result(test="heel-raise-count", value=25, measured_by="phone", trace=TRACE)
    assert sync(alice, [by_hand, count])[1]["stored"] == [by_hand["id"], count["id"]]
    rows = SelfTestResult.objects.order_by("test").values_list("test", "measured_by", "sway")
    assert list(rows) == [("heel-raise-count", "phone", None), ("single-leg-stance", "", None)]


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_hostile_trace_naming_the_field_and_keeps_nothing_of_it() -> None:
    alice = person("alice@example.org")
    long = [9.81] * (MAX_SAMPLES + 1)
    bad = {
        "too long": {**TRACE, "ax": long, "ay": long, "az": long},
        "uneven": {**TRACE, "az": [0.0, 1.0]},
        "not a number": {**TRACE, "ay": [9.8, "9.81", 9.79]},
        "a boolean": {**TRACE, "ay": [9.8, True, 9.79]},
        "too large": {**TRACE, "ax": [0.1, 1e6, 0.2]},
        "a huge whole number": {**TRACE, "ax": [0, 10**400, 0]},
        "fast": {**TRACE, "rate": 1000},
        "extra": {**TRACE, "gyro": [1, 2, 3]},
        "a list": [1, 2, 3],
        "nested": {**TRACE, "ax": [[0.1], [0.2], [0.3]]},
    }
    items = [phone_result(trace=trace) for trace in bad.values()]
    status, answer = sync(alice, items)

    assert status == 200 and answer["stored"] == []
    fields = [refusal["errors"][0]["field"] for refusal in answer["refused"]]
    assert fields == [
        "results[0].trace.ax", "results[1].trace.az", "results[2].trace.ay[1]", "results[3].trace.ay[1]",
        "results[4].trace.ax[1]", "results[5].trace.ax[1]", "results[6].trace.rate", "results[7].trace",
        "results[8].trace", "results[9].trace.ax[0]",
    ]
    assert f"from 2 to {MAX_SAMPLES} samples per axis" in answer["refused"][0]["errors"][0]["message"]
    assert SelfTestResult.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_trace_or_sway_not_measured_by_the_phone_or_on_a_test_it_cannot_measure() -> None:
    alice = person("alice@example.org")
    items = [
        result(trace=TRACE),
        result(measured_by="camera"),
        result(test="knee-to-wall", value=10, measured_by="phone", trace=TRACE),
        result(test="heel-raise-count", value=10, measured_by="phone", sway=0.2),
        phone_result(sway=-1),
    ]
    answer = sync(alice, items)[1]
    assert [(r["index"], r["errors"][0]["field"]) for r in answer["refused"]] == [
        (0, "results[0].trace"), (1, "results[1].measured_by"), (2, "results[2].measured_by"),
        (3, "results[3].sway"), (4, "results[4].sway"),
    ]
    assert "does not measure knee-to-wall" in answer["refused"][2]["errors"][0]["message"]
    assert SelfTestResult.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_body_past_the_upload_limit_with_a_clear_message() -> None:
    alice = person("alice@example.org")
    long = [-9.8123] * MAX_SAMPLES
    items = [phone_result(trace={"rate": 50, "ax": long, "ay": long, "az": long}) for _ in range(10)]
    status, answer = sync(alice, items)
    assert status == 413
    assert "The body is larger than" in answer["detail"]
    assert SelfTestResult.objects.count() == 0
