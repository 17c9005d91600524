"""The only ways to reach a calendar feed and a person's reminder settings.

A feed is found by its token alone: the address is the key, so whoever holds
it reads that one person's calendar and nothing else. A wrong, renewed or
stopped token gives the same 404 as one that never existed.
"""

from __future__ import annotations

from django.http import Http404

from footcoach.accounts.models import User
from footcoach.reminders.models import CalendarFeed, ReminderSettings

# Tokens are 43 characters; anything much longer is not worth hashing.
MAX_TOKEN_LENGTH = 100


def get_feed_by_token(plaintext: str) -> CalendarFeed:
    """The feed the token opens, with its owner and their reminder settings, in one query."""
    feed = None
    if len(plaintext) <= MAX_TOKEN_LENGTH:
        feed = CalendarFeed.objects.matching(plaintext).select_related("owner", "owner__reminders").first()
    if feed is None:
        raise Http404("No calendar has this address.")
    return feed


def get_reminder_settings_for(person: User) -> ReminderSettings | None:
    # Found through the person signed in, never by an id.
    return ReminderSettings.objects.filter(owner=person).first()


def get_feed_for(person: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=person).first()
