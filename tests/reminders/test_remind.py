"""Reminders by email, in process with a fake clock: due in each person's zone, once a day, never for a day done."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from footcoach.reminders.models import ReminderSent
from footcoach.reminders.remind import send_due_reminders
from footcoach.training.actions import do_record_logs
from tests.reminders.support import person, remind
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
SITE = "https://footcoach.example.org"
# 07:35 on Wednesday 2 December in Tokyo; still 14:35 on Tuesday in Los Angeles.
TOKYO_MORNING = datetime(2026, 12, 1, 22, 35, tzinfo=UTC)
# 07:31 on Tuesday 1 December in Los Angeles.
LA_MORNING = datetime(2026, 12, 1, 15, 31, tzinfo=UTC)
EVERY_DAY = "0123456"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def _run(at: datetime) -> list[str]:
    with time_machine.travel(at, tick=False):
        return send_due_reminders(timezone.now(), SITE).sent


def _people() -> tuple[Any, Any]:
    yuki, lee = person("yuki@example.org"), person("lee@example.org")
    remind(yuki, "Asia/Tokyo", time(7, 30), days=EVERY_DAY)
    remind(lee, "America/Los_Angeles", time(7, 30), days=EVERY_DAY)
    return yuki, lee


def test_it_sends_each_reminder_once_at_the_persons_own_time() -> None:
    yuki, lee = _people()
    assert _run(TOKYO_MORNING - timedelta(minutes=10)) == []
    assert _run(TOKYO_MORNING) == ["yuki@example.org"]
    assert _run(TOKYO_MORNING) == []
    assert _run(TOKYO_MORNING + timedelta(minutes=1)) == []
    assert _run(LA_MORNING) == ["lee@example.org"]
    assert _run(LA_MORNING + timedelta(minutes=1)) == []
    assert [m.to for m in mail.outbox] == [["yuki@example.org"], ["lee@example.org"]]
    assert f"{SITE}/account#calendar" in mail.outbox[0].body
    assert list(ReminderSent.objects.order_by("day").values_list("owner__email", "day")) == [
        ("lee@example.org", date(2026, 12, 1)), ("yuki@example.org", date(2026, 12, 2))]


def test_it_sends_none_for_a_day_already_done_in_the_persons_zone() -> None:
    yuki, _ = _people()
    # 06:10 in Tokyo on the 2nd, which is still the 1st in UTC.
    assert do_record_logs(yuki, [make_log(started_at="2026-12-01T21:10:00+00:00",
                                          ended_at="2026-12-01T21:16:00+00:00")]).as_out().stored
    assert _run(TOKYO_MORNING) == []
    assert not mail.outbox and not ReminderSent.objects.exists()


def test_it_sends_none_on_a_day_not_chosen_or_after_two_hours() -> None:
    yuki = person("yuki@example.org")
    remind(yuki, "Asia/Tokyo", time(7, 30), days="0")  # Mondays; the 2nd is a Wednesday
    assert _run(TOKYO_MORNING) == []
    remind(yuki, "Asia/Tokyo", time(7, 30), days=EVERY_DAY)
    assert _run(TOKYO_MORNING + timedelta(hours=2)) == []
    remind(yuki, "Asia/Tokyo", time(7, 30), days=EVERY_DAY, enabled=False)
    assert _run(TOKYO_MORNING) == []
    assert not mail.outbox


def test_it_follows_the_plans_days_when_asked() -> None:
    # One day a week: the plan's day is the person's first, Monday 30 November.
    yuki = person("yuki@example.org", days_per_week=1)
    yuki.date_joined = datetime(2026, 11, 30, 1, tzinfo=UTC)
    yuki.save()
    remind(yuki, "Asia/Tokyo", time(7, 30))
    assert _run(TOKYO_MORNING) == []
    monday = datetime(2026, 12, 6, 22, 35, tzinfo=UTC)  # 07:35 on Monday 7 December in Tokyo
    assert _run(monday) == ["yuki@example.org"]
    assert " minutes: " in mail.outbox[0].body
    assert f"{SITE}/session/" in mail.outbox[0].body


def test_it_gives_the_day_back_when_the_email_cannot_be_sent() -> None:
    _people()
    with override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"), time_machine.travel(TOKYO_MORNING):
        outcome = send_due_reminders(timezone.now(), SITE)
    assert (outcome.sent, outcome.failed) == ([], ["yuki@example.org"])
    assert not ReminderSent.objects.exists()
    assert _run(TOKYO_MORNING + timedelta(minutes=5)) == ["yuki@example.org"]
    assert len(mail.outbox) == 1
