"""`footcoach user delete`, run as an administrator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EMAIL

FOOTCOACH = [sys.executable, "-m", "footcoach.cli"]


def footcoach(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": ""}
    return subprocess.run([*FOOTCOACH, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60)


def accounts(data_dir: Path) -> str:
    script = "from footcoach.accounts.models import User; print(sorted(User.objects.values_list('email', flat=True)))"
    listed = footcoach(data_dir, "manage", "shell", "-v0", "-c", script)
    assert listed.returncode == 0, listed.stderr
    return listed.stdout.strip()


def test_it_deletes_an_account_with_yes_and_says_what_went(data_dir: Path) -> None:
    assert footcoach(data_dir, "token", "create", EMAIL).returncode == 0

    deleted = footcoach(data_dir, "user", "delete", EMAIL.upper(), "--yes")

    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == (
        f"Deleted the account {EMAIL} and everything of it: 0 session logs, 0 self-test results, "
        "0 coaching links, 0 homework, 1 API token.")
    assert accounts(data_dir) == "[]"


def test_it_deletes_nothing_without_yes_when_nobody_can_be_asked(data_dir: Path) -> None:
    refused = footcoach(data_dir, "user", "delete", EMAIL)

    assert (refused.returncode, refused.stderr.strip()) == (
        2, "error: nothing was deleted: give --yes to delete without being asked")
    assert accounts(data_dir) == f"['{EMAIL}']"


def test_it_names_an_address_that_has_no_account(data_dir: Path) -> None:
    refused = footcoach(data_dir, "user", "delete", "nobody@example.org", "--yes")

    assert (refused.returncode, refused.stderr.strip()) == (2, "error: EMAIL: no account has the address "
                                                               "nobody@example.org")
    assert accounts(data_dir) == f"['{EMAIL}']"
