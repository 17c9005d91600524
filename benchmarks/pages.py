"""How long the content pages take, how many bytes they send, and whether a second visit costs a 304.

Asked for in-process through Django's test client on a fresh SQLite data folder, after
warm-up requests: /library, one exercise page, the player page of a signed-in person with
8 weeks of daily sessions, and the API's list of exercises. For each it prints the median
and the best time of the runs, the bytes sent without and with `Accept-Encoding: gzip`,
and the status of a second visit sending back the ETag of the first.
Run: .venv/bin/python benchmarks/pages.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROGRAM = "pilates-foot-series"


def setup_django(data: str) -> None:
    # Static files are served from the app folders here; no collected folder is needed.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ["FOOTCOACH_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "footcoach.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_person() -> object:
    from footcoach.accounts.actions import do_save_profile
    from footcoach.accounts.models import User
    from footcoach.training.actions import do_record_logs

    person = User.objects.create_user("ann@example.org", None)
    do_save_profile(person, {
        "birth_year": 1980, "goals": ["general"], "conditions": [], "equipment": ["soft-ball", "towel"],
        "minutes_per_day": 20, "days_per_week": 7, "setting": "home", "start_side": "left",
        "cleared_by_clinician": False,
    })
    today = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    step = {"exercise": "toe-fan", "reps": 8, "pain": 2, "pressure": 5}
    logs = []
    for offset in range(1, 57):
        started = today - timedelta(days=offset)
        logs.append({"id": str(uuid.uuid4()), "program": "sole-training", "started_at": started.isoformat(),
                     "ended_at": (started + timedelta(minutes=6)).isoformat(), "feeling": 3, "entries": [step] * 8})
    # Stored as a sync stores them, so each log keeps the summary of its steps the pages read.
    do_record_logs(person, logs, alert_teachers=False)
    return person


def measure(client: object, path: str, runs: int) -> dict[str, object]:
    first = client.get(path)  # type: ignore[attr-defined]
    assert first.status_code == 200, (path, first.status_code)
    for _ in range(3):
        client.get(path)  # type: ignore[attr-defined]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(path)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - began) * 1000)
    zipped_times = []
    for _ in range(runs):
        began = time.perf_counter()
        zipped = client.get(path, HTTP_ACCEPT_ENCODING="gzip")  # type: ignore[attr-defined]
        zipped_times.append((time.perf_counter() - began) * 1000)
    etag = first.get("ETag")
    again = client.get(path, HTTP_IF_NONE_MATCH=etag).status_code if etag else None  # type: ignore[attr-defined]
    zipped_bytes = b"".join(zipped.streaming_content) if zipped.streaming else zipped.content
    return {"median": statistics.median(times), "best": min(times), "gzip_ms": statistics.median(zipped_times),
            "bytes": len(first.content),
            "gzip": len(zipped_bytes), "encoding": zipped.get("Content-Encoding", "none"), "second": again}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        setup_django(data)
        from django.conf import settings
        from django.test import Client

        from footcoach.library.content import get_library

        settings.ALLOWED_HOSTS = ["testserver"]
        person = build_person()
        exercise = next(iter(get_library().exercises))
        guest, signed_in = Client(), Client()
        signed_in.force_login(person)  # type: ignore[arg-type]
        pages = [
            ("/library (guest)", guest, "/library"),
            ("/library (signed in)", signed_in, "/library"),
            (f"/library/exercises/{exercise}", guest, f"/library/exercises/{exercise}"),
            (f"/session/{PROGRAM} (signed in, 8 weeks)", signed_in, f"/session/{PROGRAM}"),
            ("/api/exercises", guest, "/api/exercises"),
        ]
        print(f"{'page':<46} {'median':>8} {'best':>8} {'gzipped':>8} {'bytes':>8} {'gzip':>8}  second visit")
        for label, client, path in pages:
            found = measure(client, path, args.runs)
            second = "no ETag" if found["second"] is None else f"{found['second']}"
            print(f"{label:<46} {found['median']:>6.1f}ms {found['best']:>6.1f}ms {found['gzip_ms']:>6.1f}ms "
                  f"{found['bytes']:>8} "
                  f"{found['gzip']:>8}  {second} (Content-Encoding: {found['encoding']})")


if __name__ == "__main__":
    main()
