"""Changes to a person's training records, each one whole and atomic."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.coaching.alerts import notify_teachers
from footcoach.core.alerts import HIGH_PAIN
from footcoach.training.models import LogEntry, SessionLog
from footcoach.training.schemas import LogIn, Refusal, SyncResult, parse_log
from footcoach.training.writers import writer_turn

ID_TAKEN = "this id is already taken; give the log a new UUID"
# Two clocks that keep good time still differ by a few seconds to a minute; a
# log ending this little after the server's "now" is taken as it is.
CLOCK_SKEW = timedelta(minutes=5)


def do_record_logs(person: User, logs: Sequence[LogIn | object], *, alert_teachers: bool = True) -> SyncResult:
    """Store each log of a batch exactly once, whatever was received before.

    `logs` holds LogIn objects or the raw dicts a device sent; each is
    validated on its own, so one bad log never holds back the good ones. A log
    whose id this person already sent is "already"; an id taken by someone
    else is refused, and their log is neither changed nor described. Each log
    is stored whole with its entries, or not at all. An import of old logs
    passes alert_teachers=False: its sessions are history, not news.
    """
    received_at = timezone.now()
    parsed = [_on_server_clock(parse_log(raw, index), received_at) for index, raw in enumerate(logs)]
    valid = [item for item in parsed if isinstance(item, LogIn)]
    try:
        owners, inserted = _store_batch(person, valid, received_at)
    except IntegrityError:
        # A parallel request stored one of these ids between our read and our
        # write (PostgreSQL; SQLite's immediate transactions cannot interleave
        # so). Settle each log on its own instead.
        owners, inserted = _store_one_by_one(person, valid, received_at)
    alarming = {log.id for log in valid if log.id in inserted and _is_alarming(log)} if alert_teachers else set()
    if alarming:
        # After the logs are committed, so that a teacher is never told of a
        # session that was rolled back. Most sessions alarm no one: asking
        # the database which of them do would cost a query on every sync.
        transaction.on_commit(partial(notify_teachers, person.pk, list(alarming)))
    return _answer(person, parsed, owners, inserted)


def _is_alarming(log: LogIn) -> bool:
    """Whether notify_teachers would find this log worth an email (it asks the stored rows again)."""
    return bool(log.stopped_reason) or any(
        entry.pain is not None and entry.pain >= HIGH_PAIN for entry in log.entries
    )


def _on_server_clock(log: LogIn | Refusal, received_at: datetime) -> LogIn | Refusal:
    """A log dated in the future, moved to end when it was received, its length kept.

    A device whose clock is fast dates its sessions ahead. Refusing them would
    lose each one for good (the device would resend it in vain), and storing
    them as sent would put them on days still to come; the server's clock is
    the one we trust, and the session was surely over when it arrived.
    """
    if isinstance(log, Refusal) or log.ended_at <= received_at + CLOCK_SKEW:
        return log
    return log.model_copy(
        update={"started_at": received_at - (log.ended_at - log.started_at), "ended_at": received_at}
    )


def _store_batch(
    person: User, logs: list[LogIn], received_at: datetime
) -> tuple[dict[uuid.UUID, int], set[uuid.UUID]]:
    """Insert every new log of the batch in one transaction.

    One transaction and three statements for the whole batch, rather than a
    transaction per log, is what lets one SQLite file take hundreds of logs a
    second: the cost is per statement and per commit, not per row.
    """
    if not logs:
        return {}, set()
    # Everything that needs no database is made before the writer's turn:
    # while one request holds it, every other sync waits.
    unique: dict[uuid.UUID, LogIn] = {}
    for log in logs:
        unique.setdefault(log.id, log)  # a log sent twice in one batch is stored once
    arrived = _prepared("received_at", received_at)
    rows = {key: (_log_values(person, log, arrived), _entry_rows([log])) for key, log in unique.items()}
    with writer_turn(), transaction.atomic():
        # Read inside the transaction: on SQLite it holds the write lock
        # already, so no other request can store these ids before we do.
        # Unordered: the model's default order would cost a sort of rows read into a dict.
        owners = dict(SessionLog.objects.filter(id__in=list(unique)).order_by().values_list("id", "owner_id"))
        new = [key for key in unique if key not in owners]
        _insert_rows(SessionLog, LOG_COLUMNS, [rows[key][0] for key in new])
        _insert_rows(LogEntry, ENTRY_COLUMNS, [row for key in new for row in rows[key][1]])
    return owners, set(new)


def _store_one_by_one(
    person: User, logs: list[LogIn], received_at: datetime
) -> tuple[dict[uuid.UUID, int], set[uuid.UUID]]:
    owners: dict[uuid.UUID, int] = {}
    inserted: set[uuid.UUID] = set()
    for log in logs:
        if log.id in owners or log.id in inserted:
            continue
        if _insert(person, log, received_at):
            inserted.add(log.id)
        else:
            owners[log.id] = SessionLog.objects.filter(id=log.id).values_list("owner_id", flat=True).get()
    return owners, inserted


def _insert(person: User, log: LogIn, received_at: datetime) -> bool:
    """Write one log and its entries in one transaction; False if its id exists."""
    try:
        # The savepoint confines a duplicate-key failure to this log, so the
        # rest of the batch (and any outer transaction) carries on.
        with transaction.atomic():
            _log_row(person, log, received_at).save(force_insert=True)
            _insert_entries([log])
    except IntegrityError:
        # Validation has ruled out every other constraint, so this is another
        # request that stored the same id first; anything else is a real error.
        if not SessionLog.objects.filter(id=log.id).exists():
            raise
        return False
    return True


def _answer(
    person: User, parsed: list[LogIn | Refusal], owners: dict[uuid.UUID, int], inserted: set[uuid.UUID]
) -> SyncResult:
    """Say, in the order of the batch, what became of each log."""
    result = SyncResult()
    reported: set[uuid.UUID] = set()
    for index, item in enumerate(parsed):
        if isinstance(item, Refusal):
            result.refused.append(item)
            continue
        key = str(item.id)
        if item.id in inserted and item.id not in reported:
            result.stored.append(key)
        elif item.id in inserted or owners[item.id] == person.pk:
            # The second copy of a log sent twice in one batch is "already".
            result.already.append(key)
        else:
            result.refused.append(Refusal(index=index, id=key, errors=[(f"logs[{index}].id", ID_TAKEN)]))
        reported.add(item.id)
    return result


def _log_row(person: User, log: LogIn, received_at: datetime) -> SessionLog:
    highest_pain, steps_skipped, skipped_for_pain = _summary(log)
    return SessionLog(
        id=log.id,
        owner=person,
        program=log.program,
        started_at=log.started_at,
        ended_at=log.ended_at,
        stopped_reason=log.stopped_reason or "",
        feeling=log.feeling,
        note=log.note,
        received_at=received_at,
        highest_pain=highest_pain,
        steps_skipped=steps_skipped,
        skipped_for_pain=skipped_for_pain,
    )


# The columns of SessionLog and LogEntry, in the order they are written. A
# field added to a model must be written there too, so the app refuses to
# start until it is, rather than store rows without it.
LOG_COLUMNS = (
    "id", "owner_id", "program", "started_at", "ended_at", "stopped_reason", "feeling", "note", "received_at",
    "highest_pain", "steps_skipped", "skipped_for_pain",
)
ENTRY_COLUMNS = (
    "log_id", "position", "kind", "exercise", "side", "reps", "seconds",
    "pressure", "pain", "skipped", "skip_reason", "moment", "value", "note",
)
for _model, _written, _skip_key in ((SessionLog, LOG_COLUMNS, False), (LogEntry, ENTRY_COLUMNS, True)):
    _model_columns = {f.attname for f in _model._meta.concrete_fields if not (_skip_key and f.primary_key)}
    if _model_columns != set(_written):
        raise ImproperlyConfigured(f"{_model.__name__}'s fields changed; write {sorted(_model_columns)}")


def _insert_entries(logs: Iterable[LogIn]) -> None:
    _insert_rows(LogEntry, ENTRY_COLUMNS, _entry_rows(logs))


def _prepared(name: str, value: object) -> object:
    """A value of SessionLog as the database takes it, prepared by its field."""
    return SessionLog._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


def _log_values(person: User, log: LogIn, received_at: object) -> tuple[object, ...]:
    """A log's row as the database takes it, in the order of LOG_COLUMNS.

    As with the entries, only the id and the times need their field's
    preparation (SQLite takes a UUID and an aware time as text); the other
    values are plain str and int already. `received_at`, the same for the
    whole batch, comes prepared.
    """
    return (
        _prepared("id", log.id),
        person.pk,
        log.program,
        _prepared("started_at", log.started_at),
        _prepared("ended_at", log.ended_at),
        log.stopped_reason or "",
        log.feeling,
        log.note,
        received_at,
        *_summary(log),
    )


def _summary(log: LogIn) -> tuple[int | None, int, bool]:
    """What the planner reads of a log's steps (SessionLog.highest_pain, steps_skipped, skipped_for_pain)."""
    return (
        max((entry.pain for entry in log.entries if entry.pain is not None), default=None),
        sum(1 for entry in log.entries if entry.skipped),
        any(entry.skip_reason == "pain" for entry in log.entries),
    )


def _entry_rows(logs: Iterable[LogIn]) -> list[tuple[object, ...]]:
    """The rows of these logs' entries, ready for _insert_rows.

    bulk_create passes each of a batch's thousand-odd values through its
    field's preparation and builds one long statement: most of the time of a
    sync. Every value here is already a plain str, int, float, bool or None,
    which both SQLite and psycopg take as they are (the log's UUID is the
    one value prepared by its field), so the rows go straight to executemany.
    """
    rows: list[tuple[object, ...]] = []
    for log in logs:
        key = _prepared("id", log.id)
        rows.extend(
            (
                key,
                position,
                entry.kind,
                entry.exercise,
                entry.side or "",
                entry.reps,
                entry.seconds,
                entry.pressure,
                entry.pain,
                entry.skipped,
                entry.skip_reason or "",
                entry.moment or "",
                entry.value,
                entry.note,
            )
            for position, entry in enumerate(log.entries)
        )
    return rows


def _insert_rows(model: type[models.Model], names: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """Insert rows already prepared for the database with one prepared statement."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)  # type: ignore[union-attr]
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - names come from the model, values are parameters
