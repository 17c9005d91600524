"""The onboarding screens that make and change a profile, and the plan they lead to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from footcoach.accounts import onboarding
from footcoach.accounts.access import get_profile_for
from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.plan_page import PlanPage, page_url, plan_page
from footcoach.coaching.homework import homework_of
from footcoach.core.homework import assignment_of
from footcoach.core.profile import ProfileError
from footcoach.library.content import get_library
from footcoach.progress.morning import morning_check
from footcoach.training.history import HISTORY_SPAN, read_history

# The answers so far, between one onboarding screen and the next.
DRAFT_KEY = "profile_draft"


def _draft(request: HttpRequest) -> dict[str, object]:
    if DRAFT_KEY in request.session:
        return dict(request.session[DRAFT_KEY])
    profile = get_profile_for(request.user)  # type: ignore[arg-type]
    return profile.as_data() if profile is not None else {}


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, step_slug: str = "about") -> HttpResponse:
    step = onboarding.step_named(step_slug)
    if step is None:
        raise Http404("There is no such onboarding screen.")
    library = get_library()
    draft = _draft(request)
    if request.method == "GET":
        return render(request, step.template, onboarding.screen(step, draft, library, []))

    answers, refused = onboarding.read_answers(step, request.POST, library)
    draft = onboarding.with_answers(draft, step, answers)
    request.session[DRAFT_KEY] = draft
    if "back" in request.POST and (before := onboarding.step_before(step)) is not None:
        return redirect("start-step", step_slug=before.slug)
    this_year = timezone.localdate().year
    problems = onboarding.problems_of(step, draft, library, this_year=this_year, refused=refused)
    if problems:
        return render(request, step.template, onboarding.screen(step, draft, library, problems), status=400)
    after = onboarding.step_after(step)
    if after is not None:
        return redirect("start-step", step_slug=after.slug)
    try:
        do_save_profile(request.user, draft)  # type: ignore[arg-type]
    except ProfileError as error:
        # An earlier screen was skipped or changed since: show the first one with a problem.
        first = onboarding.step_asking(error.problems[0].field)
        problems = onboarding.problems_of(first, draft, library, this_year=this_year)
        return render(request, first.template, onboarding.screen(first, draft, library, problems), status=400)
    del request.session[DRAFT_KEY]
    messages.success(request, "Your answers are saved. Here is your plan.")
    return redirect("plan")


@login_required
@require_http_methods(["GET", "POST"])
def edit_step(request: HttpRequest, step_slug: str) -> HttpResponse:
    """One onboarding screen on its own, to change part of a saved profile."""
    step = onboarding.step_named(step_slug)
    if step is None:
        raise Http404("There is no such onboarding screen.")
    profile = get_profile_for(request.user)  # type: ignore[arg-type]
    if profile is None:
        return redirect("start")
    library = get_library()
    saved = profile.as_data()
    if request.method == "GET":
        return render(request, step.template, onboarding.screen(step, saved, library, [], editing=True))

    answers, refused = onboarding.read_answers(step, request.POST, library)
    draft = onboarding.with_answers(saved, step, answers)
    problems = onboarding.problems_of(step, draft, library, this_year=timezone.localdate().year, refused=refused)
    if problems:
        return render(request, step.template, onboarding.screen(step, draft, library, problems, editing=True),
                      status=400)
    try:
        do_save_profile(request.user, draft)  # type: ignore[arg-type]
    except ProfileError:
        # Another screen's saved answer no longer fits the content: answer them all again.
        messages.info(request, "Some of your other answers need looking at again.")
        return redirect("edit-profile")
    # A walk through the screens left half done would otherwise bring back the old answer.
    request.session.pop(DRAFT_KEY, None)
    messages.success(request, "Your answers are saved. Your plan follows them.")
    return redirect("plan")


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    # Start again from what is saved, not from an edit left half done.
    request.session.pop(DRAFT_KEY, None)
    return redirect("start")


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    profile = get_profile_for(request.user)  # type: ignore[arg-type]
    if profile is None:
        return redirect("start")
    library = get_library()
    try:
        today = timezone.localdate()
        read = read_history(request.user, today - HISTORY_SPAN)  # type: ignore[arg-type]
        history = read.records
        joined = timezone.localdate(request.user.date_joined)  # type: ignore[union-attr]
        page = plan_page(profile.as_core(), library, today, history, joined, read.stops,
                         homework_of(request.user, today))  # type: ignore[arg-type]
    except ProfileError:
        messages.info(request, "Some of your answers need looking at again before we can plan.")
        return redirect("edit-profile")
    context = {
        "page": page,
        "profile": profile,
        "sources": library.sources,
        "offline_pages": _pages_ahead(page),
        "morning": morning_check(history, today),
        "any_session": bool(history),
        # Said by the copy the service worker keeps, when it shows that copy offline.
        "saved_at": timezone.localtime(),
    }
    return render(request, "accounts/plan.html", context)


def _pages_ahead(page: PlanPage) -> list[str]:
    # What the person needs next, handed to the service worker so that it opens
    # offline: the players of the sessions shown first (today's, or the next
    # day's on a rest day), whose pages hold every step's picture and cue; their
    # library pages; and the exercise pages of the next session not done yet.
    # Not every player and page at once: a first visit stays under 100 KB.
    days = [page.today, *([page.next_day] if page.next_day else [])]
    sessions = [session for day in days for session in day.sessions]
    players = [s.start_url for s in sessions]
    # A set of exercises given as homework has no library page of its own.
    programs = [page_url("program", s.program) for s in sessions if assignment_of(s.program) is None]
    done = page.today.done
    upcoming = next((s for s in sessions if s.program not in done), None)
    exercises = [item.url for item in (upcoming.items if upcoming else ())]
    return list(dict.fromkeys([*players, *programs, *exercises]))
