"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EMAIL = "ann@example.org"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh SQLite data folder with one account, as on a person's own machine."""
    env = {**os.environ, "FOOTCOACH_DATA": str(tmp_path), "DATABASE_URL": ""}
    run = [sys.executable, "-m", "footcoach.cli"]
    subprocess.run([*run, "manage", "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([*run, "user", "create", EMAIL], input="a long walk barefoot\n", text=True, env=env,
                   check=True, timeout=60)
    return tmp_path
