"""Every page reads the database a bounded number of times: as many queries with
weeks of sessions, results and homework as with one of each, and no more than the
figure written here for it.

The pages are the GET rows of the access table that answer the person (or, for the
teacher's pages, her teacher) with a page; the world is the access table's own.
"""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from footcoach.progress.actions import do_sync_results
from footcoach.training.actions import do_record_logs
from tests.test_access_table import TABLE, World, make_world
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

# The most queries each page may make, session and account included. A page that
# needs more must say why here.
MAX_QUERIES = {
    "/": 3,
    "/library": 3,
    "/library/exercises/<slug:exercise_id>": 3,
    "/library/programs/<slug:program_id>": 3,
    "/library/programs/<slug:program_id>/handout": 3,
    "/library/tests": 3,
    "/library/tests/<slug:test_id>": 3,
    "/library/evidence": 3,
    "/session/<slug:program_id>": 8,
    "/homework/<int:assignment_id>/session": 10,
    # The profile, each source's series, its summaries and latest results, and
    # the recent sessions; the person here has no morning or release readings.
    "/progress": 8,
    "/progress/tests/<slug:test_id>": 8,
}
# Pages not listed above: their own tests hold tighter figures; here, a ceiling.
CEILING = 25
# Pages that are files to download, not pages to read.
NOT_PAGES = {".pdf", ".ics", ".json", ".zip", ".webmanifest", ".js"}


def pages() -> list[tuple[str, str]]:
    found = []
    for route, method, anonymous, person, _another, teacher, _other in TABLE:
        if method != "GET" or route.startswith("/api/") or route == "/healthz":
            continue
        if any(route.endswith(suffix) for suffix in NOT_PAGES):
            continue
        if person == 200:
            found.append((route, "person"))
        elif teacher == 200:
            found.append((route, "teacher"))
        elif anonymous == 200:
            found.append((route, "anonymous"))
    return found


def add_weeks_of_use(world: World, days: int = 40) -> None:
    """Weeks of the person's sessions and self-test results, to show no page reads them one by one."""
    start = timezone.now().astimezone(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    logs = []
    for day in range(1, days + 1):
        began = start - timedelta(days=day)
        logs.append(make_log(started_at=began.isoformat(), ended_at=(began + timedelta(minutes=6)).isoformat()))
    assert len(do_record_logs(world.person, logs).as_out().stored) == days
    results = [{"id": f"00000000-0000-4000-8000-{day:012d}", "test": "single-leg-stance", "side": "left",
                "date": (start - timedelta(days=day)).date().isoformat(), "value": 20 + day % 5}
               for day in range(1, days + 1)]
    assert len(do_sync_results(world.person, results).stored) == days


def queries_of(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


@pytest.mark.parametrize(("route", "role"), pages())
def test_every_page_makes_as_many_queries_with_weeks_of_data_as_with_a_day(route: str, role: str) -> None:
    world = make_world()
    path = route
    for name, value in world.params.items():
        path = path.replace(f"<slug:{name}>", value).replace(f"<int:{name}>", value).replace(f"<str:{name}>", value)
        path = path.replace(f"<{name}>", value)
    client = Client()
    if role != "anonymous":
        client.force_login(world.person if role == "person" else world.teacher)
    client.get(path)  # the first visit sets the CSRF cookie and fills the content caches
    few = queries_of(client, path)
    add_weeks_of_use(world)
    many = queries_of(client, path)
    assert many <= few, f"{path} made {few} queries for a day of use and {many} for weeks: it reads row by row"
    assert many <= MAX_QUERIES.get(route, CEILING), f"{path} made {many} queries"


def test_it_checks_every_page_of_the_site() -> None:
    routes = {route for route, _ in pages()}
    assert {"/", "/library", "/plan", "/progress", "/session/<slug:program_id>", "/coach",
            "/coach/clients/<int:client_id>"} <= routes
