"""The calendar feed, its download, and the account page's calendar and reminder forms."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from footcoach.accounts.models import User
from footcoach.accounts.token_views import TokenForm
from footcoach.core.calendar import DEFAULT_TIME, WEEKDAY_NAMES, ReminderError, zone_names
from footcoach.reminders.access import get_feed_by_token, get_feed_for, get_reminder_settings_for
from footcoach.reminders.actions import (
    check_reminder_fields,
    do_note_feed_read,
    do_renew_feed,
    do_save_reminders,
    do_stop_feed,
)
from footcoach.reminders.feed import person_calendar, person_zone
from footcoach.reminders.models import ReminderSettings

# A feed address just made, kept in the session only until the account page shows it.
SHOW_ONCE_KEY = "calendar_feed_to_show_once"
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _calendar_response(document: bytes, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(document, content_type=CALENDAR_TYPE)
    # The plan is the person's own: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    if attachment:
        response["Content-Disposition"] = 'attachment; filename="footcoach-plan.ics"'
    return response


@require_safe  # Some calendar apps ask with HEAD first.
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The private feed a calendar app subscribes to; the token in the address is the key."""
    found = get_feed_by_token(feed_token)
    try:
        settings: ReminderSettings | None = found.owner.reminders
    except ObjectDoesNotExist:
        settings = None
    now = timezone.now()
    do_note_feed_read(found, now)
    return _calendar_response(person_calendar(found.owner, settings, _site(request), now), attachment=False)


@never_cache
@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """The same calendar once, as a file, for the person signed in."""
    person: User = request.user  # type: ignore[assignment]
    document = person_calendar(person, get_reminder_settings_for(person), _site(request), timezone.now())
    return _calendar_response(document, attachment=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def renew_feed(request: HttpRequest) -> HttpResponse:
    person: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        plaintext = do_renew_feed(person, timezone.get_current_timezone_name())
        # Post/redirect/get; the database keeps only a hash, so the address
        # waits in the session for the one page that shows it.
        request.session[SHOW_ONCE_KEY] = request.build_absolute_uri(reverse("calendar-feed", args=[plaintext]))
        return redirect(reverse("account") + "#calendar")
    return render(request, "reminders/renew_feed.html", {"feed": get_feed_for(person)})


@login_required
@require_http_methods(["GET", "POST"])
def stop_feed(request: HttpRequest) -> HttpResponse:
    person: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        if do_stop_feed(person):
            messages.success(request, "Your calendar address is stopped. Calendar apps reading it get nothing more.")
        return redirect(reverse("account") + "#calendar")
    return render(request, "reminders/stop_feed.html", {"feed": get_feed_for(person)})


def take_new_feed(request: HttpRequest) -> str | None:
    """The feed address made just before, once: asking again gives None."""
    return request.session.pop(SHOW_ONCE_KEY, None)  # type: ignore[no-any-return]


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(label="Send me a reminder by email", required=False)
    plan_days = forms.TypedChoiceField(
        label="On which days?", widget=forms.RadioSelect, coerce=lambda value: value == "plan",
        choices=(("plan", "The days of my plan"), ("chosen", "The days I choose below")), initial="plan",
    )
    weekdays = forms.MultipleChoiceField(
        label="My days", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(str(index), name) for index, name in enumerate(WEEKDAY_NAMES)],
    )
    # Text, checked by core's rules, so that a bad value gets our message and not the widget's.
    at = forms.CharField(label="At what time?", max_length=8, required=False,
                         widget=forms.TimeInput(attrs={"type": "time"}),
                         help_text="On your own clock, in the time zone below. Calendar events start then too.")
    time_zone = forms.CharField(label="Your time zone", max_length=64, required=False, widget=forms.Select(),
                                help_text="Your days and the reminder's time are counted in it.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["time_zone"].widget.choices = [(name, name.replace("_", " ")) for name in zone_names()]


def reminder_form_for(person: User, settings: ReminderSettings | None) -> ReminderForm:
    return ReminderForm(initial={
        "enabled": settings.enabled if settings else False,
        "plan_days": "plan" if settings is None or settings.plan_days else "chosen",
        "weekdays": list(settings.weekdays) if settings else [],
        "at": (settings.at if settings else DEFAULT_TIME).strftime("%H:%M"),
        "time_zone": person_zone(person, settings),
    })


@never_cache
@login_required
@require_POST
def save_reminders(request: HttpRequest) -> HttpResponse:
    person: User = request.user  # type: ignore[assignment]
    form = ReminderForm(request.POST)
    if form.is_valid():
        try:
            fields = check_reminder_fields(
                enabled=form.cleaned_data["enabled"], at=form.cleaned_data["at"],
                weekdays=list(form.cleaned_data["weekdays"]), plan_days=form.cleaned_data["plan_days"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ReminderError as error:
            form.add_error(error.field, f"{error.message[0].upper()}{error.message[1:]}.")
        else:
            do_save_reminders(person, fields)
            messages.success(request, _saved_message(fields.enabled))
            return redirect(reverse("account") + "#calendar")
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            break
    return render(request, "accounts/account.html", {"token_form": TokenForm(), "reminder_form": form}, status=400)


def _saved_message(enabled: bool) -> str:
    if enabled:
        return "Your reminders are saved. They come by email at the time you chose, on your clock."
    return "Your choices are saved. Reminders are off."
