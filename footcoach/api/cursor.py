"""The opaque cursor of a paged list: where the last page ended, and nothing a client should read."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

# A real cursor is some 70 characters; anything much longer is not one of ours.
MAX_CURSOR_LENGTH = 200
NOT_A_CURSOR = "this is not a cursor from a `next` link; start again without it"


@dataclass(frozen=True)
class Position:
    """The last row of a page, in the list's order: its start time, then its id."""

    started_at: datetime
    id: uuid.UUID


def encode(position: Position) -> str:
    text = f"{position.started_at.isoformat()}|{position.id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str) -> Position:
    """The position a cursor holds; ValueError (with a message for the client) for anything else."""
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise ValueError(NOT_A_CURSOR)
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        started, key = text.split("|")
        started_at = datetime.fromisoformat(started)
        position = Position(started_at, uuid.UUID(key))
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raise ValueError(NOT_A_CURSOR) from None
    # A time with no offset cannot be compared with the stored ones.
    if started_at.tzinfo is None or started_at.utcoffset() is None:
        raise ValueError(NOT_A_CURSOR)
    return position
