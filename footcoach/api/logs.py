"""Session logs: devices sync what was done; a person reads back their own."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, WithJsonSchema, field_validator

from footcoach.api.auth import person_auth
from footcoach.api.cursor import MAX_CURSOR_LENGTH, Position, decode, encode
from footcoach.api.schemas import ErrorOut, InputErrorOut
from footcoach.training.access import get_log_for
from footcoach.training.actions import do_record_logs
from footcoach.training.listing import logs_page
from footcoach.training.models import LogEntry, SessionLog
from footcoach.training.schemas import EntryOut, LogIn, LogOut, SyncOut

# A device that was offline for weeks sends its queue in several requests;
# this keeps one request well inside Django's 2.5 MB body limit.
MAX_LOGS_PER_SYNC = 100
# A page of logs, eight entries each, is some 2 MB of JSON at most.
MAX_LOGS_PER_PAGE = 1000
# A sync body is five levels deep: {"logs": [{"entries": [{...}]}]}. Python's
# parser gives up near a thousand; far fewer is already no device's body.
MAX_DEPTH = 64
TOO_DEEP = f'The body is nested more than {MAX_DEPTH} levels deep; a sync body needs 5. Send {{"logs": [...]}}.'
# Longer than any count or score can be; see _whole_number.
MAX_DIGITS = 100

router = Router(auth=person_auth, tags=["logs"])


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema with its $defs written in place, for the OpenAPI request body."""
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)  # type: ignore[no-any-return]


SYNC_BODY = {
    "type": "object",
    "required": ["logs"],
    "properties": {
        "logs": {"type": "array", "maxItems": MAX_LOGS_PER_SYNC, "items": _inline_refs(LogIn.model_json_schema())}
    },
}


