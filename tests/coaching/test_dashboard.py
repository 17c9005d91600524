"""The teacher's dashboard and a client's page: what a teacher sees, in which order, and of whom."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import Profile, User
from footcoach.coaching.actions import do_accept_invitation, do_create_invitation, do_end_link
from footcoach.coaching.models import Assignment, CoachingLink
from footcoach.progress.models import SelfTestResult
from footcoach.training.actions import do_record_logs
from footcoach.training.models import SessionLog
from tests.training.support import make_log

PASSWORD = "barefoot on the beach"


@pytest.fixture(autouse=True)
def midday() -> Iterator[None]:
    # A session is dated 07:30 on its day and stored through the sync, which
    # moves a log dated in the future to when it arrived: today's would land
    # on yesterday when the suite ran just after midnight. From midday, it is
    # in the past whatever the hour the suite runs at.
    noon = datetime.combine(timezone.localdate(), time(12), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(noon, tick=True):
        yield


def person(email: str, *, teacher: bool = False) -> User:
    return User.objects.create_user(email, PASSWORD, is_teacher=teacher)


def linked(teacher: User, client: User, *, shares_conditions: bool = False) -> CoachingLink:
    return do_accept_invitation(client, do_create_invitation(teacher), shares_conditions=shares_conditions)


def signed_in(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def today() -> date:
    return timezone.localdate()


def session(owner: User, days_ago: int, *, pain: int | None = 2, feeling: int = 7, stopped: str = "",
            skip: str = "", program: str = "sole-training") -> SessionLog:
    start = datetime.combine(today() - timedelta(days=days_ago), time(7, 30), tzinfo=timezone.get_current_timezone())
    steps = [{"exercise": "toe-fan", "reps": 8, "pain": pain, "pressure": 4}]
    if skip:
        steps.append({"exercise": "rock-out", "skipped": True, "skip_reason": skip})
    log = make_log(started_at=start.isoformat(), ended_at=(start + timedelta(minutes=6)).isoformat(),
                   feeling=feeling, stopped_reason=stopped, program=program, note="", entries=steps)
    # Stored as a sync stores it, with the summary of its steps the pages read;
    # the history of a test is no news for a teacher's inbox.
    assert do_record_logs(owner, [log], alert_teachers=False).stored == [log["id"]]
    return SessionLog.objects.get(id=log["id"])


def homework(link: CoachingLink, *, days_ago: int = 40, times: int = 7) -> Assignment:
    return Assignment.objects.create(link=link, program="pilates-foot-series", times_per_week=times,
                                     starts_on=today() - timedelta(days=days_ago), note="Slowly, every morning")


def cards(page: str) -> list[str]:
    """The clients' addresses in the order the dashboard lists them."""
    return re.findall(r'<h2><a href="/coach/clients/\d+">([^<]+)</a></h2>', page)


@pytest.mark.django_db
def test_it_shows_each_clients_adherence_latest_sessions_and_skip_reasons() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    homework(linked(tess, alice))
    for days_ago in (0, 1, 2, 4, 5):
        session(alice, days_ago, pain=3, feeling=6, skip="no-equipment" if days_ago == 1 else "")
    session(alice, 10, pain=3, skip="no-time")

    answer = signed_in(tess).get("/coach")

    assert answer.status_code == 200
    page = answer.content.decode()
    assert cards(page) == ["alice@example.org"]
    assert "5 of 7 planned done" in page
    assert "6 of 28 planned done" in page
    assert "doing more than the 3 weeks before" in page
    assert "no equipment (1), no time (1)" in page or "no time (1), no equipment (1)" in page
    assert "none with an alert" in page
    # A client with no alert gets a line, with her latest session, rather than a card's table.
    day = today()
    assert (f"Latest session {day:%a} {day.day} {day:%b}: Sole Training, five minutes, highest pain 3/10, "
            "feeling 6/10." in page)
    assert "<table" not in page


@pytest.mark.django_db
def test_it_counts_no_session_a_wrong_clock_dated_after_today() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    homework(linked(tess, alice))
    session(alice, 1, pain=3)
    # Stored by a server before it moved logs from the future to the time they arrived.
    ahead = session(alice, 0, pain=9)
    SessionLog.objects.filter(id=ahead.id).update(started_at=ahead.started_at + timedelta(days=3),
                                                  ended_at=ahead.ended_at + timedelta(days=3))

    page = signed_in(tess).get("/coach").content.decode()

    assert "1 of 7 planned done" in page
    yesterday = today() - timedelta(days=1)
    assert f"Last session: {yesterday:%a} {yesterday.day} {yesterday:%b}." in page
    assert "Pain of 9" not in page
    assert SessionLog.objects.of(alice).count() == 2


