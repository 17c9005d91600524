"""What the session-log tests share: a small JSON client and a valid log to vary."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any


def call(
    base: str,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> tuple[int, Any]:
    """One request over real HTTP; the status and the decoded JSON answer."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def make_log(**fields: Any) -> dict[str, Any]:
    """A complete Sole Training log as the player sends it, with a fresh id."""
    log: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "program": "sole-training",
        "started_at": "2025-03-03T07:30:00+00:00",
        "ended_at": "2025-03-03T07:36:10+00:00",
        "feeling": 7,
        "note": "Before my walk",
        "entries": [
            {"exercise": "toe-fan", "side": None, "reps": 8, "seconds": None, "pressure": None, "pain": 0,
             "skipped": False, "skip_reason": "", "note": ""},
            {"exercise": "heel-raise", "side": "left", "reps": 8, "seconds": None, "pressure": None, "pain": 2,
             "skipped": False, "skip_reason": "", "note": ""},
            {"exercise": "heel-raise", "side": "right", "reps": 6, "seconds": None, "pressure": None, "pain": 3,
             "skipped": False, "skip_reason": "", "note": "right calf tight"},
            {"exercise": "rock-out", "side": None, "reps": None, "seconds": None, "pressure": None, "pain": None,
             "skipped": True, "skip_reason": "no-time", "note": ""},
        ],
    }
    log.update(fields)
    return log


def wait_until(condition: Any, timeout: float = 60, step: float = 0.01) -> None:
    """Poll `condition` until it holds; a test waits for an event this way, never a fixed time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(step)
