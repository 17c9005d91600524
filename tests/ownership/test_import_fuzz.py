"""A good export with any one value made arbitrary: the import stores it or refuses it whole, never fails."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footcoach.ownership.actions import ImportRefused, ImportReport, do_import
from tests.document_paths import replaced
from tests.ownership.support import days_ago, person, row_counts, stamp

pytestmark = pytest.mark.django_db

DAY = days_ago(3)
DOCUMENT: dict[str, Any] = {
    "format": "footcoach-export", "version": 1, "exported_at": stamp(DAY, 9),
    "account": {"email": "ann@example.org", "is_teacher": False, "emails_alerts": False,
                "date_joined": stamp(DAY, 8)},
    "profile": {"birth_year": 1952, "goals": ["balance"], "conditions": [], "equipment": ["towel"],
                "minutes_per_day": 15, "days_per_week": 5, "setting": "home", "start_side": "left",
                "cleared_by_clinician": False},
    "plan": None,
    "logs": [{
        "id": "6c5e0a4e-9d1f-4b8a-9f2e-2f8f1f0c7a11", "program": "sole-training", "started_at": stamp(DAY, 7),
        "ended_at": stamp(DAY, 7, 6), "stopped_reason": None, "feeling": 7, "note": "Before my walk",
        "received_at": stamp(DAY, 7, 7),
        "entries": [{"kind": "exercise", "exercise": "heel-raise", "side": "left", "reps": 8, "seconds": None,
                     "pressure": None, "pain": 2, "skipped": False, "skip_reason": None, "moment": None,
                     "value": None, "note": ""}],
    }],
    "results": [
        {"id": "7d6f1b5f-0e2a-4c9b-8a3f-3a9a2a1d8b22", "test": "single-leg-stance", "side": "left",
         "date": DAY.isoformat(), "value": 21, "recorded_at": stamp(DAY, 9)},
        {"id": None, "test": "first-step-pain", "side": None, "date": DAY.isoformat(), "value": 3,
         "recorded_at": stamp(DAY, 6)},
    ],
    "homework": [], "links": [], "api_tokens": [],
}
NUMBERS = itertools.count()
PATHS = [
    "profile.birth_year", "profile.goals", "profile.sex", "logs.0.id", "logs.0.program", "logs.0.started_at",
    "logs.0.ended_at", "logs.0.stopped_reason", "logs.0.feeling", "logs.0.note", "logs.0.entries",
    "logs.0.entries.0.kind", "logs.0.entries.0.exercise", "logs.0.entries.0.side", "logs.0.entries.0.reps",
    "logs.0.entries.0.pain", "logs.0.entries.0.skip_reason", "logs.0.entries.0.value", "results.0.id",
    "results.0.test", "results.0.side", "results.0.date", "results.0.value", "results.1.date",
    "results.1.value", "results.1.side", "results", "homework", "version",
]
ODD = ["", "\x00", "\ud800", "NaN", "１０", "10", "left", "first-step-pain", "x" * 3000, "9999-12-31",
       "0001-01-01", "2025-02-30", "9999-12-31T23:59:59-14:00", "1999-12-31T23:59:59Z", "pain-over-7"]
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.integers(-3, 12) | st.floats()
    | st.text(max_size=8) | st.sampled_from(ODD),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def changed(path: str, value: Any) -> dict[str, Any]:
    """DOCUMENT with one value replaced, by a path such as "logs.0.entries.0.pain"."""
    return replaced(DOCUMENT, path, value)


def test_it_imports_the_document_as_it_is() -> None:
    assert do_import(person("bea@example.org"), copy.deepcopy(DOCUMENT)).added == {
        "profile": 1, "logs": 1, "results": 2}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), value=values)
def test_it_stores_a_changed_document_or_refuses_it_and_stores_nothing(path: str, value: Any) -> None:
    someone = person(f"p{next(NUMBERS)}@example.org")
    counts = row_counts()
    try:
        answer = do_import(someone, changed(path, value))
    except ImportRefused as refused:
        assert refused.problems and all(isinstance(where, str) for where, _ in refused.problems)
        assert row_counts() == counts
    else:
        assert isinstance(answer, ImportReport)
