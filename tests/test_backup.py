"""`footcoach backup` and `footcoach restore`, run as an administrator runs them,
against a real server that eight clients keep syncing to.

The database is the suite's own kind: SQLite files, or new databases on the
PostgreSQL server that DATABASE_URL names.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.server import FOOTCOACH, RealServer
from tests.training.support import call, make_log

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
ENGINE = "PostgreSQL" if ON_POSTGRESQL else "SQLite"
CLIENTS = 8
PASSWORD = "walking barefoot on sand"

# Eight accounts, each with a token for its device, made in one process.
MAKE_CLIENTS = f"""
from footcoach.accounts.actions import do_create_token, do_create_user
for n in range({CLIENTS}):
    print(do_create_token(do_create_user(f"client{{n}}@example.org", {PASSWORD!r}), "phone")[1])
"""
# What a database holds, read by footcoach itself: each log with its entries, and each account.
READ_BACK = """
import json
from django.db import connection
from footcoach.accounts.models import User
from footcoach.training.models import LogEntry, SessionLog
if "accounts_user" not in connection.introspection.table_names():
    print(json.dumps(None))
else:
    entries = {}
    for log_id in LogEntry.objects.values_list("log_id", flat=True):
        entries[str(log_id)] = entries.get(str(log_id), 0) + 1
    logs = {str(log_id): entries.get(str(log_id), 0) for log_id in SessionLog.objects.values_list("id", flat=True)}
    print(json.dumps({"people": sorted(User.objects.values_list("email", flat=True)), "logs": logs}))
