"""How long /progress and GET /api/progress take for a long history and a short one.

One person with 10 years of daily sessions (the spiky-ball release with its
before and after reach checks, and Sole Training on the other days), a
first-step pain score every morning and every self-test once a week on each
side; another with one month of the same. Each page is asked for in-process
through Django's test client on a fresh SQLite data folder, after one warm-up
request, and the median of the runs is printed with the number of SQL queries.
Target: under 200 ms for 10 years, the same number of queries for both, and
at most 5 times the one-month time.
Run: .venv/bin/python benchmarks/progress.py [--runs 15] [--years 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

TARGET_MS = 200
MAX_RATIO = 5


def setup_django(data: str) -> None:
    os.environ["FOOTCOACH_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "footcoach.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_person(email: str, days: int, today: date) -> object:
    """A person whose history runs `days` days back from yesterday."""
    from footcoach.accounts.actions import do_create_user, do_save_profile
    from footcoach.accounts.models import User
    from footcoach.progress.models import SelfTestResult
    from footcoach.training.actions import do_record_logs

    person = do_create_user(email, "a long walk on the beach")
    first = today - timedelta(days=days)
    User.objects.filter(pk=person.pk).update(date_joined=datetime.combine(first, datetime.min.time(), tzinfo=UTC))
    do_save_profile(person, {
        "birth_year": today.year - 72, "goals": ["heel-pain", "balance"], "conditions": [],
        "equipment": ["spiky-ball", "wall-or-chair"], "minutes_per_day": 20, "days_per_week": 5, "setting": "home",
        "start_side": "left", "cleared_by_clinician": False,
    })
    logs, results = [], []
    for offset in range(days):
        day = first + timedelta(days=offset)
        started = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=8)
        release = offset % 2 == 0
        if release:
            reach = 20 - offset % 7
            entries = [
                {"kind": "test", "exercise": "forward-fold-reach", "moment": "before", "value": float(reach)},
                {"exercise": "spiky-ball-heel", "side": "left", "seconds": 120, "pain": 2, "pressure": 5},
                {"exercise": "spiky-ball-heel", "side": "right", "seconds": 120, "pain": 3, "pressure": 5},
                {"kind": "test", "exercise": "forward-fold-reach", "moment": "after", "value": float(reach - 3)},
            ]
        else:
            entries = [{"exercise": "toe-fan", "reps": 8, "pain": 1}] * 5
        logs.append({"id": str(uuid.uuid4()), "program": "spiky-ball-release" if release else "sole-training",
                     "started_at": started.isoformat(), "ended_at": (started + timedelta(minutes=12)).isoformat(),
                     "feeling": 7, "entries": entries})
        results.append(SelfTestResult(owner=person, test="first-step-pain", taken_on=day, value=offset % 5))
        if offset % 7 == 0:
            for test, value in (("single-leg-stance", 20), ("heel-raise-count", 18), ("knee-to-wall", 9)):
                for side in ("left", "right"):
                    results.append(SelfTestResult(owner=person, test=test, side=side, taken_on=day,
                                                  value=value + offset % 3))
            results.append(SelfTestResult(owner=person, test="forward-fold-reach", taken_on=day + timedelta(days=1),
                                          value=15))
    # Stored as a sync stores them, so each log keeps the summary of its steps the pages read.
    do_record_logs(person, logs, alert_teachers=False)
    SelfTestResult.objects.bulk_create(results, batch_size=1000)
    return person


def measure(client: object, path: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds, SQL queries and response bytes of one GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(path)  # type: ignore[attr-defined]
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), len(queries.captured_queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        setup_django(data)
        from django.test import Client
        from django.utils import timezone

        today = timezone.localdate()
        began = time.perf_counter()
        people = {"1 month": build_person("month@example.org", 30, today),
                  f"{args.years} years": build_person("years@example.org", 365 * args.years, today)}
        print(f"built both histories in {time.perf_counter() - began:.1f} s")
        figures: dict[tuple[str, str], tuple[float, int, int]] = {}
        for name, person in people.items():
            client = Client(HTTP_HOST="localhost")
            client.force_login(person)
            for path in ("/progress", "/api/progress"):
                figures[(name, path)] = measure(client, path, args.runs)
        print(f"{'history':>10} {'page':>14} {'median ms':>10} {'queries':>8} {'KB':>7}")
        for (name, path), (ms, queries, size) in figures.items():
            print(f"{name:>10} {path:>14} {ms:10.1f} {queries:8d} {size / 1024:7.1f}")
        long_name = f"{args.years} years"
        for path in ("/progress", "/api/progress"):
            short_ms, short_queries, _ = figures[("1 month", path)]
            long_ms, long_queries, _ = figures[(long_name, path)]
            ratio = long_ms / short_ms
            verdict = "meets" if long_ms < TARGET_MS and ratio <= MAX_RATIO and long_queries == short_queries else \
                "misses"
            print(f"{path}: {long_ms:.0f} ms for {long_name} (target {TARGET_MS}), {ratio:.1f} × one month "
                  f"(target ≤ {MAX_RATIO}), queries {short_queries} → {long_queries}: {verdict} the target")


if __name__ == "__main__":
    main()
