"""Whether the plan page asks for today's first-step pain, and what was said."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from footcoach.core.progression import SessionRecord


@dataclass(frozen=True)
class MorningCheck:
    asked: bool
    score: int | None


def morning_check(history: Sequence[SessionRecord], today: date) -> MorningCheck:
    """Asked the morning after a session, which is the score progression reads.

    The history carries each session's next-morning score, so yesterday's
    sessions already hold what was given today.
    """
    yesterday = [record for record in history if record.day == today - timedelta(days=1)]
    scores = {record.morning_pain for record in yesterday} - {None}
    return MorningCheck(asked=bool(yesterday), score=scores.pop() if scores else None)
