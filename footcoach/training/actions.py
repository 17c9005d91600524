"""Changes to a person's training records, each one whole and atomic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.training.models import LogEntry, SessionLog
from footcoach.training.schemas import LogIn, Refusal, SyncResult, parse_log

ID_TAKEN = "this id is already taken; give the log a new UUID"


def do_record_logs(person: User, logs: Sequence[LogIn | object]) -> SyncResult:
    """Store each log of a batch exactly once, whatever was received before.

    `logs` holds LogIn objects or the raw dicts a device sent; each is
    validated on its own, so one bad log never holds back the good ones. A log
    whose id this person already sent is "already"; an id taken by someone
    else is refused, and their log is neither changed nor described.
    """
    result = SyncResult()
    parsed = [parse_log(raw, index) for index, raw in enumerate(logs)]
    wanted = [item.id for item in parsed if isinstance(item, LogIn)]
    # One read answers the common case, a device resending what it sent
    # before; the insert below still settles any race with a parallel request.
    owners = dict(SessionLog.objects.filter(id__in=wanted).values_list("id", "owner_id"))
    received_at = timezone.now()
    for index, item in enumerate(parsed):
        if isinstance(item, Refusal):
            result.refused.append(item)
            continue
        key = str(item.id)
        if item.id not in owners and _insert(person, item, received_at):
            owners[item.id] = person.pk
            result.stored.append(key)
            continue
        if item.id not in owners:
            # Another request stored it between our read and our insert.
            owners[item.id] = SessionLog.objects.filter(id=item.id).values_list("owner_id", flat=True).get()
        if owners[item.id] == person.pk:
            result.already.append(key)
        else:
            result.refused.append(Refusal(index=index, id=key, errors=[(f"logs[{index}].id", ID_TAKEN)]))
    return result


def _insert(person: User, log: LogIn, received_at: datetime) -> bool:
    """Write the log and its entries in one transaction; False if its id exists."""
    try:
        # The savepoint confines a duplicate-key failure to this log, so the
        # rest of the batch (and any outer transaction) carries on.
        with transaction.atomic():
            SessionLog.objects.create(
                id=log.id,
                owner=person,
                program=log.program,
                started_at=log.started_at,
                ended_at=log.ended_at,
                stopped_reason=log.stopped_reason or "",
                feeling=log.feeling,
                note=log.note,
                received_at=received_at,
            )
            LogEntry.objects.bulk_create(
                LogEntry(
                    log_id=log.id,
                    position=position,
                    kind=entry.kind,
                    exercise=entry.exercise,
                    side=entry.side or "",
                    reps=entry.reps,
                    seconds=entry.seconds,
                    pressure=entry.pressure,
                    pain=entry.pain,
                    skipped=entry.skipped,
                    skip_reason=entry.skip_reason or "",
                    moment=entry.moment or "",
                    value=entry.value,
                    note=entry.note,
                )
                for position, entry in enumerate(log.entries)
            )
    except IntegrityError:
        # Validation has ruled out every other constraint, so this is another
        # request that stored the same id first; anything else is a real error.
        if not SessionLog.objects.filter(id=log.id).exists():
            raise
        return False
    return True
