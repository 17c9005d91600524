"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

EMAIL = "ann@example.org"


@pytest.fixture(scope="session", autouse=True)
def static_files_from_the_app_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Serve the static files as they are in the app folders, under their own names.

    `make run` collects them, with hashed names, into the data folder; a copy
    collected before the last change must not stand in for the files under test.
    tests/test_static_files.py collects them itself to test the hashed names."""
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static") / "not-collected"):
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh SQLite data folder with one account, as on a person's own machine."""
    env = {**os.environ, "FOOTCOACH_DATA": str(tmp_path), "DATABASE_URL": ""}
    run = [sys.executable, "-m", "footcoach.cli"]
    subprocess.run([*run, "manage", "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([*run, "user", "create", EMAIL], input="a long walk barefoot\n", text=True, env=env,
                   check=True, timeout=60)
    return tmp_path
