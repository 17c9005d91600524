"""A person's logs read back a page at a time, as plain values: no model object per row."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from footcoach.accounts.models import User
from footcoach.training.models import LogEntry, SessionLog

LOG_FIELDS = ("id", "program", "started_at", "ended_at", "stopped_reason", "feeling", "note", "received_at")
ENTRY_FIELDS = (
    "log_id", "kind", "exercise", "side", "reps", "seconds", "pressure", "pain", "skipped", "skip_reason",
    "moment", "value", "note",
)


@dataclass(frozen=True)
class Page:
    logs: list[dict[str, Any]]
    # The start time and id of the last log, when more logs may follow it.
    last: tuple[datetime, uuid.UUID] | None


def logs_page(person: User, *, since: date | None, after: tuple[datetime, uuid.UUID] | None, limit: int) -> Page:
    """Up to `limit` logs, newest first (by start time, then id), each with its entries, in two queries.

    `after` is the last log of the previous page: the page goes on from it, so
    logs stored meanwhile neither shift a page nor appear twice.
    """
    logs = SessionLog.objects.of(person).order_by("-started_at", "id")
    if since is not None:
        logs = logs.since(since)
    if after is not None:
        started_at, key = after
        logs = logs.filter(Q(started_at__lt=started_at) | Q(started_at=started_at, id__gt=key))
    # One more than asked, to know whether another page follows.
    rows = list(logs.values(*LOG_FIELDS)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    entries: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    if rows:
        for entry in (LogEntry.objects.filter(log_id__in=[row["id"] for row in rows])
                      .order_by("log_id", "position").values(*ENTRY_FIELDS)):
            entries[entry.pop("log_id")].append(_entry_out(entry))
    page = [_log_out(row, entries[row["id"]]) for row in rows]
    return Page(page, (rows[-1]["started_at"], rows[-1]["id"]) if more else None)


def _log_out(row: dict[str, Any], entries: list[dict[str, Any]]) -> dict[str, Any]:
    # Blank text in a column is "none" in the API's answer, as in LogOut.
    return {**row, "stopped_reason": row["stopped_reason"] or None, "entries": entries}


def _entry_out(entry: dict[str, Any]) -> dict[str, Any]:
    for name in ("side", "skip_reason", "moment"):
        entry[name] = entry[name] or None
    return entry
