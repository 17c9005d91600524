"""The two export files: one JSON document, and a zip of CSV files for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, TextIO

from footcoach.accounts.models import User
from footcoach.core.export_format import (
    ACCOUNT_FIELDS,
    ENTRY_FIELDS,
    FORMAT,
    LOG_FIELDS,
    SECTIONS,
    VERSION,
    Field,
)
from footcoach.ownership.export import SECTION_READERS, header, logs_of

# A spreadsheet runs a cell that starts with one of these as a formula. A note
# a teacher wrote is text the person did not choose, so such a cell is written
# with a leading apostrophe, which spreadsheets show as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_json(person: User, out: TextIO) -> None:
    """The whole export as one JSON object, a section's items one per line."""
    head = header(person)
    out.write("{\n")
    for name, value in head.items():
        out.write(f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},\n")
    sections = list(SECTION_READERS.items())
    for number, (section, reader) in enumerate(sections, start=1):
        out.write(f"{json.dumps(section)}: [")
        separator = "\n"
        for item in reader(person):
            out.write(separator + json.dumps(item, ensure_ascii=False))
            separator = ",\n"
        out.write("\n]" if separator != "\n" else "]")
        out.write(",\n" if number < len(sections) else "\n")
    out.write("}\n")


def write_zip(person: User, out: IO[bytes]) -> None:
    """The export as CSV files in a zip, one per kind, with a README.txt of their columns."""
    head = header(person)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _csv(archive, "account.csv", ["field", "value"], [[f.name, head["account"][f.name]] for f in ACCOUNT_FIELDS])
        profile = head["profile"] or {}
        _csv(archive, "profile.csv", ["field", "value"], [[name, _cell_list(value)] for name, value in profile.items()])
        log_columns = [f.name for f in LOG_FIELDS]
        _csv(archive, "logs.csv", log_columns,
             ([log[name] for name in log_columns] for log in logs_of(person)))
        entry_columns = [f.name for f in ENTRY_FIELDS]
        _csv(archive, "entries.csv", ["log_id", "step", *entry_columns],
             ([log["id"], step, *(entry[name] for name in entry_columns)]
              for log in logs_of(person) for step, entry in enumerate(log["entries"], start=1)))
        for section, (fields, _) in SECTIONS.items():
            if section == "logs":
                continue
            names = [f.name for f in fields]
            items = SECTION_READERS[section](person)
            if section == "results":
                # Each trace is a file of its own, written before results.csv is
                # opened: a zip takes one file at a time.
                items = iter(list(_with_trace_files(archive, items)))
            rows = ([_cell_list(item.get(name)) for name in names] for item in items)
            _csv(archive, f"{section}.csv", names, rows)
        archive.writestr("README.txt", readme())


def _with_trace_files(archive: zipfile.ZipFile, results: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each result, its motion trace written to a CSV file of its own and named in its place.

    A trace holds up to 45,000 numbers: as a cell it would pass what a
    spreadsheet's cell holds, and as a file it can be charted.
    """
    for number, result in enumerate(results, start=1):
        trace = result.get("trace")
        if isinstance(trace, dict):
            side = f"-{result['side']}" if result["side"] else ""
            name = f"traces/{number}-{result['date']}-{result['test']}{side}.csv"
            axes = [trace.get(axis) or [] for axis in ("ax", "ay", "az")]
            rate = trace.get("rate") or 1
            _csv(archive, name, ["second", "ax", "ay", "az"],
                 ([round(index / rate, 3), *samples] for index, samples in enumerate(zip(*axes, strict=False))))
            result = {**result, "trace": name}
        yield result


def _cell_list(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return " ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(archive: zipfile.ZipFile, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", errors="replace",
                                                          newline="") as text:
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(value) for value in row])


def _fields(fields: Sequence[Field]) -> list[str]:
    return [f"  {field.name}: {field.meaning}" for field in fields]


def readme() -> str:
    """What each file and column of the zip holds."""
    lines = [
        "Your footcoach data, as CSV files for a spreadsheet (UTF-8, comma-separated, one header row).",
        f"The same data is in the JSON export (\"format\": \"{FORMAT}\", version {VERSION}),",
        "which is the one footcoach can import again. Times are ISO 8601 in UTC; an empty cell is",
        "no value. A text that starts with =, +, - or @ is written after an apostrophe, so that",
        "a spreadsheet shows it rather than running it as a formula.",
        "",
        "account.csv: one row per field of the account.",
        *_fields(ACCOUNT_FIELDS),
        "",
        "profile.csv: one row per answer of your profile (lists are written separated by spaces):",
        "  birth_year, goals, conditions, equipment, minutes_per_day, days_per_week, setting,",
        "  start_side, cleared_by_clinician and sex, as in a profile file.",
        "",
        "logs.csv: one row per session.",
        *_fields(LOG_FIELDS),
        "",
        "entries.csv: one row per step of a session.",
        "  log_id: the session's id in logs.csv",
        "  step: the step's place in the session, from 1",
        *_fields(ENTRY_FIELDS),
    ]
    titles = {
        "results": "results.csv: one row per self-test result (the morning check-in's pain among them).",
        "homework": "homework.csv: one row per homework a teacher gave you.",
        "links": "links.csv: one row per link with a teacher or a client, ended ones too.",
        "api_tokens": "api_tokens.csv: one row per personal API token (names only, never the token).",
    }
    for section, title in titles.items():
        lines += ["", title, *_fields(SECTIONS[section][0])]
        if section == "results":
            lines += ["  In results.csv the trace column names the file of the trace, if any:",
                      "traces/*.csv: one per result the phone measured, one row per sample.",
                      "  second: the time from the start of the test",
                      "  ax, ay, az: the phone's acceleration on each of its axes, m/s²"]
    return "\n".join(lines) + "\n"
