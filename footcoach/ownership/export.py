"""Everything a person has, read in bounded batches of plain rows, as export sections.

Each reader yields JSON-ready dicts under the field names of
footcoach.core.export_format, so that the JSON document and the CSV files are
written from the same rows. Session logs are read a batch at a time, with the
entries of each batch in one more query: ten years of daily sessions take a few
dozen queries and never more than a batch of rows in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from footcoach.accounts.models import ApiToken, Profile, User
from footcoach.coaching.models import Assignment, CoachingLink
from footcoach.core.export_format import ENTRY_FIELDS, FORMAT, RESULT_FIELDS, VERSION
from footcoach.core.planner import build_plan
from footcoach.core.profile import ProfileError
from footcoach.library.content import get_library
from footcoach.progress.models import SelfTestResult
from footcoach.training.history import HISTORY_SPAN, session_history
from footcoach.training.models import LogEntry, SessionLog

BATCH = 500

# A self-test result's export field for each stored one whose name differs.
# Every other field of RESULT_FIELDS is the model's field of the same name, so
# a field added to SelfTestResult is exported by adding it to RESULT_FIELDS;
# tests/ownership/test_export.py fails, naming it, until it is.
RESULT_COLUMNS = {"id": "uid", "date": "taken_on", "trace": "motion_trace"}
# Stored, but not the person's data: the row's key and its owner (the account itself).
RESULT_NOT_EXPORTED = ("id", "owner")


def when(value: datetime | date | None) -> str | None:
    """A time or a day as the export writes it: ISO 8601, times in UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return when(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def header(person: User) -> dict[str, Any]:
    """The document's small parts: format, account, profile and the current plan."""
    profile = Profile.objects.filter(owner=person).first()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": when(timezone.now()),
        "account": {
            "email": person.email,
            "is_teacher": person.is_teacher,
            "emails_alerts": person.emails_alerts,
            "date_joined": when(person.date_joined),
        },
        "profile": None if profile is None else profile.as_data(),
        "plan": None if profile is None else plan_of(person, profile),
    }


def plan_of(person: User, profile: Profile) -> dict[str, Any] | None:
    """This week's plan as the plan page computes it, for reference: an import rebuilds it from the profile."""
    today = timezone.localdate()
    try:
        plan = build_plan(profile.as_core(), get_library(), today, 1,
                          history=session_history(person, today - HISTORY_SPAN))
    except ProfileError:
        return None
    return {"start": today.isoformat(), "weeks": 1, **plan.as_json()}


LOG_VALUES = ("id", "program", "started_at", "ended_at", "stopped_reason", "feeling", "note", "received_at")
ENTRY_VALUES = ("log_id", *(field.name for field in ENTRY_FIELDS))
# Stored blank, exported as null: the sync takes either, and null says "none" plainly.
_BLANK_IS_NULL = {"side", "skip_reason", "moment", "stopped_reason"}


def logs_of(person: User) -> Iterator[dict[str, Any]]:
    """The person's session logs with their entries, oldest first, a batch at a time."""
    logs = SessionLog.objects.of(person).order_by("started_at", "id")
    after: tuple[datetime, Any] | None = None
    while True:
        page = logs
        if after is not None:
            page = logs.filter(Q(started_at__gt=after[0]) | Q(started_at=after[0], id__gt=after[1]))
        rows = list(page.values(*LOG_VALUES)[:BATCH])
        if not rows:
            return
        entries: dict[Any, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
        for entry in (LogEntry.objects.filter(log_id__in=list(entries)).order_by("log_id", "position")
                      .values(*ENTRY_VALUES)):
            entries[entry.pop("log_id")].append(_row(entry))
        for row in rows:
            yield {**_row(row), "entries": entries[row["id"]]}
        after = (rows[-1]["started_at"], rows[-1]["id"])


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: (None if name in _BLANK_IS_NULL and value == "" else _plain(value)) for name, value in row.items()}


def results_of(person: User) -> Iterator[dict[str, Any]]:
    """Every self-test result, oldest first, with every field of RESULT_FIELDS."""
    names = [field.name for field in RESULT_FIELDS]
    stored = [RESULT_COLUMNS.get(name, name) for name in names]
    rows = SelfTestResult.objects.of(person).order_by("taken_on", "test", "side").values_list(*stored)
    for row in rows.iterator(chunk_size=BATCH):
        item = {name: _plain(value) for name, value in zip(names, row, strict=True)}
        for name in ("side", "measured_by"):
            item[name] = item[name] or None
        yield item


def homework_of(person: User) -> Iterator[dict[str, Any]]:
    """Homework teachers gave the person, ended or not, as the person saw it."""
    rows = Assignment.objects.filter(link__client=person).order_by("starts_on", "id").values(
        "link__teacher__email", "program", "items", "times_per_week", "starts_on", "ends_on", "note",
        "created_at", "updated_at", "ended_at",
    )
    for row in rows.iterator(chunk_size=BATCH):
        teacher = row.pop("link__teacher__email")
        yield {"teacher": teacher, **{name: _plain(value) for name, value in row.items()}}


def links_of(person: User) -> Iterator[dict[str, Any]]:
    """The teacher links the person is part of, on either side, ended or not."""
    rows = (CoachingLink.objects.filter(Q(teacher=person) | Q(client=person)).order_by("started_at", "id")
            .values("teacher_id", "teacher__email", "client__email", "shares_conditions", "started_at", "ended_at"))
    for row in rows.iterator(chunk_size=BATCH):
        teaches = row["teacher_id"] == person.pk
        yield {
            "role": "teacher" if teaches else "client",
            "with": row["client__email"] if teaches else row["teacher__email"],
            "shares_conditions": row["shares_conditions"],
            "started_at": when(row["started_at"]),
            "ended_at": when(row["ended_at"]),
        }


def tokens_of(person: User) -> Iterator[dict[str, Any]]:
    """The names of the person's API tokens; never the token or its hash."""
    rows = ApiToken.objects.of(person).order_by("created_at", "id").values("name", "created_at", "last_used_at")
    for row in rows:
        yield {name: _plain(value) for name, value in row.items()}


SECTION_READERS = {
    "logs": logs_of,
    "results": results_of,
    "homework": homework_of,
    "links": links_of,
    "api_tokens": tokens_of,
}


def file_name(extension: str) -> str:
    """The download's name, dated; without the address, which would show in a shared downloads folder."""
    return f"footcoach-export-{timezone.localdate().isoformat()}.{extension}"