@router.post(
    "/sync",
    response={200: SyncOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": SYNC_BODY}}}},
)
def sync_logs(request: HttpRequest) -> SyncOut:
    """Store a batch of session logs, each exactly once.

    Each log is checked on its own: the answer lists the ids stored now, the
    ids received before, and the logs refused with each bad field named.
    """
    # The body is read by hand, not by a declared schema, so that one bad log
    # is refused alone instead of failing the whole batch. A body too large
    # for Django is answered 413 by the API's own handler (routes.py).
    body = _json_body(request.body)
    logs = body.get("logs") if isinstance(body, dict) else None
    if not isinstance(logs, list):
        raise HttpError(400, 'The body must be a JSON object with a "logs" list: {"logs": [...]}.')
    if len(logs) > MAX_LOGS_PER_SYNC:
        raise HttpError(413, f"{len(logs)} logs is too many for one request; send at most {MAX_LOGS_PER_SYNC}.")
    return do_record_logs(request.auth, logs).as_out()  # type: ignore[attr-defined]


def _json_body(raw: bytes) -> object:
    try:
        body = json.loads(raw, parse_int=_whole_number)
    except RecursionError:
        raise HttpError(400, TOO_DEEP) from None
    except ValueError:
        raise HttpError(400, 'The body is not valid JSON; send {"logs": [...]}.') from None
    if _deeper_than(body, MAX_DEPTH):
        raise HttpError(400, TOO_DEEP)
    return body


def _whole_number(digits: str) -> int | float:
    """A JSON whole number; one too long for any field is read as the float it
    rounds to (infinity past 308 digits), so that the field holding it is
    refused alone, rather than the whole body for passing Python's 4300-digit
    limit on int()."""
    return int(digits) if len(digits) <= MAX_DIGITS else float(digits)


def _deeper_than(node: object, limit: int) -> bool:
    # Walked a level at a time with lists, not by recursion, so that depth
    # costs no stack; and with a plain loop over each container's children,
    # since a sync body has some thousand of them and this runs on every sync.
    level = [node]
    for _ in range(limit):
        inner: list[object] = []
        for item in level:
            if isinstance(item, dict):
                inner.extend(item.values())
            elif isinstance(item, list):
                inner.extend(item)
        if not inner:
            return False
        level = inner
    return any(isinstance(item, dict | list) for item in level)


class LogsQuery(Schema):
    since: date | None = Field(None, description="Only sessions started on or after this day (YYYY-MM-DD).")
    limit: int = Field(
        100, ge=1, le=MAX_LOGS_PER_PAGE, description=f"At most this many logs a page (1-{MAX_LOGS_PER_PAGE})."
    )
    cursor: str | None = Field(
        None, max_length=MAX_CURSOR_LENGTH,
        description="Where the previous page ended: copy it from that page's `Link: <...>; rel=\"next\"` header.",
    )

    @field_validator("since", mode="before")
    @classmethod
    def _day_written_out(cls, value: object) -> object:
        # Pydantic would also read a number as seconds since 1970: since=0 is no day.
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("write the day as YYYY-MM-DD, for example 2025-03-01")
        return value

    @field_validator("cursor")
    @classmethod
    def _our_cursor(cls, value: str | None) -> str | None:
        if value is not None:
            decode(value)  # answered 422 naming `cursor` when it is not one
        return value


NEXT_PAGE = {
    "Link": {
        "description": 'The next page, as `<url>; rel="next"`; absent on the last page.',
        "schema": {"type": "string"},
    }
}


@router.get(
    "", response={200: list[LogOut], 401: ErrorOut, 422: InputErrorOut},
    openapi_extra={"responses": {200: {"description": "OK", "headers": NEXT_PAGE}}},
)
def list_logs(request: HttpRequest, response: HttpResponse, filters: Query[LogsQuery]) -> list[dict[str, Any]]:
    """The signed-in person's session logs, newest first, with their entries, a page at a time.

    When more logs follow, the answer's `Link` header holds the next page's
    address (with a `cursor`); logs stored meanwhile never shift a page.
    """
    after = decode(filters.cursor) if filters.cursor is not None else None
    page = logs_page(
        request.auth,  # type: ignore[attr-defined]
        since=filters.since, after=(after.started_at, after.id) if after else None, limit=filters.limit,
    )
    if page.last is not None:
        query = {"limit": filters.limit, **({"since": filters.since.isoformat()} if filters.since else {}),
                 "cursor": encode(Position(*page.last))}
        response["Link"] = f'<{request.path}?{urlencode(query)}>; rel="next"'
    return page.logs


@router.get("/{log_id}", response={200: LogOut, 401: ErrorOut, 404: ErrorOut})
def get_log(
    request: HttpRequest,
    # A log's id is the UUID its device made. Any other text is answered 404, as a
    # missing id is, so that ids reveal nothing ("sync" is the sync's own path).
    log_id: Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})],
) -> LogOut:
    try:
        log = get_log_for(request.auth, log_id)  # type: ignore[attr-defined]
    except Http404:
        raise HttpError(404, f"No session log has the id {log_id!r}.") from None
    return _log_out(log)


def _log_out(log: SessionLog) -> LogOut:
    return LogOut(
        id=log.id,
        program=log.program,
        started_at=log.started_at,
        ended_at=log.ended_at,
        stopped_reason=log.stopped_reason or None,
        feeling=log.feeling,
        note=log.note,
        received_at=log.received_at,
        entries=[_entry_out(entry) for entry in log.entries.all()],
    )


def _entry_out(entry: LogEntry) -> EntryOut:
    return EntryOut(
        kind=entry.kind,  # type: ignore[arg-type]
        exercise=entry.exercise,
        side=entry.side or None,  # type: ignore[arg-type]
        reps=entry.reps,
        seconds=entry.seconds,
        pressure=entry.pressure,
        pain=entry.pain,
        skipped=entry.skipped,
        skip_reason=entry.skip_reason or None,  # type: ignore[arg-type]
        moment=entry.moment or None,  # type: ignore[arg-type]
        value=entry.value,
        note=entry.note,
    )
