"""How the command line shows a plan and the library to a person reading a terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from footcoach.core.dose import describe_dose, exercise_minutes
from footcoach.core.library import Library
from footcoach.core.norms import number, say_value
from footcoach.core.planner import Plan, PlanSession, advice_name, left_out_by_reason
from footcoach.core.profile import Profile
from footcoach.core.progress import Progress
from footcoach.core.schemas import EVIDENCE_LABEL_NAMES, Claim, Exercise

# The words beside a blocked plan; the web page offers a button here instead.
CLEARED_HOW = ('When a clinician has said exercise is fine, set "cleared_by_clinician": true in your '
               "profile file and run this again.")
CLEARED_SAYS = ("You told us a clinician has checked this and said exercise is fine. Your plan keeps the changes "
                "that protect you, each with its reason. If anything changes, see your clinician again.")
NOTHING_FITS = ("With your answers, none of the programs can be planned. The reasons are below; changing your "
                "time or what you have may help.")


class _Hanging:
    """Text after an indent and a mark, its wrapped lines lined up under the text, not the mark."""

    def __init__(self, text: Text, indent: int, mark: str = "") -> None:
        self.text = text
        self.lead = " " * indent + (f"{mark} " if mark else "")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.text.wrap(console, max(1, options.max_width - len(self.lead)))
        for line in lines:
            # Wrapping leaves the space it broke at; a copied or saved plan should not carry it.
            line.rstrip()
        yield Text("\n").join(Text(self.lead if number == 0 else " " * len(self.lead)) + line
                               for number, line in enumerate(lines))


def _heading(console: Console, words: str) -> None:
    console.print()
    console.print(Text(words, style="bold"))


def _evidence(claim: Claim, library: Library) -> Text:
    """The claim's label and source in words, as the web's evidence line has them."""
    source = library.sources[claim.source]
    if claim.grade:
        grade = f" (grade {claim.grade})"
    elif claim.strength:
        grade = f" ({claim.strength[0].lower()}{claim.strength[1:]})"
    else:
        grade = ""
    return Text.assemble(
        (f"{EVIDENCE_LABEL_NAMES[claim.label]}{grade}.", "italic"),
        " Source: ",
        # Terminals that know links open the source; elsewhere the citation reads as plain text.
        (f"{source.citation.rstrip('.')}.", f"link {source.url}" if source.url else ""),
    )


def _said(name: str, text: str, claims: Sequence[Claim], library: Library) -> Group:
    """One named piece of advice with the labelled claims behind it."""
    lines = [_Hanging(Text.assemble((f"{name}.", "bold"), " ", text), indent=2, mark="•")]
    for claim in claims:
        lines.append(_Hanging(Text(claim.text), indent=4, mark="-"))
        lines.append(_Hanging(_evidence(claim, library), indent=6))
    return Group(*lines)


def _print_clinician(plan: Plan, library: Library, console: Console, blocked: bool) -> None:
    said = [_said(library.conditions[flag.condition].name, flag.reason,
                  library.conditions[flag.condition].claims, library) for flag in plan.see_clinician]
    if blocked:
        intro = _Hanging(Text("You told us about something a clinician should look at before you start "
                              "foot exercises:"), indent=0)
        console.print(Panel(Group(intro, *said), title="Please see a clinician first", border_style="red"))
        return
    _heading(console, "Checked by a clinician")
    console.print(_Hanging(Text(CLEARED_SAYS), indent=0))
    for line in said:
        console.print(line)


def _print_advice(plan: Plan, profile: Profile, library: Library, console: Console) -> None:
    if not plan.advice:
        return
    _heading(console, "Advice for you")
    for condition, text in plan.advice:
        console.print(_said(advice_name(condition, profile, library), text,
                            library.conditions[condition].claims, library))


def _print_session(session: PlanSession, library: Library, console: Console) -> None:
    program = library.programs[session.program]
    console.print(_Hanging(Text.assemble((program.name, "bold"), f" ({session.minutes} min)",
                                         f"  {session.note}" if session.note else ""), indent=2))
    reasons: dict[str, str] = {}
    for item in session.items:
        exercise = library.exercises[item.exercise]
        changes = " · ".join(m.text for m in item.modifications)
        console.print(_Hanging(Text.assemble(f"{exercise.name}: {describe_dose(item.dose)}",
                                             (f"  ({changes})" if changes else "", "yellow")), indent=4, mark="•"))
        reasons.update({m.text: m.reason for m in item.modifications})
    # Each change is explained once per session rather than under every exercise.
    for text, reason in reasons.items():
        console.print(_Hanging(Text.assemble((text, "yellow"), f": {reason}"), indent=6))


def _print_list(console: Console, heading: str, lines: Sequence[str]) -> None:
    if lines:
        _heading(console, heading)
        for line in lines:
            console.print(_Hanging(Text(line), indent=2, mark="•"))


def print_plan(plan: Plan, profile: Profile, library: Library, console: Console) -> None:
    """The plan with everything the web plan page says about it, in the page's order."""
    blocked = bool(plan.see_clinician) and not profile.cleared_by_clinician
    if plan.see_clinician:
        _print_clinician(plan, library, console, blocked)
    if blocked:
        for note in plan.notes:
            console.print(_Hanging(Text(note), indent=0))
        console.print(_Hanging(Text(CLEARED_HOW), indent=0))
        _print_advice(plan, profile, library, console)
        return
    _print_advice(plan, profile, library, console)
    if not plan.days:
        _heading(console, "Nothing fits yet")
        console.print(_Hanging(Text(NOTHING_FITS), indent=0))
    for day in plan.days:
        _heading(console, f"{day.day:%A} {day.day.day} {day.day:%B %Y}, about {day.minutes} min")
        for session in day.sessions:
            _print_session(session, library, console)
    _print_list(console, "Changes to your doses", plan.changes)
    _print_list(console, "Good to know", plan.notes)
    groups = left_out_by_reason(plan.left_out, library)
    if groups:
        _heading(console, "Left out for now")
        for group in groups:
            # Names such as "Sole Training, five minutes" hold commas, so a semicolon separates them.
            console.print(_Hanging(Text("; ".join(group.names) + ".", style="bold"), indent=2, mark="•"))
            console.print(_Hanging(Text(group.reason), indent=4))


