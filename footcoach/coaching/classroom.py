"""Class mode: the session player shown to a room by its teacher.

It is the same page and the same player.js as a person's own session, with
the class flag set: the program as published (no one's screening is known),
no self-tests (each person records their own), and nothing logged or sent,
because the screen belongs to no one in the room.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from footcoach.accounts.models import User
from footcoach.coaching.access import clients_of
from footcoach.coaching.actions import CoachingError, do_mark_attendance
from footcoach.coaching.models import Attendance
from footcoach.core.safety import red_flags
from footcoach.core.schemas import Program
from footcoach.core.session import personal_session, session_minutes, things_needed
from footcoach.library.content import get_library
from footcoach.player.views import session_data


def _room(request: HttpRequest, program_id: str) -> Program | HttpResponse:
    """The program to show a room, or the page that says why not."""
    if not request.user.is_teacher:  # type: ignore[union-attr]
        return render(request, "coaching/class_teachers_only.html", status=403)
    library = get_library()
    program = library.programs.get(program_id)
    if program is None:
        programs = list(library.programs.values())
        return render(request, "player/unknown.html", {"program_id": program_id, "programs": programs}, status=404)
    return program


def _class_page(request: HttpRequest, program: Program, *, problem: str = "", status: int = 200) -> HttpResponse:
    library = get_library()
    published = personal_session(program, library, None, today=timezone.localdate(), history=[])
    steps = [step for step in published.steps if step.kind != "test"]
    data = session_data(program, steps)
    data["class"] = True
    data["urls"]["sync"] = None
    data["urls"]["offline"] = []
    context = {
        "program": program,
        "data": data,
        "class_mode": True,
        "csrf_token_value": "",
        "tap_rules": [rule for rule in data["stop_rules"] if rule["pain_above"] is None],
        "minutes": session_minutes(steps),
        "needed": things_needed(steps, library),
        "guest": False,
        "red_flags": [c.name for c in red_flags(library.conditions, library)],
        **_attendance(request.user, program.id, problem),  # type: ignore[arg-type]
    }
    return render(request, "coaching/class.html", context, status=status)


def _attendance(teacher: User, program_id: str, problem: str) -> dict[str, Any]:
    """The teacher's active clients, each with whether they are marked at today's class."""
    today = timezone.localdate()
    here = set(Attendance.objects.of_teacher(teacher).of_class(program_id, today).values_list("client_id", flat=True))
    return {
        "attendance_day": today,
        "class_clients": [(link.client, link.client_id in here) for link in clients_of(teacher)],
        "attendance_problem": problem,
    }


@require_safe
@login_required
def class_session(request: HttpRequest, program_id: str) -> HttpResponse:
    program = _room(request, program_id)
    if isinstance(program, HttpResponse):
        return program
    return _class_page(request, program)


def _client_id(value: str) -> int:
    # Only ASCII digits: int() would also take "١٢" or " 12 ", which no form sends.
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise CoachingError(f"Only your own clients can be marked: {value[:40]!r} is not a client of yours.")
    return int(value)


@login_required
@require_POST
def mark_attendance(request: HttpRequest, program_id: str) -> HttpResponse:
    program = _room(request, program_id)
    if isinstance(program, HttpResponse):
        return program
    try:
        wanted = [_client_id(value) for value in request.POST.getlist("attended")]
        count = do_mark_attendance(request.user, program.id, timezone.localdate(), wanted)  # type: ignore[arg-type]
    except CoachingError as error:
        return _class_page(request, program, problem=error.message, status=400)
    messages.success(request, f"Attendance saved: {count} client{'s' if count != 1 else ''} at today's class.")
    return redirect("class-session", program.id)
