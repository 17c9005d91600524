"""A teacher's side of the API: their clients, reached only through the coaching gates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from footcoach.accounts.models import User
from footcoach.api.auth import person_auth
from footcoach.api.schemas import ErrorOut
from footcoach.coaching.access import clients_of, get_client_for_teacher
from footcoach.coaching.reading import read_dashboard, row_json

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


@router.get("/clients/{client_id}/adherence", response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut,
                                                          404: ErrorOut})
def client_adherence(request: HttpRequest, client_id: int) -> dict[str, Any]:
    """One client's dashboard line: sessions done of those planned over the last 7 and 28 days, its trend,
    the latest sessions' pain and feeling, skip reasons and alerts, most urgent first."""
    teacher = teacher_of(request)
    get_client_for_teacher(teacher, client_id)
    rows = read_dashboard(teacher, timezone.localdate(), client_id=client_id)
    return row_json(rows[0])
