"""The only way to reach a client's data, and the coaching rows, by id.

Every coaching page and API route fetches through these gates. A link that is
missing, ended, another teacher's, or held by someone who is no longer a
teacher gives the same 404 as an id that never existed, so that nobody learns
who else is coached here.
"""

from __future__ import annotations

from django.http import Http404

from footcoach.accounts.models import User
from footcoach.coaching.models import Assignment, CoachingLink, CoachingLinkQuerySet, Invitation


def clients_of(teacher: User) -> CoachingLinkQuerySet:
    """The teacher's active links, each with its client, oldest client first."""
    if not teacher.is_teacher:
        return CoachingLink.objects.none()
    return CoachingLink.objects.active().of_teacher(teacher).select_related("client").order_by("started_at", "id")


def get_client_for_teacher(teacher: User, client_id: int) -> CoachingLink:
    """The active link through which `teacher` may read the client's data; the client is link.client."""
    # By the client's key, not the column: Django then checks that the id fits
    # an integer column, and one that does not finds no one instead of failing.
    link = clients_of(teacher).filter(client__pk=client_id).first()
    if link is None:
        raise Http404("No client of yours has this id.")
    return link


def teachers_of(client: User) -> CoachingLinkQuerySet:
    """The client's active links, each with its teacher."""
    return CoachingLink.objects.active().of_client(client).select_related("teacher").order_by("started_at", "id")


def get_link_for(person: User, link_id: int) -> CoachingLink:
    """An active link the person is part of, as teacher or as client: either may end it."""
    link = CoachingLink.objects.active().filter(pk=link_id).select_related("teacher", "client").first()
    if link is None or person.pk not in (link.teacher_id, link.client_id):
        raise Http404("No link of yours has this id.")
    return link


def get_invitation_for(teacher: User, invitation_id: int) -> Invitation:
    """One of the teacher's own invitations."""
    invitation = Invitation.objects.of(teacher).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No invitation of yours has this id.")
    return invitation


def get_assignment_for_teacher(teacher: User, assignment_id: int) -> Assignment:
    """Homework the teacher gave, not ended, to a client still linked to them."""
    assignment = (
        Assignment.objects.not_ended()
        .filter(pk=assignment_id, link__in=clients_of(teacher))
        .select_related("link__client")
        .first()
    )
    if assignment is None:
        raise Http404("No homework of yours has this id.")
    return assignment


def get_homework_for(client: User, assignment_id: int) -> Assignment:
    """Homework given to the client, not ended, by a teacher still linked to them."""
    assignment = (
        Assignment.objects.not_ended().of_active_links()
        .filter(pk=assignment_id, link__client=client)
        .select_related("link__teacher")
        .first()
    )
    if assignment is None:
        raise Http404("No homework of yours has this id.")
    return assignment
