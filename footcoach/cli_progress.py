"""The commands about a person's own records: `test record`, `profile` and `progress`.

Each names the account with --email and reads or changes it in the local
database; the checks are the web's and the API's (progress.actions,
core.profile), so a result or a profile means the same wherever it came from.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from footcoach.cli import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    _argument,
    _cut,
    _django,
    _read_json,
    _say_error,
    _session_person,
    _usage_error,
    app,
)

test_app = typer.Typer(help="Record self-test results.", no_args_is_help=True)
app.add_typer(test_app, name="test")

# A number as a person types one: ASCII digits, an optional sign and decimals.
# float() would also take "nan", "inf", "1_000" and digits of other scripts.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
SIDE_WORDS = {"left": "left foot", "right": "right foot"}


def _person(email: str) -> Any:
    _argument(email, "--email")
    _django(database=True)
    from footcoach.accounts.models import User

    return _session_person(User, email)


def _value(text: str) -> float:
    if not _NUMBER.fullmatch(text.strip()):
        _usage_error(f"VALUE: {_cut(text)} is not a number; write it like 21 or 9.5 (1 for pass, 0 for fail)")
    return float(text)


def _day(text: str) -> date | None:
    if not text:
        return None
    try:
        if not _DAY.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        _usage_error(f"--date: {_cut(text)} is not a date; write it as YYYY-MM-DD")


@test_app.command("record")
def record_test(
    test: Annotated[str, typer.Argument(help="The self-test's id, e.g. single-leg-stance.")],
    value: Annotated[str, typer.Argument(help="The result in the test's unit (1 for pass, 0 for fail).")],
    email: Annotated[str, typer.Option(help="Whose result this is.")],
    side: Annotated[str, typer.Option(help="left or right, for a test taken per foot.")] = "",
    day: Annotated[str, typer.Option("--date", help="The day it was taken, YYYY-MM-DD (default: today).")] = "",
) -> None:
    """Record one self-test result; a later one of the same test, side and day replaces it."""
    _argument(test, "TEST")
    number = _value(value)
    if side not in ("", "left", "right"):
        _usage_error(f"--side: {_cut(side)} is not a side; give left or right")
    taken_on = _day(day)
    person = _person(email)
    from django.utils import timezone

    from footcoach.core.norms import say_value
    from footcoach.core.results import ResultError
    from footcoach.library.content import get_library
    from footcoach.progress.actions import do_record_result

    try:
        result = do_record_result(person, test, number, side or None, taken_on or timezone.localdate())
    except ResultError as error:
        names = {"test": "TEST", "value": "VALUE", "side": "--side", "date": "--date"}
        field, message = error.problems[0]
        _usage_error(f"{names.get(field, field)}: {message}")
    shown = get_library().tests[test]
    where = f", {SIDE_WORDS[result.side]}" if result.side else ""
    typer.echo(f"Saved: {shown.name}{where}, {say_value(shown, result.value)} on {result.taken_on.isoformat()}, "
               f"for {person.email}.")


@app.command("profile")
def profile_command(
    email: Annotated[str, typer.Option(help="Whose profile this is.")],
    set_from: Annotated[Path | None, typer.Option(
        "--set", help="Replace the profile from this profile file (JSON), as `footcoach plan --profile` reads.",
        metavar="FILE")] = None,
) -> None:
    """Print an account's profile as a profile file, or replace it from one."""
    data = _read_json(set_from, "--set") if set_from is not None else None
    person = _person(email)
    from footcoach.accounts.actions import do_save_profile
    from footcoach.accounts.models import Profile
    from footcoach.core.profile import ProfileError

    if set_from is not None:
        try:
            do_save_profile(person, data)
        except ProfileError as error:
            for problem in error.problems:
                _say_error(f"{set_from}: {problem}")
            raise typer.Exit(EXIT_USAGE) from None
        typer.echo(f"Saved the profile of {person.email} from {set_from}.")
        return
    stored = Profile.objects.filter(owner=person).first()
    if stored is None:
        _say_error(f"{person.email} has no profile yet; give one with `footcoach profile --email E --set FILE`")
        raise typer.Exit(EXIT_PROBLEMS)
    typer.echo(json.dumps(stored.as_data(), indent=2, ensure_ascii=False))


@app.command("progress")
def progress_command(
    email: Annotated[str, typer.Option(help="Whose progress to show.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's progress object.")] = False,
) -> None:
    """Show self-tests, side differences, release checks, adherence, pain and whether it is helping."""
    person = _person(email)
    from django.utils import timezone

    from footcoach.cli_output import print_progress
    from footcoach.core.progress import progress_json
    from footcoach.library.content import get_library
    from footcoach.progress.reading import read_progress

    today = timezone.localdate()
    progress = read_progress(person, today)
    if as_json:
        typer.echo(json.dumps(progress_json(progress), indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(Text(f"Progress of {person.email} on {today.isoformat()}", style="bold"))
    print_progress(progress, get_library(), today, console)
