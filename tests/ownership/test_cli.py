"""`footcoach export` and `footcoach import`, run as a person runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import EMAIL

YESTERDAY = date.today() - timedelta(days=1)  # noqa: DTZ011 - the commands date a result on the machine's calendar
PROFILE = {
    "birth_year": 1952, "goals": ["balance"], "conditions": [], "equipment": ["wall-or-chair"],
    "minutes_per_day": 15, "days_per_week": 3, "setting": "home", "start_side": "left",
    "cleared_by_clinician": False,
}


def footcoach(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": "", "COLUMNS": "160", "TZ": "UTC"}
    return subprocess.run([sys.executable, "-m", "footcoach.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def ok(data_dir: Path, *args: str) -> str:
    answer = footcoach(data_dir, *args)
    assert answer.returncode == 0, answer.stderr
    return answer.stdout


@pytest.fixture
def other_server(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second data folder, as on another machine, with an account of the same address."""
    folder = tmp_path_factory.mktemp("other-server")
    ok(folder, "manage", "migrate", "-v0")
    subprocess.run([sys.executable, "-m", "footcoach.cli", "user", "create", EMAIL], input="a long walk barefoot\n",
                   text=True, env={**os.environ, "FOOTCOACH_DATA": str(folder), "DATABASE_URL": ""},
                   check=True, timeout=60)
    return folder


def with_some_data(data_dir: Path) -> None:
    profile = data_dir / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    ok(data_dir, "profile", "--email", EMAIL, "--set", str(profile))
    ok(data_dir, "test", "record", "single-leg-stance", "18", "--email", EMAIL, "--side", "left",
       "--date", YESTERDAY.isoformat())
    ok(data_dir, "test", "record", "first-step-pain", "3", "--email", EMAIL, "--date", YESTERDAY.isoformat())


def test_it_exports_json_and_imports_it_on_another_server_once(data_dir: Path, other_server: Path) -> None:
    with_some_data(data_dir)
    out = data_dir / "mine.json"

    said = ok(data_dir, "export", "--email", EMAIL, "--out", str(out))

    assert said.strip() == f"Exported {EMAIL}'s data to {out} (JSON)."
    document = json.loads(out.read_text())
    assert document["format"] == "footcoach-export" and len(document["results"]) == 2
    first = ok(other_server, "import", "--email", EMAIL, str(out))
    assert "Added: 1 profile, 0 sessions, 2 self-test results." in first
    second = ok(other_server, "import", "--email", EMAIL, str(out))
    assert "Added: 0 profiles, 0 sessions, 0 self-test results." in second
    assert "Already here: 1 profile, 0 sessions, 2 self-test results." in second
    again = other_server / "again.json"
    ok(other_server, "export", "--email", EMAIL, "--out", str(again))
    assert json.loads(again.read_text())["results"] == [
        {**result, "recorded_at": json.loads(again.read_text())["results"][index]["recorded_at"]}
        for index, result in enumerate(document["results"])
    ]


@pytest.mark.parametrize("how", [("--out", "mine.zip"), ("--out", "mine.data", "--format", "csv")])
def test_it_writes_a_zip_of_csv_files_for_a_zip_name_or_format_csv(data_dir: Path, how: tuple[str, ...]) -> None:
    with_some_data(data_dir)
    out = data_dir / how[1]

    said = ok(data_dir, "export", "--email", EMAIL, "--out", str(out), *how[2:])

    assert "(a zip of CSV files)" in said
    names = zipfile.ZipFile(out).namelist()
    assert "README.txt" in names and "results.csv" in names


@pytest.mark.parametrize(("content", "said"), [
    (b'{"format": "footcoach-export", "version": 1, "logs": [{"id": 5}]}', ": logs[0].id: text (a JSON string)"),
    (b"PK\x03\x04" + b"\x00" * 30, ": file: this is a zip file"),
    (b'{"format": "footcoach-export", "version": 9}', ": version: this export was made by a newer footcoach"),
])
def test_it_refuses_a_bad_file_naming_where_and_imports_nothing(data_dir: Path, content: bytes, said: str) -> None:
    bad = data_dir / "bad.json"
    bad.write_bytes(content)

    answer = footcoach(data_dir, "import", "--email", EMAIL, str(bad))

    assert answer.returncode == 2
    assert f"error: {bad}{said}" in answer.stderr
    assert answer.stderr.strip().endswith(f"error: {bad}: nothing was imported")
    ok(data_dir, "export", "--email", EMAIL, "--out", str(data_dir / "after.json"))
    after = json.loads((data_dir / "after.json").read_text())
    assert (after["profile"], after["logs"], after["results"]) == (None, [], [])


def test_it_refuses_a_file_of_a_gigabyte_without_reading_it_whole(data_dir: Path) -> None:
    huge = data_dir / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(2**30)  # sparse: a gigabyte on paper, nothing on the disk

    answer = footcoach(data_dir, "import", "--email", EMAIL, str(huge))

    assert answer.returncode == 2
    assert "file: it is larger than 64 MB, more than any export" in answer.stderr


def test_it_says_which_argument_is_wrong(data_dir: Path) -> None:
    missing = footcoach(data_dir, "import", "--email", EMAIL, str(data_dir / "nowhere.json"))
    assert missing.returncode == 2 and "FILE: cannot read" in missing.stderr
    nobody = footcoach(data_dir, "export", "--email", "nobody@example.org", "--out", str(data_dir / "x.json"))
    assert nobody.returncode == 2 and "--email: no account has the address nobody@example.org" in nobody.stderr
    assert not (data_dir / "x.json").exists()
    folder = footcoach(data_dir, "export", "--email", EMAIL, "--out", str(data_dir / "no" / "x.json"))
    assert folder.returncode == 2 and "is not a folder" in folder.stderr
    kind = footcoach(data_dir, "export", "--email", EMAIL, "--out", str(data_dir / "x.json"), "--format", "xml")
    assert kind.returncode == 2 and "--format: 'xml' is not a format; give json or csv" in kind.stderr
