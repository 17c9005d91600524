"""A teacher's homework pages: give a client homework, change it in place, end it.

Every page reaches the client through the coaching gates. The teacher reads
the client's profile only to say how much of the homework the client's safety
screening left out or changed; why, only when the client shares conditions.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from footcoach.accounts.access import get_profile_for
from footcoach.accounts.models import User
from footcoach.coaching.access import get_assignment_for_teacher, get_client_for_teacher
from footcoach.coaching.actions import do_assign_homework, do_change_homework, do_end_homework
from footcoach.coaching.models import Assignment, CoachingLink
from footcoach.core.homework import (
    NOTE_MAX_LENGTH,
    Homework,
    HomeworkError,
    HomeworkFields,
    ScreenedHomework,
    check_homework,
    parse_items,
    screened,
)
from footcoach.core.library import Library
from footcoach.core.profile import ProfileError
from footcoach.core.schemas import ProgramItem
from footcoach.library.content import get_library
from footcoach.prepared import Param, Prepared

# How far around today a client's plan reads homework: its two weeks.
PLAN_SPAN = timedelta(days=14)
# The form's words for the fields a message names.
LABELS = {"kind": "What to do", "program": "Program", "items": "Exercises", "times_per_week": "Times a week",
          "starts_on": "From", "ends_on": "Until", "note": "Your note"}


def _stored_items(assignment: Assignment, library: Library) -> tuple[ProgramItem, ...]:
    # Items were checked when given; one whose exercise has since left the
    # content is passed over rather than breaking the client's plan.
    kept = [item for item in assignment.items if isinstance(item, dict) and item.get("exercise") in library.exercises]
    try:
        return parse_items(kept, library) if kept else ()
    except HomeworkError:
        return ()


def as_homework(assignment: Assignment, teacher: User, library: Library) -> Homework:
    """The stored assignment as the plan needs it; its items were checked when it was given."""
    return Homework(
        id=assignment.pk,
        teacher=teacher.email,
        program=assignment.program,
        items=_stored_items(assignment, library) if not assignment.program else (),
        times_per_week=assignment.times_per_week,
        starts_on=assignment.starts_on,
        ends_on=assignment.ends_on,
        note=assignment.note,
    )


# Whether the person has a teacher at all, asked on every plan page: prepared,
# so that the ORM writes its SQL once.
_ANY_TEACHER = Prepared(lambda: (
    CoachingLink.objects.active().filter(client=Param("client", CoachingLink.client.field)).values_list("pk")[:1]
))


def homework_of(client: User, today: date) -> list[Homework]:
    """The client's homework around today, from teachers still linked to them.

    Most people have no teacher. Asking whether they have one is a small query;
    building the homework's own, with its joins, cost four times as much, on
    every plan page.
    """
    if not _ANY_TEACHER.all(client=client.pk):
        return []
    library = get_library()
    given = (
        Assignment.objects.not_ended().of_active_links()
        .filter(link__client=client, starts_on__lte=today + PLAN_SPAN)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today - PLAN_SPAN))
        .select_related("link__teacher")
        .order_by("starts_on", "id")
    )
    found = [as_homework(assignment, assignment.link.teacher, library) for assignment in given]
    # Homework whose program has left the content, or with no exercise left, has nothing to run.
    return [each for each in found if each.program in library.programs or (not each.program and each.items)]


def screened_for(link: CoachingLink, homework: Homework) -> ScreenedHomework:
    stored = get_profile_for(link.client)
    try:
        profile = stored.as_core() if stored is not None else None
    except ProfileError:
        profile = None
    return screened(homework, profile, get_library(), today=timezone.localdate())


def _fields(post: QueryDict) -> HomeworkFields:
    library = get_library()
    kind = post.get("kind", "")
    if kind not in ("program", "exercises"):
        raise HomeworkError("kind", "choose a program or a set of exercises")
    program = post.get("program", "") if kind == "program" else ""
    items = [{"exercise": e} for e in post.getlist("exercises")] if kind == "exercises" else []
    return check_homework(
        library, program=program, items=items if kind == "exercises" else None,
        times_per_week=post.get("times_per_week", ""), starts_on=post.get("starts_on", ""),
        ends_on=post.get("ends_on", ""), note=post.get("note", ""),
    )


def _form_context(link: CoachingLink, values: dict[str, Any], problem: HomeworkError | None) -> dict[str, Any]:
    library = get_library()
    return {
        "link": link,
        "client": link.client,
        "programs": list(library.programs.values()),
        "exercises": list(library.exercises.values()),
        "values": values,
        "problem": problem,
        "problem_label": LABELS.get(problem.field.split("[")[0], problem.field) if problem else "",
        "note_max": NOTE_MAX_LENGTH,
    }


def _posted_values(post: QueryDict) -> dict[str, Any]:
    # What the teacher typed, shown again beside the message about it.
    return {
        "kind": post.get("kind", ""),
        "program": post.get("program", ""),
        "exercises": post.getlist("exercises"),
        "times_per_week": post.get("times_per_week", ""),
        "starts_on": post.get("starts_on", ""),
        "ends_on": post.get("ends_on", ""),
        "note": post.get("note", ""),
    }


def _summary(link: CoachingLink, assignment: Assignment) -> dict[str, Any]:
    library = get_library()
    homework = as_homework(assignment, link.teacher, library)
    made = screened_for(link, homework)
    names = {e.id: e.name for e in library.exercises.values()}
    program = library.programs.get(assignment.program)
    return {
        "assignment": assignment,
        "name": program.name if program else "; ".join(names[item.exercise or ""] for item in homework.items),
        "safety": made.for_teacher,
        # The reasons are the client's health: shown only when they chose to share it.
        "why": [(names[e], reason) for e, reason in made.why] if link.shares_conditions else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def new_homework(request: HttpRequest, client_id: int) -> HttpResponse:
    link = get_client_for_teacher(request.user, client_id)  # type: ignore[arg-type]
    given = [_summary(link, a) for a in Assignment.objects.of_link(link).not_ended().order_by("starts_on", "id")]
    if request.method == "POST":
        try:
            fields = _fields(request.POST)
        except HomeworkError as problem:
            context = {**_form_context(link, _posted_values(request.POST), problem), "given": given}
            return render(request, "coaching/homework.html", context, status=400)
        assignment = do_assign_homework(link, fields)
        summary = _summary(link, assignment)
        messages.success(request, f"Homework given to {link.client.email}. {summary['safety']}".strip())
        return redirect("edit-homework", assignment.pk)
    values = {"kind": "program", "times_per_week": "3", "starts_on": timezone.localdate().isoformat()}
    return render(request, "coaching/homework.html", {**_form_context(link, values, None), "given": given})


@login_required
@require_http_methods(["GET", "POST"])
def edit_homework(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment_for_teacher(request.user, assignment_id)  # type: ignore[arg-type]
    link = assignment.link
    if request.method == "POST":
        try:
            fields = _fields(request.POST)
        except HomeworkError as problem:
            context = {**_form_context(link, _posted_values(request.POST), problem), **_summary(link, assignment)}
            return render(request, "coaching/homework_edit.html", context, status=400)
        do_change_homework(assignment, fields)
        messages.success(request, "Homework changed. Your client sees the change the next time they open their plan.")
        return redirect("edit-homework", assignment.pk)
    values = {
        "kind": "program" if assignment.program else "exercises",
        "program": assignment.program,
        "exercises": [item["exercise"] for item in assignment.items],
        "times_per_week": str(assignment.times_per_week),
        "starts_on": assignment.starts_on.isoformat(),
        "ends_on": assignment.ends_on.isoformat() if assignment.ends_on else "",
        "note": assignment.note,
    }
    return render(request, "coaching/homework_edit.html",
                  {**_form_context(link, values, None), **_summary(link, assignment)})


@login_required
@require_POST
def end_homework(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment_for_teacher(request.user, assignment_id)  # type: ignore[arg-type]
    do_end_homework(assignment)
    messages.success(request, f"Homework ended. It is no longer in {assignment.link.client.email}'s plan.")
    return redirect("new-homework", assignment.link.client_id)
