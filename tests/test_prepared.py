"""Prepared reads: the rows the ORM would read, each run with its own values, the SQL written once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import Profile, User
from footcoach.prepared import Param, Prepared
from footcoach.progress.models import SelfTestResult
from footcoach.training.actions import do_record_logs
from footcoach.training.models import SessionLog
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

ANSWERS = {"birth_year": 1950, "goals": ["general", "heel-pain"], "conditions": ["bunion", "flat-feet"],
           "equipment": ["soft-ball", "towel"], "minutes_per_day": 15, "days_per_week": 4, "setting": "home",
           "start_side": "right", "cleared_by_clinician": True}


def logs_since() -> Prepared:
    return Prepared(lambda: (
        SessionLog.objects.filter(owner=Param("owner", SessionLog.owner.field),
                                  started_at__gte=Param("since", SessionLog.started_at.field))
        .order_by("started_at")
        .values_list("id", "started_at", "ended_at", "stopped_reason", "highest_pain", "skipped_for_pain")
    ))


def logs_of(person: User, starts: list[str], **fields: Any) -> None:
    do_record_logs(person, [
        make_log(started_at=start, ended_at=(datetime.fromisoformat(start) + timedelta(minutes=6)).isoformat(),
                 **fields)
        for start in starts
    ])


@pytest.fixture
def alice() -> User:
    person = User.objects.create_user("alice@example.org", "barefoot on the beach")
    logs_of(person, ["2026-11-02T23:30:00-05:00", "2026-11-03T00:15:00+09:00", "2026-11-29T08:00:00+00:00"])
    logs_of(person, ["2026-11-20T07:00:00+01:00"], stopped_reason="sharp-pain", entries=[])
    return person


@pytest.fixture
def bob() -> User:
    person = User.objects.create_user("bob@example.org", "walking on pebbles")
    logs_of(person, ["2026-11-10T18:45:00+00:00"])
    return person


def test_it_reads_the_rows_the_orm_reads(alice: User) -> None:
    since = datetime(2026, 11, 1, tzinfo=UTC)
    read = logs_since()

    rows = read.all(owner=alice.pk, since=since)

    expected = list(
        SessionLog.objects.filter(owner=alice, started_at__gte=since).order_by("started_at")
        .values_list("id", "started_at", "ended_at", "stopped_reason", "highest_pain", "skipped_for_pain")
    )
    assert len(rows) == 4
    assert rows == expected
    # Converted as the ORM converts: aware times, true booleans, numbers.
    assert all(row[1].tzinfo is not None for row in rows)
    assert {type(row[5]) for row in rows} == {bool}


def test_it_reads_each_persons_own_rows_in_turn(alice: User, bob: User) -> None:
    read = logs_since()
    since = datetime(2026, 1, 1, tzinfo=UTC)
    owners = {}
    for person in (alice, bob, alice, bob):
        ids = [row[0] for row in read.all(owner=person.pk, since=since)]
        owners[person.email] = set(SessionLog.objects.filter(id__in=ids).values_list("owner__email", flat=True))
        assert len(ids) == SessionLog.objects.filter(owner=person).count()
    assert owners == {"alice@example.org": {"alice@example.org"}, "bob@example.org": {"bob@example.org"}}


def test_it_reads_only_from_the_value_given(alice: User) -> None:
    read = logs_since()

    later = read.all(owner=alice.pk, since=datetime(2026, 11, 20, tzinfo=UTC))
    earlier = read.all(owner=alice.pk, since=datetime(2026, 11, 1, tzinfo=UTC))

    assert len(later) == 2
    assert len(earlier) == 4


def test_it_reads_model_objects_as_the_orm_makes_them(alice: User) -> None:
    do_save_profile(alice, ANSWERS)
    read = Prepared(lambda: Profile.objects.filter(owner=Param("owner", Profile.owner.field)))

    found = read.first(owner=alice.pk)

    stored = Profile.objects.get(owner=alice)
    assert isinstance(found, Profile)
    assert found.pk == stored.pk
    assert model_to_dict(found) == model_to_dict(stored)
    assert found.goals == ["general", "heel-pain"]  # JSON read back as a list, not as text
    assert found.as_core() == stored.as_core()
    found.minutes_per_day = 20
    found.save()  # an object read this way saves like any other
    assert Profile.objects.get(owner=alice).minutes_per_day == 20


def test_it_reads_single_values_and_nothing(alice: User) -> None:
    SelfTestResult.objects.create(owner=alice, test="first-step-pain", taken_on=date(2026, 11, 3), value=3.5)
    read = Prepared(lambda: (
        SelfTestResult.objects.filter(owner=Param("owner", SelfTestResult.owner.field)).values_list("value", flat=True)
    ))
    stranger = User.objects.create_user("charlie@example.org", "never seen her data")

    assert read.all(owner=alice.pk) == [3.5]
    assert read.first(owner=stranger.pk) is None
    assert read.all(owner=stranger.pk) == []


def test_it_writes_its_sql_once_and_runs_one_query_each_time(alice: User) -> None:
    built = []

    def build() -> Any:
        built.append(1)
        return SessionLog.objects.filter(owner=Param("owner", SessionLog.owner.field)).values_list("id")

    read = Prepared(build)
    read.all(owner=alice.pk)
    after_first = len(built)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert len(read.all(owner=alice.pk)) == 4

    assert len(built) == after_first  # not built again
    assert len(queries) == 3
    assert len({query["sql"] for query in queries}) == 1


def test_it_names_the_values_it_takes(alice: User) -> None:
    read = logs_since()

    with pytest.raises(TypeError, match=r"takes the values \['owner', 'since'\], not \['owner'\]"):
        read.all(owner=alice.pk)
    with pytest.raises(TypeError, match=r"not \['owner', 'since', 'until'\]"):
        read.all(owner=alice.pk, since=datetime(2026, 1, 1, tzinfo=UTC), until=None)


def test_it_refuses_a_read_it_cannot_prepare(alice: User) -> None:
    joined = Prepared(lambda: SessionLog.objects.filter(owner=Param("owner", SessionLog.owner.field))
                      .select_related("owner"))
    dicts = Prepared(lambda: SessionLog.objects.filter(owner=Param("owner", SessionLog.owner.field)).values("id"))

    with pytest.raises(ValueError, match="one model's own columns"):
        joined.all(owner=alice.pk)
    with pytest.raises(ValueError, match="rows"):
        dicts.all(owner=alice.pk)


def test_it_sets_annotations_on_the_objects_it_reads(alice: User, bob: User) -> None:
    read = Prepared(lambda: (
        User.objects.filter(session_logs__stopped_reason=Param("reason", SessionLog.stopped_reason.field))
        .annotate(log_started_at=F("session_logs__started_at"))
    ))

    found = read.all(reason="sharp-pain")

    assert [person.email for person in found] == ["alice@example.org"]
    assert found[0].log_started_at == datetime(2026, 11, 20, 6, tzinfo=UTC)
    assert read.all(reason="no-such-reason") == []


def test_it_answers_nothing_for_a_filter_nothing_can_match(alice: User) -> None:
    read = Prepared(lambda: (
        SessionLog.objects.filter(owner=Param("owner", SessionLog.owner.field), program__in=[]).values_list("id")
    ))

    with CaptureQueriesContext(connection) as queries:
        assert read.all(owner=alice.pk) == []
    assert len(queries) == 0  # as the ORM, which does not ask the database either
