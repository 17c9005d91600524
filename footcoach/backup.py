"""Backups of the whole database while the server runs, and their restore into an empty one.

SQLite is copied with its online backup API and PostgreSQL with pg_dump: both
read one consistent snapshot, so a backup taken while people sync holds every
log confirmed before it began, each whole with its entries, and never half of
a sync. A restore refuses a database that already holds footcoach data, and
checks what it put back before saying it is done.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"

# pg_dump and pg_restore may take long on a large database; this only stops
# one that hangs (a lock that never comes) from hanging a cron job for ever.
TOOL_TIMEOUT_SECONDS = 6 * 60 * 60


class BackupError(Exception):
    """A backup or restore that could not be done, in words for the person running it."""

    # Whether the fault is in what was given (a missing, cut-short or foreign
    # file, a database that is not empty): the command line's status 2.
    bad_input = False

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class BadInput(BackupError):
    bad_input = True


@dataclass
class Restored:
    kind: str
    steps: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _vendor() -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BadInput(f"footcoach backs up SQLite and PostgreSQL only, not {connection.vendor}")
    return str(connection.vendor)


def _kind_name(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[vendor]


# Taking a backup


def take_backup(out: Path) -> str:
    """Write a consistent copy of the database to `out`; return what kind it is.

    The copy is written beside `out` under another name and renamed into place
    when whole, so that `out` is never a half-written file, and it is readable
    by its owner only: it holds everyone's data and password hashes.
    """
    vendor = _vendor()
    if out.is_dir():
        raise BadInput(f"--out: {out} is a folder; give a file name, such as {out / 'footcoach.backup'}")
    if not out.parent.is_dir():
        raise BadInput(f"--out: the folder {out.parent} does not exist")
    partial = out.with_name(f".{out.name}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise BadInput(f"--out: cannot write {partial}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            if vendor == "sqlite":
                _backup_sqlite(Path(connection.settings_dict["NAME"]), partial)
            else:
                _backup_postgresql(file)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return _kind_name(vendor)


def _backup_sqlite(database: Path, partial: Path) -> None:
    if not database.is_file():
        raise BadInput(f"there is no database at {database} to back up")
    source = sqlite3.connect(database, timeout=20)
    copy = sqlite3.connect(partial)
    try:
        # All pages in one step: one read transaction, so one snapshot of the
        # database, while the server's writers go on in the write-ahead log.
        source.backup(copy)
        # The copy is one file, without a write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        problem = copy.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"the copy of {database} failed SQLite's check: {problem}")
    except sqlite3.Error as error:
        raise BackupError(f"cannot copy {database}: {error}") from None
    finally:
        copy.close()
        source.close()


def _postgresql_environment() -> dict[str, str]:
    """The connection to PostgreSQL as libpq's variables: a password on a
    command line would show in the list of processes."""
    settings = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                          ("PGDATABASE", "NAME")):
        if settings.get(key):
            environment[variable] = str(settings[key])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if settings.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings["OPTIONS"][option])
    return environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; install PostgreSQL's client programs "
                          f"(on Debian or Ubuntu: apt-get install postgresql-client)")
    return found


def _said(process: subprocess.CompletedProcess[bytes]) -> str:
    lines = process.stderr.decode(errors="replace").strip().splitlines()
    return " ".join(lines[:3]) or f"exit status {process.returncode}"


def _backup_postgresql(file: Any) -> None:
    # --no-password: from cron there is nobody to type one; a missing one is an error.
    process = subprocess.run(  # noqa: S603 - our arguments, no shell
        [_tool("pg_dump"), "--format=custom", "--no-password"],
        stdout=file, stderr=subprocess.PIPE, env=_postgresql_environment(), timeout=TOOL_TIMEOUT_SECONDS,
        check=False,
    )
    if process.returncode != 0:
        raise BackupError(f"pg_dump could not back up the database: {_said(process)}")


# Restoring


def backup_kind(path: Path) -> str:
    """"sqlite" or "postgresql", from the file's first bytes; BadInput for anything else."""
    try:
        with path.open("rb") as file:
            start = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a backup file") from None
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror or error}") from None
    if start == SQLITE_HEADER:
        return "sqlite"
    if start.startswith(PG_DUMP_HEADER):
        return "postgresql"
    if not start:
        raise BadInput(f"{path} is empty: it is not a footcoach backup")
    if SQLITE_HEADER.startswith(start) or PG_DUMP_HEADER.startswith(start):
        raise BadInput(f"{path} is cut short: it ends within its first bytes")
    raise BadInput(f"{path} is not a footcoach backup: it is neither a SQLite database nor a pg_dump file")


