"""Self-test results: devices sync what was recorded; a person reads back their progress."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from pydantic import BaseModel

from footcoach.api.auth import person_auth
from footcoach.api.logs import MAX_DEPTH, _deeper_than, _whole_number
from footcoach.api.schemas import ErrorOut
from footcoach.core.progress import progress_json
from footcoach.core.traces import AXES, MAX_ACCELERATION, MAX_RATE, MAX_SAMPLES, MAX_SWAY, MIN_SAMPLES, TRACE_FIELDS
from footcoach.progress.actions import do_sync_results
from footcoach.training.schemas import SyncOut

# As for session logs: a device that was offline for weeks sends its results
# in several requests, each well inside Django's body limit.
MAX_RESULTS_PER_SYNC = 500
TOO_DEEP = f'The body is nested more than {MAX_DEPTH} levels deep; a sync body needs 5. Send {{"results": [...]}}.'
NOT_A_BODY = 'The body must be a JSON object with a "results" list: {"results": [...]}.'

router = Router(auth=person_auth, tags=["progress"])

RESULT_IN = {
    "type": "object",
    "required": ["id", "test", "date", "value"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "format": "uuid",
               "description": "Made by the device; a result sent twice is stored once."},
        "test": {"type": "string", "description": "A self-test id, e.g. single-leg-stance."},
        "side": {"type": ["string", "null"], "enum": ["left", "right", None],
                 "description": "left or right for a test taken per foot, else null."},
        "date": {"type": "string", "format": "date", "description": "The day the test was taken, YYYY-MM-DD."},
        "value": {"type": "number", "description": "The result in the test's unit (1 pass, 0 fail)."},
        "measured_by": {"type": ["string", "null"], "enum": ["phone", None],
                        "description": "phone when the phone's motion sensors measured it; null by hand."},
        "sway": {"type": ["number", "null"], "minimum": 0, "maximum": MAX_SWAY,
                 "description": "A stance measured by the phone: the spread of the trunk's horizontal "
                                "acceleration, m/s² (4 Hz low-pass)."},
        "trace": {
            "type": ["object", "null"],
            "description": "The accelerometer's samples the phone measured from, at `rate` Hz, in m/s² "
                           f"(kept to 0.01); at most {MAX_SAMPLES} samples per axis.",
            "required": list(TRACE_FIELDS),
            "additionalProperties": False,
            "properties": {
                "rate": {"type": "integer", "minimum": 1, "maximum": MAX_RATE},
                **{axis: {"type": "array", "minItems": MIN_SAMPLES, "maxItems": MAX_SAMPLES,
                          "items": {"type": "number", "minimum": -MAX_ACCELERATION, "maximum": MAX_ACCELERATION}}
                   for axis in AXES},
            },
        },
    },
}
SYNC_BODY = {
    "type": "object",
    "required": ["results"],
    "properties": {"results": {"type": "array", "maxItems": MAX_RESULTS_PER_SYNC, "items": RESULT_IN}},
}


@router.post(
    "/results/sync",
    response={200: SyncOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": SYNC_BODY}}}},
)
def sync_results(request: HttpRequest) -> SyncOut:
    """Store a batch of self-test results, each exactly once.

    A later result of the same test, side and day replaces the earlier one;
    a result whose id was received before changes nothing. The answer lists
    the ids stored now, those received before, and the results refused with
    each bad field named.
    """
    # Read by hand, as the logs' sync is, so that one bad result is refused alone.
    try:
        body = json.loads(request.body, parse_int=_whole_number)
    except RecursionError:
        raise HttpError(400, TOO_DEEP) from None
    except ValueError:
        raise HttpError(400, f"The body is not valid JSON. {NOT_A_BODY}") from None
    if _deeper_than(body, MAX_DEPTH):
        raise HttpError(400, TOO_DEEP)
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise HttpError(400, NOT_A_BODY)
    if len(results) > MAX_RESULTS_PER_SYNC:
        raise HttpError(
            413, f"{len(results)} results is too many for one request; send at most {MAX_RESULTS_PER_SYNC}."
        )
    return do_sync_results(request.auth, results).as_out()  # type: ignore[attr-defined]


class PointOut(BaseModel):
    date: str
    value: float
    count: int


class NormOut(BaseModel):
    value: float
    source: str
    text: str


class SeriesOut(BaseModel):
    test: str
    side: Literal["left", "right"] | None
    period: Literal["day", "week", "month", "quarter"]
    results: list[PointOut]
    latest: PointOut | None
    norm: NormOut | None
    norm_comparison: str | None


class SideDifferenceOut(BaseModel):
    test: str
    left: float
    right: float
    matters: bool
    text: str
    source: str | None


class ReleaseCheckOut(BaseModel):
    date: str
    before: float
    between: float | None
    after: float
    change: float


class AdherenceDayOut(BaseModel):
    date: str
    planned: int
    done: int


class AdherenceOut(BaseModel):
    days: list[AdherenceDayOut]


class PainWeekOut(BaseModel):
    week: str
    session_pain: float | None
    morning_pain: float | None


class HelpingOut(BaseModel):
    measure: str
    side: Literal["left", "right"] | None
    verdict: Literal["better", "no-change", "worse", "not-enough-data"]
    change: float | None
    interval: tuple[float, float] | None
    text: str


class ProgressOut(BaseModel):
    tests: list[SeriesOut]
    side_differences: list[SideDifferenceOut]
    release_checks: list[ReleaseCheckOut]
    adherence: AdherenceOut
    pain_by_week: list[PainWeekOut]
    helping: list[HelpingOut]


@router.get("/progress", response={200: ProgressOut, 401: ErrorOut})
def get_progress(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's progress: each self-test over time, the release sessions'
    reach checks, adherence, pain by week, and whether it is helping."""
    from footcoach.progress.reading import read_progress

    return progress_json(read_progress(request.auth, timezone.localdate()))  # type: ignore[arg-type]
