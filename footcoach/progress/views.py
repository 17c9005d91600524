"""The morning check-in: first-step pain, asked on the plan page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from footcoach.progress.actions import PAIN_SCORES, do_record_morning_pain


@login_required
@require_POST
def morning_pain(request: HttpRequest) -> HttpResponse:
    given = request.POST.get("pain", "")
    # The page opens at its top: the saved message is there, and the card just below it.
    back = reverse("plan")
    if given not in {str(n) for n in PAIN_SCORES}:
        messages.error(request, f"First-step pain: choose a number from 0 to 10; “{given[:20]}” is not one.")
        return redirect(back)
    do_record_morning_pain(request.user, timezone.localdate(), int(given))  # type: ignore[arg-type]
    messages.success(request, f"Saved: {given}/10 on your first steps today. It counts when next week's doses are set.")
    return redirect(back)
