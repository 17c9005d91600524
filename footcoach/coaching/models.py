"""Teachers and their clients: invitations, and the links a client agreed to."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from footcoach.core.homework import NOTE_MAX_LENGTH

if TYPE_CHECKING:
    from footcoach.accounts.models import User

INVITATION_DAYS = 14
# Letters and digits that cannot be mistaken for one another when read aloud
# or copied by hand: no I/1, O/0, U/V, L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 8


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str | None:
    """The stored form of a code a person typed ("abcd-efgh", " ABCD EFGH "), or
    None when it cannot be one, so that a wrong code is not even looked up."""
    code = "".join(ch for ch in typed.upper() if ch not in "- \t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def of(self, teacher: User) -> InvitationQuerySet:
        return self.filter(teacher=teacher)

    def usable(self, now: datetime) -> InvitationQuerySet:
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An offer from a teacher to coach one person: single use, expiring, revocable.

    It is passed on as a link (the token) or as a short code read aloud.
    """

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[InvitationQuerySet] = InvitationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Invitation {self.shown_code} from {self.teacher_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.expires_at is None:
            self.expires_at = self.created_at + timedelta(days=INVITATION_DAYS)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def shown_code(self) -> str:
        """The code in two halves, "ABCD-EFGH", easier to read aloud."""
        half = CODE_LENGTH // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    def why_not_usable(self, now: datetime) -> str | None:
        """Why this invitation can no longer be accepted, in the person's words, or None."""
        if self.used_at is not None:
            return "This invitation has already been used. Ask your teacher for a new one."
        if self.revoked_at is not None:
            return "Your teacher withdrew this invitation. Ask them for a new one."
        if self.expires_at <= now:
            return "This invitation has expired. Ask your teacher for a new one."
        return None


class CoachingLinkQuerySet(models.QuerySet["CoachingLink"]):
    def active(self) -> CoachingLinkQuerySet:
        return self.filter(ended_at__isnull=True)

    def of_teacher(self, user: User) -> CoachingLinkQuerySet:
        return self.filter(teacher=user)

    def of_client(self, user: User) -> CoachingLinkQuerySet:
        return self.filter(client=user)


class CoachingLink(models.Model):
    """A client's agreement that a teacher may see their training; ended, it is kept as a record."""

    class Role(models.TextChoices):
        TEACHER = "teacher", "Teacher"

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teacher_links")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.TEACHER)
    # Whether the teacher may see which health conditions changed the plan: the
    # client's choice, unticked unless they tick it.
    shares_conditions = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects: ClassVar[CoachingLinkQuerySet] = CoachingLinkQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-started_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("teacher", "client"), condition=Q(ended_at__isnull=True), name="coachinglink_one_active"
            ),
            models.CheckConstraint(condition=~Q(teacher=F("client")), name="coachinglink_not_oneself"),
        )

    def __str__(self) -> str:
        return f"{self.teacher_id} coaches {self.client_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def of_link(self, link: CoachingLink) -> AssignmentQuerySet:
        return self.filter(link=link)

    def not_ended(self) -> AssignmentQuerySet:
        return self.filter(ended_at__isnull=True)

    def current(self, day: date) -> AssignmentQuerySet:
        """Homework due on `day`: not ended by the teacher, started, and not past its end date."""
        return self.not_ended().filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def of_active_links(self) -> AssignmentQuerySet:
        # Homework of an ended link stays as a record but is no longer given.
        return self.filter(link__ended_at__isnull=True)


class Assignment(models.Model):
    """Homework a teacher gives a client: a program, or a set of exercises with their doses.

    A change is made in place: the client sees it on their next page, with
    nothing to accept again.
    """

    link = models.ForeignKey(CoachingLink, on_delete=models.CASCADE, related_name="assignments")
    # A program id from the content, or blank when `items` lists exercises.
    program = models.CharField(max_length=60, blank=True, default="")
    # Ordered exercises in the shape of a program's items (core.schemas.ProgramItem):
    # [{"exercise": id, "dose": {"sets": n, "reps": n, "seconds": n, "sides": ...} | null}],
    # a null dose meaning the exercise's own. Empty when `program` is given.
    items = models.JSONField(default=list, blank=True)
    times_per_week = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Ended by the teacher: kept as a record, no longer in the client's plan.
    ended_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[AssignmentQuerySet] = AssignmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("starts_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=Q(times_per_week__gte=1, times_per_week__lte=7), name="assignment_times_per_week_1_7"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="assignment_ends_after_start"
            ),
        )

    def __str__(self) -> str:
        return f"Homework {self.pk} on link {self.link_id}"

    @property
    def is_exercise_set(self) -> bool:
        return not self.program


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def of_teacher(self, teacher: User) -> AttendanceQuerySet:
        return self.filter(teacher=teacher)

    def of_class(self, program: str, day: date) -> AttendanceQuerySet:
        return self.filter(program=program, day=day)


class Attendance(models.Model):
    """A client's presence at a teacher's class: marked by the teacher, a teacher-owned row.

    Kept when the link ends, as a record of the class; the teacher no longer reaches it.
    """

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance_marked")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance")
    program = models.CharField(max_length=60)
    day = models.DateField()
    marked_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[AttendanceQuerySet] = AttendanceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-day", "id")
        constraints = (
            models.UniqueConstraint(fields=("teacher", "client", "program", "day"), name="attendance_once_a_class"),
        )

    def __str__(self) -> str:
        return f"{self.client_id} attended {self.program} on {self.day} with {self.teacher_id}"
