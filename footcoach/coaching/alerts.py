"""Alert emails: a teacher who asked for them hears of a client's alarming session once, when it arrives."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from footcoach.coaching.models import CoachingLink
from footcoach.core.alerts import HIGH_PAIN
from footcoach.library.content import get_library
from footcoach.training.models import SessionLog, readable

log = logging.getLogger(__name__)


def _words(highest: int | None, stopped: str) -> str:
    if highest is not None and highest >= HIGH_PAIN:
        return f"rated a pain of {highest}/10"
    rules = get_library().stop_rules
    return f"stopped it by a stop rule ({rules[stopped].label if stopped in rules else stopped})"


def notify_teachers(client_id: int, log_ids: Iterable[uuid.UUID]) -> int:
    """Email each teacher of the client who chose alert emails about the newly
    stored sessions with a pain of 8 or more or ended by a stop rule; the number sent.

    Only logs stored just now are passed in, so a log sent again alerts nobody twice.
    """
    # Each log's highest pain is the one it kept of its steps when it was stored.
    alarming = list(
        SessionLog.objects.filter(id__in=list(log_ids), owner_id=client_id)
        .filter(Q(highest_pain__gte=HIGH_PAIN) | ~Q(stopped_reason=""))
        .values("started_at", "program", "stopped_reason", "highest_pain")
        .order_by("started_at")
    )
    if not alarming:
        return 0
    teachers = CoachingLink.objects.active().filter(
        client_id=client_id, teacher__is_teacher=True, teacher__emails_alerts=True
    ).values_list("teacher__email", "client__email")
    programs = get_library().programs
    sent = 0
    for teacher_email, client_email in teachers:
        lines = [
            f"- {timezone.localtime(readable(row['started_at'])):%a %d %b %H:%M}, "
            f"{programs[row['program']].name if row['program'] in programs else 'homework'}: "
            f"{_words(row['highest_pain'], row['stopped_reason'])}"
            for row in alarming
        ]
        body = "\n".join([
            f"{client_email} synced a session that needs your attention:",
            "",
            *lines,
            "",
            f"See it on your footcoach dashboard, under Your clients (/coach/clients/{client_id}).",
            "You get these emails because you turned them on there; turn them off in the same place.",
        ])
        # A mail server that is down must not fail the client's sync: the
        # sessions are stored, and the alert is on the dashboard anyway.
        count = send_mail(f"footcoach: an alert for {client_email}", body, None, [teacher_email], fail_silently=True)
        if not count:
            log.warning("The alert email to %s could not be sent.", teacher_email)
        sent += count
    return sent
