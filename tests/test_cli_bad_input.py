"""Every command answers bad input with one line per problem, naming what was wrong, and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROFILE = {
    "birth_year": 1952, "goals": ["balance"], "conditions": [], "equipment": ["towel"], "minutes_per_day": 15,
    "days_per_week": 5, "setting": "home", "start_side": "left", "cleared_by_clinician": False,
}


def footcoach(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # A narrow terminal, so that a message folded to fit it would show as more than one line.
    result = subprocess.run(
        [sys.executable, "-m", "footcoach.cli", *args], input=stdin, capture_output=True, timeout=60,
        env={**os.environ, "COLUMNS": "40", **(env or {})},
    )
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(errors="replace"),
                                       result.stderr.decode(errors="replace"))


def refused(result: subprocess.CompletedProcess[str], *said: str) -> list[str]:
    """The problems, each on its own line, after checking that the command said them and exited 2."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), result.stderr
    for words in said:
        assert any(words in line for line in lines), result.stderr
    return lines


def profile_file(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "profile.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize(("content", "said"), [
    (json.dumps({**PROFILE, "conditions": [["a"]]}), 'profile.json: conditions[0]: ["a"] is not a condition'),
    (json.dumps({**PROFILE, "conditions": [{"x": 1}]}), 'profile.json: conditions[0]: {"x": 1} is not a condition'),
    (b'{"birth_year": 19\xff52}', "profile.json:1:18: not UTF-8 text"),
    ("[" * 100_000 + "]" * 100_000, "profile.json: not valid JSON: lists or objects nested too deeply"),
    ('{\n "birth_year": ' + "9" * 5000 + "}", "profile.json:2:16: a number of 5000 digits is too long"),
    ("", "profile.json:1:1: not valid JSON"),
    # Said as written, never read as the terminal's styles.
    (json.dumps({**PROFILE, "setting": "[/x]"}), 'profile.json: setting: "[/x]" is not allowed'),
    (json.dumps({**PROFILE, "setting": "[bold]x"}), 'profile.json: setting: "[bold]x" is not allowed'),
])
def test_plan_names_the_file_and_what_is_wrong_with_it(tmp_path: Path, content: bytes | str, said: str) -> None:
    [line] = refused(footcoach("plan", "--profile", str(profile_file(tmp_path, content))), said)
    assert len(line) < 600  # long enough for the list of conditions, too short for the 5000 digits


def test_plan_says_a_profile_file_that_is_missing_or_a_folder_cannot_be_read(tmp_path: Path) -> None:
    refused(footcoach("plan", "--profile", str(tmp_path / "nope.json")), "No such file or directory")
    refused(footcoach("plan", "--profile", str(tmp_path)), "Is a directory")


