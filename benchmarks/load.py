"""How fast the production server answers a realistic mix, and how many people one 2-core server can take.

Starts the production server (`footcoach serve`: gunicorn, 2 workers x 2
threads, DEBUG off) on a fresh SQLite data folder, or with --postgres on a
throwaway PostgreSQL cluster it creates and removes, makes the people it needs
(each with a plan and eight weeks of sessions) and drives the server from a
second process on loopback with locust in headless mode: the plan, the player,
the library, progress, sync (10 logs a batch) and GET /healthz, the floor, in
one run, at 1, 8 and 32 clients that each send their next request as soon as
the last is answered.

Each level runs in rounds (3 unless --rounds says otherwise). On a shared
machine the same server can answer 1.6 times as fast in one minute as in
another, as other work on the host comes and goes; interference only ever
slows it. So each level's table is its fastest round, as timeit takes the
fastest of its repeats, and a line gives every round's rate. The capacity is
taken from the fastest round, and the median round's is printed beside it for
sizing with a margin.

Prints requests/s, p50 and p99 of each kind, each p99 divided by the floor's,
and the capacity of one server in daily active people, with its formula.
Run: make bench, or .venv/bin/python benchmarks/load.py [--postgres] [--seconds 20] [--clients 1 8 32]
[--rounds 3] (locust comes with the `bench` extra: pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
FOOTCOACH = str(BIN / "footcoach")
LOCUSTFILE = HERE / "loadmix" / "locustfile.py"

# The kinds of request, in the order printed, with the acceptance target for
# each: its p99 at most this many times the floor's at 32 clients.
TARGETS = {"/library": 2.0, "/plan": 3.0, "player": 3.0, "/progress": 3.0, "sync": 5.0}
FLOOR = "floor"
# An answer slower than this at p99 is not one a person should wait for,
# whatever the floor does: a level is sustainable only under it as well.
ACCEPTABLE_P99_MS = 1000.0

# Sizing: each daily active person makes about this many requests a day, and
# the busiest hour carries this many times the average hour's share.
REQUESTS_A_DAY = 20
PEAK_FACTOR = 10
PEOPLE = 64
SESSIONS_A_WEEK = 6
WEEKS = 8


# The session ids of the server's processes (gunicorn, and PostgreSQL's with
# --postgres), whose CPU time tells what a request costs whatever else runs.
SERVER_SESSIONS: list[int] = []


def cpu_seconds() -> float:
    """CPU time used so far by the server's processes."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) in SERVER_SESSIONS:  # the session id, after state, ppid and pgrp
            total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def throwaway_postgres(port: int) -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder, as the postgres user when run as root; its URL."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("--postgres needs PostgreSQL's server (Debian: apt-get install postgresql)")
    pg = found[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="footcoach-bench-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres")
    env = dict(os.environ)
    try:
        run([*as_postgres, str(pg / "initdb"), "-D", str(folder / "data"), "-U", "footcoach", "--auth=trust"], env)
        run([*as_postgres, str(pg / "pg_ctl"), "-D", str(folder / "data"), "-w", "-l", str(folder / "log"),
             "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200", "start"], env)
        try:
            run([*as_postgres, str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "footcoach",
                 "footcoach"], env)
            postmaster = int((folder / "data" / "postmaster.pid").read_text().split()[0])
            SERVER_SESSIONS.append(os.getsid(postmaster))
            yield f"postgres://footcoach@127.0.0.1:{port}/footcoach"
        finally:
            run([*as_postgres, str(pg / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"], env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


MAKE_PEOPLE = """
import json, sys
from datetime import timedelta
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from footcoach.accounts.actions import do_create_token, do_save_profile
from footcoach.accounts.models import User
from footcoach.training.actions import do_record_logs

count, sessions_a_week, weeks, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
answers = {"birth_year": 1980, "goals": ["general", "heel-pain"], "conditions": [],
           "equipment": ["soft-ball", "towel", "wall-or-chair"], "minutes_per_day": 20, "days_per_week": 5,
           "setting": "home", "start_side": "left", "cleared_by_clinician": False}
entry = {"exercise": "heel-raise", "side": "left", "reps": 8, "pain": 2, "skipped": False}
store = import_module(settings.SESSION_ENGINE).SessionStore
today = timezone.now().replace(hour=7, minute=0, second=0, microsecond=0)
people = []
for number in range(count):
    person = User.objects.create_user(f"person{number}@bench.example.org", None)
    User.objects.filter(pk=person.pk).update(date_joined=today - timedelta(weeks=weeks + 1))
    do_save_profile(person, answers)
    logs = []
    for day in range(weeks * 7, 0, -1):
        if day % 7 < sessions_a_week:
            start = today - timedelta(days=day)
            logs.append({"id": f"00000000-0000-4000-8000-{number:06d}{day:06d}", "program": "sole-training",
                         "started_at": start.isoformat(), "ended_at": (start + timedelta(minutes=6)).isoformat(),
                         "entries": [entry] * 8})
    do_record_logs(person, logs)
    session = store()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    _, token = do_create_token(person, "benchmark")
    people.append({"session": session.session_key, "csrf": _get_new_csrf_string(), "token": token})
with open(out, "w") as file:
    json.dump(people, file)
"""


def make_people(env: dict[str, str], out: Path) -> None:
    run([FOOTCOACH, "manage", "shell", "-v0", "-c",
         f"import sys; sys.argv = ['', '{PEOPLE}', '{SESSIONS_A_WEEK}', '{WEEKS}', '{out}']\n" + MAKE_PEOPLE], env)


@contextmanager
def server(env: dict[str, str], port: int, workers: int, threads: int) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [FOOTCOACH, "serve", "--port", str(port), "--workers", str(workers), "--threads", str(threads)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    SERVER_SESSIONS.append(process.pid)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/api/programs", timeout=2).close()  # noqa: S310 - our own server
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def floor_path(url: str) -> str:
    """/healthz; on a version without it, the manifest, the cheapest page there is (and said so)."""
    try:
        urllib.request.urlopen(url + "/healthz", timeout=5).close()  # noqa: S310 - our own server
        return "/healthz"
    except urllib.error.HTTPError:
        print("(no /healthz on this version: the floor is /manifest.webmanifest)")
        return "/manifest.webmanifest"


def locust(url: str, clients: int, seconds: float, env: dict[str, str], prefix: Path) -> dict[str, dict[str, float]]:
    subprocess.run(
        [str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host", url, "-u", str(clients),
         "-r", str(clients), "-t", f"{seconds:g}s", "--csv", str(prefix), "--only-summary", "--loglevel",
         "ERROR", "--stop-timeout", "10"],
        env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    stats: dict[str, dict[str, float]] = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            stats[row["Name"]] = {
                "count": float(row["Request Count"]), "failures": float(row["Failure Count"]),
                "rps": float(row["Requests/s"]), "p50": float(row["50%"]), "p99": float(row["99%"]),
            }
    return stats


Stats = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Round:
    """One run of a level: what locust saw, and the server's CPU time meanwhile."""

    stats: Stats
    cpu: float

    @property
    def rate(self) -> float:
        """The app's requests a second, the floor's left out."""
        return sum(row["rps"] for name, row in self.stats.items() if name in TARGETS)

    @property
    def sustainable(self) -> bool:
        """No error, and every kind's p99 under ACCEPTABLE_P99_MS."""
        return all(row["failures"] == 0 and row["p99"] <= ACCEPTABLE_P99_MS
                   for name, row in self.stats.items() if name in (*TARGETS, FLOOR))


def report(clients: int, rounds: list[Round]) -> tuple[Round | None, float]:
    """Print one level's table, of its fastest sustainable round (or its fastest, if none was),
    and every round's rate; that round if it was sustainable, and how many of the app's
    requests a second the server could take with every core to itself."""
    kept = [each for each in rounds if each.sustainable]
    best = max(kept or rounds, key=lambda each: each.rate)
    stats, cpu = best.stats, best.cpu
    floor = stats.get(FLOOR)
    floor_p99 = floor["p99"] if floor and floor["p99"] else float("nan")
    print(f"\n{clients} client{'s' if clients > 1 else ''}:")
    print(f"  {'request':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p99/floor':>10} {'target':>7} {'errors':>7}")
    for name in (*TARGETS, FLOOR):
        row = stats.get(name)
        if row is None:
            continue
        ratio = row["p99"] / floor_p99
        target = TARGETS.get(name)
        within = target is None or ratio <= target
        print(f"  {name:<10} {row['rps']:>8.1f} {row['p50']:>8.0f} {row['p99']:>8.0f} {ratio:>10.1f} "
              f"{'' if target is None else f'{target:g}x':>7} {int(row['failures']):>7}"
              + ("" if within else "  over target"))
    print(f"  the app's requests (the floor's left out): {best.rate:.1f}/s"
          + ("" if best.sustainable else f"; not sustainable (an error, or a p99 over {ACCEPTABLE_P99_MS:g} ms)"))
    if len(rounds) > 1:
        print(f"  every round, in order: {', '.join(f'{each.rate:.1f}' for each in rounds)}/s"
              + ("" if len(kept) == len(rounds) else f" ({len(rounds) - len(kept)} not sustainable)"))
    requests = sum(row["count"] for name, row in stats.items() if name in (*TARGETS, FLOOR))
    app_share = sum(row["count"] for name, row in stats.items() if name in TARGETS) / max(requests, 1)
    cpu_ms = 1000 * cpu / max(requests, 1)
    alone = (os.cpu_count() or 1) * 1000 / cpu_ms * app_share if cpu_ms else 0.0
    print(f"  server CPU: {cpu_ms:.1f} ms a request; with all {os.cpu_count()} cores to itself it would take "
          f"about {alone:.0f} of the app's requests/s")
    return (best if best.sustainable else None), alone


def people(rate: float) -> float:
    return rate * 3600 / (REQUESTS_A_DAY * PEAK_FACTOR / 24)


def capacity(rate: float) -> None:
    per_hour_at_peak = REQUESTS_A_DAY * PEAK_FACTOR / 24
    print("\nCapacity of one server, in daily active people:")
    print(f"  a person makes {REQUESTS_A_DAY} requests a day, {REQUESTS_A_DAY}/24 = {REQUESTS_A_DAY / 24:.2f} an "
          f"hour on average, and {PEAK_FACTOR} times that in the peak hour: "
          f"{REQUESTS_A_DAY} x {PEAK_FACTOR} / 24 = {per_hour_at_peak:.2f} requests in the peak hour")
    print(f"  the server takes R = {rate:.1f} requests/s at an acceptable p99, R x 3600 = {rate * 3600:,.0f} an hour")
    print(f"  capacity = R x 3600 / ({REQUESTS_A_DAY} x {PEAK_FACTOR} / 24) = {rate:.1f} x 3600 / "
          f"{per_hour_at_peak:.2f} = {people(rate):,.0f} daily active people")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="run against a throwaway PostgreSQL cluster")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each level's run")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32], help="numbers of clients to try")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads a worker")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each level; its fastest is kept")
    options = parser.parse_args()
    if options.rounds < 1:
        parser.error("--rounds: at least 1")
    if not (BIN / "locust").exists():
        raise SystemExit("locust is missing: pip install -e '.[bench]' (make bench does)")

    with tempfile.TemporaryDirectory(prefix="footcoach-bench-") as folder, \
            (throwaway_postgres(free_port()) if options.postgres else _no_database()) as database_url:
        data = Path(folder)
        env = {**os.environ, "FOOTCOACH_DATA": str(data), "DATABASE_URL": database_url, "DEBUG": "0",
               "FOOTCOACH_BENCH_PEOPLE": str(data / "people.json"), "PYTHONUNBUFFERED": "1"}
        run([FOOTCOACH, "manage", "migrate", "--noinput", "-v0"], env)
        run([FOOTCOACH, "manage", "collectstatic", "--noinput", "-v0"], env)
        make_people(env, data / "people.json")
        with server(env, free_port(), options.workers, options.threads) as url:
            env["FOOTCOACH_BENCH_FLOOR"] = floor_path(url)
            print(f"footcoach serve: {options.workers} workers x {options.threads} threads, DEBUG off, "
                  f"{'PostgreSQL' if options.postgres else 'SQLite'}; locust on loopback, {os.cpu_count()} CPUs "
                  f"shared by server and locust; {PEOPLE} people with {WEEKS} weeks of sessions; "
                  f"{options.seconds:g} s a level; load average {os.getloadavg()[0]:.2f} at the start")
            locust(url, 4, 3, env, data / "warmup")  # every worker has read the content before timing
            best, best_alone, best_rounds = 0.0, 0.0, [0.0]
            for clients in options.clients:
                rounds = []
                for number in range(options.rounds):
                    before = cpu_seconds()
                    stats = locust(url, clients, options.seconds, env, data / f"c{clients}r{number}")
                    rounds.append(Round(stats, cpu_seconds() - before))
                kept, alone = report(clients, rounds)
                if kept is not None and kept.rate > best:
                    best, best_rounds = kept.rate, [each.rate for each in rounds if each.sustainable]
                best_alone = max(best_alone, alone)
        capacity(best)
        if len(best_rounds) > 1:
            middle = statistics.median(best_rounds)
            print(f"  the median round at that level: R = {middle:.1f}/s, {people(middle):,.0f} daily active people "
                  f"(the machine's other work slows some rounds; size with this one for a margin)")
        print(f"  (bounded by CPU alone, with no other process on the machine: R about {best_alone:.0f}/s, "
              f"{people(best_alone):,.0f} people; an estimate, not a measurement)")
        print(f"(load average {os.getloadavg()[0]:.2f} at the end)")


@contextmanager
def _no_database() -> Iterator[str]:
    yield ""  # DATABASE_URL empty: the SQLite default in the data folder


if __name__ == "__main__":
    main()
