"""How the command line shows a plan to a person reading a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel

from footcoach.core.dose import describe_dose
from footcoach.core.library import Library
from footcoach.core.planner import Plan, PlanSession


def _print_session(session: PlanSession, library: Library, console: Console) -> None:
    program = library.programs[session.program]
    note = f"  {session.note}" if session.note else ""
    console.print(f"  [bold]{program.name}[/] ({session.minutes} min){note}", highlight=False)
    reasons: dict[str, str] = {}
    for item in session.items:
        exercise = library.exercises[item.exercise]
        changes = " · ".join(m.text for m in item.modifications)
        console.print(f"    • {exercise.name}: {describe_dose(item.dose)}"
                      + (f"  [yellow]({changes})[/]" if changes else ""), highlight=False)
        reasons.update({m.text: m.reason for m in item.modifications})
    # Each change is explained once per session rather than under every exercise.
    for text, reason in reasons.items():
        console.print(f"      [yellow]{text}[/]: {reason}", highlight=False)


def print_plan(plan: Plan, library: Library, console: Console) -> None:
    for flag in plan.see_clinician:
        name = library.conditions[flag.condition].name
        console.print(Panel(flag.reason, title=f"See a clinician first: {name}", border_style="red"))
    if not plan.days:
        for note in plan.notes:
            console.print(note)
        return
    for day in plan.days:
        console.print(f"\n[bold]{day.day:%A %d %B %Y}[/]  about {day.minutes} min")
        for session in day.sessions:
            _print_session(session, library, console)
    if plan.left_out:
        console.print("\n[bold]Left out[/]")
        for left in plan.left_out:
            name = (library.programs if left.kind == "program" else library.exercises)[left.id].name
            console.print(f"  • {name}: {left.reason}", highlight=False)
    for line in (*plan.changes, *plan.notes):
        console.print(line, highlight=False)
