"""`footcoach remind`: email each person whose reminder is due now, once a day at most.

Meant to run every few minutes from cron or a systemd timer. Each person's
day and time are on their own clock. A day's reminder is claimed by a row
(unique per person and day) before its email goes, so that two runs at the
same moment cannot both send it; a failed send gives the claim back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.mail import send_mail
from django.urls import reverse

from footcoach.core.calendar import CalendarSession, due_day, reminder_day
from footcoach.reminders.actions import do_claim_reminder, do_release_reminder
from footcoach.reminders.feed import coming_sessions_of, session_path
from footcoach.reminders.models import ReminderSent, ReminderSettings
from footcoach.training.models import SessionLog

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def send_due_reminders(now: datetime, site: str) -> Outcome:
    """Send every reminder due at `now`; say to whom each went, or failed to go."""
    outcome = Outcome()
    chosen = ReminderSettings.objects.filter(enabled=True, owner__is_active=True).select_related("owner")
    for settings in chosen.order_by("owner_id"):
        try:
            zone = ZoneInfo(settings.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            # Saved when this machine knew the zone; its time zone data changed since.
            log.warning("Reminders of %s skipped: no time zone %r here.", settings.owner.email, settings.time_zone)
            continue
        local_now = now.astimezone(zone)
        choice = settings.choice()
        day = reminder_day(choice, local_now)
        # Most people's time has not come: they cost no more reads than this.
        if day is None or (not choice.plan_days and day.weekday() not in choice.weekdays):
            continue
        person = settings.owner
        if ReminderSent.objects.of(person).filter(day=day).exists():
            continue
        start = datetime.combine(day, time.min, tzinfo=zone)
        done = SessionLog.objects.of(person).filter(started_at__gte=start, started_at__lt=start + timedelta(days=1))
        if done.exists():
            continue
        sessions = [s for s in coming_sessions_of(person, settings.time_zone, day, weeks=1) if s.day == day]
        if due_day(choice, local_now, session_days={s.day for s in sessions}, done_days=()) is None:
            continue
        claimed = do_claim_reminder(person, day)
        if claimed is None:
            continue  # another run has it
        try:
            send_mail("footcoach: time for your foot session", _body(sessions, site), None, [person.email])
        except Exception:  # noqa: BLE001 - whatever the mail server did, the next run tries again
            log.exception("The reminder to %s could not be sent.", person.email)
            do_release_reminder(claimed)
            outcome.failed.append(person.email)
        else:
            outcome.sent.append(person.email)
    return outcome


def _body(sessions: list[CalendarSession], site: str) -> str:
    if sessions:
        lines = [f"- {s.name}, about {s.minutes} minutes: {site}{session_path(s)}" for s in sessions]
        said = ["Today's sessions in your plan:", "", *lines]
    else:
        said = [f"Your plan has no session today; a short one of your choice still counts: {site}{reverse('plan')}"]
    return "\n".join([
        *said,
        "",
        f"You get this email because you asked for reminders. Change or stop them on your account page: "
        f"{site}{reverse('account')}#calendar",
    ])
