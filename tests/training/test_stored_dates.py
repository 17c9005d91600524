"""Logs stored before the sync refused impossible dates, read back by every page that reads
logs: the person's pages keep working, whatever time zone their browser reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from footcoach.accounts.models import User
from footcoach.training.models import LogEntry, SessionLog
from tests.plan_support import alice_with

pytestmark = pytest.mark.django_db

ON_SQLITE = "sqlite" in settings.DATABASES["default"]["ENGINE"]
END_OF_TIME = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
YEAR_ONE = datetime(1, 1, 1, 0, 1, tzinfo=UTC)
# +14:00, -11:00, and zones whose year-1 offsets (local mean time) are past ±7 hours.
ZONES = ["", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Los_Angeles", "Asia/Tokyo"]


def store_log(person: User, started_at: datetime, minutes: int = 10) -> str:
    # A log stored before the sync refused such dates: today's sync would refuse
    # it, so it is written by hand, with the summary of its step every log keeps.
    log = SessionLog.objects.create(
        id=uuid.uuid4(), owner=person, program="sole-training", started_at=started_at,
        ended_at=started_at + timedelta(minutes=minutes), received_at=datetime.now(UTC), highest_pain=2,
    )
    LogEntry.objects.create(log=log, position=0, exercise="heel-raise", side="left", reps=8, pain=2)
    return str(log.id)


def assert_every_reader_answers(client: Client, log_ids: list[str]) -> None:
    assert client.get("/plan").status_code == 200
    assert client.get("/session/sole-training").status_code == 200
    listed = client.get("/api/logs")
    assert listed.status_code == 200
    assert sorted(log["id"] for log in listed.json()) == sorted(log_ids)
    for since in ("0001-01-01", "9999-12-31", "2025-01-01"):
        answer = client.get(f"/api/logs?since={since}")
        assert answer.status_code == 200, since
        assert answer["Content-Type"] == "application/json; charset=utf-8"
    for log_id in log_ids:
        one = client.get(f"/api/logs/{log_id}")
        assert one.status_code == 200
        assert one.json()["entries"][0]["reps"] == 8


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("started_at", [END_OF_TIME - timedelta(minutes=10), YEAR_ONE], ids=["9999", "year-1"])
def test_it_shows_every_page_with_a_log_at_the_ends_of_the_calendar(zone: str, started_at: datetime) -> None:
    client = alice_with()
    if zone:
        client.cookies["tz"] = zone
    log_id = store_log(User.objects.get(), started_at)
    assert_every_reader_answers(client, [log_id])


@pytest.mark.skipif(ON_SQLITE, reason="SQLite cannot store these: Django turns them into UTC first, and fails")
@pytest.mark.parametrize("zone", ["", "Pacific/Kiritimati", "America/Los_Angeles"])
def test_it_shows_every_page_with_a_log_postgresql_holds_past_the_ends_of_pythons_calendar(zone: str) -> None:
    client = alice_with()
    if zone:
        client.cookies["tz"] = zone
    person = User.objects.get()
    # In UTC these fall in year 0 and in year 10000: PostgreSQL holds them, Python has no such years.
    before_year_1 = store_log(person, datetime(1, 1, 1, 0, 1, tzinfo=timezone(timedelta(hours=5))))
    after_9999 = store_log(person, datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))), 30)
    normal = store_log(person, datetime(2025, 3, 3, 7, 30, tzinfo=UTC))
    assert_every_reader_answers(client, [before_year_1, after_9999, normal])
    # Each is read as the nearest instant Python can hold.
    dates = {log["id"]: log["started_at"] for log in client.get("/api/logs").json()}
    assert dates[before_year_1] == "0001-01-01T00:00:00Z"
    assert dates[after_9999].startswith("9999-12-31T23:59:59.999")


@pytest.mark.skipif(not ON_SQLITE, reason="the command runs on its own SQLite data folder")
def test_it_plans_from_the_command_line_with_a_log_at_the_end_of_the_calendar(data_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": "", "TIME_ZONE": "Pacific/Kiritimati"}
    code = (
        "import uuid; from datetime import datetime, UTC\n"
        "from footcoach.accounts.models import User; from footcoach.training.models import SessionLog\n"
        "for start in (datetime(9999, 12, 31, 23, 50, tzinfo=UTC), datetime(1, 1, 1, 0, 1, tzinfo=UTC)):\n"
        "    SessionLog.objects.create(id=uuid.uuid4(), owner=User.objects.get(), program='sole-training',"
        " started_at=start, ended_at=start, received_at=datetime.now(UTC))\n"
        "print(SessionLog.objects.count())"
    )
    run = [sys.executable, "-m", "footcoach.cli"]
    stored = subprocess.run([*run, "manage", "shell", "-v0", "-c", code], env=env, capture_output=True, text=True,
                            timeout=60)
    assert stored.stdout.strip() == "2", stored.stderr
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({
        "birth_year": 1980, "goals": ["strength"], "conditions": [], "equipment": [], "minutes_per_day": 20,
        "days_per_week": 5, "setting": "home", "start_side": "left", "cleared_by_clinician": False,
    }))
    for start in ("2026-11-23", "9999-12-20"):
        result = subprocess.run(
            [*run, "plan", "--profile", str(profile), "--start", start, "--email", "ann@example.org", "--json"],
            env=env, capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, (start, result.stderr)
        assert json.loads(result.stdout)["days"][0]["date"] == start
