"""The terminal player: the same guided session as the web player, in Rich.

It runs the steps from footcoach.core.session, asks for the same ratings and
applies the same stop rules, and returns the log in the shape the sync API
takes, so it is stored by the same code as a log from a phone.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from footcoach.core.dose import SECONDS_PER_REP
from footcoach.core.library import Library
from footcoach.core.session import Step

Ask = Callable[[str], str]

# The same notes the web player writes for "which side feels looser".
LOOSER = {"left": "Looser side: left", "right": "Looser side: right", "same": "Both sides feel the same"}


@contextmanager
def ctrl_c_stops() -> Iterator[None]:
    """Within the block, Ctrl-C raises KeyboardInterrupt, whatever the player inherited.

    A program started with SIGINT ignored (by a launcher, or a shell without job
    control) or blocked keeps it so across exec, and Python then never raises
    KeyboardInterrupt: the Ctrl-C the player offers would do nothing, and the only
    way out would be to kill the terminal and lose the session. The previous
    handler and mask are put back afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # Only the main thread may set signal handlers, and only it gets KeyboardInterrupt.
        return
    previous = signal.signal(signal.SIGINT, _stop_once)
    was_blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if was_blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, previous)


def _stop_once(signum: int, frame: object) -> None:
    # A second Ctrl-C while the first one is being handled would cut the
    # handling short and lose the session; from the first on, they are ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


