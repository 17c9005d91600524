"""Class mode: the session player shown to a room by its teacher.

It is the same page and the same player.js as a person's own session, with
the class flag set: the program as published (no one's screening is known),
no self-tests (each person records their own), and nothing logged or sent,
because the screen belongs to no one in the room.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from footcoach.core.safety import red_flags
from footcoach.core.session import personal_session, session_minutes, things_needed
from footcoach.library.content import get_library
from footcoach.player.views import _session_data


@require_safe
@login_required
def class_session(request: HttpRequest, program_id: str) -> HttpResponse:
    if not request.user.is_teacher:  # type: ignore[union-attr]
        return render(request, "coaching/class_teachers_only.html", status=403)
    library = get_library()
    program = library.programs.get(program_id)
    if program is None:
        programs = list(library.programs.values())
        return render(request, "player/unknown.html", {"program_id": program_id, "programs": programs}, status=404)
    published = personal_session(program, library, None, today=timezone.localdate(), history=[])
    steps = [step for step in published.steps if step.kind != "test"]
    data = _session_data(program, steps)
    data["class"] = True
    data["urls"]["sync"] = None
    data["urls"]["offline"] = []
    context = {
        "program": program,
        "data": data,
        "class_mode": True,
        "csrf_token_value": "",
        "tap_rules": [rule for rule in data["stop_rules"] if rule["pain_above"] is None],
        "scale": range(11),
        "minutes": session_minutes(steps),
        "needed": things_needed(steps, library),
        "guest": False,
        "red_flags": [c.name for c in red_flags(library.conditions, library)],
    }
    return render(request, "coaching/class.html", context)
