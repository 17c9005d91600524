"""What a person did in a session: one log per sitting, one entry per step."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

    from footcoach.accounts.models import User

# Python's calendar runs from year 1 to 9999. A stored time within a day of
# either end (logs stored before the sync refused such times) has no local
# date in some time zones, so readers take it as the nearest time that has
# one; two days of margin leave room for "the day after" too.
FIRST_READABLE = datetime.min.replace(tzinfo=UTC) + timedelta(days=2)
LAST_READABLE = datetime.max.replace(tzinfo=UTC) - timedelta(days=2)


def readable(instant: datetime) -> datetime:
    """The instant, or the nearest one whose local date and next day exist in every time zone."""
    return min(max(instant, FIRST_READABLE), LAST_READABLE)


class CalendarDateTimeField(models.DateTimeField):
    """A DateTimeField that reads back every row, even one outside Python's calendar.

    PostgreSQL holds times from 4713 BC to 294276 AD, and an offset can carry
    a time sent as 9999-12-31 into year 10000. psycopg cannot make such a
    value into a datetime, and fails the whole query, so that every page
    listing the person's logs would fail with it. PostgreSQL clamps them into
    Python's calendar as it selects them; SQLite cannot hold them at all.
    """

    def select_format(self, compiler: SQLCompiler, sql: str, params: Any) -> tuple[str, Any]:
        sql, params = super().select_format(compiler, sql, params)
        connection: BaseDatabaseWrapper = compiler.connection
        if connection.vendor != "postgresql":
            return sql, params
        first, last = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
        return f"LEAST(GREATEST({sql}, %s), %s)", (*params, first, last)


class Side(models.TextChoices):
    LEFT = "left", "Left foot"
    RIGHT = "right", "Right foot"


class SkipReason(models.TextChoices):
    NO_TIME = "no-time", "No time"
    NO_EQUIPMENT = "no-equipment", "No equipment"
    PAIN = "pain", "Pain"
    OTHER = "other", "Other"


class Moment(models.TextChoices):
    BEFORE = "before", "Before"
    BETWEEN = "between", "Between the feet"
    AFTER = "after", "After"


class EntryKind(models.TextChoices):
    EXERCISE = "exercise", "Exercise"
    TEST = "test", "Self-test"


def _zero_to_ten(field: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 10}),
        name=f"{model}_{field}_0_to_10",
    )


class SessionLogQuerySet(models.QuerySet["SessionLog"]):
    def of(self, person: User) -> SessionLogQuerySet:
        return self.filter(owner=person)

    def since(self, day: date) -> SessionLogQuerySet:
        return self.filter(started_at__gte=start_of(day))


def start_of(day: date) -> datetime:
    """The instant a day starts, at midnight where the server's calendar is kept (a datetime is kept as it is).

    Comparing started_at with that instant, rather than started_at__date, lets the index work.
    """
    if isinstance(day, datetime):
        return day
    # Midnight of a day at the ends of the calendar may not exist in UTC.
    day = min(max(day, FIRST_READABLE.date()), LAST_READABLE.date())
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


class SessionLog(models.Model):
    """One sitting through a program, as the device recorded it.

    The id is made by the device before the session starts and is the
    idempotency key: a log sent twice is stored once.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_logs")
    program = models.CharField(max_length=60)
    started_at = CalendarDateTimeField()
    ended_at = CalendarDateTimeField()
    # A stop-rule id (content/stop-rules/) when a stop rule ended the session.
    stopped_reason = models.CharField(max_length=60, blank=True, default="")
    feeling = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    received_at = models.DateTimeField(default=timezone.now)
    # What the planner reads of the steps, kept with the log when it is stored
    # (a log's steps never change after): reading weeks of history is then one
    # plain read of the logs, not a join over every step of every session.
    highest_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    steps_skipped = models.PositiveSmallIntegerField(default=0)
    skipped_for_pain = models.BooleanField(default=False)

    objects: ClassVar[SessionLogQuerySet] = SessionLogQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-started_at", "id")
        indexes = (models.Index(fields=("owner", "-started_at"), name="sessionlog_owner_started"),)
        constraints = (
            _zero_to_ten("feeling", "sessionlog"),
            _zero_to_ten("highest_pain", "sessionlog"),
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")), name="sessionlog_ends_after_start"
            ),
        )

    def __str__(self) -> str:
        return f"{self.program} on {self.started_at:%Y-%m-%d %H:%M}"

    def local_day(self) -> date:
        """The day the session started on, on the clock of the current time zone."""
        return timezone.localdate(readable(self.started_at))


class LogEntry(models.Model):
    """One step of a session: an exercise on one foot (or both), or a self-test result."""

    log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=EntryKind.choices, default=EntryKind.EXERCISE)
    # An exercise id, or a self-test id when kind is "test".
    exercise = models.CharField(max_length=60)
    side = models.CharField(max_length=8, choices=Side.choices, blank=True, default="")
    reps = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    pressure = models.PositiveSmallIntegerField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    skipped = models.BooleanField(default=False)
    skip_reason = models.CharField(max_length=16, choices=SkipReason.choices, blank=True, default="")
    # When a self-test was taken within the session, and its result (e.g. reach in cm).
    moment = models.CharField(max_length=8, choices=Moment.choices, blank=True, default="")
    value = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("log", "position")
        # The steps skipped, by session, for the teacher's dashboard to count skip
        # reasons without reading every step of a month of sessions. Few steps are
        # skipped, so the index is small; "skipped" is in it as well as in its
        # condition so that SQLite reads the index alone.
        indexes = (
            models.Index(fields=("log", "skipped", "skip_reason"), condition=Q(skipped=True),
                         name="logentry_skipped"),
        )
        constraints = (
            models.UniqueConstraint(fields=("log", "position"), name="logentry_one_per_position"),
            _zero_to_ten("pressure", "logentry"),
            _zero_to_ten("pain", "logentry"),
        )

    def __str__(self) -> str:
        return f"{self.exercise} ({self.side or 'both feet'})"
