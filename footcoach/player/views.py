"""The guided session page, and the two files that make the site work offline
and installable: the service worker and the web app manifest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from footcoach.accounts.access import get_profile_for
from footcoach.coaching.access import get_homework_for
from footcoach.coaching.homework import as_homework
from footcoach.core.drawing import picture_svg
from footcoach.core.homework import homework_program
from footcoach.core.profile import ProfileError
from footcoach.core.safety import red_flags
from footcoach.core.schemas import Program
from footcoach.core.session import Step, personal_session, picture_as_done, session_minutes, things_needed
from footcoach.library.content import get_library
from footcoach.training.history import HISTORY_SPAN, session_history


def picture_key(step: Step) -> str:
    # Exercises and self-tests have separate id spaces, so the kind is part of
    # the key; a stand-in (a soft ball for the spiky one) is drawn apart.
    swapped = "".join(f":{used}" for _, used in step.stand_ins)
    return f"{step.kind}:{step.ref}{swapped}"


def session_data(program: Program, steps: Sequence[Step]) -> dict[str, Any]:
    library = get_library()
    pictures: dict[str, str] = {}
    tests: dict[str, dict[str, Any]] = {}
    for step in steps:
        key = picture_key(step)
        if step.kind == "test":
            test = library.tests[step.ref]
            pictures.setdefault(key, picture_svg(test.picture, title=test.name))
            tests[test.id] = {"name": test.name, "unit": test.unit_after_number, "result_in": test.result_in,
                              "higher_is_better": test.higher_is_better}
        else:
            exercise = library.exercises[step.ref]
            if key not in pictures:
                pictures[key] = picture_svg(picture_as_done(exercise.picture, step.stand_ins), title=step.name)
    return {
        "program": {"id": program.id, "name": program.name},
        "steps": [{**step.as_json(), "picture": picture_key(step)} for step in steps],
        "pictures": pictures,
        "tests": tests,
        "stop_rules": [
            {"id": rule.id, "label": rule.label, "what_to_do": rule.what_to_do, "pain_above": rule.pain_above,
             "ends_session": rule.ends_session}
            for rule in library.stop_rules.values()
        ],
        "urls": {
            "sync": "/api/logs/sync",
            # A set given as homework has no library page: its way back is the plan.
            "program": reverse("program", args=[program.id]) if program.id in library.programs else reverse("plan"),
            "library": reverse("library"),
            # This player, kept for offline even if the worker was not ready when it
            # opened; the plan hands over the players of the day's sessions.
            "offline": [reverse("session", args=[program.id])] if program.id in library.programs else [],
        },
    }


def session(request: HttpRequest, program_id: str) -> HttpResponse:
    library = get_library()
    program = library.programs.get(program_id)
    if program is None:
        programs = list(library.programs.values())
        return render(request, "player/unknown.html", {"program_id": program_id, "programs": programs}, status=404)
    return _run(request, program)


@login_required
@require_safe
def homework_session(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The client's homework in the player: a program given runs the program's own
    player; a set of exercises runs as a program of its own, under the same screening."""
    assignment = get_homework_for(request.user, assignment_id)  # type: ignore[arg-type]
    if assignment.program:
        return redirect("session", assignment.program)
    library = get_library()
    program = homework_program(as_homework(assignment, assignment.link.teacher, library), library)
    if not program.items:
        raise Http404("This homework has no exercise left to do.")
    return _run(request, program)


