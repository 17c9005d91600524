"""The terminal player, driven through a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from tests.conftest import EMAIL
from tests.plan_support import BLOOD_THINNERS_TOWEL_ONLY
from tests.training.support import wait_until

# Seconds to wait for each thing the player should show or do. Every wait is for an
# event, so this only bounds a failure; it is long because a loaded 2-core machine
# can take many seconds just to start Python and Django.
PATIENCE = 120


# `python -m footcoach.cli`, with Python's input() made to wait, in C, after its
# prompt is shown and before it reads the terminal, until a signal comes: a Ctrl-C
# then always lands where input() only marks it for later and goes on to read.
# (PyOS_InputHook is CPython's hook for the moment input() is about to wait; a
# player that does not wait in input() never calls it.)
HELD_BEFORE_READING = ("-c", (
    "import ctypes, runpy\n"
    "hook = ctypes.c_void_p.in_dll(ctypes.pythonapi, 'PyOS_InputHook')\n"
    "hook.value = ctypes.cast(ctypes.CDLL(None).pause, ctypes.c_void_p).value\n"
    "runpy.run_module('footcoach.cli', run_name='__main__', alter_sys=True)\n"
))


def spawn(data_dir: Path, *args: str, preexec_fn: Callable[[], None] | None = None,
          command: tuple[str, ...] = ("-m", "footcoach.cli")) -> pexpect.spawn:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": "", "COLUMNS": "100", "TERM": "xterm"}
    # The terminal echoes what is typed, bytes that are not UTF-8 too.
    return pexpect.spawn(sys.executable, [*command, "session", *args], env=env, encoding="utf-8",
                         codec_errors="replace", timeout=PATIENCE, preexec_fn=preexec_fn)


def asleep(child: pexpect.spawn) -> bool:
    """Whether the program sleeps: at a prompt, once nothing is left for it but to wait for the answer."""
    # The state follows the program's name, which is in brackets and may hold spaces.
    return Path(f"/proc/{child.pid}/stat").read_text().rpartition(")")[2].split()[0] == "S"


def stored_logs(data_dir: Path) -> list[str]:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": ""}
    code = (
        "from footcoach.training.models import SessionLog\n"
        "for log in SessionLog.objects.order_by('started_at'):\n"
        "    e = list(log.entries.order_by('position'))\n"
        "    print(log.owner.email, log.program, log.stopped_reason or '-', log.feeling, len(e),"
        " ','.join(f'{x.exercise}:{x.side or \"-\"}:{x.pain}' for x in e))"
    )
    result = subprocess.run([sys.executable, "-m", "footcoach.cli", "manage", "shell", "-v0", "-c", code],
                            env=env, capture_output=True, text=True, timeout=PATIENCE)
    return result.stdout.strip().splitlines()


def test_it_runs_sole_training_to_the_end_and_keeps_the_log(data_dir: Path) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60")
    sides = []
    while True:
        index = child.expect([r"(LEFT|RIGHT) FOOT", "Enter to start: ", r"Pain\? 0-10", "How did the session feel",
                              "Saved:"])
        if index == 0:
            sides.append(child.match.group(1))
        elif index == 1:
            child.sendline("")
        elif index == 2:
            child.sendline("3")
        elif index == 3:
            child.sendline("8")
        else:
            break
    child.expect(pexpect.EOF)
    assert sides == ["LEFT", "RIGHT"], "heel raises run in full on each foot"
    [log] = stored_logs(data_dir)
    assert log.startswith(f"{EMAIL} sole-training - 8 6 ")
    assert "heel-raise:left:3,heel-raise:right:3" in log


def test_a_pain_above_7_stops_the_session_and_says_what_to_do(data_dir: Path) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60")
    child.expect("Enter to start: ")
    child.sendline("")
    child.expect(r"Pain\? 0-10")
    child.sendline("9")
    child.expect("Stop: Pain above 7 out of 10")
    child.expect("Saved: 1 of 6 steps done")
    child.expect(pexpect.EOF)
    [log] = stored_logs(data_dir)
    assert log.startswith(f"{EMAIL} sole-training pain-over-7 None 1 toe-fan:-:9")


def test_a_pain_of_6_asks_to_ease_off_and_goes_on_to_the_next_step(data_dir: Path) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60")
    child.expect("Enter to start: ")
    child.sendline("")
    child.expect(r"Pain\? 0-10")
    child.sendline("6")
    child.expect("Ease off: Pain above 5 out of 10")
    child.expect("Enter to start: ")  # the next step
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    [log] = stored_logs(data_dir)
    assert log.startswith(f"{EMAIL} sole-training - None 1 toe-fan:-:6")


def do_the_first_step(child: pexpect.spawn, pain: str) -> None:
    """Start, rate the first step's pain, and stop at the second step's start prompt."""
    child.expect("Enter to start: ")
    child.sendline("")
    child.expect(r"Pain\? 0-10")
    child.sendline(pain)
    child.expect("Enter to start: ")


def test_ctrl_c_stops_cleanly_and_keeps_what_was_done(data_dir: Path) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60")
    do_the_first_step(child, pain="1")
    child.sendcontrol("c")
    child.expect("What you did so far is kept")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [log] = stored_logs(data_dir)
    assert log.startswith(f"{EMAIL} sole-training - None 1 toe-fan:-:1")


def test_a_second_ctrl_c_while_the_log_is_saved_does_not_lose_it(data_dir: Path) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60")
    do_the_first_step(child, pain="3")
    # Another writer holds the database, so the save has to wait: the second
    # Ctrl-C comes while the log is on its way to the database.
    writer = sqlite3.connect(data_dir / "footcoach.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        child.sendcontrol("c")
        child.expect("What you did so far is kept")
        child.sendcontrol("c")
    finally:
        writer.rollback()
        writer.close()
    child.expect("Saved: 1 of 6 steps done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [log] = stored_logs(data_dir)
    assert log.startswith(f"{EMAIL} sole-training - None 1 toe-fan:-:3")


def stopped_and_kept(child: pexpect.spawn, data_dir: Path, steps_done: int) -> str:
    """Wait for the stopped session to say what it kept and exit cleanly; its one stored log."""
    child.expect("What you did so far is kept")
    child.expect(f"Saved: {steps_done} of 6 steps done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [log] = stored_logs(data_dir)
    return log


def ignore_ctrl_c() -> None:
    # As a launcher or a shell without job control leaves a program it starts.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def block_ctrl_c() -> None:
    # A blocked signal stays blocked across exec, as an ignored one stays ignored.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


@pytest.mark.parametrize("started_with", [ignore_ctrl_c, block_ctrl_c])
def test_it_stops_on_ctrl_c_even_when_started_with_ctrl_c_ignored_or_blocked(
    data_dir: Path, started_with: Callable[[], None]
) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60", preexec_fn=started_with)
    do_the_first_step(child, pain="2")
    child.sendcontrol("c")
    assert stopped_and_kept(child, data_dir, steps_done=1).startswith(f"{EMAIL} sole-training - None 1 toe-fan:-:2")


def test_one_ctrl_c_stops_the_session_whenever_it_comes_at_a_prompt(data_dir: Path) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60", command=HELD_BEFORE_READING)
    child.expect("Enter to start: ")
    # Asleep, it has done all it does before waiting for the answer: the Ctrl-C comes after.
    wait_until(lambda: asleep(child), timeout=PATIENCE)
    child.sendcontrol("c")
    assert stopped_and_kept(child, data_dir, steps_done=0).startswith(f"{EMAIL} sole-training - None 0")


def test_it_reads_a_long_or_garbled_answer_whole_and_stops_on_ctrl_d(data_dir: Path) -> None:
    child = spawn(data_dir, "sole-training", "--speed", "60")
    child.expect("Enter to start: ")
    child.sendline("")
    child.expect(r"Pain\? 0-10")
    os.write(child.child_fd, b"\xff\n")  # not UTF-8: not a rating, so it is asked again
    child.expect(r"Pain\? 0-10")
    child.sendline(" " * 2000 + "4")  # longer than the player reads at once
    child.expect("Enter to start: ")
    child.sendeof()
    assert stopped_and_kept(child, data_dir, steps_done=1).startswith(f"{EMAIL} sole-training - None 1 toe-fan:-:4")


def test_it_shows_the_profiles_changes_and_refuses_an_unknown_program(data_dir: Path) -> None:
    profile = data_dir / "profile.json"
    profile.write_text(
        '{"birth_year": 1950, "goals": ["balance"], "conditions": [], "equipment": [], "minutes_per_day": 20,'
        ' "days_per_week": 5, "setting": "home", "start_side": "right", "cleared_by_clinician": false}'
    )
    child = spawn(data_dir, "sole-training", "--profile", str(profile), "--speed", "60")
    child.expect("Next to a wall or chair")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)

    unknown = spawn(data_dir, "moonwalk")
    unknown.expect("'moonwalk' is not a program; choose from")
    unknown.expect(pexpect.EOF)
    unknown.close()
    assert unknown.exitstatus == 2


def test_it_runs_the_release_checks_and_keeps_them_against_the_worked_foot(data_dir: Path) -> None:
    child = spawn(data_dir, "spiky-ball-release", "--speed", "60")
    transcript = io.StringIO()
    child.logfile_read = transcript
    answers = iter(["20", "17", "15"])
    while True:
        index = child.expect(["in cm", "feels looser", "Enter to start: ", r"0-10 \(Enter to skip\): ", "Saved:"])
        if index == 0:
            child.sendline(next(answers))
        elif index == 1:
            child.sendline("left")
        elif index in (2, 3):
            child.sendline("")
        else:
            break
    child.expect(pexpect.EOF)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", transcript.getvalue())
    assert "Since the start: -3.0 cm, better" in shown
    assert "Since the start: -5.0 cm, better" in shown
    [log] = stored_logs(data_dir)
    assert "forward-fold-reach:-:None" in log
    assert "forward-fold-reach:left:None" in log and "forward-fold-reach:right:None" in log


def test_a_program_the_plan_leaves_out_is_not_run_and_nothing_is_logged(data_dir: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(BLOOD_THINNERS_TOWEL_ONLY))
    child = spawn(data_dir, "ball-rolling", "--profile", str(profile), "--speed", "60")
    child.expect("is not offered to you now")
    child.expect("Roll the heel: Use a soft ball with light pressure")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1  # as for a red flag: nothing to run
    assert stored_logs(data_dir) == []
