"""Changes to a person's calendar feed and reminders, and claiming a day's reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.core.calendar import ReminderError, check_time, check_weekdays, check_zone
from footcoach.reminders.models import CalendarFeed, ReminderSent, ReminderSettings


def do_renew_feed(person: User, zone: str) -> str:
    """Give the person a new feed address, ending the old one; the token is returned only here.

    `zone` is kept as the person's time zone unless they have one already,
    so that the feed, read without a browser, knows their days.
    """
    plaintext = CalendarFeed.new_token()
    try:
        zone = check_zone(zone)
    except ReminderError:
        # A browser's zone this machine does not know: the person can choose theirs below the address.
        zone = "UTC"
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            owner=person, defaults={"hashed": CalendarFeed.hash(plaintext), "created_at": timezone.now(),
                                    "last_read_at": None},
        )
        ReminderSettings.objects.get_or_create(owner=person, defaults={"time_zone": zone})
    return plaintext


def do_note_feed_read(feed: CalendarFeed, now: datetime) -> None:
    # Shown on the account page, so the person can tell whether an app still reads it.
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)


def do_stop_feed(person: User) -> bool:
    """End the person's feed address; False when there was none."""
    deleted, _ = CalendarFeed.objects.filter(owner=person).delete()
    return bool(deleted)


@dataclass(frozen=True)
class ReminderFields:
    """Reminder settings as sent by the form, checked."""

    enabled: bool
    at: time
    weekdays: frozenset[int]
    plan_days: bool
    time_zone: str


def check_reminder_fields(
    *, enabled: bool, at: object, weekdays: list[object], plan_days: bool, time_zone: object,
) -> ReminderFields:
    """Raises ReminderError naming the first field that is wrong."""
    zone = check_zone(time_zone)
    moment = check_time(at)
    days = check_weekdays(weekdays, plan_days=plan_days or not enabled)
    return ReminderFields(enabled, moment, days, plan_days, zone)


def do_save_reminders(person: User, fields: ReminderFields) -> ReminderSettings:
    settings, _ = ReminderSettings.objects.update_or_create(
        owner=person,
        defaults={
            "enabled": fields.enabled, "at": fields.at, "plan_days": fields.plan_days,
            "weekdays": "".join(str(d) for d in sorted(fields.weekdays)), "time_zone": fields.time_zone,
            "updated_at": timezone.now(),
        },
    )
    return settings


def do_claim_reminder(person: User, day: date) -> ReminderSent | None:
    """Claim the person's reminder for `day`, or None when another run has it.

    Committed before the email goes, so that a second run at the same moment
    finds the row (or waits on it) and sends nothing.
    """
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(owner=person, day=day)
    except IntegrityError:
        return None


def do_release_reminder(claimed: ReminderSent) -> None:
    """Give back a claim whose email could not be sent, so that the next run tries again."""
    ReminderSent.objects.filter(pk=claimed.pk).delete()
