"""The morning check-in: first-step pain, asked on the plan page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from footcoach.progress.actions import PAIN_SCORES, do_record_morning_pain


class MorningPainForm(forms.Form):
    # Django's field reads a score as every other form here does (any decimal
    # digits, never a superscript or a NUL) and bounds it.
    pain = forms.IntegerField(min_value=PAIN_SCORES[0], max_value=PAIN_SCORES[-1])


@login_required
@require_POST
def morning_pain(request: HttpRequest) -> HttpResponse:
    form = MorningPainForm(request.POST)
    # The page opens at its top: the saved message is there, and the card just below it.
    back = reverse("plan")
    if not form.is_valid():
        given = request.POST.get("pain", "")
        # What was sent is said back only when it is short, printable text.
        said = f"; “{given}” is not one" if given.isprintable() and len(given) <= 20 else ""
        messages.error(request, f"First-step pain: choose a number from 0 to 10{said}.")
        return redirect(back)
    pain = form.cleaned_data["pain"]
    do_record_morning_pain(request.user, timezone.localdate(), pain)  # type: ignore[arg-type]
    messages.success(request, f"Saved: {pain}/10 on your first steps today. It counts when next week's doses are set.")
    return redirect(back)
