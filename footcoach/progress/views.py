"""The progress pages: a person's progress, recording a self-test, and the
morning check-in (first-step pain, asked on the plan page)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from footcoach.core.norms import say_value
from footcoach.core.results import ResultError
from footcoach.core.schemas import SelfTest
from footcoach.library.content import get_library
from footcoach.progress.actions import PAIN_SCORES, do_record_morning_pain, do_record_result
from footcoach.progress.pages import SIDE_WORDS, calendar, day_words, pain_table, release_table, test_panel, verdicts
from footcoach.progress.reading import read_progress


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


# Digits as a keyboard types them, with a point or a comma (a phone's number
# pad in many countries has only the comma); never a sign, an exponent or
# another script's digits.
_NUMBER = re.compile(r"\d{1,6}(?:[.,]\d{1,4})?", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _said_back(given: str) -> str:
    # What was sent is said back only when it is short, printable text.
    return f" “{given}” is not one." if given.isprintable() and 0 < len(given) <= 20 else ""


class ResultForm(forms.Form):
    """What the record page sends: the value as typed, the foot, and the day."""

    value = forms.CharField(max_length=20, error_messages={"required": "Give your result."})
    side = forms.ChoiceField(
        choices=[("left", "Left"), ("right", "Right")],
        required=False,
        error_messages={"invalid_choice": "Choose the left or the right foot."},
    )
    date = forms.CharField(max_length=20, required=False)

    def clean_value(self) -> float:
        given = self.cleaned_data["value"].strip()
        if not _NUMBER.fullmatch(given):
            raise forms.ValidationError(f"Give your result as a number, such as 12 or 12.5.{_said_back(given)}")
        return float(given.replace(",", "."))

    def clean_side(self) -> str | None:
        return self.cleaned_data["side"] or None

    def clean_date(self) -> date:
        given = self.cleaned_data["date"].strip()
        if not given:
            return timezone.localdate()
        try:
            if not _DAY.fullmatch(given):
                raise ValueError(given)
            return date.fromisoformat(given)
        except ValueError:
            raise forms.ValidationError(
                f"Give the day as year-month-day, such as 2026-03-01.{_said_back(given)}"
            ) from None


def _test_or_404(test_id: str) -> SelfTest:
    try:
        return get_library().tests[test_id]
    except KeyError:
        raise Http404(f"There is no self-test called {test_id!r} in the library.") from None


def _saved_words(test: SelfTest, value: float, side: str | None, day: date) -> str:
    foot = f" for your {side} foot" if side else ""
    when = "today" if day == timezone.localdate() else f"on {day_words(day)}"
    return f"Saved: {say_value(test, value)}{foot} {when}."


@login_required
@require_http_methods(["GET", "POST"])
def record_test(request: HttpRequest, test_id: str) -> HttpResponse:
    test = _test_or_404(test_id)
    person: Any = request.user
    today = timezone.localdate()
    side = request.GET.get("side") if request.GET.get("side") in {"left", "right"} else "left"
    # An empty form is bound too: it is refused, naming what is missing.
    form = ResultForm(request.POST if request.method == "POST" else None, initial={"date": today.isoformat()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = do_record_result(person, test.id, data["value"], data["side"], data["date"])
        except ResultError as error:
            for field, message in error.problems:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _saved_words(test, result.value, data["side"], data["date"]))
            url = reverse("record-test", args=[test.id])
            if data["side"]:
                # The other foot is next, as the procedure says.
                url += "?side=" + ("right" if data["side"] == "left" else "left")
            return redirect(url)
    library = get_library()
    progress = read_progress(person, today)
    context = {
        "test": test,
        "form": form,
        "side": form.data.get("side", side) if form.is_bound else side,
        "day": form.data.get("date", today.isoformat()) if form.is_bound else today.isoformat(),
        "panel": test_panel(test, progress, library.sources),
        "sources": library.sources,
        "sides": [("left", SIDE_WORDS["left"]), ("right", SIDE_WORDS["right"])],
        "record_data": {
            "test": test.id,
            "name": test.name,
            "unit": test.unit,
            "per_side": test.per_side,
            "range": {"min": test.range.min, "max": test.range.max, "step": test.range.step},
            "unit_words": test.unit_after_number,
        },
        "saved_at": timezone.localtime(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "progress/record.html", context, status=status)


@login_required
@require_GET
def progress_page(request: HttpRequest) -> HttpResponse:
    person: Any = request.user
    today = timezone.localdate()
    library = get_library()
    progress = read_progress(person, today)
    panels = [test_panel(test, progress, library.sources) for test in library.tests.values()]
    context = {
        "panels": panels,
        "any_result": any(panel.has_results for panel in panels),
        "helping": verdicts(progress.helping, library.tests),
        "release": release_table(progress.release_checks),
        "calendar": calendar(progress.adherence, today),
        "pain": pain_table(progress.pain_by_week),
        "today": today,
        "week_ago": today - timedelta(days=6),
        "saved_at": timezone.localtime(),
    }
    return render(request, "progress/progress.html", context)
