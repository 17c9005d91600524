"""The summary of its steps a log keeps (highest pain, steps skipped, skipped for pain) says what its steps say.

The planner reads the summary instead of the steps, so a summary that drifted
from the steps would change someone's doses; these tests hold it to the steps
stored beside it, for logs stored by the sync and for logs stored before the
summary existed (the migration fills theirs in).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Exists, Max, OuterRef, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footcoach.accounts.models import User
from footcoach.training.actions import do_record_logs
from footcoach.training.models import LogEntry, SessionLog
from tests.training.support import make_log

ENTRIES = st.lists(
    st.builds(
        lambda pain, skipped, reason: {"exercise": "heel-raise", "side": "left", "reps": 8, "pain": pain,
                                       "skipped": skipped, "skip_reason": reason if skipped else ""},
        st.none() | st.integers(0, 10), st.booleans(), st.sampled_from(["pain", "no-time", "other"]),
    ),
    max_size=12,
)


def summaries_from_the_steps() -> dict[uuid.UUID, tuple[int | None, int, bool]]:
    return {
        log_id: (highest, skipped, for_pain)
        for log_id, highest, skipped, for_pain in SessionLog.objects.annotate(
            highest=Max("entries__pain"),
            skipped=Count("entries", filter=Q(entries__skipped=True)),
            for_pain=Exists(LogEntry.objects.filter(log=OuterRef("pk"), skip_reason="pain")),
        ).values_list("id", "highest", "skipped", "for_pain")
    }


def kept_summaries() -> dict[uuid.UUID, tuple[int | None, int, bool]]:
    return {
        log_id: (highest, skipped, for_pain)
        for log_id, highest, skipped, for_pain in SessionLog.objects.values_list(
            "id", "highest_pain", "steps_skipped", "skipped_for_pain"
        )
    }


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ENTRIES, min_size=1, max_size=4))
def test_a_synced_logs_summary_is_what_its_stored_steps_say(batches: list[list[dict[str, Any]]]) -> None:
    SessionLog.objects.all().delete()
    person, _ = User.objects.get_or_create(email="alice@example.org")
    answer = do_record_logs(person, [make_log(entries=entries) for entries in batches])
    assert len(answer.stored) == len(batches)
    assert kept_summaries() == summaries_from_the_steps()


@pytest.mark.django_db
def test_a_log_stored_one_by_one_keeps_its_summary_too() -> None:
    # A batch holding an id already stored by someone else is written a log at a time.
    alice = User.objects.create_user("alice@example.org", None)
    bob = User.objects.create_user("bob@example.org", None)
    taken = make_log()
    do_record_logs(bob, [taken])
    entries = [{"exercise": "heel-raise", "side": "left", "reps": 8, "pain": 6, "skipped": False},
               {"exercise": "rock-out", "pain": None, "skipped": True, "skip_reason": "pain"}]
    answer = do_record_logs(alice, [taken, make_log(entries=entries)])
    assert len(answer.stored) == 1
    assert kept_summaries() == summaries_from_the_steps()
    assert (6, 1, True) in kept_summaries().values()


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_in_the_summaries_of_logs_stored_before_it() -> None:
    before, after = [("training", "0003_logentry_skipped")], [("training", "0004_sessionlog_step_summary")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        person = User.objects.create_user("alice@example.org", None)  # only training went back
        Log, Entry = old.get_model("training", "SessionLog"), old.get_model("training", "LogEntry")
        started = datetime(2026, 11, 2, 8, tzinfo=UTC)
        steps_of_each = [
            [(3, False, ""), (7, False, ""), (None, True, "no-time")],
            [(None, True, "pain"), (2, False, "")],
            [],  # a session stopped before its first step
            [(None, True, "other"), (None, True, "no-time")],
        ]
        for steps in steps_of_each:
            log = Log.objects.create(id=uuid.uuid4(), owner_id=person.pk, program="sole-training",
                                     started_at=started, ended_at=started)
            for position, (pain, skipped, reason) in enumerate(steps):
                Entry.objects.create(log=log, position=position, exercise="heel-raise", pain=pain,
                                     skipped=skipped, skip_reason=reason)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        kept = sorted(kept_summaries().values(), key=repr)
        assert kept == sorted([(7, 1, False), (2, 1, True), (None, 0, False), (None, 2, False)], key=repr)
        assert kept_summaries() == summaries_from_the_steps()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