def _check_sqlite_file(path: Path) -> None:
    """Refuse a SQLite file that is cut short, damaged or not footcoach's, before it replaces anything."""
    raw = path.read_bytes()[:100]
    if len(raw) < 100:
        raise BadInput(f"{path} is cut short: it ends within SQLite's header")
    page_size = int.from_bytes(raw[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(raw[28:32], "big")
    size = path.stat().st_size
    # The page count in the header is kept up to date whenever these two counters agree.
    if raw[24:28] == raw[92:96] and size < pages * page_size:
        raise BadInput(f"{path} is cut short: it holds {size} bytes of the {pages * page_size} its header says")
    try:
        backup = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problem = backup.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            backup.close()
    except sqlite3.Error as error:
        raise BadInput(f"{path} is damaged: SQLite cannot read it ({error})") from None
    if problem != "ok":
        raise BadInput(f"{path} is damaged: SQLite's integrity check says {problem}")
    if not {"django_migrations", _user_table()} <= tables:
        raise BadInput(f"{path} is a SQLite database but not a footcoach backup: it has no footcoach tables")


def _user_table() -> str:
    return str(apps.get_model("accounts", "User")._meta.db_table)


def _footcoach_rows() -> list[str]:
    """The footcoach tables of the database that hold rows, with how many."""
    existing = set(connection.introspection.table_names())
    held = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.app_config.name.startswith("footcoach.") or model._meta.db_table not in existing:
            continue
        count = model._base_manager.count()
        if count:
            held.append(f"{model._meta.db_table} ({count} row{'s' if count != 1 else ''})")
    return held


def _how_to_start_empty(vendor: str) -> str:
    if vendor == "sqlite":
        return (f"move {connection.settings_dict['NAME']} aside, or set FOOTCOACH_DATA to a new folder, "
                "and run the restore again")
    return "create a new database (createdb), point DATABASE_URL at it and run the restore again"


def restore_backup(path: Path, say: Callable[[str], None]) -> Restored:
    """Put the backup at `path` into this footcoach's database, which must hold no footcoach data, and check it."""
    kind = backup_kind(path)
    vendor = _vendor()
    if kind != vendor:
        raise BadInput(f"{path} is a backup of a {_kind_name(kind)} database, but this footcoach uses "
                       f"{_kind_name(vendor)}" + (" (DATABASE_URL is set)" if vendor == "postgresql" else
                                                  "; set DATABASE_URL to the PostgreSQL database to restore into"))
    if kind == "sqlite":
        _check_sqlite_file(path)
    try:
        held = _footcoach_rows()
    except DatabaseError as error:
        raise BackupError(f"cannot open the database: {' '.join(str(error).split())}") from None
    if held:
        raise BadInput("the database is not empty, so nothing was restored: it holds " + ", ".join(held[:5])
                       + (f" and {len(held) - 5} more tables" if len(held) > 5 else "")
                       + ". Restore only into an empty database: " + _how_to_start_empty(vendor))
    connection.close()
    if kind == "sqlite":
        _restore_sqlite(path, Path(connection.settings_dict["NAME"]))
    else:
        _restore_postgresql(path)
    connection.close()
    restored = Restored(kind=_kind_name(kind))
    _check_restored(restored, say)
    return restored


def _restore_sqlite(path: Path, database: Path) -> None:
    backup = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(database, timeout=20)
    try:
        # Page by page into the database file, through SQLite: its write-ahead
        # log, if any, is taken into account rather than left to contradict it.
        backup.backup(target)
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore into {database}: {error}") from None
    finally:
        target.close()
        backup.close()


def _restore_postgresql(path: Path) -> None:
    environment = _postgresql_environment()
    # One transaction: a file that is cut short or damaged fails part way and leaves the database as it was.
    # --clean --if-exists drops the empty tables a `migrate` may have made first.
    process = subprocess.run(  # noqa: S603 - our arguments, no shell
        [_tool("pg_restore"), "--no-password", "--single-transaction", "--exit-on-error", "--clean", "--if-exists",
         "--no-owner", "--no-privileges", "--dbname", environment.get("PGDATABASE", ""), str(path)],
        capture_output=True, env=environment, timeout=TOOL_TIMEOUT_SECONDS, check=False,
    )
    if process.returncode != 0:
        raise BadInput(f"{path} could not be restored, and the database was left as it was: {_said(process)}. "
                       "The file may be cut short or damaged; try an earlier backup")


def _check_restored(restored: Restored, say: Callable[[str], None]) -> None:
    executor = MigrationExecutor(connection)
    known = set(executor.loader.graph.nodes)
    unknown = sorted(f"{app}.{name}" for app, name in executor.loader.applied_migrations if (app, name) not in known
                     and apps.is_installed(f"footcoach.{app}"))
    if unknown:
        raise BackupError(f"the backup was taken by a newer footcoach: its migrations {', '.join(unknown[:5])} are "
                          "unknown here. Upgrade footcoach, empty the database and restore again")
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan)
        say(f"The backup is older than this footcoach: applying {len(plan)} migrations ({names}).")
        call_command("migrate", interactive=False, verbosity=0)
        restored.steps.append(f"migrated forward: {names}")
    call_command("migrate", check_unapplied=True, verbosity=0)
    restored.steps.append("no migration left to apply")
    # Raises SystemCheckError, naming each problem, when a check fails.
    call_command("check", databases=["default"], verbosity=0, stdout=io.StringIO())
    restored.steps.append("Django's system checks pass")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            problem = cursor.fetchone()[0]
        if problem != "ok":
            raise BackupError(f"the restored database fails SQLite's integrity check: {problem}")
        restored.steps.append("SQLite's integrity check is ok")
    restored.counts = {
        "people": apps.get_model("accounts", "User")._base_manager.count(),
        "session logs": apps.get_model("training", "SessionLog")._base_manager.count(),
        "self-test results": apps.get_model("progress", "SelfTestResult")._base_manager.count(),
    }
