"""The export document: its versioned shape, and the checks a file must pass before import.

A person's export is one JSON object, `{"format": "footcoach-export", "version": 1,
...}`. This module says what each section holds (the same list describes the CSV
columns in the zip's README) and refuses a document that is not of that shape,
naming each problem by its path, e.g. `logs[3].entries[0].pain`. It checks shape,
types and sizes only: what the values mean (a program that exists, a pain from 0
to 10, a date the database holds) is checked where the sync checks it, so that an
import and a phone's sync accept exactly the same logs and results.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

FORMAT = "footcoach-export"
VERSION = 1

# An upload or a file read past this is refused before it is parsed. Ten years
# of daily sessions of ten steps each take about 15 MB.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_LOGS = 50_000
MAX_RESULTS = 50_000
MAX_ENTRIES = 500
MAX_OTHER_ITEMS = 10_000
# A list inside a free-form value: a phone's motion trace holds up to 15,000 samples an axis.
MAX_LIST = 20_000
MAX_TEXT = 10_000
MAX_NUMBER = 1e12
# The plan and a homework's items are nested a few levels; nothing in an export goes deeper.
MAX_DEPTH = 12
# A person reads the first problems; a file with thousands of them is not worth listing whole.
MAX_PROBLEMS = 50

Kind = Literal["text", "id", "uuid", "date", "time", "int", "number", "bool", "json"]


@dataclass(frozen=True)
class Field:
    """One field of a section: its name, JSON type, whether it may be null, and what it means."""

    name: str
    kind: Kind
    meaning: str
    nullable: bool = False
    # Fields added after version 1 first went out are optional, so that older files still read.
    optional: bool = False


ACCOUNT_FIELDS = (
    Field("email", "text", "the account's email address"),
    Field("is_teacher", "bool", "whether the account teaches (invites clients, gives homework)"),
    Field("emails_alerts", "bool", "a teacher's choice of alert emails about clients' sessions"),
    Field("date_joined", "time", "when the account was made (ISO 8601, UTC)"),
)

LOG_FIELDS = (
    Field("id", "uuid", "the session log's id, made by the device; an import keys logs by it"),
    Field("program", "id", "the program's id (content/programs), or a homework set's id"),
    Field("started_at", "time", "when the session started (ISO 8601, UTC)"),
    Field("ended_at", "time", "when it ended (ISO 8601, UTC)"),
    Field("stopped_reason", "id", "the stop rule that ended it, or empty", nullable=True),
    Field("feeling", "int", "how the session felt, 0-10, or empty", nullable=True),
    Field("note", "text", "the person's note on the session"),
    Field("received_at", "time", "when the server received it (set anew by an import)"),
)

ENTRY_FIELDS = (
    Field("kind", "id", "exercise, or test for a self-test taken within the session"),
    Field("exercise", "id", "the exercise's id, or the self-test's id when kind is test"),
    Field("side", "id", "left, right, or empty for both feet", nullable=True),
    Field("reps", "int", "repetitions done", nullable=True),
    Field("seconds", "int", "seconds held or done", nullable=True),
    Field("pressure", "int", "how hard the person pressed, 0-10", nullable=True),
    Field("pain", "int", "pain during the step, 0-10", nullable=True),
    Field("skipped", "bool", "whether the step was skipped"),
    Field("skip_reason", "id", "no-time, no-equipment, pain or other, when skipped", nullable=True),
    Field("moment", "id", "before, between or after: when a self-test was taken", nullable=True),
    Field("value", "number", "a self-test's result (e.g. reach in cm)", nullable=True),
    Field("note", "text", "the person's note on the step"),
)

# Every field of a self-test result. A field added to the stored result is
# added here (optional, so that files exported before it still import).
RESULT_FIELDS = (
    Field("id", "uuid", "the device's id for the result, or empty for one recorded on the server "
                        "(the morning check-in)", nullable=True),
    Field("test", "id", "the self-test's id (content/tests)"),
    Field("side", "id", "left, right, or empty for a test of both feet", nullable=True),
    Field("date", "date", "the day it was taken (YYYY-MM-DD)"),
    Field("value", "number", "the result, in the test's unit (seconds, cm, count, pain 0-10)"),
    Field("recorded_at", "time", "when the server stored it (set anew by an import)"),
    Field("measured_by", "id", "phone when the phone's motion sensors measured it, or empty when measured by hand",
          nullable=True, optional=True),
    Field("sway", "number", "a stance's sway as the phone measured it (m/s²), or empty", nullable=True, optional=True),
    Field("trace", "json", "the phone's accelerometer samples the result was measured from "
                           "({rate, ax, ay, az}), or empty", nullable=True, optional=True),
)

HOMEWORK_FIELDS = (
    Field("teacher", "text", "the email of the teacher who gave it"),
    Field("program", "id", "the program given, or empty when items lists exercises"),
    Field("items", "json", "the exercises given, each with its dose, when no program is"),
    Field("times_per_week", "int", "how many times a week"),
    Field("starts_on", "date", "first day (YYYY-MM-DD)"),
    Field("ends_on", "date", "last day, or empty for no end", nullable=True),
    Field("note", "text", "the teacher's note"),
    Field("created_at", "time", "when it was given"),
    Field("updated_at", "time", "when it was last changed"),
    Field("ended_at", "time", "when the teacher ended it, or empty", nullable=True),
)

LINK_FIELDS = (
    Field("role", "id", "the person's part in the link: client (the other person teaches them) or teacher"),
    Field("with", "text", "the other person's email, as the account page shows it"),
    Field("shares_conditions", "bool", "whether the teacher sees which health conditions changed the plan"),
    Field("started_at", "time", "when the client accepted the invitation"),
    Field("ended_at", "time", "when either of them ended the link, or empty", nullable=True),
)

TOKEN_FIELDS = (
    Field("name", "text", "the API token's name (the token itself is secret and never exported)"),
    Field("created_at", "time", "when it was made"),
    Field("last_used_at", "time", "when it was last used, or empty", nullable=True),
)

# Each list section: its fields and its most items.
SECTIONS: dict[str, tuple[tuple[Field, ...], int]] = {
    "logs": (LOG_FIELDS, MAX_LOGS),
    "results": (RESULT_FIELDS, MAX_RESULTS),
    "homework": (HOMEWORK_FIELDS, MAX_OTHER_ITEMS),
    "links": (LINK_FIELDS, MAX_OTHER_ITEMS),
    "api_tokens": (TOKEN_FIELDS, MAX_OTHER_ITEMS),
}
TOP_FIELDS = ("format", "version", "exported_at", "account", "profile", "plan", *SECTIONS)

_UUID = re.compile(r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.ASCII)
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}", re.ASCII)

Problem = tuple[str, str]


class ExportFileError(Exception):
    """A file that is not an export, with each problem as (where, what)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{where}: {what}" for where, what in self.problems))


