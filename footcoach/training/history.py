"""A person's logged sessions as the planner reads them, for dose progression."""

from __future__ import annotations

from datetime import date, timedelta

from footcoach.accounts.models import User
from footcoach.core.progression import SessionRecord
from footcoach.library.content import get_library
from footcoach.progress.models import SelfTestResult
from footcoach.training.models import SessionLog

# Progression reads whole weeks; eight of them is plenty to find two easy ones.
HISTORY_SPAN = timedelta(weeks=8)


def session_history(person: User, since: date) -> list[SessionRecord]:
    """Every session the person logged from `since` on, oldest first."""
    pain_stops = {rule.id for rule in get_library().stop_rules.values() if rule.id != "new-numbness"}
    mornings = {
        result.taken_on: round(result.value)
        for result in SelfTestResult.objects.of(person).morning_pain().filter(taken_on__gt=since)
    }
    records = []
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
    return records
