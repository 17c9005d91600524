"""The only way to fetch a person's training records by id."""

from __future__ import annotations

import uuid

from django.http import Http404

from footcoach.accounts.models import User
from footcoach.training.models import SessionLog


def get_log_for(person: User, log_id: str | uuid.UUID) -> SessionLog:
    """The person's own log with its entries. Someone else's log, a missing one
    and a malformed id all look the same: 404, so ids reveal nothing."""
    try:
        key = log_id if isinstance(log_id, uuid.UUID) else uuid.UUID(str(log_id))
    except ValueError:
        raise Http404("No session log has this id.") from None
    log = SessionLog.objects.of(person).filter(id=key).prefetch_related("entries").first()
    if log is None:
        raise Http404("No session log has this id.")
    return log