@pytest.mark.django_db
def test_it_puts_the_client_with_a_pain_of_8_first_with_the_alert() -> None:
    tess = person("tess@example.org", teacher=True)
    alice, bob, carol = person("alice@example.org"), person("bob@example.org"), person("carol@example.org")
    for client in (alice, bob, carol):
        linked(tess, client)
    session(alice, 1, stopped="sharp-pain")
    session(bob, 1, pain=8)
    session(carol, 1)

    page = signed_in(tess).get("/coach").content.decode()

    assert cards(page) == ["bob@example.org", "alice@example.org", "carol@example.org"]
    first_alert = re.search(r'<li class="alert alert-([a-z-]+)"><strong>([^<]+)</strong>', page)
    assert first_alert is not None
    assert first_alert.groups() == ("high-pain", f"Pain of 8/10 in a session on {today() - timedelta(days=1):%a} "
                                                 f"{(today() - timedelta(days=1)).day} "
                                                 f"{today() - timedelta(days=1):%b}")
    assert "A stop rule ended a session this week" in page
    # Those needing attention come with their latest sessions; the others in a line.
    assert page.count('<table class="recent-sessions">') == 2
    assert page.count('<p class="client-summary">') == 1


@pytest.mark.django_db
def test_it_names_a_red_flag_only_for_a_client_who_shares_conditions() -> None:
    tess, alice, bob = person("tess@example.org", teacher=True), person("alice@example.org"), person("bob@example.org")
    linked(tess, alice, shares_conditions=True)
    linked(tess, bob)
    for client in (alice, bob):
        Profile.objects.create(owner=client, birth_year=1960, goals=["balance"], conditions=["foot-wound-or-ulcer"],
                               equipment=[], minutes_per_day=15, days_per_week=5, setting="home", start_side="left")

    page = signed_in(tess).get("/coach").content.decode()

    assert page.count("A red flag in the health answers") == 2
    assert page.count("Wound or sore on the foot") == 1
    client_page = signed_in(tess).get(f"/coach/clients/{bob.pk}").content.decode()
    assert "Wound or sore on the foot" not in client_page
    assert "Wound or sore on the foot" in signed_in(tess).get(f"/coach/clients/{alice.pk}").content.decode()


@pytest.mark.django_db
def test_it_shows_only_the_teachers_own_clients() -> None:
    tess, otto = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True)
    alice, charlie = person("alice@example.org"), person("charlie@example.org")
    linked(tess, alice)
    linked(otto, charlie)
    session(charlie, 0, pain=9)

    assert cards(signed_in(tess).get("/coach").content.decode()) == ["alice@example.org"]
    assert signed_in(tess).get(f"/coach/clients/{charlie.pk}").status_code == 404
    refused = signed_in(alice).get("/coach")
    assert refused.status_code == 403
    assert "I teach" in refused.content.decode()


def _queries(teacher: User) -> int:
    browser = signed_in(teacher)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get("/coach").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_it_reads_the_dashboard_in_as_many_queries_for_6_clients_as_for_2() -> None:
    def teacher_with(count: int, name: str) -> User:
        teacher = person(f"{name}@example.org", teacher=True)
        for index in range(count):
            client = person(f"{name}-client-{index}@example.org")
            link = linked(teacher, client)
            homework(link, times=3)
            Profile.objects.create(owner=client, birth_year=1970 + index, goals=["balance"], conditions=[],
                                   equipment=[], minutes_per_day=15, days_per_week=3, setting="home",
                                   start_side="left")
            for days_ago in range(0, 20, 3):
                session(client, days_ago, pain=index, skip="pain")
        return teacher

    few, more = _queries(teacher_with(2, "tess")), _queries(teacher_with(6, "tina"))
    # Sign-in and session, then one read each: links with the latest session,
    # days done, recent sessions, skip reasons, morning pain, answers, homework.
    assert few == more <= 12


@pytest.mark.django_db
def test_it_shows_a_clients_homework_sessions_and_progress_read_only() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    homework(linked(tess, alice))
    session(alice, 2, pain=4, feeling=6, stopped="sharp-pain", skip="no-time", program="pilates-foot-series")
    SelfTestResult.objects.create(
        owner=alice, test="single-leg-stance", side="left", taken_on=timezone.localdate(), value=21
    )

    answer = signed_in(tess).get(f"/coach/clients/{alice.pk}")

    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Pilates foot series" in page and "Slowly, every morning" in page
    assert "Sharp pain" in page and "no time" in page
    assert "Pain by week" in page and "Sessions planned and done" in page
    assert "Health conditions they shared" not in page
    # The page speaks of the client's results, not of the teacher's own.
    assert "All their results, newest first" in page and "All your results" not in page
    # Nothing was written in her name by reading her page.
    assert SessionLog.objects.of(alice).count() == 1


@pytest.mark.django_db
def test_it_refuses_the_client_page_once_the_link_ends() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    link = linked(tess, alice)
    browser = signed_in(tess)
    assert browser.get(f"/coach/clients/{alice.pk}").status_code == 200

    do_end_link(link)

    assert browser.get(f"/coach/clients/{alice.pk}").status_code == 404
    assert cards(browser.get("/coach").content.decode()) == []


