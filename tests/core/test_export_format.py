"""The export document's shape: what a file must be before an import reads what it means."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footcoach.core.export_format import (
    FORMAT,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    MAX_TEXT,
    VERSION,
    ExportFileError,
    check_export,
    read_export,
)
from tests.document_paths import replaced

LOG = {
    "id": "6c5e0a4e-9d1f-4b8a-9f2e-2f8f1f0c7a11", "program": "sole-training",
    "started_at": "2025-03-03T07:30:00+00:00", "ended_at": "2025-03-03T07:36:10+00:00",
    "stopped_reason": None, "feeling": 7, "note": "Before my walk", "received_at": "2025-03-03T07:40:00+00:00",
    "entries": [
        {"kind": "exercise", "exercise": "toe-fan", "side": None, "reps": 8, "seconds": None, "pressure": None,
         "pain": 0, "skipped": False, "skip_reason": None, "moment": None, "value": None, "note": ""},
    ],
}
DOCUMENT: dict[str, Any] = {
    "format": FORMAT, "version": VERSION, "exported_at": "2025-03-04T10:00:00+00:00",
    "account": {"email": "ann@example.org", "is_teacher": False, "emails_alerts": False,
                "date_joined": "2025-01-01T09:00:00+00:00"},
    "profile": {"birth_year": 1952, "goals": ["balance"]},
    "plan": None,
    "logs": [LOG],
    "results": [{"id": None, "test": "first-step-pain", "side": None, "date": "2025-03-04", "value": 3.0,
                 "recorded_at": "2025-03-04T07:00:00+00:00"}],
    "homework": [], "links": [], "api_tokens": [],
}


def changed(path: str, value: Any) -> dict[str, Any]:
    """DOCUMENT with one value replaced, by a path such as "logs.0.entries.0.pain"."""
    return replaced(DOCUMENT, path, value)


def test_it_accepts_a_good_document() -> None:
    assert check_export(DOCUMENT) == []


@pytest.mark.parametrize(("path", "value", "where", "said"), [
    ("logs.0.entries.0.pain", "3", "logs[0].entries[0].pain", "a whole number is expected"),
    ("logs.0.entries.0.pain", True, "logs[0].entries[0].pain", "a whole number is expected"),
    ("logs.0.entries.0.reps", 8.0, "logs[0].entries[0].reps", "a whole number is expected"),
    ("logs.0.feeling", 10**13, "logs[0].feeling", "larger than any value"),
    ("logs.0.note", "x" * (MAX_TEXT + 1), "logs[0].note", "longer than any"),
    ("logs.0.note", "a\x00b", "logs[0].note", "NUL"),
    ("logs.0.id", "not-a-uuid", "logs[0].id", "UUID"),
    ("logs.0.started_at", 1741000000, "logs[0].started_at", "text (a JSON string) is expected"),
    ("logs.0.entries", [{}] * (MAX_ENTRIES + 1), "logs[0].entries", "more than a session holds"),
    ("logs.0.entries.0.colour", "red", "logs[0].entries[0].colour", "unknown field"),
    ("results.0.date", "4 March 2025", "results[0].date", "YYYY-MM-DD"),
    ("results.0.value", None, "results[0].value", "must not be null"),
    ("logs", {"0": LOG}, "logs", "a list"),
    ("profile", [1, 2], "profile", "a JSON object, or null"),
    ("plan", {"days": [[[[[[[[[[[[[[1]]]]]]]]]]]]]]}, "plan.days", "nested more deeply"),
    ("homework", [{"teacher": "t@example.org"}], "homework[0].program", "missing"),
])
def test_it_names_each_bad_value_by_its_path(path: str, value: Any, where: str, said: str) -> None:
    problems = check_export(changed(path, value))
    assert any(at.startswith(where) and said in message for at, message in problems), problems


def test_it_refuses_a_file_of_another_kind_or_a_newer_version() -> None:
    assert check_export([DOCUMENT]) == [("file", f'an export is one JSON object with "format": "{FORMAT}"')]
    assert check_export(changed("format", "other"))[0][0] == "format"
    newer = check_export(changed("version", VERSION + 1))
    assert newer == [("version", f"this export was made by a newer footcoach (version {VERSION + 1}); "
                                 f"this one reads version {VERSION}: update footcoach first")]


def test_it_lists_no_more_than_so_many_problems() -> None:
    document = changed("logs", [{"id": 1}] * 1000)
    problems = check_export(document)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1][1].startswith(f"more than {MAX_PROBLEMS} problems")


@pytest.mark.parametrize(("raw", "said"), [
    (b"PK\x03\x04" + b"\x00" * 100, "this is a zip file"),
    (b"\xff\xfe{}", "not UTF-8 text"),
    (b'{"format": ', "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"n": ' + b"9" * 5000 + b"}", "a number of 5000 digits"),
    (b'{"n": NaN}', "NaN is not a number"),
    (b'{"n": Infinity}', "Infinity is not a number"),
])
def test_it_refuses_bytes_that_are_not_an_export_without_opening_them(raw: bytes, said: str) -> None:
    with pytest.raises(ExportFileError) as caught:
        read_export(raw)
    assert said in caught.value.problems[0][1]


def test_it_refuses_a_file_larger_than_any_export_before_parsing_it() -> None:
    with pytest.raises(ExportFileError) as caught:
        read_export(b" " * (MAX_FILE_BYTES + 1))
    assert caught.value.problems == [("file", f"it is larger than {MAX_FILE_BYTES // 2**20} MB, more than any export")]


def test_it_reads_a_good_file_with_a_byte_order_mark() -> None:
    assert read_export(b"\xef\xbb\xbf" + json.dumps(DOCUMENT).encode()) == DOCUMENT


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(section=st.sampled_from(["logs", "results", "homework", "links", "api_tokens", "profile", "plan", "account"]),
       value=JSON)
def test_it_answers_any_value_in_any_section_with_problems_never_an_exception(section: str, value: Any) -> None:
    problems = check_export(changed(section, value))
    assert all(isinstance(where, str) and isinstance(what, str) for where, what in problems)