@contextmanager
def ctrl_c_ignored() -> Iterator[None]:
    """Within the block, Ctrl-C does nothing: around a whole session, so that a
    Ctrl-C pressed again while the log is being saved cannot lose it. The player
    lets Ctrl-C stop the session inside it (ctrl_c_stops)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def read_answer(console: Console, prompt: str) -> str:
    """Show the prompt and return the line typed, without its newline; EOFError at
    the end of the input, as input() gives."""
    # Plain text: Rich would otherwise colour the numbers inside prompts like "0-10".
    shown = Text(prompt)
    terminal = sys.stdin.fileno()
    if not os.isatty(terminal) or threading.current_thread() is not threading.main_thread():
        # Answers piped in by a script are read as they always were; and only the
        # main thread may set the wakeup fd below.
        return console.input(shown)
    # Not input(): it waits for the terminal in C, and a Ctrl-C that comes after the
    # prompt is shown but before that wait begins only marks the signal for Python
    # to handle later, so the wait goes on and one Ctrl-C leaves the person stuck at
    # the prompt. With a wakeup fd, the signal's C handler also writes a byte into a
    # pipe that select() watches beside the terminal, so the wait ends whenever the
    # signal came; Python then runs the handler, which stops the session.
    wake, wake_writer = os.pipe()
    os.set_blocking(wake_writer, False)
    previous = signal.set_wakeup_fd(wake_writer)
    try:
        console.print(shown, end="")
        line = b""
        while not line.endswith(b"\n"):
            ready, _, _ = select.select([terminal, wake], [], [])
            if wake in ready:
                # The handler runs before the loop goes round: if it raised, the
                # session stops; if not (another signal), the answer is still awaited.
                os.read(wake, 512)
            if terminal in ready:
                # The terminal hands over the line typed, possibly in pieces: longer
                # than one read, or sent part-way with Ctrl-D.
                piece = os.read(terminal, 1024)
                if not piece:
                    if not line:
                        raise EOFError
                    break
                line += piece
    finally:
        signal.set_wakeup_fd(previous)
        os.close(wake)
        os.close(wake_writer)
    return line.decode("utf-8", errors="replace").removesuffix("\n")


class StopSession(Exception):
    """The person stopped the session (a stop rule, or Ctrl-C)."""


@dataclass
class SessionLog:
    program: str
    started_at: datetime
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    entries: list[dict[str, Any]] = field(default_factory=list)
    stopped_reason: str | None = None
    feeling: int | None = None
    note: str = ""
    ended_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        """The log as POST /api/logs/sync takes it."""
        return {
            "id": self.id,
            "program": self.program,
            "started_at": self.started_at.isoformat(),
            "ended_at": (self.ended_at or datetime.now(UTC)).isoformat(),
            "entries": self.entries,
            "stopped_reason": self.stopped_reason,
            "feeling": self.feeling,
            "note": self.note,
        }


def _rating(ask: Ask, question: str) -> int | None:
    """A 0-10 rating; Enter skips it. Asks again until the answer is usable."""
    while True:
        answer = ask(f"{question} 0-10 (Enter to skip): ").strip()
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)


class TerminalPlayer:
    def __init__(self, library: Library, console: Console, ask: Ask, *, speed: float = 1.0) -> None:
        self.library = library
        self.console = console
        self.ask = ask
        self.speed = max(speed, 1.0)

    def wait(self, seconds: float, label: str, style: str) -> None:
        """A countdown bar computed from the clock, not from counting ticks."""
        total = seconds / self.speed
        with Progress(TextColumn(f"[{style}]{label}"), BarColumn(), TimeRemainingColumn(),
                      console=self.console, transient=True) as progress:
            task = progress.add_task(label, total=total)
            began = time.monotonic()
            while (elapsed := time.monotonic() - began) < total:
                progress.update(task, completed=elapsed)
                time.sleep(min(0.1, total - elapsed))
            progress.update(task, completed=total)

    def check_pain(self, log: SessionLog, pain: int | None) -> None:
        if pain is None:
            return
        set_off = [rule for rule in self.library.stop_rules.values()
                   if rule.pain_above is not None and pain > rule.pain_above]
        for rule in set_off:
            if rule.ends_session:
                self.stop(log, rule.id)
        for rule in set_off:
            self.console.print(Panel(rule.what_to_do, title=f"Ease off: {rule.label}", border_style="yellow"))

    def stop(self, log: SessionLog, rule_id: str) -> None:
        rule = self.library.stop_rules[rule_id]
        log.stopped_reason = rule.id
        self.console.print(Panel(rule.what_to_do, title=f"Stop: {rule.label}", border_style="red"))
        raise StopSession

    def run(self, program_id: str, steps: list[Step]) -> SessionLog:
        program = self.library.programs[program_id]
        log = SessionLog(program=program_id, started_at=datetime.now(UTC))
        self.console.print(Panel(
            f"{program.summary}\n\n{len(steps)} steps. At any prompt: [bold]s[/] skip, "
            "[bold]x[/] sharp pain, [bold]n[/] new numbness or tingling, Ctrl-C to stop and keep what you did.",
            title=program.name,
        ))
        try:
            with ctrl_c_stops():
                for number, step in enumerate(steps, start=1):
                    self.run_step(log, number, len(steps), step)
                log.feeling = _rating(self.ask, "How did the session feel?")
        except (StopSession, KeyboardInterrupt, EOFError):
            if log.stopped_reason is None:
                log.note = "Stopped early from the terminal."
            self.console.print("[bold]Session stopped.[/] What you did so far is kept.")
        log.ended_at = datetime.now(UTC)
        return log

    def _ready(self, log: SessionLog, step: Step) -> bool:
        """Wait for the person; returns False when they skip the step."""
        answer = self.ask("Enter to start: ").strip().lower()
        if answer == "x":
            self.stop(log, "sharp-pain")
        if answer == "n":
            self.stop(log, "new-numbness")
        if answer == "s":
            reason = self.ask("Why skip? 1 no time, 2 no equipment, 3 pain, 4 other: ").strip()
            reasons = {"1": "no-time", "2": "no-equipment", "3": "pain", "4": "other"}
            log.entries.append({"exercise": step.ref, "side": step.side, "skipped": True,
                                "skip_reason": reasons.get(reason, "other")})
            return False
        return True

    def run_step(self, log: SessionLog, number: int, total: int, step: Step) -> None:
        side = f"  [bold reverse] {step.side.upper()} FOOT [/]" if step.side else ""
        if step.switch_seconds:
            self.console.print(f"\n[bold magenta]Switch to your {step.side} foot.[/]")
            self.wait(step.switch_seconds, "Switch feet", "magenta")
        # Every cue, in order: later sets of an exercise often change what the toes do.
        lines = [f"• {cue}" for cue in step.cues]
        if step.modifications:
            lines.append("[yellow]" + " · ".join(step.modifications) + "[/]")
        self.console.print(Panel("\n".join(lines), title=f"Step {number} of {total}: {step.name}{side}"))
        if step.kind == "test":
            self.run_test(log, step)
            return
        if not self._ready(log, step):
            return
        if step.get_ready_seconds:
            self.wait(step.get_ready_seconds, "Get ready", "cyan")
        for current in range(1, step.sets + 1):
            label = f"Set {current} of {step.sets}: " if step.sets > 1 else ""
            if step.reps is not None:
                per_rep = step.rep_seconds or step.seconds or SECONDS_PER_REP
                self.wait(step.reps * per_rep, f"{label}{step.action} {step.reps} times", "green")
            else:
                self.wait(step.seconds or 0, f"{label}{step.action}", "green")
        self.console.print("[bold green]Done.[/] \a")
        pressure = _rating(self.ask, "Pressure on the ball?") if step.rate_pressure else None
        pain = _rating(self.ask, "Pain?")
        log.entries.append({
            "exercise": step.ref, "side": step.side, "reps": step.reps and step.reps * step.sets,
            "seconds": step.seconds and step.seconds * (step.reps or 1) * step.sets,
            "pressure": pressure, "pain": pain, "skipped": False,
        })
        self.check_pain(log, pain)

    def run_test(self, log: SessionLog, step: Step) -> None:
        question = {
            "before": "Your reach before: fingertips to floor in cm (Enter to skip): ",
            "between": "Your reach now, after the first foot, in cm (Enter to skip): ",
            "after": "Your reach after both feet, in cm (Enter to skip): ",
        }.get(step.moment or "", "Your result (Enter to skip): ")
        while True:
            answer = self.ask(question).strip().replace(",", ".")
            if not answer:
                return
            try:
                value = float(answer)
            except ValueError:
                continue
            break
        # A check after a foot's work is kept against that foot, as the web player keeps it.
        worked = next((e["side"] for e in reversed(log.entries) if e.get("side")), None)
        entry: dict[str, Any] = {"exercise": step.ref, "kind": "test", "moment": step.moment, "value": value,
                                 "side": worked if step.moment != "before" else None, "skipped": False}
        if step.moment == "between":
            looser = self.ask("Which side of your body feels looser? left, right or same: ").strip().lower()
            entry["note"] = LOOSER.get(looser, "")
        log.entries.append(entry)
        before = next((e["value"] for e in log.entries if e.get("moment") == "before"), None)
        if before is not None and step.moment in {"between", "after"}:
            # Less distance to the floor is better, so a fall in the figure is an improvement.
            change = value - before
            verdict = "better" if change < 0 else "no better" if change == 0 else "worse"
            self.console.print(f"Since the start: [bold]{change:+.1f} cm[/], {verdict}", highlight=False)