def _run(request: HttpRequest, program: Program) -> HttpResponse:
    library = get_library()
    # A guest, not signed in, may try any session as published: no screening
    # is known for them and nothing of anyone's is read. Their log waits on the
    # device until they sign in or create an account (offline.js sends it).
    guest = not request.user.is_authenticated
    # The person's first foot, and what their conditions leave out or change,
    # come from the same screening as their plan.
    stored = None if guest else get_profile_for(request.user)  # type: ignore[arg-type]
    try:
        profile = stored.as_core() if stored is not None else None
    except ProfileError:
        return redirect("edit-profile")
    today = timezone.localdate()
    history = [] if guest else session_history(request.user, today - HISTORY_SPAN)  # type: ignore[arg-type]
    personal = personal_session(program, library, profile, today=today, history=history)
    if personal.blocked:
        return render(request, "player/blocked.html", {"program": program, "see_clinician": [
            (library.conditions[flag.condition].name, flag.reason) for flag in personal.see_clinician
        ]})
    if personal.not_offered:
        exercises = {item.exercise for item in program.items if item.exercise is not None}
        return render(request, "player/not_offered.html", {
            "program": program,
            "left_out": [(library.exercises[exercise].name, reason) for exercise, reason in personal.left_out],
            "all_left_out": len(personal.left_out) == len(exercises),
        })
    data = session_data(program, personal.steps)
    if guest:
        data["urls"]["sync"] = None  # sync.js keeps the logs on the device
    context = {
        "program": program,
        "data": data,
        # The outbox posts with this when the csrftoken cookie is missing.
        "csrf_token_value": get_token(request),
        "tap_rules": [rule for rule in data["stop_rules"] if rule["pain_above"] is None],
        "minutes": session_minutes(personal.steps),
        "needed": things_needed(personal.steps, library),
        "guest": guest,
        # Without answers to the health questions the session is the program
        # as published, so the page names the red flags that rule it out.
        "red_flags": [] if profile is not None else [c.name for c in red_flags(library.conditions, library)],
    }
    return render(request, "player/session.html", context)


def _static_text(path: str) -> str:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(path)
    with open(found if isinstance(found, str) else found[0], encoding="utf-8") as handle:
        return handle.read()


# What the service worker keeps on installing, by the names the templates use: the
# site's style and the scripts of the plan and of the player, so that a session
# kept for offline opens without a connection. The other pages' own files are kept
# when first used.
OFFLINE_STATIC = (
    "footcoach/site.css",
    "footcoach/offline.js",
    "footcoach/sync.js",
    "footcoach/record.js",
    "footcoach/plan.js",
    "footcoach/player.css",
    "footcoach/player.js",
    "footcoach/cues.js",
    "footcoach/screen.js",
    "footcoach/timeline.js",
    "footcoach/icons/icon.svg",
)


def _service_worker_text() -> str:
    # Static files carry a hash of their content in their names (see
    # footcoach.staticfiles): the worker is told those names, so that it keeps
    # exactly the files the pages of this release ask for. A release that changes
    # any of them changes the worker's text too, and browsers install it anew.
    urls = [static(name) for name in OFFLINE_STATIC]
    release = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]
    given = (
        "// Given by the server (footcoach/player/views.py): the static files of this release.\n"
        f"const STATIC_FILES = {json.dumps([*urls, reverse('manifest')])};\n"
        f"const SITE_CSS = {json.dumps(static('footcoach/site.css'))};\n"
        f"const STATIC_RELEASE = {json.dumps(release)};\n"
    )
    return given + _static_text("footcoach/sw.js")


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    # Served from the root, not /static/, so that it may control every page.
    text = _service_worker_text()
    response = HttpResponse(text, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers ask for the worker again on most visits: unchanged, it costs a 304.
    response["ETag"] = f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'
    return get_conditional_response(request, etag=response["ETag"], response=response)


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    library = get_library()
    data = {
        "name": "footcoach",
        "short_name": "footcoach",
        "description": "Foot exercises with pictures, timers and spoken cues.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fffdf8",
        "theme_color": "#0b3d91",
        "icons": [
            {"src": static("footcoach/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("footcoach/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("footcoach/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("footcoach/icons/maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
        "shortcuts": [
            {"name": program.name, "url": reverse("session", args=[program.id])}
            for program in library.programs.values()
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"indent": 1})

