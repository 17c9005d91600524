"""The commands about a person's own records, run as a user runs them: test record, profile, progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import EMAIL

TODAY = date.today()  # noqa: DTZ011 - the commands date a result on the machine's own calendar


def footcoach(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": "", "COLUMNS": "160", "TZ": "UTC"}
    return subprocess.run([sys.executable, "-m", "footcoach.cli", *args], capture_output=True, text=True,
                          timeout=60, env=env)


def progress(data_dir: Path) -> dict[str, object]:
    answer = footcoach(data_dir, "progress", "--email", EMAIL, "--json")
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)  # type: ignore[no-any-return]


PROFILE = {
    "birth_year": 1952, "goals": ["balance"], "conditions": [], "equipment": ["wall-or-chair"],
    "minutes_per_day": 15, "days_per_week": 3, "setting": "home", "start_side": "left",
    "cleared_by_clinician": False, "sex": "female",
}


def test_it_records_a_result_and_a_later_one_of_the_day_replaces_it(data_dir: Path) -> None:
    day = (TODAY - timedelta(days=1)).isoformat()
    first = footcoach(data_dir, "test", "record", "single-leg-stance", "18", "--email", EMAIL, "--side", "left",
                      "--date", day)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"Saved: Single-leg balance, left foot, 18 seconds on {day}, for {EMAIL}."
    assert footcoach(data_dir, "test", "record", "single-leg-stance", "24", "--email", EMAIL, "--side", "left",
                     "--date", day).returncode == 0

    stance = next(s for s in progress(data_dir)["tests"] if s["test"] == "single-leg-stance")  # type: ignore[attr-defined]
    assert stance["results"] == [{"date": day, "value": 24.0, "count": 1}]


@pytest.mark.parametrize(("args", "said"), [
    (["no-such-test", "3"], "error: TEST: no self-test has the id 'no-such-test'; choose from forward-fold-reach"),
    (["single-leg-stance", "twenty", "--side", "left"], "error: VALUE: 'twenty' is not a number"),
    (["single-leg-stance", "２１", "--side", "left"], "error: VALUE: '２１' is not a number"),
    (["single-leg-stance", "nan", "--side", "left"], "error: VALUE: 'nan' is not a number"),
    (["single-leg-stance", "301", "--side", "left"], "error: VALUE: single-leg-stance takes seconds from 0 to 300"),
    (["single-leg-stance", "21"], "error: --side: single-leg-stance is taken per foot: give side left or right"),
    (["single-leg-stance", "21", "--side", "middle"], "error: --side: 'middle' is not a side; give left or right"),
    (["first-step-pain", "3", "--side", "left"], "error: --side: first-step-pain is not taken per foot"),
    (["first-step-pain", "3", "--date", "2025-02-30"], "error: --date: '2025-02-30' is not a date"),
    (["first-step-pain", "3", "--date", "1999-12-31"], "error: --date: 1999-12-31 is before 2000-01-01"),
    (["first-step-pain", "3", "--date", "9999-12-31"], "error: --date: 9999-12-31 is after"),
])
def test_it_refuses_a_bad_result_with_one_line_and_stores_nothing(data_dir: Path, args: list[str], said: str) -> None:
    answer = footcoach(data_dir, "test", "record", *args, "--email", EMAIL)
    assert answer.returncode == 2
    assert answer.stderr.startswith(said), answer.stderr
    assert len(answer.stderr.strip().splitlines()) == 1
    assert all(s["results"] == [] for s in progress(data_dir)["tests"])  # type: ignore[attr-defined]


def test_it_sets_and_prints_a_profile_in_the_profile_file_format(data_dir: Path, tmp_path: Path) -> None:
    assert footcoach(data_dir, "profile", "--email", EMAIL).returncode == 1
    file = tmp_path / "me.json"
    file.write_text(json.dumps(PROFILE))

    saved = footcoach(data_dir, "profile", "--email", EMAIL, "--set", str(file))
    assert saved.returncode == 0, saved.stderr

    shown = footcoach(data_dir, "profile", "--email", EMAIL)
    assert shown.returncode == 0
    assert json.loads(shown.stdout) == PROFILE
    # What it prints is a file `footcoach plan --profile` reads.
    file.write_text(shown.stdout)
    assert footcoach(data_dir, "plan", "--profile", str(file), "--json").returncode == 0


def test_it_refuses_a_bad_profile_file_one_line_per_problem_and_keeps_the_saved_one(
    data_dir: Path, tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(PROFILE))
    assert footcoach(data_dir, "profile", "--email", EMAIL, "--set", str(good)).returncode == 0
    bad.write_text(json.dumps({**PROFILE, "days_per_week": 9, "sex": "other"}))

    answer = footcoach(data_dir, "profile", "--email", EMAIL, "--set", str(bad))

    assert answer.returncode == 2
    lines = answer.stderr.strip().splitlines()
    assert len(lines) == 2
    assert any(f"{bad}: days_per_week: 9 is out of range" in line for line in lines)
    assert any(f"{bad}: sex: \"other\" is not allowed" in line for line in lines)
    assert json.loads(footcoach(data_dir, "profile", "--email", EMAIL).stdout) == PROFILE


def test_it_prints_progress_as_tables_and_as_the_apis_json(data_dir: Path, tmp_path: Path) -> None:
    file = tmp_path / "me.json"
    file.write_text(json.dumps(PROFILE))
    assert footcoach(data_dir, "profile", "--email", EMAIL, "--set", str(file)).returncode == 0
    for side, value in (("left", "30"), ("right", "12")):
        assert footcoach(data_dir, "test", "record", "single-leg-stance", value, "--email", EMAIL,
                         "--side", side).returncode == 0

    answer = progress(data_dir)
    assert set(answer) >= {"tests", "side_differences", "release_checks", "adherence", "pain_by_week", "helping"}
    left = next(s for s in answer["tests"] if s["test"] == "single-leg-stance" and s["side"] == "left")  # type: ignore[attr-defined]
    assert left["results"] == [{"date": TODAY.isoformat(), "value": 30.0, "count": 1}]
    assert left["norm"]["source"] == "springer-2007"
    assert answer["side_differences"][0]["test"] == "single-leg-stance"  # type: ignore[index]

    tables = footcoach(data_dir, "progress", "--email", EMAIL)
    assert tables.returncode == 0, tables.stderr
    text = " ".join(tables.stdout.split())
    for heading in ("Self-tests", "Between the feet", "Sessions planned and done", "Is it helping?"):
        assert heading in text
    assert "30 seconds" in text and "12 seconds" in text
    assert left["norm"]["text"].split(".")[0] in text  # type: ignore[index]


def test_it_names_an_unknown_account(data_dir: Path) -> None:
    answer = footcoach(data_dir, "progress", "--email", "nobody@example.org")
    assert answer.returncode == 2
    assert "no account has the address nobody@example.org" in answer.stderr
