"""A teacher's side of the API: their clients, reached only through the coaching gates."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from footcoach.accounts.models import User
from footcoach.api.auth import person_auth
from footcoach.api.schemas import ErrorOut
from footcoach.coaching.access import clients_of

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
