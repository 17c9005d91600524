"""A sync waits for its turn to write on a lock the kernel hands over, not by polling SQLite."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from django.db import connection

from footcoach.training.writers import writer_turn

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="about the SQLite default")


def taken(lock: Path) -> bool:
    descriptor = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False


def test_it_holds_the_writers_lock_beside_the_database_for_the_turn_and_lets_it_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "footcoach.sqlite3"))
    lock = tmp_path / "footcoach.sqlite3.writer-lock"
    with writer_turn():
        assert taken(lock)
    assert not taken(lock)


def test_it_lets_a_failed_turn_go_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "footcoach.sqlite3"))
    with pytest.raises(RuntimeError), writer_turn():
        raise RuntimeError("the batch failed")
    assert not taken(tmp_path / "footcoach.sqlite3.writer-lock")
