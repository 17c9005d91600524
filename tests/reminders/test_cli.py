"""`footcoach calendar` and `footcoach remind`, run as cron or a person runs them, in subprocesses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.db import connection

from tests.conftest import EMAIL

UTC = ZoneInfo("UTC")
PROFILE = {
    "birth_year": 1952, "goals": ["balance"], "conditions": [], "equipment": ["wall-or-chair"],
    "minutes_per_day": 15, "days_per_week": 3, "setting": "home", "start_side": "left",
    "cleared_by_clinician": False,
}
# 07:35 on Wednesday 2 December in Tokyo; 07:31 on Tuesday 1 December in Los Angeles.
TOKYO_MORNING = datetime(2026, 12, 1, 22, 35, tzinfo=UTC)
LA_MORNING = datetime(2026, 12, 1, 15, 31, tzinfo=UTC)
LEE = "lee@example.org"
# Every reminder email the console backend prints names its receiver on a line of its own.
TO_LINE = re.compile(r"^To: (\S+)$", re.M)


def _env(data_dir: Path | None, database_url: str = "") -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "COLUMNS": "160", "TZ": "UTC"}
    env.pop("EMAIL_URL", None)
    env.pop("EMAIL_HOST", None)
    if data_dir is not None:
        env["FOOTCOACH_DATA"] = str(data_dir)
    return env


def footcoach(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "footcoach.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env, input=stdin)


def _set_up(env: dict[str, str], tmp_path: Path) -> None:
    """Ann in Tokyo and Lee in Los Angeles, each reminded at 07:30 every day."""
    assert footcoach(env, "user", "create", LEE, stdin="a long walk barefoot\n").returncode == 0
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    for email in (EMAIL, LEE):
        assert footcoach(env, "profile", "--email", email, "--set", str(profile)).returncode == 0
    script = (
        "from footcoach.accounts.models import User; "
        "from footcoach.reminders.actions import check_reminder_fields, do_save_reminders; "
        f"[do_save_reminders(User.objects.get(email=e), check_reminder_fields(enabled=True, at='07:30', "
        f"weekdays=list('0123456'), plan_days=False, time_zone=z)) "
        f"for e, z in (({EMAIL!r}, 'Asia/Tokyo'), ({LEE!r}, 'America/Los_Angeles'))]"
    )
    made = footcoach(env, "manage", "shell", "-c", script)
    assert made.returncode == 0, made.stderr


def _remind_together(env: dict[str, str], now: datetime, runs: int = 2) -> list[str]:
    """Start `runs` reminders at the same moment and wait for all; whom their emails went to."""
    command = [sys.executable, "-m", "footcoach.cli", "remind", "--now", now.isoformat(),
               "--site", "https://footcoach.example.org"]
    started = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for _ in range(runs)]
    receivers = []
    sent_said = 0
    for process in started:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        receivers.extend(TO_LINE.findall(out))
        said = re.search(r"^Sent (\d+) reminders?", out, re.M)
        assert said is not None, out
        sent_said += int(said.group(1))
    assert sent_said == len(receivers), "Each run says how many it sent."
    return sorted(receivers)


def _check_once_each(env: dict[str, str]) -> None:
    assert _remind_together(env, TOKYO_MORNING) == [EMAIL]
    assert _remind_together(env, TOKYO_MORNING + timedelta(minutes=1), runs=1) == []
    assert _remind_together(env, LA_MORNING) == [LEE]
    assert _remind_together(env, LA_MORNING + timedelta(minutes=1), runs=1) == []


def test_it_sends_each_reminder_once_when_two_runs_start_together_on_sqlite(data_dir: Path, tmp_path: Path) -> None:
    env = _env(data_dir)
    _set_up(env, tmp_path)
    _check_once_each(env)


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_it_sends_each_reminder_once_when_two_runs_start_together_on_postgresql(tmp_path: Path) -> None:
    # The test database itself, committed to, so that the commands see what is set up here.
    db: dict[str, Any] = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = _env(tmp_path, url)
    assert footcoach(env, "user", "create", EMAIL, stdin="a long walk barefoot\n").returncode == 0
    _set_up(env, tmp_path)
    _check_once_each(env)


def test_it_says_how_to_write_the_moment(data_dir: Path) -> None:
    for bad, said in (("yesterday", "is not a moment"), ("2026-12-01T08:00", "has no time zone")):
        answer = footcoach(_env(data_dir), "remind", "--now", bad)
        assert answer.returncode == 2 and said in answer.stderr and "Traceback" not in answer.stderr


def test_it_writes_a_calendar_file_that_parses(data_dir: Path, tmp_path: Path) -> None:
    env = _env(data_dir)
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    assert footcoach(env, "profile", "--email", EMAIL, "--set", str(profile)).returncode == 0
    out = tmp_path / "plan.ics"
    answer = footcoach(env, "calendar", "--email", EMAIL, "--out", str(out), "--site", "https://fc.example.org")
    assert answer.returncode == 0, answer.stderr
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert answer.stdout.strip() == f"Wrote {len(events)} sessions to {out}."
    # Three days a week for six weeks, from today.
    assert 16 <= len({e.decoded("dtstart").date() for e in events}) <= 19
    assert all(str(e["url"]).startswith("https://fc.example.org/session/") and e.walk("VALARM") for e in events)
    assert len(vobject.readOne(out.read_text()).vevent_list) == len(events)


def test_it_refuses_a_calendar_for_nobody_or_into_a_folder(data_dir: Path, tmp_path: Path) -> None:
    env = _env(data_dir)
    nobody = footcoach(env, "calendar", "--email", "nobody@example.org", "--out", str(tmp_path / "x.ics"))
    assert nobody.returncode == 2 and "no account has the address nobody@example.org" in nobody.stderr
    folder = footcoach(env, "calendar", "--email", EMAIL, "--out", str(tmp_path))
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    missing = footcoach(env, "calendar", "--email", EMAIL, "--out", str(tmp_path / "no" / "such" / "x.ics"))
    assert missing.returncode == 2 and "cannot write" in missing.stderr
