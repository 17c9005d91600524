"""A person's data: `export` (JSON, or a zip of CSV files) and `import` of a JSON export.

Both name the account with --email and go through the same readers and
actions as the account's export page (footcoach.ownership).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from footcoach.cli import EXIT_USAGE, _argument, _django, _say_error, _session_person, _usage_error, app
from footcoach.core.export_format import MAX_FILE_BYTES, ExportFileError, read_export

FORMATS = ("json", "csv")


@app.command("export")
def export_command(
    email: Annotated[str, typer.Option("--email", help="Whose data to export.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write; a name ending in .zip gets the CSV files.")],
    file_format: Annotated[str, typer.Option(
        "--format", help="json (one document, which `footcoach import` reads) or csv (a zip of CSV files).")] = "",
) -> None:
    """Write everything the account holds to one file: JSON by default, a zip of CSV files for spreadsheets."""
    _argument(str(out), "--out")
    chosen = file_format or ("csv" if out.suffix.lower() == ".zip" else "json")
    if chosen not in FORMATS:
        _usage_error(f"--format: {file_format!r} is not a format; give json or csv")
    if not email.strip():
        _usage_error("--email: give the account's address")
    folder = out.parent if str(out.parent) else Path()
    if not folder.is_dir():
        _usage_error(f"--out: {folder} is not a folder")
    _django(database=True)
    from footcoach.accounts.models import User
    from footcoach.ownership.files import write_json, write_zip

    person = _session_person(User, email)
    # Written beside the file and renamed over it at the end, so that a
    # failure never leaves half an export under the name asked for.
    try:
        handle, partial = tempfile.mkstemp(dir=folder, prefix=".footcoach-export-")
    except OSError as error:
        _usage_error(f"--out: cannot write in {folder}: {error.strerror or error}")
    try:
        with os.fdopen(handle, "wb") as raw:
            if chosen == "csv":
                write_zip(person, raw)
            else:
                with io.TextIOWrapper(raw, encoding="utf-8", errors="replace") as text:
                    write_json(person, text)
        os.replace(partial, out)
    except OSError as error:
        Path(partial).unlink(missing_ok=True)
        _usage_error(f"--out: cannot write {out}: {error.strerror or error}")
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    kind = "a zip of CSV files" if chosen == "csv" else "JSON"
    typer.echo(f"Exported {person.email}'s data to {out} ({kind}).")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A JSON export, as `footcoach export` writes it.", metavar="FILE")],
    email: Annotated[str, typer.Option("--email", help="The account to import into.")],
) -> None:
    """Import a JSON export into an account: all of it, or, if anything in it is refused, nothing."""
    _argument(str(file), "FILE")
    if not email.strip():
        _usage_error("--email: give the account's address")
    try:
        with file.open("rb") as handle:
            # Read with a limit: a file past it is refused without being read whole.
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        _usage_error(f"FILE: cannot read {file}: {error.strerror or error}")
    _django(database=True)
    from footcoach.accounts.models import User
    from footcoach.ownership.actions import do_import

    person = _session_person(User, email)
    try:
        report = do_import(person, read_export(raw))
    except ExportFileError as error:
        for where, what in error.problems:
            _say_error(f"{file}: {where}: {what}")
        _say_error(f"{file}: nothing was imported")
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"Imported {file} into {person.email}.")
    for sentence in report.sentences():
        typer.echo(sentence)
