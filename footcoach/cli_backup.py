"""`footcoach backup` and `footcoach restore`: the whole database, for the server's administrator."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from footcoach.cli import EXIT_PROBLEMS, EXIT_USAGE, _argument, _django, _say_error, app


def _fail(error: Exception) -> NoReturn:
    from django.core.management.base import SystemCheckError

    from footcoach.backup import BackupError

    if isinstance(error, BackupError):
        _say_error(error.message)
        raise typer.Exit(EXIT_USAGE if error.bad_input else EXIT_PROBLEMS)
    if isinstance(error, SystemCheckError):
        # Django's own text names each failed check, one to a line.
        for line in str(error).strip().splitlines():
            if line.strip() and not line.startswith("SystemCheckError"):
                _say_error(f"system check: {line.strip()}")
    elif isinstance(error, subprocess.TimeoutExpired):
        _say_error(f"{Path(str(error.cmd[0])).name} did not finish within {error.timeout:.0f} seconds")
    else:
        _say_error(" ".join(str(error).split()))
    raise typer.Exit(EXIT_PROBLEMS)


@app.command("backup")
def backup_command(
    out: Annotated[Path, typer.Option("--out", help="The file to write; an older file of that name is replaced.")],
) -> None:
    """Take a consistent copy of the whole database while the server runs."""
    _argument(str(out), "--out")
    _django()
    from django.db import DatabaseError

    from footcoach.backup import BackupError, take_backup

    try:
        kind = take_backup(out)
    except (BackupError, DatabaseError, subprocess.TimeoutExpired, OSError) as error:
        _fail(error)
    typer.echo(f"Backed up the {kind} database to {out} ({out.stat().st_size} bytes).")


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="A file made by `footcoach backup`.", metavar="FILE")],
) -> None:
    """Put a backup back into an empty database, then check it."""
    _argument(str(file), "FILE")
    _django()
    from django.core.management.base import SystemCheckError
    from django.db import DatabaseError

    from footcoach.backup import BackupError, restore_backup

    try:
        restored = restore_backup(file, typer.echo)
    except (BackupError, SystemCheckError, DatabaseError, subprocess.TimeoutExpired, OSError) as error:
        _fail(error)
    typer.echo(f"Restored the {restored.kind} backup {file}.")
    typer.echo("Checked: " + "; ".join(restored.steps) + ".")
    typer.echo(", ".join(f"{what}: {count}" for what, count in restored.counts.items()).capitalize())
