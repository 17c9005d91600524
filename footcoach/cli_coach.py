"""The commands of a teacher: `coach invite` (and the dashboard's `coach clients`).

Each names the teacher with --email and works in the local database through
the same actions and gates as the web pages (footcoach.coaching).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

import typer

from footcoach.cli import _argument, _cut, _django, _session_person, _usage_error, app

coach_app = typer.Typer(help="A teacher's clients and invitations.", no_args_is_help=True)
app.add_typer(coach_app, name="coach")

SITE_HELP = "The address people open footcoach at, for the invitation's link."


def _teacher(email: str) -> Any:
    """The account of --email, refused with one line unless it exists and teaches."""
    _argument(email, "--email")
    if not email.strip():
        _usage_error("--email: give the teacher's address")
    _django(database=True)
    from footcoach.accounts.models import User

    teacher = _session_person(User, email)
    if not teacher.is_teacher:
        _usage_error(
            f'--email: {teacher.email} does not teach; turn on "I teach" on the account page first, '
            "then make the invitation"
        )
    return teacher


def _site(text: str) -> str:
    _argument(text, "--site")
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        _usage_error(f"--site: {_cut(text)} is not a site address; write it like https://footcoach.example.org")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


@coach_app.command("invite")
def invite_command(
    email: Annotated[str, typer.Option("--email", help="The teacher's account.")],
    site: Annotated[str, typer.Option("--site", envvar="FOOTCOACH_SITE", help=SITE_HELP)] = "http://localhost:8000",
) -> None:
    """Make a new invitation and print its link and its code, open for 14 days."""
    base = _site(site)
    teacher = _teacher(email)
    from django.urls import reverse

    from footcoach.coaching.actions import do_create_invitation

    invitation = do_create_invitation(teacher)
    typer.echo(f"Link: {base}{reverse('invitation', args=[invitation.token])}")
    typer.echo(f"Code: {invitation.shown_code}")
    typer.echo(
        f"One person can use it, until {invitation.expires_at:%Y-%m-%d %H:%M} UTC; "
        f"with the code they open {base}{reverse('invite-code')}."
    )


@coach_app.command("clients")
def clients_command(
    email: Annotated[str, typer.Option("--email", help="The teacher's account.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the dashboard as JSON.")] = False,
) -> None:
    """Print the dashboard: each client's sessions done of those planned, latest pain and alerts, most urgent first."""
    teacher = _teacher(email)
    import json

    from django.utils import timezone

    from footcoach.coaching.reading import read_dashboard, row_json

    rows = read_dashboard(teacher, timezone.localdate())
    if as_json:
        typer.echo(json.dumps([row_json(row) for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("No clients yet: make an invitation with `footcoach coach invite --email EMAIL`.")
        return
    typer.echo("Done of planned: sessions done on days their plan or your homework planned one.")
    for row in rows:
        pain = ", ".join(f"{s.highest_pain}/10" if s.highest_pain is not None else "-" for s in row.recent) or "-"
        typer.echo(
            f"{row.email}  7 days: {row.last_7.done}/{row.last_7.planned}  28 days: "
            f"{row.last_28.done}/{row.last_28.planned}  trend: {row.trend or '-'}  latest pain: {pain}"
        )
        for alert in row.alerts:
            typer.echo(f"  ! {alert.words}")
