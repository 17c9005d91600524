"""The session history the planner and the player read: a few numbers a log, in two queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from footcoach.accounts.models import User
from footcoach.core.progression import SessionRecord
from footcoach.progress.models import SelfTestResult
from footcoach.training.actions import do_record_logs
from footcoach.training.history import read_history
from tests.plan_support import alice_with, log_week
from tests.training.support import make_log

pytestmark = pytest.mark.django_db


def entry(pain: int | None, skipped: bool = False, skip_reason: str = "") -> dict[str, Any]:
    return {"exercise": "heel-raise", "side": "left", "reps": 8, "pain": pain, "skipped": skipped,
            "skip_reason": skip_reason}


def test_it_sums_up_each_log_as_the_planner_reads_it() -> None:
    alice = User.objects.create_user("alice@example.org", "barefoot on the beach")
    do_record_logs(alice, [
        make_log(started_at="2026-11-02T08:00:00+00:00", ended_at="2026-11-02T08:05:00+00:00",
                 entries=[entry(1), entry(4), entry(None)]),
        make_log(started_at="2026-11-03T08:00:00+00:00", ended_at="2026-11-03T08:05:00+00:00",
                 entries=[entry(2), entry(None, skipped=True, skip_reason="no-time")]),
        make_log(started_at="2026-11-04T08:00:00+00:00", ended_at="2026-11-04T08:05:00+00:00",
                 entries=[entry(None, skipped=True, skip_reason="pain")]),
        make_log(started_at="2026-11-05T08:00:00+00:00", ended_at="2026-11-05T08:02:00+00:00",
                 stopped_reason="sharp-pain", entries=[]),
    ])
    SelfTestResult.objects.create(owner=alice, test="first-step-pain", taken_on=date(2026, 11, 3), value=3.4)

    history = read_history(alice, date(2026, 11, 1))

    assert history.records == [
        SessionRecord(date(2026, 11, 2), "sole-training", completed=True, pain_max=4, morning_pain=3,
                      stopped_for_pain=False),
        SessionRecord(date(2026, 11, 3), "sole-training", completed=False, pain_max=2, morning_pain=None,
                      stopped_for_pain=False),
        SessionRecord(date(2026, 11, 4), "sole-training", completed=False, pain_max=None, morning_pain=None,
                      stopped_for_pain=True),
        SessionRecord(date(2026, 11, 5), "sole-training", completed=False, pain_max=None, morning_pain=None,
                      stopped_for_pain=True),
    ]
    assert [(stop.day, stop.rule) for stop in history.stops] == [(date(2026, 11, 5), "sharp-pain")]


def test_it_reads_eight_weeks_of_sessions_in_two_queries(django_assert_num_queries: Any) -> None:
    alice = User.objects.create_user("alice@example.org", "barefoot on the beach")
    for week in range(8):
        log_week(alice, date.fromordinal(date(2026, 10, 5).toordinal() + 7 * week).isoformat(), pain=week % 4)
    with django_assert_num_queries(2):
        history = read_history(alice, date(2026, 10, 4))
    assert len(history.records) == 24
    assert [record.pain_max for record in history.records[::3]] == [0, 1, 2, 3, 0, 1, 2, 3]


@time_machine.travel(date(2026, 11, 30), tick=False)
def test_the_player_reads_weeks_of_sessions_in_a_bounded_number_of_queries(django_assert_max_num_queries: Any) -> None:
    client: Client = alice_with()
    alice = User.objects.get(email="alice@example.org")
    for monday in ("2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09",
                   "2026-11-16", "2026-11-23"):
        log_week(alice, monday, pain=2)
    # The session, the person, the profile, the morning scores and the logs summed up.
    with django_assert_max_num_queries(6):
        response = client.get("/session/sole-training")
    assert response.status_code == 200
    assert b"Sole Training" in response.content
