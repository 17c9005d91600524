from __future__ import annotations

from typing import Any

from django import template

from footcoach.accounts.models import User
from footcoach.coaching.access import clients_of, teachers_of

register = template.Library()


@register.inclusion_tag("coaching/_account.html")
def coaching_on_account(person: User) -> dict[str, Any]:
    """The account page's teaching switch, the person's clients and their teachers.

    A tag rather than view context, so that every view that draws the account
    page (a refused token form too) shows the same sections.
    """
    return {
        "person": person,
        "client_links": list(clients_of(person)),
        "teacher_links": list(teachers_of(person)),
    }