@pytest.mark.parametrize(("args", "said"), [
    (("--start", "9999-12-31"), "--start: 9999-12-31 is too late for a 1-week plan; give a day from"),
    (("--start", "9999-12-01", "--weeks", "52"), "--start: 9999-12-01 is too late for a 52-week plan"),
    (("--start", "0001-01-01"), "--start: 0001-01-01 is too early"),
    (("--start", "9" * 5000), "--start: '9999999999"),
    (("--weeks", "abc"), "--weeks"),
    (("--weeks", "9" * 5000), "--weeks"),
])
def test_plan_refuses_a_start_or_length_the_calendar_cannot_hold(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    [line] = refused(footcoach("plan", "--profile", str(profile_file(tmp_path, json.dumps(PROFILE))), *args), said)
    assert len(line) < 300


def test_plan_takes_the_last_start_a_plan_can_have(tmp_path: Path) -> None:
    result = footcoach("plan", "--profile", str(profile_file(tmp_path, json.dumps(PROFILE))), "--start",
                       "9999-12-25", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["days"][-1]["date"] <= "9999-12-31"


@pytest.mark.parametrize("minutes", ["abc", "99999999999999999999", "9" * 5000, "¹⁵", "-5"])
def test_library_names_minutes_it_cannot_use(minutes: str) -> None:
    [line] = refused(footcoach("library", "--minutes", minutes), "--minutes: ", "from 1 to 120")
    assert len(line) < 300


def test_library_says_a_region_as_written() -> None:
    refused(footcoach("library", "--region", "[/x]"), "--region: '[/x]' is not one of")


def test_library_reads_minutes_in_other_decimal_digits() -> None:
    result = footcoach("library", "--json", "--minutes", "١٠")
    assert result.returncode == 0, result.stderr
    assert all(row["minutes"] <= 10 for row in json.loads(result.stdout))


def test_session_names_a_bad_program_speed_or_profile_before_opening_the_database(tmp_path: Path) -> None:
    env = {"FOOTCOACH_DATA": str(tmp_path), "DATABASE_URL": ""}
    refused(footcoach("session", "nope", env=env), "PROGRAM: 'nope' is not a program")
    for speed in ("nan", "inf", "0", "abc"):
        refused(footcoach("session", "sole-training", "--speed", speed, env=env), "--speed")
    bad = profile_file(tmp_path, json.dumps({**PROFILE, "conditions": [["a"]], "minutes_per_day": "15"}))
    lines = refused(footcoach("session", "sole-training", "--profile", str(bad), env=env),
                    "conditions[0]", 'minutes_per_day: "15" is not a number')
    assert len(lines) == 2
    refused(footcoach("session", "sole-training", "--profile", str(profile_file(tmp_path, b"\xff")), env=env),
            "profile.json:1:1: not UTF-8 text")


def test_serve_refuses_a_port_or_worker_count_it_cannot_use() -> None:
    refused(footcoach("serve", "--port", "99999"), "--port")
    refused(footcoach("serve", "--port", "-1"), "--port")
    refused(footcoach("serve", "--workers", "0"), "--workers")
    refused(footcoach("serve", "--threads", "0"), "--threads")


def test_check_content_names_a_folder_that_is_not_there(tmp_path: Path) -> None:
    refused(footcoach("check-content", str(tmp_path / "nope")), f"DIR: {tmp_path / 'nope'} is not a folder")


def count(model: str, env: dict[str, str]) -> str:
    result = footcoach("manage", "shell", "-v0", "-c",
                       f"from footcoach.accounts.models import {model}; print({model}.objects.count())", env=env)
    return result.stdout.strip()


def test_user_create_names_each_bad_email_or_password_and_makes_no_account(data_dir: Path) -> None:
    env = {"FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": ""}
    refused(footcoach("user", "create", "bad-email", stdin=b"a long walk barefoot\n", env=env),
            "email: 'bad-email' is not a valid email address")
    refused(footcoach("user", "create", "ANN@example.org", stdin=b"a long walk barefoot\n", env=env),
            "already exists")
    refused(footcoach("user", "create", "new@example.org", stdin=b"\n", env=env), "password: ")
    refused(footcoach("user", "create", "new@example.org", stdin=b"", env=env), "password: ")
    refused(footcoach("user", "create", "new@example.org", stdin=b"a long walk\x00barefoot\n", env=env),
            "password: ", "NUL")
    refused(footcoach("user", "create", "new@example.org", stdin=b"a long walk \xff barefoot\n", env=env),
            "password: ", "not UTF-8 text")
    refused(footcoach("user", "create", "new\udcff@example.org", stdin=b"a long walk barefoot\n", env=env),
            "EMAIL: ", "not UTF-8 text")
    assert count("User", env) == "1"


def test_token_create_names_an_unknown_or_unreadable_email_and_makes_no_token(data_dir: Path) -> None:
    env = {"FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": ""}
    refused(footcoach("token", "create", "nobody@example.org", env=env), "no account has the email address")
    refused(footcoach("token", "create", "\udcff@example.org", env=env), "EMAIL: ", "not UTF-8 text")
    refused(footcoach("token", "create", "ann@example.org", "--name", "", env=env), "--name: ")
    profile = profile_file(data_dir, json.dumps(PROFILE))
    refused(footcoach("plan", "--profile", str(profile), "--email", "\udcff", env=env), "--email: ", "not UTF-8 text")
    assert count("ApiToken", env) == "0"


def test_commands_say_when_the_database_is_not_set_up(tmp_path: Path) -> None:
    env = {"FOOTCOACH_DATA": str(tmp_path), "DATABASE_URL": ""}
    refused(footcoach("token", "create", "ann@example.org", env=env), "footcoach manage migrate")
    refused(footcoach("user", "create", "ann@example.org", stdin=b"a long walk barefoot\n", env=env),
            "footcoach manage migrate")
