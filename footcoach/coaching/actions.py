"""Changes to coaching: the teacher switch, invitations and links."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.coaching.access import clients_of
from footcoach.coaching.models import Assignment, Attendance, CoachingLink, Invitation
from footcoach.core.homework import HomeworkFields, items_as_json

NOT_A_TEACHER = 'Only a teacher can invite clients. Turn on "I teach" on your account page first.'


class CoachingError(Exception):
    """A change refused, with the reason in words a person can act on.

    `gone` tells an invitation that can never be accepted again (used,
    withdrawn, expired) from one refused for who is accepting it.
    """

    def __init__(self, message: str, *, gone: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.gone = gone


def check_acceptable(client: User, invitation: Invitation, now: datetime) -> None:
    """Raise CoachingError, saying why, when the client cannot accept the invitation now."""
    why = invitation.why_not_usable(now)
    if why is not None:
        raise CoachingError(why, gone=True)
    if not invitation.teacher.is_teacher:
        raise CoachingError("This invitation is no longer open: its sender has stopped teaching here.", gone=True)
    if invitation.teacher_id == client.pk:
        raise CoachingError("This is your own invitation. Give it to the person you want to coach.")
    if CoachingLink.objects.active().filter(teacher_id=invitation.teacher_id, client=client).exists():
        raise CoachingError(f"{invitation.teacher.email} is already your teacher.")


def do_set_teacher(person: User, is_teacher: bool) -> None:
    # Turning the switch off keeps the links (the clients agreed to them) but
    # closes every coaching page until it is turned on again; open
    # invitations are withdrawn so that nobody joins a teacher who stopped.
    with transaction.atomic():
        User.objects.filter(pk=person.pk).update(is_teacher=is_teacher)
        person.is_teacher = is_teacher
        if not is_teacher:
            Invitation.objects.of(person).usable(timezone.now()).update(revoked_at=timezone.now())


def do_create_invitation(teacher: User, now: datetime | None = None) -> Invitation:
    """A new invitation from the teacher, open for 14 days."""
    if not teacher.is_teacher:
        raise CoachingError(NOT_A_TEACHER)
    now = now or timezone.now()
    # Codes are random; on the rare clash with an existing one, draw again.
    for _ in range(5):
        try:
            with transaction.atomic():
                return Invitation.objects.create(teacher=teacher, created_at=now)
        except IntegrityError:
            continue
    raise CoachingError("No new invitation could be made just now. Try again.")


def do_revoke_invitation(invitation: Invitation) -> None:
    # Only an open invitation is withdrawn: a used one already made its link,
    # which the link's own "End link" ends.
    Invitation.objects.filter(pk=invitation.pk).usable(timezone.now()).update(revoked_at=timezone.now())


def do_accept_invitation(client: User, invitation: Invitation, *, shares_conditions: bool) -> CoachingLink:
    """Link the client to the invitation's teacher and use the invitation up.

    Raises CoachingError, saying why, when the invitation is used, revoked or
    expired, is the client's own, or the two are already linked.
    """
    with transaction.atomic():
        # Locked, so that two people accepting the same invitation at once
        # cannot both be linked by it.
        locked = Invitation.objects.select_for_update().select_related("teacher").get(pk=invitation.pk)
        now = timezone.now()
        check_acceptable(client, locked, now)
        try:
            with transaction.atomic():
                link = CoachingLink.objects.create(
                    teacher_id=locked.teacher_id,
                    client=client,
                    shares_conditions=shares_conditions,
                    started_at=now,
                    invitation=locked,
                )
        except IntegrityError:
            # Another invitation from the same teacher was accepted at the same moment.
            raise CoachingError(f"{locked.teacher.email} is already your teacher.") from None
        Invitation.objects.filter(pk=locked.pk).update(used_at=now, used_by=client)
    return link


def do_end_link(link: CoachingLink) -> None:
    """End the link at once: from now on the teacher reaches nothing of the client's."""
    CoachingLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    link.ended_at = link.ended_at or timezone.now()


def _homework_row(fields: HomeworkFields) -> dict[str, object]:
    return {
        "program": fields.program,
        "items": items_as_json(fields.items),
        "times_per_week": fields.times_per_week,
        "starts_on": fields.starts_on,
        "ends_on": fields.ends_on,
        "note": fields.note,
    }


def do_assign_homework(link: CoachingLink, fields: HomeworkFields) -> Assignment:
    """Give the client homework through the link; it is in their plan on their next page."""
    with transaction.atomic():
        now = timezone.now()
        return Assignment.objects.create(link=link, created_at=now, updated_at=now, **_homework_row(fields))


def do_change_homework(assignment: Assignment, fields: HomeworkFields) -> None:
    # Changed in place: the client's next page shows the change, with nothing
    # to accept again, and sessions logged under it stay its own.
    with transaction.atomic():
        row = {**_homework_row(fields), "updated_at": timezone.now()}
        Assignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(**row)
        for name, value in row.items():
            setattr(assignment, name, value)


def do_end_homework(assignment: Assignment) -> None:
    """End the homework at once: it leaves the client's plan and is kept as a record."""
    with transaction.atomic():
        now = timezone.now()
        Assignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(ended_at=now, updated_at=now)
        assignment.ended_at = assignment.ended_at or now


def do_mark_attendance(teacher: User, program: str, day: date, client_ids: Collection[int]) -> int:
    """Record exactly these clients as at the teacher's class of `program` on `day`; return how many.

    The form lists every active client with a box, so a box left empty takes
    back a mark made earlier. An id that is not one of the teacher's active
    clients refuses the whole change, and nothing is saved.
    """
    wanted = set(client_ids)
    with transaction.atomic():
        active = set(clients_of(teacher).values_list("client_id", flat=True))
        strangers = wanted - active
        if strangers:
            raise CoachingError(f"Only your own clients can be marked: client {min(strangers)} is not one of them.")
        marked = Attendance.objects.of_teacher(teacher).of_class(program, day)
        # A client whose link has ended since keeps the mark as a record.
        marked.filter(client_id__in=active - wanted).delete()
        Attendance.objects.bulk_create(
            [Attendance(teacher=teacher, client_id=each, program=program, day=day) for each in sorted(wanted)],
            ignore_conflicts=True,
        )
    return len(wanted)
