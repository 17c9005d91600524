"""What a self-test measured by the phone may carry: its motion trace (the
accelerometer's samples, kept so the result can be analysed again) and its
sway. The rules are the server's; the phone (motion.js) keeps to them."""

from __future__ import annotations

import math
from typing import Any

MEASURED_BY = ("phone",)
# The page keeps the trace at 50 Hz at most (motion.js RATE) and lowers the
# rate for a long test, so that a trace never passes this many samples per
# axis: five minutes at 50 Hz, under 300 kB of JSON.
MAX_RATE = 50
MAX_SAMPLES = 15_000
MIN_SAMPLES = 2
# No phone's sensor reads more than about 16 g.
MAX_ACCELERATION = 300.0
AXES = ("ax", "ay", "az")
TRACE_FIELDS = ("rate", *AXES)
# Sway is a spread of acceleration, in m/s²: standing sway is well under 1.
MAX_SWAY = 50.0

TRACE_SHAPE = '{"rate": 50, "ax": [...], "ay": [...], "az": [...]}'


class TraceError(ValueError):
    """A trace or sway refused: `field` is the part at fault, e.g. "trace.ax"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_trace(raw: object) -> dict[str, Any]:
    """The trace as it is kept (each sample to 0.01 m/s²), or TraceError."""
    if not isinstance(raw, dict):
        raise TraceError("trace", f"the trace is a JSON object: {TRACE_SHAPE}")
    unknown = [name for name in raw if name not in TRACE_FIELDS]
    if unknown:
        shown = unknown[0] if isinstance(unknown[0], str) and unknown[0].isprintable() else "?"
        raise TraceError("trace", f"unknown field {shown[:40]!r}; a trace has {', '.join(TRACE_FIELDS)}")
    rate = raw.get("rate")
    if not isinstance(rate, int) or isinstance(rate, bool) or not 1 <= rate <= MAX_RATE:
        raise TraceError("trace.rate", f"give the samples per second as a whole number from 1 to {MAX_RATE}")
    kept: dict[str, Any] = {"rate": rate}
    length = None
    for axis in AXES:
        values = raw.get(axis)
        if not isinstance(values, list):
            raise TraceError(f"trace.{axis}", "give the axis's samples as a list of numbers in m/s²")
        if not MIN_SAMPLES <= len(values) <= MAX_SAMPLES:
            raise TraceError(
                f"trace.{axis}",
                f"a trace holds from {MIN_SAMPLES} to {MAX_SAMPLES} samples per axis "
                f"({MAX_SAMPLES // MAX_RATE // 60} minutes at {MAX_RATE} Hz); this one has {len(values)}",
            )
        if length is not None and len(values) != length:
            raise TraceError(
                f"trace.{axis}", f"every axis holds as many samples; ax has {length}, {axis} {len(values)}"
            )
        length = len(values)
        for index, value in enumerate(values):
            # A whole number too long for a float is as far out of range as infinity.
            try:
                fine = _number(value) and math.isfinite(value) and abs(value) <= MAX_ACCELERATION
            except OverflowError:
                fine = False
            if not fine:
                raise TraceError(
                    f"trace.{axis}[{index}]",
                    f"each sample is a number of m/s² from -{MAX_ACCELERATION:g} to {MAX_ACCELERATION:g}",
                )
        kept[axis] = [round(float(value), 2) for value in values]
    return kept


def check_sway(raw: object) -> float:
    """The sway in m/s², rounded to 0.001, or TraceError."""
    try:
        fine = _number(raw) and math.isfinite(raw) and 0 <= raw <= MAX_SWAY  # type: ignore[arg-type, operator]
    except OverflowError:
        fine = False
    if not fine:
        raise TraceError("sway", f"give the sway as a number of m/s² from 0 to {MAX_SWAY:g}")
    return round(float(raw), 3)  # type: ignore[arg-type]
