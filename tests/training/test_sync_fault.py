"""Syncing against a real gunicorn on the SQLite default, killed mid-batch.

These tests start `footcoach serve` on a data folder of their own, so they
are about the SQLite default and are skipped when DATABASE_URL is set.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.server import RealServer
from tests.training.support import call, make_log, wait_until

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="starts a real server on the SQLite default"
)

DEVICES = 4
BATCHES_PER_DEVICE = 8
LOGS_PER_BATCH = 10


def batch_of_logs() -> list[dict[str, Any]]:
    logs = []
    for _ in range(LOGS_PER_BATCH):
        log = make_log()
        log["entries"] = log["entries"] * 2  # eight entries, as in a real Sole Training session
        logs.append(log)
    return logs


@dataclass
class Device:
    """A phone's sync queue: sends each batch until the server confirms every log in it,
    waiting longer after each failure, as the web player does."""

    url: str
    token: str
    batches: list[list[dict[str, Any]]]
    confirmed: set[str] = field(default_factory=set)
    reported_stored: Counter[str] = field(default_factory=Counter)
    reported_already: set[str] = field(default_factory=set)
    # Ids of logs that were in a request the server never answered.
    cut_off: set[str] = field(default_factory=set)
    failures: Counter[str] = field(default_factory=Counter)
    in_flight: bool = False
    error: BaseException | None = None

    def run(self) -> None:
        try:
            for batch in self.batches:
                self.send_until_confirmed(batch)
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            self.error = error

    def send_until_confirmed(self, batch: list[dict[str, Any]]) -> None:
        ids = {log["id"] for log in batch}
        delay = 0.05
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            request = urllib.request.Request(
                self.url + "/api/logs/sync", data=json.dumps({"logs": batch}).encode(), method="POST",
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            )
            self.in_flight = True
            try:
                with urllib.request.urlopen(request, timeout=15) as response:
                    answer = json.load(response)
            except urllib.error.URLError as error:
                if isinstance(error.reason, ConnectionRefusedError):
                    # The server was down: nothing was sent.
                    self.failures["refused"] += 1
                else:
                    self.note_cut_off(error.reason, ids)
            except (http.client.HTTPException, ConnectionError, TimeoutError) as error:
                self.note_cut_off(error, ids)
            else:
                assert answer["refused"] == []
                assert set(answer["stored"]) | set(answer["already"]) == ids
                self.reported_stored.update(answer["stored"])
                self.reported_already.update(answer["already"])
                self.confirmed |= ids
                return
            finally:
                self.in_flight = False
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        raise AssertionError("the server never confirmed the batch")

    def note_cut_off(self, error: object, ids: set[str]) -> None:
        # The connection broke during the request: the server may or may not
        # have stored the batch before it died.
        self.failures[type(error).__name__] += 1
        self.cut_off |= ids


def test_it_loses_nothing_and_doubles_nothing_when_the_server_is_killed_mid_batch(tmp_path: Path) -> None:
    with RealServer(tmp_path) as server:
        token = server.prepare("alice@example.org")
        server.start()
        devices = [
            Device(server.url, token, [batch_of_logs() for _ in range(BATCHES_PER_DEVICE)]) for _ in range(DEVICES)
        ]
        threads = [threading.Thread(target=device.run) for device in devices]
        for thread in threads:
            thread.start()

        # Let some batches through, then kill the server while one is on its way.
        wait_until(lambda: sum(len(d.confirmed) for d in devices) >= 6 * LOGS_PER_BATCH)
        wait_until(lambda: any(d.in_flight for d in devices), step=0)
        server.kill()
        confirmed_before_kill = set().union(*(d.confirmed for d in devices))
        time.sleep(1)  # The devices keep retrying against a dead server meanwhile.
        server.start()

        for thread in threads:
            thread.join(timeout=120)
        assert [d.error for d in devices] == [None] * DEVICES
        sent = {log["id"] for d in devices for batch in d.batches for log in batch}
        assert set().union(*(d.confirmed for d in devices)) == sent
        assert sum(d.failures["refused"] for d in devices) >= 1, "no retry met the dead server"
        cut = set().union(*(d.cut_off for d in devices))
        assert cut, "the kill did not catch a batch in flight"

        # The server lists every log exactly once, each whole.
        status, logs = call(server.url, "GET", "/api/logs?limit=1000", token=token)
        assert status == 200
        listed = Counter(log["id"] for log in logs)
        assert set(listed) == sent and max(listed.values()) == 1
        assert all(len(log["entries"]) == 2 * 4 for log in logs)
        assert confirmed_before_kill <= set(listed)
        counts = server.footcoach(
            "manage", "shell", "-v0", "-c",
            "from footcoach.training.models import LogEntry, SessionLog; "
            "print(SessionLog.objects.count(), LogEntry.objects.count())",
        )
        assert counts.stdout.split() == [str(len(sent)), str(len(sent) * 8)], counts.stderr

        # Each log was reported stored at most once; one reported only as
        # "already there" must have been stored by a request the kill cut off.
        stored = sum((d.reported_stored for d in devices), Counter())
        assert max(stored.values()) == 1
        never_reported_stored = sent - set(stored)
        assert never_reported_stored <= cut


def test_it_stores_each_log_once_when_the_same_batch_races_itself(tmp_path: Path) -> None:
    with RealServer(tmp_path) as server:
        token = server.prepare("alice@example.org")
        server.start()
        batch = batch_of_logs()
        answers: list[tuple[int, Any]] = []
        start = threading.Barrier(8)

        def post() -> None:
            start.wait()
            answers.append(call(server.url, "POST", "/api/logs/sync", token=token, body={"logs": batch}))

        threads = [threading.Thread(target=post) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert [status for status, _ in answers] == [200] * 8
        for log in batch:
            assert sum(log["id"] in answer["stored"] for _, answer in answers) == 1
            assert sum(log["id"] in answer["already"] for _, answer in answers) == 7
        status, logs = call(server.url, "GET", "/api/logs", token=token)
        assert sorted(log["id"] for log in logs) == sorted(log["id"] for log in batch)

