"""A teacher's side of the API: their clients, reached only through the coaching gates."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.responses import Status

from footcoach.accounts.models import User
from footcoach.api.auth import person_auth
from footcoach.api.schemas import ErrorOut, InputErrorOut
from footcoach.coaching.access import clients_of, get_assignment_for_teacher, get_client_for_teacher
from footcoach.coaching.actions import do_assign_homework, do_change_homework
from footcoach.coaching.homework import as_homework, screened_for
from footcoach.coaching.models import Assignment, CoachingLink
from footcoach.coaching.reading import read_dashboard, row_json
from footcoach.core.homework import HomeworkError, HomeworkFields, check_homework
from footcoach.library.content import get_library

NOT_A_TEACHER = 'Only a teacher has clients. Turn on "I teach" on your account page first.'

router = Router(auth=person_auth, tags=["coach"])


class ClientOut(Schema):
    id: int
    email: str
    # Accounts have no name of their own yet: people are known by their address.
    display_name: str
    since: datetime
    shares_conditions: bool


def teacher_of(request: HttpRequest) -> User:
    """The caller, refused with 403 unless they have turned on "I teach"."""
    teacher: User = request.auth  # type: ignore[attr-defined]
    if not teacher.is_teacher:
        raise HttpError(403, NOT_A_TEACHER)
    return teacher


@router.get("/clients", response={200: list[ClientOut], 401: ErrorOut, 403: ErrorOut})
def list_clients(request: HttpRequest) -> list[ClientOut]:
    """The teacher's clients who accepted an invitation and have not ended the link, longest first."""
    return [
        ClientOut(
            id=link.client_id,
            email=link.client.email,
            display_name=link.client.email,
            since=link.started_at,
            shares_conditions=link.shares_conditions,
        )
        for link in clients_of(teacher_of(request))
    ]


class HomeworkIn(Schema):
    # Loosely typed on purpose: each field is checked by check_homework, which
    # names the field and says what it takes, as the teacher's form does.
    program: Any = ""
    items: Any = None
    times_per_week: Any = None
    starts_on: Any = None
    ends_on: Any = None
    note: Any = ""


class HomeworkOut(Schema):
    id: int
    client_id: int
    program: str
    # [{"exercise": id, "dose": {"sets", "reps", "seconds", "sides"} | null}]; empty when a program is given.
    items: list[dict[str, Any]]
    times_per_week: int
    starts_on: date
    ends_on: date | None
    note: str
    updated_at: datetime
    # How much the client's safety screening left out or changed, never why; "" when nothing.
    safety: str


def _homework_out(assignment: Assignment, link: CoachingLink) -> HomeworkOut:
    made = screened_for(link, as_homework(assignment, link.teacher, get_library()))
    return HomeworkOut(
        id=assignment.pk, client_id=link.client_id, program=assignment.program, items=assignment.items,
        times_per_week=assignment.times_per_week, starts_on=assignment.starts_on, ends_on=assignment.ends_on,
        note=assignment.note, updated_at=assignment.updated_at, safety=made.for_teacher,
    )


def _checked(body: HomeworkIn) -> HomeworkFields:
    try:
        return check_homework(get_library(), **body.dict())
    except HomeworkError as problem:
        # Said as a body that does not fit its schema is said: where, and what is wrong.
        where: list[str | int] = ["body"]
        for part in re.findall(r"[^.\[\]]+", problem.field):
            where.append(int(part) if part.isdigit() else part)
        raise ValidationError([{"loc": where, "msg": problem.message, "type": "value_error"}]) from None


def _link(teacher: User, client_id: int) -> CoachingLink:
    try:
        return get_client_for_teacher(teacher, client_id)
    except Http404:
        raise HttpError(404, f"No client of yours has the id {client_id}.") from None


def _assignment(teacher: User, assignment_id: int) -> Assignment:
    try:
        return get_assignment_for_teacher(teacher, assignment_id)
    except Http404:
        raise HttpError(404, f"No homework of yours has the id {assignment_id}.") from None


@router.get("/clients/{client_id}/homework", response={200: list[HomeworkOut], 401: ErrorOut, 403: ErrorOut,
                                                       404: ErrorOut, 422: InputErrorOut})
def list_homework(request: HttpRequest, client_id: int) -> list[HomeworkOut]:
    """The homework given to one client and not ended, earliest first."""
    link = _link(teacher_of(request), client_id)
    return [_homework_out(a, link) for a in Assignment.objects.of_link(link).not_ended().order_by("starts_on", "id")]


@router.post("/clients/{client_id}/homework", response={201: HomeworkOut, 400: ErrorOut, 401: ErrorOut,
                                                        403: ErrorOut, 404: ErrorOut, 422: InputErrorOut})
def assign_homework(request: HttpRequest, client_id: int, body: HomeworkIn) -> Status[HomeworkOut]:
    """Give the client a program, or a set of exercises, so many times a week from a day on."""
    link = _link(teacher_of(request), client_id)
    return Status(201, _homework_out(do_assign_homework(link, _checked(body)), link))


@router.get("/homework/{assignment_id}", response={200: HomeworkOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                                                   422: InputErrorOut})
def read_homework(request: HttpRequest, assignment_id: int) -> HomeworkOut:
    assignment = _assignment(teacher_of(request), assignment_id)
    return _homework_out(assignment, assignment.link)


@router.put("/homework/{assignment_id}", response={200: HomeworkOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut,
                                                   404: ErrorOut, 422: InputErrorOut})
def change_homework(request: HttpRequest, assignment_id: int, body: HomeworkIn) -> HomeworkOut:
    """Change the homework in place, every field as sent: the client's next page shows it."""
    assignment = _assignment(teacher_of(request), assignment_id)
    do_change_homework(assignment, _checked(body))
    return _homework_out(assignment, assignment.link)


@router.get("/clients/{client_id}/adherence", response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut,
                                                          404: ErrorOut, 422: InputErrorOut})
def client_adherence(request: HttpRequest, client_id: int) -> dict[str, Any]:
    """One client's dashboard line: sessions done of those planned over the last 7 and 28 days, its trend,
    the latest sessions' pain and feeling, skip reasons and alerts, most urgent first."""
    teacher = teacher_of(request)
    _link(teacher, client_id)
    rows = read_dashboard(teacher, timezone.localdate(), client_id=client_id)
    return row_json(rows[0])
