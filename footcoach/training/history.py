"""A person's logged sessions as the planner reads them, for dose progression."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.core.progression import SessionRecord
from footcoach.library.content import get_library
from footcoach.progress.models import SelfTestResult
from footcoach.training.models import SessionLog, readable

# Progression reads whole weeks; eight of them is plenty to find two easy ones.
HISTORY_SPAN = timedelta(weeks=8)


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
    """The sessions logged from `since` on, oldest first, and the stops among them, from one read."""
    pain_stops = {rule.id for rule in get_library().stop_rules.values() if rule.id != "new-numbness"}
    mornings = {
        result.taken_on: round(result.value)
        for result in SelfTestResult.objects.of(person).morning_pain().filter(taken_on__gt=since)
    }
    records = []
    stops = []
    logs = SessionLog.objects.of(person).since(since).order_by("started_at").prefetch_related("entries")
    for log in logs:
        entries = list(log.entries.all())
        pains = [entry.pain for entry in entries if entry.pain is not None]
        day = log.local_day()
        records.append(SessionRecord(
            day=day,
            program=log.program,
            completed=not log.stopped_reason and not any(entry.skipped for entry in entries),
            pain_max=max(pains) if pains else None,
            # The score the person gave on the plan page the morning after.
            morning_pain=mornings.get(day + timedelta(days=1)),
            stopped_for_pain=log.stopped_reason in pain_stops or any(e.skip_reason == "pain" for e in entries),
        ))
        if log.stopped_reason:
            stops.append(Stop(day, log.program, log.stopped_reason, timezone.localtime(readable(log.ended_at))))
    return History(records, stops)
