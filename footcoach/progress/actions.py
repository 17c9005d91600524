"""Changes to a person's self-test scores."""

from __future__ import annotations

from datetime import date

from footcoach.accounts.models import User
from footcoach.progress.models import FIRST_STEP_PAIN, SelfTestResult

PAIN_SCORES = range(11)


def do_record_morning_pain(person: User, day: date, pain: int) -> SelfTestResult:
    """Keep the person's first-step pain for `day`, replacing an earlier score that day."""
    if pain not in PAIN_SCORES:
        raise ValueError(f"pain must be a whole number from 0 to 10, not {pain!r}")
    result, _ = SelfTestResult.objects.update_or_create(
        owner=person, test=FIRST_STEP_PAIN, side="", taken_on=day, defaults={"value": pain}
    )
    return result
