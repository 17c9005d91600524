"""The `footcoach` command: serve the app, check and list the content, manage users."""

from __future__ import annotations

import json
import math
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from footcoach.cli_output import library_table, print_plan
from footcoach.core.dose import exercise_minutes
from footcoach.core.library import Library
from footcoach.core.loader import CONTENT_DIR, check_content, load_library
from footcoach.core.planner import MAX_WEEKS, build_plan, start_range
from footcoach.core.profile import Profile, ProfileError, parse_profile
from footcoach.core.search import filter_exercises, parse_filter

app = typer.Typer(
    help="footcoach: foot exercises with a safe, personal plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
user_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")
token_app = typer.Typer(help="Manage personal API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")

# One line per problem, whatever the width, so that it can be read and grepped whole.
err = Console(stderr=True, soft_wrap=True)

# Exit statuses: 1 when checked content or data has problems, 2 for bad input.
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _django(*, database: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "footcoach.settings")
    import django

    django.setup()
    if database:
        _open_database()


def _open_database() -> None:
    """Check that the database answers and holds footcoach's tables, so that a
    fresh data folder gets a clear next step instead of a database traceback."""
    from django.db import DatabaseError, connection

    from footcoach.accounts.models import User

    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        _usage_error(f"cannot open the database: {' '.join(str(error).split())}")
    if User._meta.db_table not in tables:
        _usage_error("the database has no footcoach tables yet; set it up with `footcoach manage migrate`")


@app.command("check-content")
def check_content_command(
    directory: Annotated[Path, typer.Argument(help="Content folder to check.", metavar="DIR")] = CONTENT_DIR,
) -> None:
    """Validate every content file; print each problem with its file and line."""
    if not directory.is_dir():
        _usage_error(f"DIR: {directory} is not a folder")
    library, problems = check_content(directory)
    if problems:
        for problem in problems:
            typer.echo(str(problem))
        err.print(Text.assemble((f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", "bold red"),
                                f" in {directory}"))
        raise typer.Exit(EXIT_PROBLEMS)
    assert library is not None
    typer.echo(
        f"Content is valid: {len(library.exercises)} exercises, {len(library.programs)} programs, "
        f"{len(library.tests)} self-tests, {len(library.conditions)} conditions."
    )


@app.command("library")
def library_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    region: Annotated[str, typer.Option(help="Only this part of the foot, e.g. toes or heel.")] = "",
    equipment: Annotated[str, typer.Option(help="Only exercises that use this, or 'none'.")] = "",
    position: Annotated[str, typer.Option(help="seated, standing or either.")] = "",
    minutes: Annotated[str, typer.Option(help="At most this many minutes.")] = "",
    search: Annotated[str, typer.Option("--search", "-s", help="Words to look for.")] = "",
) -> None:
    """List the exercises of the library."""
    library = load_library()
    wanted, errors = parse_filter(
        {"region": region, "equipment": equipment, "position": position, "minutes": minutes, "q": search}
    )
    if errors:
        for error in errors:
            _say_error(f"--{error}")
        raise typer.Exit(EXIT_USAGE)
    exercises = filter_exercises(library, wanted)
    if as_json:
        rows = [
            {
                "id": e.id,
                "name": e.name,
                "method": e.method,
                "region": e.region.value,
                "position": e.position.value,
                "equipment": [item.value for item in e.equipment],
                "minutes": exercise_minutes(e),
                "summary": e.summary,
            }
            for e in exercises
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(library_table(exercises, console))


@app.command("plan")
def plan_command(
    profile: Annotated[Path, typer.Option("--profile", help="Profile file (JSON).")],
    start: Annotated[str, typer.Option(help="First day, YYYY-MM-DD (default: today).")] = "",
    weeks: Annotated[int, typer.Option(help="How many weeks to plan, 1 to 52.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as one JSON object.")] = False,
    email: Annotated[str, typer.Option(
        help="Read this account's logged sessions, so that doses follow how they felt (default: none).")] = "",
) -> None:
    """Build a safe, personal plan from a profile file."""
    library = load_library()
    if not 1 <= weeks <= MAX_WEEKS:
        _usage_error(f"--weeks: {weeks} is out of range; give 1 to {MAX_WEEKS}")
    first_day = _parse_start(start, weeks)
    person = _read_profile(profile, library, first_day.year)
    plan = build_plan(person, library, first_day, weeks, history=_logged_history(email, first_day))
    if as_json:
        typer.echo(json.dumps(plan.as_json(), indent=2, ensure_ascii=False))
        return
    print_plan(plan, person, library, Console())


def _logged_history(email: str, first_day: date) -> list[Any]:
    # Without an account the plan is the profile's alone, and no database is opened.
    if not email:
        return []
    _django(database=True)
    from footcoach.accounts.models import User
    from footcoach.training.history import HISTORY_SPAN, session_history

    return session_history(_session_person(User, email), first_day - HISTORY_SPAN)


def _say_error(message: str) -> None:
    # Plain text, never markup: a message may quote what a person typed, and
    # "[/x]" in it would otherwise be read as a style, or fail as one.
    err.print(Text.assemble(("error:", "red"), " ", message))


def _usage_error(message: str) -> NoReturn:
    _say_error(message)
    raise typer.Exit(EXIT_USAGE)


def _cut(text: str) -> str:
    """Text from the command line, quoted and cut short, to say back in a message on one line."""
    return repr(text) if len(text) <= 40 else f"{text[:40]!r}…"


def _argument(text: str, name: str) -> str:
    """Text from the command line that is kept or looked up: bytes that are not UTF-8
    (which Python keeps as lone surrogates) would fail deep in the database."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        _usage_error(f"{name}: {_cut(text)} is not UTF-8 text")
    return text


def _parse_start(text: str, weeks: int) -> date:
    if not text:
        return date.today()  # noqa: DTZ011 - the person's own calendar day is what they mean
    try:
        day = date.fromisoformat(text)
    except ValueError:
        _usage_error(f"--start: {_cut(text)} is not a date; write it as YYYY-MM-DD")
    first, last = start_range(weeks)
    if not first <= day <= last:
        _usage_error(f"--start: {day} is too {'early' if day < first else 'late'} for a {weeks}-week plan; "
                     f"give a day from {first} to {last}")
    return day


def _position(text: str, index: int) -> tuple[int, int]:
    """The line and column (from 1) of a character of a text."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _read_json(path: Path, option: str) -> Any:
    """The JSON value in a file; every way the file cannot be read is a usage error naming it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        _usage_error(f"{option}: cannot read {path}: {error.strerror or error}")
    try:
        # A byte-order mark, as some Windows editors write, is not part of the JSON.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[:error.start].decode("utf-8", errors="replace")
        line, column = _position(before, len(before))
        _usage_error(f"{path}:{line}:{column}: not UTF-8 text (byte {raw[error.start]:#04x}); save it as UTF-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        _usage_error(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}")
    except RecursionError:
        _usage_error(f"{path}: not valid JSON: lists or objects nested too deeply to read")
    except ValueError:
        # Python turns no more than so many digits into a number (sys.get_int_max_str_digits).
        number = re.search(rf"\d{{{sys.get_int_max_str_digits() + 1},}}", text)
        if number is None:
            _usage_error(f"{path}: a number is too long to read")
        line, column = _position(text, number.start())
        _usage_error(f"{path}:{line}:{column}: a number of {len(number.group())} digits is too long to read")


def _read_profile(path: Path, library: Library, this_year: int) -> Profile:
    data = _read_json(path, "--profile")
    try:
        return parse_profile(data, library, this_year=this_year)
    except ProfileError as error:
        for problem in error.problems:
            _say_error(f"{path}: {problem}")
        raise typer.Exit(EXIT_USAGE) from None


@app.command("session")
def session_command(
    program: Annotated[str, typer.Argument(help="The program to run, e.g. sole-training.")],
    profile: Annotated[Path | None, typer.Option("--profile", help="Profile file (JSON) for your changes.")] = None,
    email: Annotated[str, typer.Option(help="Whose log this is (default: FOOTCOACH_EMAIL, else the one account).")]
    = "",
    speed: Annotated[float, typer.Option(help="Run the timers this many times faster (demos and tests).")] = 1.0,
) -> None:
    """Run a guided session in the terminal and keep its log in the local database."""
    library = load_library()
    if program not in library.programs:
        _usage_error(f"PROGRAM: {program!r} is not a program; choose from {', '.join(library.programs)}")
    if not math.isfinite(speed) or speed < 1:
        _usage_error(f"--speed: {speed} is not a speed we can use; give 1 (real time) or more")
    _django()
    from django.utils import timezone

    from footcoach.accounts.models import User
    from footcoach.core.session import personal_session
    from footcoach.terminal_player import TerminalPlayer, ctrl_c_ignored, read_answer
    from footcoach.training.actions import do_record_logs
    from footcoach.training.history import HISTORY_SPAN, session_history

    today = timezone.localdate()
    # A bad profile file is said before the database is opened.
    person_profile = _read_profile(profile, library, today.year) if profile is not None else None
    _open_database()
    person = _session_person(User, email or os.environ.get("FOOTCOACH_EMAIL", ""))
    if person_profile is None:
        stored = getattr(person, "profile", None)
        person_profile = stored.as_core() if stored is not None else None
    history = session_history(person, today - HISTORY_SPAN)
    personal = personal_session(library.programs[program], library, person_profile, today=today, history=history)
    console = Console()
    if personal.blocked:
        for flag in personal.see_clinician:
            console.print(f"[bold red]See a clinician first:[/] {flag.reason}", highlight=False)
        raise typer.Exit(EXIT_PROBLEMS)
    if personal.not_offered:
        console.print(f"[bold]{library.programs[program].name} is not offered to you now:[/] "
                      "most of its exercises are left out for you.", highlight=False)
        for exercise, reason in personal.left_out:
            console.print(f"- {library.exercises[exercise].name}: {reason}", highlight=False)
        raise typer.Exit(EXIT_PROBLEMS)

    def ask(prompt: str) -> str:
        return read_answer(console, prompt)

    with ctrl_c_ignored():  # except within the steps, where Ctrl-C stops the session
        log = TerminalPlayer(library, console, ask, speed=speed).run(program, list(personal.steps))
        result = do_record_logs(person, [log.as_json()])
    if result.refused:
        for refusal in result.refused:
            for where, message in refusal.errors:
                _say_error(f"{where}: {message}")
        raise typer.Exit(EXIT_PROBLEMS)
    done = sum(1 for entry in log.entries if not entry.get("skipped"))
    console.print(Text(f"Saved: {done} of {len(personal.steps)} steps done, for {person.email}. Log id {log.id}"))


def _session_person(user_model: Any, email: str) -> Any:
    if email:
        _argument(email, "--email")
        person = user_model.objects.filter(email=user_model.objects.normalize_email(email)).first()
        if person is None:
            _usage_error(f"--email: no account has the address {email}; create one with `footcoach user create`")
        return person
    people = list(user_model.objects.order_by("id")[:2])
    if len(people) != 1:
        _usage_error("--email: say whose session this is (or set FOOTCOACH_EMAIL); "
                     + ("there is no account yet: create one with `footcoach user create EMAIL`" if not people
                        else "this database has several accounts"))
    return people[0]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes: one per core.", min=1)] = 2,
    threads: Annotated[int, typer.Option(help="Threads a worker: requests it runs at once.", min=1)] = 2,
) -> None:
    """Run the production server (gunicorn; static files served by whitenoise)."""
    typer.echo(f"footcoach is serving on http://{host}:{port}/  (Ctrl-C to stop)")
    sys.stdout.flush()
    from footcoach.settings import DATA_DIR

    gunicorn = Path(sys.executable).with_name("gunicorn")
    args = [
        str(gunicorn), "footcoach.wsgi:application",
        # Two threads a worker: a page is Python's work but for short database
        # waits, which a second thread fills. More threads only queue for the
        # interpreter's lock and cost every request more CPU (docs/deploy.md).
        "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--access-logfile", "-", "--graceful-timeout", "10",
        # Each server's control socket lives in its own data folder, not one shared per machine user.
        "--control-socket", str(DATA_DIR / "gunicorn.ctl"),
    ]
    os.execv(args[0], args)  # noqa: S606 - replaces this process with gunicorn, arguments are ours


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `footcoach manage migrate`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "footcoach.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["footcoach manage", *ctx.args])


@user_app.command("create")
def user_create(
    email: Annotated[str, typer.Argument(help="The person's email address.")],
    teacher: Annotated[bool, typer.Option("--teacher", help="Give the account the teacher role.")] = False,
) -> None:
    """Create an account. The password is read from standard input, or prompted for."""
    _argument(email, "EMAIL")
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        try:
            password = sys.stdin.buffer.readline().decode("utf-8").rstrip("\n")
        except UnicodeDecodeError:
            _usage_error("password: standard input is not UTF-8 text")
    if "\x00" in password:
        # The sign-in form refuses NUL characters, so such an account could never sign in.
        _usage_error("password: it holds a NUL character, which the sign-in form refuses; choose another")
    _django(database=True)
    from footcoach.accounts.actions import AccountError, do_create_user

    try:
        user = do_create_user(email, password, teacher=teacher)
    except AccountError as error:
        _say_error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"Created {'teacher' if user.is_teacher else 'person'} account {user.email}")


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="The email address of the account.")],
    name: Annotated[str, typer.Option(help="What will use the token, e.g. a script's name.")] = "command line",
) -> None:
    """Make a personal API token; it is printed once, on the last line."""
    _argument(email, "EMAIL")
    _argument(name, "--name")
    _django(database=True)
    from footcoach.accounts.actions import AccountError, do_create_token
    from footcoach.accounts.models import User

    person = User.objects.filter(email=User.objects.normalize_email(email)).first()
    if person is None:
        _say_error(f"no account has the email address {email}")
        raise typer.Exit(EXIT_USAGE)
    try:
        token, plaintext = do_create_token(person, name)
    except AccountError as error:
        _say_error(f"--{error}")
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"Created the API token \"{token.name}\" for {person.email}. Keep it secret; it is not shown again:")
    typer.echo(plaintext)


def main() -> None:
    # Typer's own refusals (a missing option, a number that is not one) are said
    # like ours: on one line, whatever the width, rather than in a wrapped box.
    try:
        status = app(standalone_mode=False)
    except typer.TyperException as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            sys.exit(EXIT_USAGE)  # the help is already shown
        said = " ".join(error.format_message().split())
        said = f"{said[:200]}…" if len(said) > 200 else said.removesuffix(".")
        context = getattr(error, "ctx", None)
        _say_error(f"{said}. See `{context.command_path if context else 'footcoach'} --help`.")
        sys.exit(EXIT_USAGE)
    except typer.Abort:
        err.print("Aborted.")
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)


# The commands about a person's own records add themselves to `app`.
import footcoach.cli_account  # noqa: E402, F401
import footcoach.cli_backup  # noqa: E402, F401
import footcoach.cli_calendar  # noqa: E402, F401
import footcoach.cli_coach  # noqa: E402, F401
import footcoach.cli_data  # noqa: E402, F401
import footcoach.cli_progress  # noqa: E402, F401

if __name__ == "__main__":
    # Run under the package's name, whose `app` holds the commands other modules add.
    from footcoach.cli import main as package_main

    package_main()
