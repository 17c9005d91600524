"""The mix of requests benchmarks/load.py sends, as locust users: people with a plan and weeks of sessions.

Not run on its own: load.py starts the server, makes the people and runs
locust with this file, telling it where the people are (FOOTCOACH_BENCH_PEOPLE,
a JSON list of {"session": key, "csrf": token, "token": api token}).
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from typing import Any

from locust import FastHttpUser, constant, task

with open(os.environ["FOOTCOACH_BENCH_PEOPLE"], encoding="utf-8") as _file:
    PEOPLE: list[dict[str, str]] = json.load(_file)
_next_person = itertools.cycle(PEOPLE)

# The trivial view whose answer times are the floor the pages are measured against.
FLOOR = os.environ.get("FOOTCOACH_BENCH_FLOOR", "/healthz")
LOGS_PER_BATCH = 10
ENTRY = {"exercise": "heel-raise", "side": "left", "reps": 8, "seconds": None, "pressure": None, "pain": 2,
         "skipped": False, "skip_reason": "", "note": ""}


def batch() -> dict[str, Any]:
    # Dated long before the history the plan reads, so that the logs the run
    # adds do not make each person's plan heavier as the run goes on.
    return {"logs": [
        {"id": str(uuid.uuid4()), "program": "sole-training", "started_at": "2025-03-03T07:30:00Z",
         "ended_at": "2025-03-03T07:36:00Z", "feeling": 7, "note": "", "entries": [ENTRY] * 8}
        for _ in range(LOGS_PER_BATCH)
    ]}


class Person(FastHttpUser):
    """One person using the site as fast as the server answers (no think time): a closed loop."""

    wait_time = constant(0)

    def on_start(self) -> None:
        person = next(_next_person)
        self.page_headers = {"Cookie": f"sessionid={person['session']}; csrftoken={person['csrf']}",
                             "Accept-Encoding": "gzip"}
        self.api_headers = {"Authorization": f"Bearer {person['token']}", "Content-Type": "application/json",
                            "Accept-Encoding": "gzip"}

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, headers=self.page_headers, name=name, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{path} answered {answer.status_code}")

    @task(5)
    def plan(self) -> None:
        self.page("/plan", "/plan")

    @task(5)
    def player(self) -> None:
        self.page("/session/sole-training", "player")

    @task(3)
    def library(self) -> None:
        self.page("/library", "/library")

    @task(2)
    def progress(self) -> None:
        self.page("/progress", "/progress")

    @task(3)
    def sync(self) -> None:
        body = batch()
        with self.client.post("/api/logs/sync", json=body, headers=self.api_headers, name="sync",
                              catch_response=True) as answer:
            stored = answer.json().get("stored", []) if answer.status_code == 200 else []
            if len(stored) != LOGS_PER_BATCH:
                answer.failure(f"sync answered {answer.status_code}, stored {len(stored)} of {LOGS_PER_BATCH}")

    @task(2)
    def floor(self) -> None:
        self.page(FLOOR, "floor")
