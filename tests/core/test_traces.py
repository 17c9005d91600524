"""The motion trace and sway a phone's measure may carry, and which self-tests
the content lets the phone measure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from footcoach.core.loader import load_library
from footcoach.core.schemas import SelfTest
from footcoach.core.traces import MAX_SAMPLES, TraceError, check_sway, check_trace


def test_it_keeps_a_trace_to_a_hundredth_of_a_metre_per_second_squared() -> None:
    kept = check_trace({"rate": 25, "ax": [0.123, -1], "ay": [9.8049, 9.81], "az": [0, 1e-9]})
    assert kept == {"rate": 25, "ax": [0.12, -1.0], "ay": [9.8, 9.81], "az": [0.0, 0.0]}


@pytest.mark.parametrize(
    ("trace", "field", "words"),
    [
        ({"rate": 50, "ax": [0.0] * (MAX_SAMPLES + 1), "ay": [0.0], "az": [0.0]}, "trace.ax", "this one has 15001"),
        ({"rate": 50, "ax": [0.0], "ay": [0.0], "az": [0.0]}, "trace.ax", "from 2 to 15000"),
        ({"rate": 51, "ax": [0.0, 0], "ay": [0.0, 0], "az": [0.0, 0]}, "trace.rate", "from 1 to 50"),
        ({"rate": True, "ax": [0.0, 0], "ay": [0.0, 0], "az": [0.0, 0]}, "trace.rate", "whole number"),
        ({"rate": 50, "ax": [0.0, 0], "ay": [0.0, 0]}, "trace.az", "list of numbers"),
        ({"rate": 50, "ax": [0.0, 0], "ay": [0.0, float("nan")], "az": [0, 0]}, "trace.ay[1]", "number of m/s²"),
        ({"rate": 50, "ax": [0.0, 0], "ay": [0.0, 0], "az": [0, 10**400]}, "trace.az[1]", "from -300 to 300"),
        ({"rate": 50, "ax": [0.0, 0], "ay": [0.0, 0], "az": [0, 0], "\x00": 1}, "trace", "unknown field '?'"),
        ("50 Hz", "trace", "a JSON object"),
    ],
)
def test_it_refuses_a_bad_trace_naming_the_part_at_fault(trace: object, field: str, words: str) -> None:
    with pytest.raises(TraceError) as refused:
        check_trace(trace)
    assert refused.value.field == field
    assert words in refused.value.message


@settings(max_examples=50, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
                    max_leaves=20))
def test_it_answers_any_json_with_a_trace_or_a_trace_error(raw: object) -> None:
    try:
        kept = check_trace(raw)
    except TraceError as error:
        assert error.field.startswith("trace")
    else:
        assert set(kept) == {"rate", "ax", "ay", "az"}


def test_it_takes_a_sway_from_0_to_50() -> None:
    assert check_sway(0.12345) == 0.123
    for bad in (-0.1, 51, float("inf"), True, "0.1", 10**400):
        with pytest.raises(TraceError, match="from 0 to 50"):
            check_sway(bad)


def test_it_lets_the_phone_measure_only_the_stance_and_the_heel_raises() -> None:
    tests = load_library().tests
    assert {test.id: test.phone.measure for test in tests.values() if test.phone} == {
        "single-leg-stance": "stance", "heel-raise-count": "heel-raises",
    }
    stance = tests["single-leg-stance"].model_dump()
    with pytest.raises(ValidationError, match="stance gives seconds, not count"):
        SelfTest.model_validate({**stance, "unit": "count", "range": {"min": 0, "max": 200, "step": 1}})
