"""A person's private calendar feed, their reminder choices, and the reminders sent."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from footcoach.core.calendar import DEFAULT_TIME, ReminderChoice

if TYPE_CHECKING:
    from footcoach.accounts.models import User


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def matching(self, plaintext: str) -> CalendarFeedQuerySet:
        return self.filter(hashed=CalendarFeed.hash(plaintext), owner__is_active=True)


class CalendarFeed(models.Model):
    """The private address of a person's calendar, one at most per person.

    As for API tokens, only a SHA-256 hash of the token is kept: a copy of the
    database does not let anyone read a person's plan, and the address is
    shown once, when it is made. Renewing replaces the hash, so the old
    address stops answering at once; stopping deletes the row.
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    hashed = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[CalendarFeedQuerySet] = CalendarFeedQuerySet.as_manager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return f"calendar feed of {self.owner_id}"

    @staticmethod
    def new_token() -> str:
        # 32 random bytes: no one guesses it, and a calendar app keeps it as it keeps a password.
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(plaintext: str) -> str:
        return hashlib.sha256(plaintext.encode()).hexdigest()


class ReminderSettings(models.Model):
    """When a person wants reminders, and the time zone their days are counted in.

    The zone is kept here, not only in the browser's cookie, so that the
    calendar feed and `footcoach remind`, which have no browser, count the
    person's days on the person's own clock.
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    enabled = models.BooleanField(default=False)
    at = models.TimeField(default=DEFAULT_TIME)
    # Weekday digits, 0 for Monday: "024" is Monday, Wednesday and Friday.
    weekdays = models.CharField(max_length=7, blank=True, default="")
    plan_days = models.BooleanField(default=True)
    time_zone = models.CharField(max_length=64)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"reminders of {self.owner_id}"

    def choice(self) -> ReminderChoice:
        return ReminderChoice(self.at, frozenset(int(d) for d in self.weekdays), self.plan_days)


class ReminderSentQuerySet(models.QuerySet["ReminderSent"]):
    def of(self, person: User) -> ReminderSentQuerySet:
        return self.filter(owner=person)


class ReminderSent(models.Model):
    """A reminder claimed for one person's day, on their clock.

    The row is written before the email is sent, and the constraint lets only
    one writer have it: two runs of `footcoach remind` at the same moment
    cannot both send. A failed send deletes the row, so the next run tries again.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ReminderSentQuerySet] = ReminderSentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        constraints = (models.UniqueConstraint(fields=("owner", "day"), name="one_reminder_per_person_per_day"),)

    def __str__(self) -> str:
        return f"reminder of {self.owner_id} for {self.day}"

