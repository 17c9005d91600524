"""`footcoach user delete`: an administrator removes an account and everything of it."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from footcoach.cli import EXIT_PROBLEMS, _argument, _django, _usage_error, user_app

# What the summary names, by model label, in the order it names them.
SUMMARY = (
    ("training.SessionLog", "session log"),
    ("progress.SelfTestResult", "self-test result"),
    ("coaching.CoachingLink", "coaching link"),
    ("coaching.Assignment", "homework"),
    ("accounts.ApiToken", "API token"),
)


@user_app.command("delete")
def user_delete(
    email: Annotated[str, typer.Argument(help="The email address of the account.")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking first.")] = False,
) -> None:
    """Delete an account and everything of it: profile, logs, results, homework, links, tokens."""
    _argument(email, "EMAIL")
    _django(database=True)
    from footcoach.accounts.actions import do_erase_account
    from footcoach.accounts.models import User

    person = User.objects.filter(email=User.objects.normalize_email(email)).first()
    if person is None:
        _usage_error(f"EMAIL: no account has the address {email}")
    if not yes:
        if not sys.stdin.isatty():
            _usage_error("nothing was deleted: give --yes to delete without being asked")
        if not typer.confirm(f"Delete {person.email} and everything of theirs? This cannot be undone"):
            typer.echo("Nothing was deleted.")
            raise typer.Exit(EXIT_PROBLEMS)
    removed = do_erase_account(person)
    counts = [f"{removed.get(label, 0)} {noun}{'' if removed.get(label, 0) == 1 or noun == 'homework' else 's'}"
              for label, noun in SUMMARY]
    typer.echo(f"Deleted the account {person.email} and everything of it: {', '.join(counts)}.")
