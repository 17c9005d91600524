"""The calendar commands: `calendar` writes a person's plan as an .ics file, and
`remind` emails the reminders that are due, meant to run every few minutes.

Both work in the local database through the same reads as the web pages
(footcoach.reminders); the links in them start with --site.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from footcoach.cli import _argument, _cut, _django, _say_error, _session_person, _usage_error, app
from footcoach.cli_coach import _site

SITE_HELP = "The address people open footcoach at, for the links that open a session."


@app.command("calendar")
def calendar_command(
    email: Annotated[str, typer.Option("--email", help="Whose plan.")],
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write.")],
    site: Annotated[str, typer.Option("--site", envvar="FOOTCOACH_SITE", help=SITE_HELP)] = "http://localhost:8000",
) -> None:
    """Write the person's sessions and homework for the coming weeks as an iCalendar file, with alarms."""
    base = _site(site)
    _argument(str(out), "--out")
    if out.is_dir():
        _usage_error(f"--out: {_cut(str(out))} is a folder; give a file name like plan.ics")
    if not email.strip():
        _usage_error("--email: give the person's address")
    _django(database=True)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from footcoach.reminders.access import get_reminder_settings_for
    from footcoach.reminders.feed import person_calendar

    person = _session_person(get_user_model(), email)
    document = person_calendar(person, get_reminder_settings_for(person), base, timezone.now())
    try:
        out.write_bytes(document)
    except OSError as error:
        _usage_error(f"--out: cannot write {_cut(str(out))}: {error.strerror or error}")
    events = document.count(b"BEGIN:VEVENT")
    typer.echo(f"Wrote {events} session{'s' if events != 1 else ''} to {out}.")


def _now(text: str) -> datetime | None:
    if not text:
        return None
    _argument(text, "--now")
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        _usage_error(f"--now: {_cut(text)} is not a moment; write it like 2026-12-02T08:05:00+00:00")
    if moment.tzinfo is None:
        _usage_error(f"--now: {_cut(text)} has no time zone; end it with Z or an offset like +00:00")
    return moment


@app.command("remind")
def remind_command(
    site: Annotated[str, typer.Option("--site", envvar="FOOTCOACH_SITE", help=SITE_HELP)] = "http://localhost:8000",
    now: Annotated[str, typer.Option(
        "--now", help="Act as if it were this moment (ISO 8601 with a zone), to test a schedule.")] = "",
) -> None:
    """Email each person whose reminder is due now, at most once a day each, on their own clock."""
    base = _site(site)
    moment = _now(now)
    _django(database=True)
    from django.utils import timezone

    from footcoach.reminders.remind import send_due_reminders

    outcome = send_due_reminders(moment or timezone.now(), base)
    count = len(outcome.sent)
    said = f"Sent {count} reminder{'s' if count != 1 else ''}"
    typer.echo(f"{said}: {', '.join(outcome.sent)}." if count else f"{said}.")
    if outcome.failed:
        _say_error(f"Could not send {len(outcome.failed)}, to be tried again on the next run: "
                   f"{', '.join(outcome.failed)}.")
        raise typer.Exit(1)