@pytest.mark.django_db
def test_it_keeps_the_teachers_choice_of_alert_emails() -> None:
    tess = person("tess@example.org", teacher=True)
    browser = signed_in(tess)

    answer = browser.post("/coach/alert-emails", {"emails_alerts": "on"})

    assert answer.status_code == 302
    tess.refresh_from_db()
    assert tess.emails_alerts
    assert 'name="emails_alerts" checked' in browser.get("/coach").content.decode()
    browser.post("/coach/alert-emails", {})
    tess.refresh_from_db()
    assert not tess.emails_alerts



def _synced(client: User, pain: int) -> dict[str, object]:
    log = make_log(started_at=f"{today() - timedelta(days=1)}T07:30:00+00:00",
                   ended_at=f"{today() - timedelta(days=1)}T07:36:00+00:00")
    log["entries"][1]["pain"] = pain  # type: ignore[index]
    return log


@pytest.mark.django_db(transaction=True)
def test_it_emails_a_teacher_who_asked_once_when_a_clients_session_hurts_at_8() -> None:
    tess, otto = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True)
    alice = person("alice@example.org")
    User.objects.filter(pk__in=[tess.pk, otto.pk]).update(emails_alerts=True)
    linked(tess, alice)
    painful = _synced(alice, 8)

    assert do_record_logs(alice, [painful, _synced(alice, 3)]).stored
    assert do_record_logs(alice, [painful]).already  # sent again: no second email

    assert [message.to for message in mail.outbox] == [["tess@example.org"]]
    assert "alice@example.org" in mail.outbox[0].subject
    assert "rated a pain of 8/10" in mail.outbox[0].body
    assert SessionLog.objects.of(alice).count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_emails_no_teacher_who_did_not_ask_and_none_for_a_calm_session() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    linked(tess, alice)
    do_record_logs(alice, [_synced(alice, 9)])
    User.objects.filter(pk=tess.pk).update(emails_alerts=True)
    do_record_logs(alice, [_synced(alice, 7)])

    assert mail.outbox == []


@pytest.mark.django_db
def test_it_gives_a_clients_adherence_and_alerts_through_the_api_with_the_teachers_token() -> None:
    tess, otto, alice = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True), \
        person("alice@example.org")
    homework(linked(tess, alice))
    session(alice, 0, pain=9, skip="pain")
    _, token = do_create_token(tess, "Tess's laptop")
    _, otto_token = do_create_token(otto, "Otto's laptop")

    answer = Client().get(f"/api/coach/clients/{alice.pk}/adherence", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert answer.status_code == 200
    body = answer.json()
    assert body["email"] == "alice@example.org"
    assert body["last_7_days"] == {"done": 1, "planned": 7}
    assert body["skip_reasons"] == {"pain": 1}
    assert body["alerts"][0]["kind"] == "high-pain"
    assert body["recent_sessions"][0]["highest_pain"] == 9
    refused = Client().get(f"/api/coach/clients/{alice.pk}/adherence", HTTP_AUTHORIZATION=f"Bearer {otto_token}")
    assert refused.status_code == 404


def _cli(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": ""}
    return subprocess.run([sys.executable, "-m", "footcoach.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=120, env=env)


SETUP = """
from footcoach.accounts.models import User
from footcoach.coaching.actions import do_accept_invitation, do_create_invitation
from footcoach.training.actions import do_record_logs
from tests.training.support import make_log
from django.utils import timezone
tess = User.objects.get(email="tess@example.org")
ann = User.objects.get(email="ann@example.org")
do_accept_invitation(ann, do_create_invitation(tess), shares_conditions=False)
day = timezone.localdate().isoformat()
log = make_log(started_at=day + "T00:01:00+00:00", ended_at=day + "T00:05:00+00:00")
log["entries"][1]["pain"] = 9
do_record_logs(ann, [log])
"""


def test_it_prints_the_dashboard_as_json_and_as_lines_from_the_command_line(data_dir: Path) -> None:
    assert _cli(data_dir, "user", "create", "tess@example.org", "--teacher", stdin=PASSWORD + "\n").returncode == 0
    made = _cli(data_dir, "manage", "shell", "-v0", "-c", SETUP)
    assert made.returncode == 0, made.stderr

    answer = _cli(data_dir, "coach", "clients", "--email", "tess@example.org", "--json")

    assert answer.returncode == 0, answer.stderr
    rows = json.loads(answer.stdout)
    assert [row["email"] for row in rows] == ["ann@example.org"]
    assert rows[0]["alerts"][0]["kind"] == "high-pain"
    assert rows[0]["recent_sessions"][0]["highest_pain"] == 9
    lines = _cli(data_dir, "coach", "clients", "--email", "tess@example.org")
    assert "ann@example.org" in lines.stdout and "! Pain of 9/10" in lines.stdout
    refused = _cli(data_dir, "coach", "clients", "--email", "ann@example.org")
    assert refused.returncode == 2 and "does not teach" in refused.stderr