def read_export(raw: bytes) -> Any:
    """The JSON value of an export file's bytes; ExportFileError says why it cannot be one."""
    if len(raw) > MAX_FILE_BYTES:
        raise ExportFileError([("file", f"it is larger than {MAX_FILE_BYTES // 2**20} MB, more than any export")])
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        # Never opened: a zip is the spreadsheet export, and may be a zip bomb.
        raise ExportFileError([("file", "this is a zip file (the CSV export, for spreadsheets); "
                                        "import takes the JSON export, footcoach-export-….json")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportFileError([("file", f"not UTF-8 text (byte {raw[error.start]:#04x} at {error.start}); "
                                        "import takes the JSON export")]) from None
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        raise ExportFileError([(f"line {error.lineno}, column {error.colno}",
                                f"not valid JSON: {error.msg}")]) from None
    except RecursionError:
        raise ExportFileError([("file", "lists or objects are nested too deeply to be an export")]) from None
    except ValueError as error:
        raise ExportFileError([("file", str(error))]) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number an export holds")


def _whole_number(digits: str) -> int:
    # Python turns no more than so many digits into a number, slowly; an export's are short.
    if len(digits.lstrip("-")) > 15:
        raise ValueError(f"a number of {len(digits.lstrip('-'))} digits is larger than any in an export")
    return int(digits)


def check_export(document: Any) -> list[Problem]:
    """Every problem of the document's shape, named by its path; empty for a good one."""
    problems = list(_islice(_document_problems(document), MAX_PROBLEMS + 1))
    if len(problems) > MAX_PROBLEMS:
        problems[MAX_PROBLEMS:] = [("file", f"more than {MAX_PROBLEMS} problems; the first {MAX_PROBLEMS} are above")]
    return problems


def _islice(problems: Iterator[Problem], count: int) -> Iterator[Problem]:
    for index, problem in enumerate(problems):
        if index >= count:
            return
        yield problem


def _document_problems(document: Any) -> Iterator[Problem]:
    if not isinstance(document, dict):
        yield "file", f'an export is one JSON object with "format": "{FORMAT}"'
        return
    if document.get("format") != FORMAT:
        yield "format", f'this is not a footcoach export: it needs "format": "{FORMAT}"'
        return
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        yield "version", f"give the export's version as a whole number; this footcoach reads version {VERSION}"
        return
    if version > VERSION:
        yield "version", (f"this export was made by a newer footcoach (version {version}); "
                          f"this one reads version {VERSION}: update footcoach first")
        return
    for name in document:
        if name not in TOP_FIELDS:
            yield _child("", name), f"unknown field; an export has {', '.join(TOP_FIELDS)}"
    for name in TOP_FIELDS:
        if name not in document:
            yield name, "missing"
    yield from _value_problems("exported_at", document.get("exported_at"), "time", nullable=False)
    account = document.get("account")
    if account is not None:
        yield from _item_problems("account", account, ACCOUNT_FIELDS)
    profile = document.get("profile")
    if profile is not None and not isinstance(profile, dict):
        yield "profile", "the profile is a JSON object, or null"
    elif profile is not None:
        yield from _any_problems("profile", profile, 1)
    yield from _any_problems("plan", document.get("plan"), 0)
    for section, (fields, most) in SECTIONS.items():
        items = document.get(section, [])
        if not isinstance(items, list):
            yield section, "a list ([...]) is expected"
            continue
        if len(items) > most:
            yield section, f"{len(items)} items are more than an export holds ({most})"
            continue
        for index, item in enumerate(items):
            yield from _item_problems(f"{section}[{index}]", item, fields)
            if section == "logs" and isinstance(item, dict):
                yield from _entries_problems(f"{section}[{index}].entries", item.get("entries"))


def _entries_problems(where: str, entries: Any) -> Iterator[Problem]:
    if not isinstance(entries, list):
        yield where, "a list of the session's steps ([...]) is expected"
        return
    if len(entries) > MAX_ENTRIES:
        yield where, f"{len(entries)} steps are more than a session holds ({MAX_ENTRIES})"
        return
    for index, entry in enumerate(entries):
        yield from _item_problems(f"{where}[{index}]", entry, ENTRY_FIELDS)


def _item_problems(where: str, item: Any, fields: tuple[Field, ...]) -> Iterator[Problem]:
    if not isinstance(item, dict):
        yield where, "a JSON object ({...}) is expected"
        return
    known = {field.name for field in fields}
    # A log's entries are checked on their own, as a list.
    extra = {"entries"} if fields is LOG_FIELDS else set()
    for name in item:
        if name not in known and name not in extra:
            yield _child(where, name), f"unknown field; the fields are {', '.join(sorted(known | extra))}"
    if extra - set(item):
        yield f"{where}.entries", "missing"
    for field in fields:
        if field.name not in item:
            if not field.optional:
                yield f"{where}.{field.name}", "missing"
            continue
        yield from _value_problems(f"{where}.{field.name}", item[field.name], field.kind, nullable=field.nullable)


def _value_problems(where: str, value: Any, kind: Kind, *, nullable: bool) -> Iterator[Problem]:
    if value is None:
        if not nullable:
            yield where, "must not be null"
        return
    if kind == "json":
        yield from _any_problems(where, value, 1)
        return
    if kind == "bool":
        if not isinstance(value, bool):
            yield where, "true or false is expected"
        return
    if kind in ("int", "number"):
        wrong_type = isinstance(value, bool) or not isinstance(value, int | float)
        if wrong_type or (kind == "int" and isinstance(value, float)):
            yield where, "a whole number is expected" if kind == "int" else "a number is expected"
        elif not math.isfinite(value) or abs(value) > MAX_NUMBER:
            yield where, f"{value!r} is larger than any value an export holds"
        return
    if not isinstance(value, str):
        yield where, "text (a JSON string) is expected"
        return
    yield from _text_problems(where, value)
    if kind == "uuid" and not _UUID.fullmatch(value):
        yield where, "an id is a UUID, such as \"3f2c8a4e-9d1f-4b8a-9f2e-2f8f1f0c7a11\""
    elif kind == "date" and not _DATE.fullmatch(value):
        yield where, "a day is written YYYY-MM-DD"
    elif kind == "time" and not _TIME.fullmatch(value):
        yield where, "a time is written in ISO 8601 with its offset, such as \"2025-03-03T07:30:00+00:00\""
    elif kind == "id" and value and not _ID.fullmatch(value):
        yield where, "an id is written in lower-case letters, digits and dashes"


def _text_problems(where: str, value: str) -> Iterator[Problem]:
    if len(value) > MAX_TEXT:
        yield where, f"a text of {len(value)} characters is longer than any an export holds ({MAX_TEXT})"
    elif "\x00" in value:
        yield where, "holds a NUL character, which no export holds"


def _any_problems(where: str, value: Any, depth: int) -> Iterator[Problem]:
    """Problems of a free-form value (the plan, a homework's items): bounded in depth, size and text."""
    if depth > MAX_DEPTH:
        yield where, "lists or objects are nested more deeply than any in an export"
        return
    if isinstance(value, str):
        yield from _text_problems(where, value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            yield where, f"{value!r} is larger than any value an export holds"
    elif isinstance(value, list):
        if len(value) > MAX_LIST:
            yield where, f"{len(value)} items are more than an export holds here"
            return
        for index, item in enumerate(value):
            yield from _any_problems(f"{where}[{index}]", item, depth + 1)
    elif isinstance(value, dict):
        if len(value) > 100:
            yield where, f"an object of {len(value)} fields is larger than any in an export"
            return
        for name, item in value.items():
            yield from _text_problems(where, name)
            yield from _any_problems(_child(where, name), item, depth + 1)


def _child(where: str, name: str) -> str:
    # A field name is shown only when it is short and printable: it came from the file.
    shown = name if len(name) <= 40 and name.isprintable() else f"{name[:40]!r}…"
    return f"{where}.{shown}" if where else shown


def columns(fields: Sequence[Field]) -> list[str]:
    return [field.name for field in fields]


def describe(fields: Sequence[Field]) -> Mapping[str, str]:
    return {field.name: field.meaning for field in fields}

