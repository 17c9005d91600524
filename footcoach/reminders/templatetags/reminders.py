from __future__ import annotations

from typing import Any

from django import template

from footcoach.core.calendar import WEEKS_AHEAD
from footcoach.reminders.access import get_feed_for, get_reminder_settings_for

register = template.Library()


@register.inclusion_tag("reminders/_account.html", takes_context=True)
def reminders_on_account(context: template.Context) -> dict[str, Any]:
    """The account page's calendar feed, download and reminder form.

    A tag rather than view context, so that every view that draws the account
    page (a refused form of another section too) shows the same section; a
    refused reminder form comes in the context as `reminder_form`.
    """
    from footcoach.reminders.views import reminder_form_for, take_new_feed

    request = context["request"]
    person = request.user
    settings = get_reminder_settings_for(person)
    form = context.get("reminder_form") or reminder_form_for(person, settings)
    # An inclusion tag draws with only what it returns: the person is passed on by name.
    return {
        "user": person,
        "feed": get_feed_for(person),
        "new_feed": take_new_feed(request),
        "form": form,
        "weeks": WEEKS_AHEAD,
        "csrf_token": context.get("csrf_token"),
    }
