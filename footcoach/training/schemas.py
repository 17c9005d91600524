"""The shape of a session log as devices send it and the API answers it.

The field names are a public contract: people's scripts post and read them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from footcoach.core.homework import assignment_of
from footcoach.library.content import get_library

MAX_ENTRIES = 500
MAX_NOTE = 2000
# footcoach did not exist before this, so an earlier session is a clock that
# was never set (they start at 1970 or 1980), and its day means nothing on a
# plan. A round bound far from year 1 also keeps every local date of a stored
# log clear of the start of Python's calendar, whatever the time zone.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# The longest session of the library takes under an hour; a log that lasts
# more than a day is two clocks or a device left running, not a sitting.
LONGEST = timedelta(days=1)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _blank_is_none(value: Any) -> Any:
    # Devices send an absent choice as null or as ""; both mean "none".
    return None if value == "" else value


def _storable_text(value: Any) -> Any:
    """The text with what no database can hold cleaned out: NUL (PostgreSQL
    refuses it in text) and halves of UTF-16 pairs (no UTF-8 encodes them).

    Cleaned rather than refused: refusing would lose the whole session for an
    invisible character in a note, and the device would resend it forever.
    """
    if not isinstance(value, str):
        return value
    return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def _from_a_string(value: Any) -> Any:
    # JSON has no time type, so a time comes as an ISO 8601 string; a number
    # would otherwise be read as seconds since 1970, a guess we do not make.
    if not isinstance(value, str):
        raise ValueError("a time must be a string such as \"2025-03-03T07:30:00+01:00\"")
    return value


def _storable_time(value: datetime) -> datetime:
    """The same instant in UTC, refused if a database or Python cannot hold it
    (an offset can carry 9999-12-31 into year 10000) or if it is before EARLIEST."""
    try:
        in_utc = value.astimezone(UTC)
    except OverflowError:
        edge = "past the end of year 9999" if value.year > 1 else "before year 1"
        raise ValueError(f"this time is {edge} in UTC, which cannot be stored") from None
    if in_utc < EARLIEST:
        raise ValueError(f"this time is before {EARLIEST:%Y-%m-%d}, earlier than any session footcoach holds")
    return in_utc


# Numbers and booleans are strict: "10", true or 10.0 for a count is a bug in
# the sender, and guessing what it meant would store a wrong record. A JSON
# whole number is still taken where a decimal is expected.
Count = Annotated[int, Field(strict=True, ge=0)]
Rating = Annotated[int, Field(strict=True, ge=0, le=10)]
Note = Annotated[str, BeforeValidator(_storable_text), Field(strict=True, max_length=MAX_NOTE)]
Time = Annotated[AwareDatetime, BeforeValidator(_from_a_string), AfterValidator(_storable_time)]


class EntryIn(BaseModel):
    """One step as it was done: an exercise (kind "exercise") or a self-test result (kind "test")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["exercise", "test"] = "exercise"
    exercise: str
    side: Annotated[Literal["left", "right", ""] | None, AfterValidator(_blank_is_none)] = None
    reps: Annotated[Count, Field(le=10_000)] | None = None
    seconds: Annotated[Count, Field(le=86_400)] | None = None
    pressure: Rating | None = None
    pain: Rating | None = None
    skipped: StrictBool = False
    skip_reason: Annotated[
        Literal["no-time", "no-equipment", "pain", "other", ""] | None, AfterValidator(_blank_is_none)
    ] = None
    moment: Annotated[Literal["before", "between", "after", ""] | None, AfterValidator(_blank_is_none)] = None
    value: Annotated[float, Field(strict=True, allow_inf_nan=False)] | None = None
    note: Note = ""

    @field_validator("exercise")
    @classmethod
    def _exists_in_library(cls, value: str, info: ValidationInfo) -> str:
        library = get_library()
        if info.data.get("kind") == "test":
            if value not in library.tests:
                raise ValueError(f"no self-test has the id {value!r}")
        elif value not in library.exercises:
            if value in library.tests:
                raise ValueError(f"{value!r} is a self-test; send it with \"kind\": \"test\"")
            raise ValueError(f"no exercise has the id {value!r}")
        return value

    @field_validator("skip_reason")
    @classmethod
    def _only_when_skipped(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not info.data.get("skipped"):
            raise ValueError("a skip reason is given but skipped is false")
        return value

    @field_validator("moment", "value")
    @classmethod
    def _only_for_tests(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None and info.data.get("kind") != "test":
            raise ValueError(f"{info.field_name} is only for self-test results (\"kind\": \"test\")")
        return value


class LogIn(BaseModel):
    """One session log as a device sends it; `id` is the device's idempotency key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: uuid.UUID
    program: str
    started_at: Time
    ended_at: Time
    entries: Annotated[list[EntryIn], Field(max_length=MAX_ENTRIES)]
    stopped_reason: Annotated[str | None, AfterValidator(_blank_is_none)] = None
    feeling: Rating | None = None
    note: Note = ""

    @field_validator("program")
    @classmethod
    def _program_exists(cls, value: str) -> str:
        # A set of exercises given as homework is logged under its own id.
        if value not in get_library().programs and assignment_of(value) is None:
            raise ValueError(f"no program has the id {value!r}")
        return value

    @field_validator("ended_at")
    @classmethod
    def _ends_after_start(cls, value: datetime, info: ValidationInfo) -> datetime:
        started_at = info.data.get("started_at")
        if started_at is not None and value < started_at:
            raise ValueError("the session ends before it starts")
        if started_at is not None and value - started_at > LONGEST:
            raise ValueError("the session lasts more than a day")
        return value

    @field_validator("stopped_reason")
    @classmethod
    def _stop_rule_exists(cls, value: str | None) -> str | None:
        rules = get_library().stop_rules
        if value is not None and value not in rules:
            raise ValueError(f"no stop rule has the id {value!r}; use one of {', '.join(rules)}")
        return value


class FieldError(BaseModel):
    field: str
    message: str


class RefusedLog(BaseModel):
    index: int
    id: str | None
    errors: list[FieldError]


class SyncOut(BaseModel):
    stored: list[str]
    already: list[str]
    refused: list[RefusedLog]


class EntryOut(BaseModel):
    kind: Literal["exercise", "test"]
    exercise: str
    side: Literal["left", "right"] | None
    reps: int | None
    seconds: int | None
    pressure: int | None
    pain: int | None
    skipped: bool
    skip_reason: Literal["no-time", "no-equipment", "pain", "other"] | None
    moment: Literal["before", "between", "after"] | None
    value: float | None
    note: str


class LogOut(BaseModel):
    id: uuid.UUID
    program: str
    started_at: AwareDatetime
    ended_at: AwareDatetime
    stopped_reason: str | None
    feeling: int | None
    note: str
    received_at: AwareDatetime
    entries: list[EntryOut]


@dataclass
class Refusal:
    """Why one log of a batch was not stored. `index` is its place in the batch."""

    index: int
    id: str | None
    errors: list[tuple[str, str]]

    def as_out(self) -> RefusedLog:
        return RefusedLog(
            index=self.index, id=self.id, errors=[FieldError(field=f, message=m) for f, m in self.errors]
        )


@dataclass
class SyncResult:
    stored: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def as_out(self) -> SyncOut:
        return SyncOut(stored=self.stored, already=self.already, refused=[r.as_out() for r in self.refused])


def _path(prefix: str, location: tuple[int | str, ...]) -> str:
    path = prefix
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _readable_id(raw: object) -> str | None:
    # The refusal names the log by its id when the id itself is a usable UUID,
    # so a device can match the answer to its queue even if other fields are bad.
    if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
        try:
            return str(uuid.UUID(raw["id"]))
        except ValueError:
            return None
    return None


def parse_log(raw: object, index: int) -> LogIn | Refusal:
    """Validate one log of a batch, naming each bad field as `logs[i].entries[j].pain`."""
    if isinstance(raw, LogIn):
        return raw
    if not isinstance(raw, Mapping):
        return Refusal(index=index, id=None, errors=[(f"logs[{index}]", "each log must be a JSON object")])
    try:
        return LogIn.model_validate(raw)
    except ValidationError as error:
        prefix = f"logs[{index}]"
        problems = [
            (_path(prefix, tuple(problem["loc"])), _message(problem)) for problem in error.errors(include_url=False)
        ]
        return Refusal(index=index, id=_readable_id(raw), errors=problems)


def _message(problem: Mapping[str, Any]) -> str:
    # Our own validators' messages arrive as "Value error, ..."; the prefix
    # adds nothing for the person reading it.
    message = str(problem["msg"])
    return message.removeprefix("Value error, ")
