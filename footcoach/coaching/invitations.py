"""Pages for linking: the teacher switch, invitations, accepting one, ending a link."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from footcoach.accounts.models import User
from footcoach.coaching.access import get_invitation_for, get_link_for
from footcoach.coaching.actions import (
    CoachingError,
    check_acceptable,
    do_accept_invitation,
    do_create_invitation,
    do_end_link,
    do_revoke_invitation,
    do_set_teacher,
)
from footcoach.coaching.models import CODE_LENGTH, Invitation, normalize_code

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)


def invitation_link(request: HttpRequest, invitation: Invitation) -> str:
    return request.build_absolute_uri(reverse("invitation", args=[invitation.token]))


def _teacher_needed(request: HttpRequest) -> HttpResponse:
    return render(request, "coaching/teacher_needed.html", status=403)


def _open_invitations(teacher: User) -> QuerySet[Invitation]:
    return Invitation.objects.of(teacher).usable(timezone.now())


@never_cache  # The page holds links that let someone join; no copy may stay in a cache.
@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    teacher: User = request.user  # type: ignore[assignment]
    if not teacher.is_teacher:
        return _teacher_needed(request)
    if request.method == "POST":
        invitation = do_create_invitation(teacher)
        messages.success(
            request, f"Made a new invitation, code {invitation.shown_code}. Send the link or read out the code."
        )
        # Post/redirect/get, so that reloading the page makes no second invitation.
        return redirect("coach-invitations")
    shown = [(invitation, invitation_link(request, invitation)) for invitation in _open_invitations(teacher)]
    return render(request, "coaching/invitations.html", {"invitations": shown})


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, invitation_id)  # type: ignore[arg-type]
    do_revoke_invitation(invitation)
    messages.success(request, f"Withdrew the invitation {invitation.shown_code}: nobody can use it now.")
    return redirect("coach-invitations")


def _invitation_by_token(token: str) -> Invitation:
    # A token is URL-safe base64; anything else (a NUL byte, a stray quote
    # pasted with the link) is not looked up at all.
    invitation = None
    if TOKEN_SHAPE.fullmatch(token):
        invitation = Invitation.objects.filter(token=token).select_related("teacher").first()
    if invitation is None:
        raise Http404("No invitation has this link. Check that the whole link was copied.")
    return invitation


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, invitation_token: str) -> HttpResponse:
    """An invitation opened from its link: the person sees what would be shared, then answers."""
    found = _invitation_by_token(invitation_token)
    here = reverse("invitation", args=[invitation_token])
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(here)
        return render(request, "coaching/accept.html", {"invitation": found, "next": here, "signed_out": True})
    client: User = request.user  # type: ignore[assignment]
    context = {"invitation": found}
    try:
        check_acceptable(client, found, timezone.now())
    except CoachingError as error:
        return render(
            request, "coaching/accept.html", {**context, "refusal": error.message}, status=410 if error.gone else 409
        )
    if request.method == "GET":
        return render(request, "coaching/accept.html", context)
    answer = request.POST.get("answer")
    if answer == "decline":
        messages.success(request, f"You declined the invitation from {found.teacher.email}. Nothing was shared.")
        return redirect("account")
    if answer != "accept":
        return render(request, "coaching/accept.html", {**context, "problem": "Choose Accept or Decline."}, status=400)
    try:
        link = do_accept_invitation(client, found, shares_conditions=request.POST.get("shares_conditions") == "on")
    except CoachingError as error:
        return render(
            request, "coaching/accept.html", {**context, "refusal": error.message}, status=410 if error.gone else 409
        )
    messages.success(
        request, f"{link.teacher.email} is now your teacher. You can end this at any time from your account page."
    )
    return redirect(reverse("account") + "#teachers")


@login_required
@require_http_methods(["GET", "POST"])
def invite_by_code(request: HttpRequest) -> HttpResponse:
    """The code read aloud, typed in: it leads to the same page as the link."""
    problem = None
    typed = ""
    if request.method == "POST":
        typed = request.POST.get("code", "")[:40]
        code = normalize_code(typed)
        found = Invitation.objects.filter(code=code).first() if code else None
        if found is not None:
            return redirect("invitation", invitation_token=found.token)
        if code is None:
            problem = f"An invitation code has {CODE_LENGTH} letters and digits, like ABCD-EFGH. Check what you typed."
        else:
            problem = "No invitation has this code. Check it with your teacher."
    return render(
        request, "coaching/invite_code.html", {"problem": problem, "typed": typed}, status=400 if problem else 200
    )


@login_required
@require_POST
def teacher_switch(request: HttpRequest) -> HttpResponse:
    person: User = request.user  # type: ignore[assignment]
    # The form sends "off" in a hidden field before the checkbox, so that an
    # unticked box still says something; a post with neither changes nothing.
    answer = request.POST.get("is_teacher")
    if answer not in ("on", "off"):
        messages.error(request, "Nothing was changed: tick or untick “I teach”, then save.")
        return render(request, "coaching/switch_refused.html", status=400)
    turn_on = answer == "on"
    if turn_on != person.is_teacher:
        do_set_teacher(person, turn_on)
        if turn_on:
            messages.success(request, "You are a teacher here now: invite your clients from the Invitations page.")
        else:
            messages.success(
                request,
                "You no longer teach here. Your clients stay linked but hidden until you turn this on again; "
                "your open invitations were withdrawn.",
            )
    return redirect(reverse("account") + "#teaching")


@login_required
@require_http_methods(["GET", "POST"])
def end_link(request: HttpRequest, link_id: int) -> HttpResponse:
    """Either side ends a link, after a confirmation; the teacher's access ends at once."""
    person: User = request.user  # type: ignore[assignment]
    link = get_link_for(person, link_id)
    as_client = link.client_id == person.pk
    other = link.teacher if as_client else link.client
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        do_end_link(link)
        if as_client:
            messages.success(request, f"{other.email} is no longer your teacher and can see nothing more of yours.")
        else:
            messages.success(request, f"{other.email} is no longer your client.")
        return redirect(reverse("account") + ("#teachers" if as_client else "#clients"))
    # A post without the confirmation (not from this page's form) ends nothing.
    status = 400 if request.method == "POST" else 200
    return render(
        request, "coaching/end_link.html", {"link": link, "other": other, "as_client": as_client}, status=status
    )
