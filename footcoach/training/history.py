"""A person's logged sessions as the planner reads them, for dose progression."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.core.progression import SessionRecord
from footcoach.library.content import get_library
from footcoach.prepared import Param, Prepared
from footcoach.progress.models import SelfTestResult
from footcoach.training.models import SessionLog, readable, start_of

# Progression reads whole weeks; eight of them is plenty to find two easy ones.
HISTORY_SPAN = timedelta(weeks=8)

# Both read on every plan and player page: prepared, so that the ORM writes their SQL once.
_MORNINGS = Prepared(lambda: (
    SelfTestResult.objects.morning_pain()
    .filter(owner=Param("owner", SelfTestResult.owner.field),
            taken_on__gt=Param("since", SelfTestResult.taken_on.field))
    .values_list("taken_on", "value")
))
_LOGS = Prepared(lambda: (
    SessionLog.objects.filter(owner=Param("owner", SessionLog.owner.field),
                              started_at__gte=Param("since", SessionLog.started_at.field))
    .order_by("started_at")
    .values_list("program", "started_at", "ended_at", "stopped_reason", "highest_pain", "steps_skipped",
                 "skipped_for_pain")
))


@dataclass(frozen=True)
class Stop:
    """A session a stop rule ended: which program, which rule, and when, on the person's clock."""

    day: date
    program: str
    rule: str
    at: datetime


@dataclass(frozen=True)
class History:
    records: list[SessionRecord]
    stops: list[Stop]


def session_history(person: User, since: date) -> list[SessionRecord]:
    """Every session the person logged from `since` on, oldest first."""
    return read_history(person, since).records


def read_history(person: User, since: date) -> History:
    """The sessions logged from `since` on, oldest first, and the stops among them, from one read.

    Two queries whatever the span: the morning scores, and the logs with the
    summary of their steps kept when each was stored (the highest pain,
    how many steps were skipped, whether any was skipped for pain). Summing
    the steps up at each read, a join over some five hundred entries for
    eight weeks, was half of the plan page's reading.
    """
    pain_stops = {rule.id for rule in get_library().stop_rules.values() if rule.id != "new-numbness"}
    mornings = {taken_on: round(value) for taken_on, value in _MORNINGS.all(owner=person.pk, since=since)}
    records = []
    stops = []
    logs = _LOGS.all(owner=person.pk, since=start_of(since))
    zone = timezone.get_current_timezone()  # once, not once a log
    for program, started_at, ended_at, stopped_reason, pain_max, skips, skipped_for_pain in logs:
        day = timezone.localdate(readable(started_at), zone)
        records.append(SessionRecord(
            day=day,
            program=program,
            completed=not stopped_reason and not skips,
            pain_max=pain_max,
            # The score the person gave on the plan page the morning after.
            morning_pain=mornings.get(day + timedelta(days=1)),
            stopped_for_pain=stopped_reason in pain_stops or skipped_for_pain,
        ))
        if stopped_reason:
            stops.append(Stop(day, program, stopped_reason, timezone.localtime(readable(ended_at), zone)))
    return History(records, stops)
