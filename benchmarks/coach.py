"""How long the teacher's dashboard (/coach) takes for 500 clients with a year of daily logs each.

One teacher, linked to 500 clients; each client logged one session a day for a
year (three entries, with pain and pressure ratings, a skipped step now and
then), scored first-step pain every morning, has a profile (one of a few sets
of answers) and homework three times a week; every tenth rated yesterday's
session a pain of 8, so that the page has clients needing attention. The page
is asked for in-process through Django's test client on a fresh SQLite data
folder, after one warm-up request, and the median and the best of the runs are
printed (the best says most on a busy machine) with the number of SQL queries,
beside those for 5 clients to show the count does not grow.
Target: under 300 ms for 500 clients, and as many queries as for 5.
Run: .venv/bin/python benchmarks/coach.py [--runs 9] [--clients 500] [--days 365]
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

TARGET_MS = 300
GOALS = (["balance"], ["heel-pain"], ["mobility", "strength"], ["desk-break"], ["running-prep"])


def setup_django(data: str) -> None:
    os.environ["FOOTCOACH_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "footcoach.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_teacher(name: str, clients: int, days: int, today: date) -> object:
    from footcoach.accounts.models import Profile, User
    from footcoach.coaching.models import Assignment, CoachingLink
    from footcoach.progress.models import SelfTestResult
    from footcoach.training.actions import do_record_logs

    teacher = User.objects.create_user(f"{name}@example.org", None, is_teacher=True)
    first = today - timedelta(days=days)
    for index in range(clients):
        client = User.objects.create_user(f"{name}-{index}@example.org", None,
                                          date_joined=datetime.combine(first, datetime.min.time(), tzinfo=UTC))
        Profile.objects.create(owner=client, birth_year=1950 + index % 40, goals=GOALS[index % len(GOALS)],
                               conditions=[], equipment=["towel"], minutes_per_day=15, days_per_week=3 + index % 4,
                               setting="home", start_side="left")
        link = CoachingLink.objects.create(teacher=teacher, client=client)
        Assignment.objects.create(link=link, program="pilates-foot-series", times_per_week=3,
                                  starts_on=today - timedelta(days=60))
        logs, results = [], []
        for offset in range(days):
            day = first + timedelta(days=offset)
            started = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=8)
            entries = []
            for position in range(3):
                skipped = position == 2 and offset % 9 == 0
                # Every tenth client rated yesterday's session a pain of 8: their
                # cards come first, whole, as a teacher's page would have some.
                alarming = index % 10 == 0 and offset == days - 1 and position == 0
                entries.append({"exercise": "toe-fan", "reps": 8, "pressure": 5, "skipped": skipped,
                                "pain": 8 if alarming else None if skipped else (index + offset + position) % 6,
                                "skip_reason": "no-time" if skipped else ""})
            logs.append({"id": str(uuid.uuid4()), "program": "sole-training", "started_at": started.isoformat(),
                         "ended_at": (started + timedelta(minutes=6)).isoformat(),
                         "feeling": (index + offset) % 11, "entries": entries})
            results.append(SelfTestResult(owner=client, test="first-step-pain", value=(index + offset) % 5,
                                          taken_on=day))
        # Stored as a sync stores them, so each log keeps the summary of its steps the
        # dashboard reads; history, so no teacher is emailed about it.
        do_record_logs(client, logs, alert_teachers=False)
        SelfTestResult.objects.bulk_create(results, batch_size=2000)
    return teacher


def measure(teacher: object, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client()
    browser.force_login(teacher)  # type: ignore[arg-type]
    assert browser.get("/coach").status_code == 200  # warm-up
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            assert browser.get("/coach").status_code == 200
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), min(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        setup_django(data)
        from django.conf import settings
        from django.utils import timezone

        settings.ALLOWED_HOSTS = ["testserver"]
        today = timezone.localdate()
        began = time.perf_counter()
        many = build_teacher("tess", args.clients, args.days, today)
        few = build_teacher("tina", 5, args.days, today)
        print(f"Built {args.clients + 5} clients with {args.days} days of logs in {time.perf_counter() - began:.0f} s.")
        many_ms, many_best, many_queries = measure(many, args.runs)
        few_ms, few_best, few_queries = measure(few, args.runs)
        print(f"/coach, {args.clients} clients: {many_ms:.0f} ms (median of {args.runs}; best {many_best:.0f} ms), "
              f"{many_queries} queries")
        print(f"/coach, 5 clients: {few_ms:.0f} ms (best {few_best:.0f} ms), {few_queries} queries")
        verdict = "met" if many_ms < TARGET_MS and many_queries == few_queries else "NOT met"
        print(f"Target (under {TARGET_MS} ms, as many queries as for 5 clients): {verdict}.")


if __name__ == "__main__":
    main()