"""

Env = dict[str, str]


def footcoach(env: Env, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FOOTCOACH, *args], input=stdin, capture_output=True, text=True, timeout=300, env=env)


def read_back(env: Env) -> dict[str, object] | None:
    done = footcoach(env, "manage", "shell", "-c", READ_BACK)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Callable[[], Env]]:
    """Makes an empty database of the suite's kind, each time it is called, and
    the environment in which footcoach uses it."""
    made: list[str] = []

    def make() -> Env:
        data = tmp_path / f"data-{len(made)}"
        data.mkdir()
        url = ""
        if ON_POSTGRESQL:
            import psycopg

            name = f"footcoach_backup_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))
        made.append(url)
        return {**os.environ, "FOOTCOACH_DATA": str(data), "DATABASE_URL": url}

    yield make
    if ON_POSTGRESQL:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
            for url in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')


def with_one_account(env: Env) -> Env:
    assert footcoach(env, "manage", "migrate", "--noinput", "-v0").returncode == 0
    assert footcoach(env, "user", "create", "ann@example.org", stdin=PASSWORD + "\n").returncode == 0
    return env


class Device(threading.Thread):
    """One client's phone: syncs a log at a time and notes when each was confirmed."""

    def __init__(self, url: str, token: str, number: int, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.url, self.token, self.number, self.stop = url, token, number, stop
        self.confirmed: list[tuple[float, str]] = []
        self.warmed_up = threading.Event()
        self.problems: list[object] = []

    def run(self) -> None:
        first_day = date(2025, 1, 1) + timedelta(days=self.number)
        for n in range(400):  # bounded, whatever happens
            if self.stop.is_set():
                return
            day = first_day + timedelta(days=n)
            log = make_log(started_at=f"{day}T07:30:00+00:00", ended_at=f"{day}T07:36:10+00:00")
            status, answer = call(self.url, "POST", "/api/logs/sync", token=self.token, body={"logs": [log]})
            if status != 200 or answer["stored"] != [log["id"]]:
                self.problems.append((status, answer))
                return
            self.confirmed.append((time.monotonic(), log["id"]))
            if len(self.confirmed) >= 3:
                self.warmed_up.set()


@pytest.mark.skipif(ON_POSTGRESQL, reason="runs on SQLite; the same test runs on PostgreSQL when DATABASE_URL is set")
def test_it_backs_up_sqlite_while_eight_clients_sync_and_restores_every_confirmed_log(
    tmp_path: Path, new_database: Callable[[], Env]
) -> None:
    backs_up_while_clients_sync_and_restores(tmp_path, new_database)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs PostgreSQL: set DATABASE_URL")
def test_it_backs_up_postgresql_while_eight_clients_sync_and_restores_every_confirmed_log(
    tmp_path: Path, new_database: Callable[[], Env]
) -> None:
    backs_up_while_clients_sync_and_restores(tmp_path, new_database)


def backs_up_while_clients_sync_and_restores(tmp_path: Path, new_database: Callable[[], Env]) -> None:
    source, target = new_database(), new_database()
    backup = tmp_path / "footcoach.backup"
    with RealServer(Path(source["FOOTCOACH_DATA"]), workers=2) as server:
        server.env = source
        assert footcoach(source, "manage", "migrate", "--noinput", "-v0").returncode == 0
        made = footcoach(source, "manage", "shell", "-c", MAKE_CLIENTS)
        assert made.returncode == 0, made.stderr
        tokens = [word for word in made.stdout.split() if word.startswith("fc_")]
        assert len(tokens) == CLIENTS
        server.start()
        if not ON_POSTGRESQL:
            # A long read, as a slow page or a report makes: while it lasts, SQLite keeps every
            # later write in its write-ahead log, which a copy of the database file alone misses.
            keeper = sqlite3.connect(Path(source["FOOTCOACH_DATA"]) / "footcoach.sqlite3", isolation_level=None)
            keeper.execute("BEGIN")
            keeper.execute("SELECT count(*) FROM accounts_user").fetchone()
        stop = threading.Event()
        devices = [Device(server.url, token, n, stop) for n, token in enumerate(tokens)]
        for device in devices:
            device.start()
        try:
            for device in devices:
                assert device.warmed_up.wait(timeout=120), device.problems
            started = time.monotonic()
            taken = footcoach(source, "backup", "--out", str(backup))
        finally:
            stop.set()
            for device in devices:
                device.join(timeout=60)
        if not ON_POSTGRESQL:
            keeper.close()
        assert taken.returncode == 0, taken.stderr
        assert taken.stdout.startswith(f"Backed up the {ENGINE} database to {backup}")
        assert not [device.problems for device in devices if device.problems]

    confirmed_before = {log_id for device in devices for at, log_id in device.confirmed if at < started}
    assert len(confirmed_before) >= 3 * CLIENTS
    assert backup.stat().st_mode & 0o077 == 0, "the backup holds everyone's data: for its owner's eyes only"

    restored = footcoach(target, "restore", str(backup))

    assert restored.returncode == 0, restored.stderr
    assert f"Restored the {ENGINE} backup {backup}." in restored.stdout
    assert "Django's system checks pass" in restored.stdout
    assert f"People: {CLIENTS}, session logs:" in restored.stdout
    held = read_back(target)
    assert held is not None
    logs: dict[str, int] = held["logs"]  # type: ignore[assignment]
    assert confirmed_before <= set(logs)
    # Nothing half-synced: every log in the copy is whole, with its four entries, and was sent by a device.
    assert set(logs.values()) == {4}
    assert set(logs) <= {log_id for device in devices for _, log_id in device.confirmed}
    assert held["people"] == [f"client{n}@example.org" for n in range(CLIENTS)]
    # The restored database serves: footcoach's own check of it is clean.
    assert footcoach(target, "manage", "migrate", "--check", "-v0").returncode == 0


def test_it_refuses_to_restore_into_a_database_that_holds_data_and_changes_nothing(
    tmp_path: Path, new_database: Callable[[], Env]
) -> None:
    first, second = with_one_account(new_database()), new_database()
    assert footcoach(second, "manage", "migrate", "--noinput", "-v0").returncode == 0
    assert footcoach(second, "user", "create", "bob@example.org", stdin=PASSWORD + "\n").returncode == 0
    backup = tmp_path / "first.backup"
    assert footcoach(first, "backup", "--out", str(backup)).returncode == 0
    before = read_back(second)

    refused = footcoach(second, "restore", str(backup))

    assert refused.returncode == 2
    assert refused.stdout == ""
    message = " ".join(refused.stderr.split())
    assert message.startswith(
        "error: the database is not empty, so nothing was restored: it holds accounts_user (1 row)")
    assert "Restore only into an empty database" in message and "Traceback" not in message
    assert read_back(second) == before == {"people": ["bob@example.org"], "logs": {}}


def test_it_restores_into_a_migrated_database_that_holds_no_data(
    tmp_path: Path, new_database: Callable[[], Env]
) -> None:
    first, second = with_one_account(new_database()), new_database()
    assert footcoach(second, "manage", "migrate", "--noinput", "-v0").returncode == 0
    backup = tmp_path / "first.backup"
    assert footcoach(first, "backup", "--out", str(backup)).returncode == 0

    restored = footcoach(second, "restore", str(backup))

    assert restored.returncode == 0, restored.stderr
    assert "People: 1, session logs: 0, self-test results: 0" in restored.stdout
    assert read_back(second) == {"people": ["ann@example.org"], "logs": {}}


def test_it_refuses_a_cut_short_backup_and_leaves_the_database_empty(
    tmp_path: Path, new_database: Callable[[], Env]
) -> None:
    backup = tmp_path / "whole.backup"
    assert footcoach(with_one_account(new_database()), "backup", "--out", str(backup)).returncode == 0
    cut = tmp_path / "cut.backup"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    target = new_database()

    refused = footcoach(target, "restore", str(cut))

    assert refused.returncode == 2
    message = " ".join(refused.stderr.split())
    assert message.startswith(f"error: {cut}") and "Traceback" not in message
    assert ("is cut short" if not ON_POSTGRESQL else "The file may be cut short or damaged") in message
    assert read_back(target) is None


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty: it is not a footcoach backup"),
        (b"SQLite fo", "is cut short: it ends within its first bytes"),
        (b"PGD", "is cut short: it ends within its first bytes"),
        (b"date,steps\n2025-03-03,8\n", "is not a footcoach backup: it is neither a SQLite database nor a "
                                                "pg_dump file"),
        (b"SQLite format 3\x00" + b"\x00" * 40, "is cut short: it ends within SQLite's header"),
    ],
)
def test_it_names_a_file_that_is_no_backup(
    tmp_path: Path, new_database: Callable[[], Env], content: bytes, says: str
) -> None:
    file = tmp_path / "strange.backup"
    file.write_bytes(content)

    if ON_POSTGRESQL and content.startswith(b"SQLite format 3\x00"):
        says = "is a backup of a SQLite database, but this footcoach uses PostgreSQL (DATABASE_URL is set)"

    refused = footcoach(new_database(), "restore", str(file))

    assert (refused.returncode, refused.stderr.strip()) == (2, f"error: {file} {says}")