LIBRARY_COLUMNS = ("id", "name", "method", "region", "position", "equipment", "min")
# When the terminal is too narrow for every column, these go first to last.
# The id (what people type next) and the name (what they read) always stay.
NARROW_LEAVES_OUT = ("method", "region", "min", "equipment", "position")
# Narrower, a name like "Roll the ball of the foot" reads one word per line.
NAME_MIN_WIDTH = 18


def library_table(exercises: Sequence[Exercise], console: Console) -> Table:
    """The exercises as a table that fits the terminal, leaving out the least needed columns if it must."""
    rows = [
        {"id": e.id, "name": e.name, "method": e.method, "region": e.region.value, "position": e.position.value,
         "equipment": ", ".join(item.value for item in e.equipment) or "-", "min": str(exercise_minutes(e))}
        for e in exercises
    ]
    hidden: list[str] = []
    table = _library_table(rows, hidden, len(exercises))
    # Measured as if the terminal had no edge: measuring against it clamps the answer to its width.
    unlimited = console.options.update_width(sys.maxsize)
    for column in NARROW_LEAVES_OUT:
        if Measurement.get(console, unlimited, table).minimum <= console.width:
            break
        hidden.append(column)
        table = _library_table(rows, hidden, len(exercises))
    return table


def _library_table(rows: Sequence[dict[str, str]], hidden: Sequence[str], count: int) -> Table:
    caption = f"Not shown at this width: {', '.join(hidden)}; widen the terminal or use --json." if hidden else None
    table = Table(title=f"{count} exercises", caption=caption, caption_justify="left")
    shown = [column for column in LIBRARY_COLUMNS if column not in hidden]
    for column in shown:
        # The id is never cut, so it can be copied whole; the name folds only between words.
        table.add_column(column, no_wrap=column != "name", min_width=NAME_MIN_WIDTH if column == "name" else None)
    for row in rows:
        table.add_row(*(row[column] for column in shown))
    return table


def _cells(*values: object) -> list[Text]:
    # Text, never markup: a sentence may hold square brackets.
    return [Text("" if value is None else str(value)) for value in values]


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def print_progress(progress: Progress, library: Library, today: date, console: Console) -> None:
    """The person's progress as tables: the same numbers as GET /api/progress."""
    tests = _table("Self-tests", "Test", "Side", "Latest", "Result", "Published figure")
    for series in progress.tests:
        test = library.tests[series.test]
        latest = series.latest
        figure = " ".join(part for part in (series.norm.text if series.norm else "", series.norm_comparison or "")
                          if part)
        tests.add_row(*_cells(
            test.name, series.side or "both", latest.day.isoformat() if latest else "none yet",
            say_value(test, latest.value) if latest else "", figure or "none for this test and age",
        ))
    console.print(tests)

    if progress.side_differences:
        sides = _table("Between the feet", "Test", "Left", "Right", "Beyond measuring error", "What it means")
        for difference in progress.side_differences:
            test = library.tests[difference.test]
            sides.add_row(*_cells(test.name, say_value(test, difference.left), say_value(test, difference.right),
                                  "yes" if difference.matters else "no", difference.text))
        console.print(sides)

    checks = _table("Release sessions: forward-fold reach (cm)", "Date", "Before", "Between", "After", "Change")
    for check in progress.release_checks:
        checks.add_row(*_cells(check.day.isoformat(), number(check.before),
                               "" if check.between is None else number(check.between), number(check.after),
                               f"{check.change:+g}"))
    console.print(checks if progress.release_checks else Text("Release sessions: none with a reach check yet."))

    adherence = _table("Sessions planned and done", "Days", "Planned", "Done")
    for span in (7, 28):
        days = [day for day in progress.adherence if (today - day.day).days < span]
        adherence.add_row(*_cells(f"last {span}", sum(d.planned for d in days), sum(d.done for d in days)))
    console.print(adherence)

    pain = _table("Pain by week (0-10, mean)", "Week of", "During sessions (highest)", "Next mornings")
    for week in progress.pain_by_week:
        pain.add_row(*_cells(week.week.isoformat(),
                             "" if week.session_pain is None else number(week.session_pain),
                             "" if week.morning_pain is None else number(week.morning_pain)))
    console.print(pain if progress.pain_by_week else Text("Pain by week: nothing recorded in the last weeks."))

    helping = _table("Is it helping?", "Measure", "Side", "Verdict", "What it means")
    for verdict in progress.helping:
        name = library.tests[verdict.measure].name if verdict.measure in library.tests else "Reach after a release"
        helping.add_row(*_cells(name, verdict.side or "", verdict.verdict, verdict.text))
    console.print(helping if progress.helping else Text("Is it helping? Not enough data yet: record a few results."))