def test_it_names_a_missing_backup_and_a_missing_folder(tmp_path: Path, new_database: Callable[[], Env]) -> None:
    env = new_database()
    missing = footcoach(env, "restore", str(tmp_path / "nowhere.backup"))
    assert (missing.returncode, missing.stderr.strip()) == (2, f"error: {tmp_path / 'nowhere.backup'}: no such file")
    nowhere = footcoach(env, "backup", "--out", str(tmp_path / "no-such-folder" / "f.backup"))
    assert (nowhere.returncode, nowhere.stderr.strip()) == (
        2, f"error: --out: the folder {tmp_path / 'no-such-folder'} does not exist")


@pytest.mark.skipif(ON_POSTGRESQL, reason="a SQLite file that is not footcoach's")
def test_it_refuses_a_sqlite_database_that_is_not_footcoachs(tmp_path: Path, new_database: Callable[[], Env]) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as database:
        database.execute("CREATE TABLE notes (text TEXT)")
    database.close()

    refused = footcoach(new_database(), "restore", str(other))

    assert (refused.returncode, refused.stderr.strip()) == (
        2, f"error: {other} is a SQLite database but not a footcoach backup: it has no footcoach tables")


def test_it_migrates_an_older_backup_forward_and_says_which(tmp_path: Path, new_database: Callable[[], Env]) -> None:
    # A footcoach from before teachers could choose alert emails.
    older = with_one_account(new_database())
    assert footcoach(older, "manage", "migrate", "accounts", "0007", "--noinput", "-v0").returncode == 0
    backup = tmp_path / "older.backup"
    assert footcoach(older, "backup", "--out", str(backup)).returncode == 0
    target = new_database()

    restored = footcoach(target, "restore", str(backup))

    assert restored.returncode == 0, restored.stderr
    said = " ".join(restored.stdout.split())
    assert "The backup is older than this footcoach: applying" in said
    assert "accounts.0008_user_emails_alerts" in said
    assert "People: 1, session logs: 0, self-test results: 0" in said
    assert footcoach(target, "manage", "migrate", "--check", "-v0").returncode == 0
    assert read_back(target) == {"people": ["ann@example.org"], "logs": {}}


def test_it_replaces_last_weeks_copy_whole_and_leaves_no_part_of_a_failed_one(
    tmp_path: Path, new_database: Callable[[], Env]
) -> None:
    env = with_one_account(new_database())
    monday = tmp_path / "footcoach-Mon.backup"
    monday.write_bytes(b"last week's copy")

    taken = footcoach(env, "backup", "--out", str(monday))

    assert taken.returncode == 0, taken.stderr
    assert monday.read_bytes().startswith(b"SQLite format 3\x00" if not ON_POSTGRESQL else b"PGDMP")
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == [monday.name]
    # A database that cannot be reached: the error is said, and no file is left behind.
    unreachable = {**env, "FOOTCOACH_DATA": str(tmp_path / "empty-folder")} if not ON_POSTGRESQL else {
        **env, "DATABASE_URL": urlunsplit(urlsplit(env["DATABASE_URL"])._replace(path="/no_such_database"))}
    failed = footcoach(unreachable, "backup", "--out", str(tmp_path / "footcoach-Tue.backup"))
    assert failed.returncode != 0 and failed.stderr.startswith("error: ") and "Traceback" not in failed.stderr
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == [monday.name]
