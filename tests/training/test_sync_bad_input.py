"""Bad input to the sync, as a clumsy device or a hostile script sends it: each bad log is
refused alone with its field named (or, where nothing is lost by it, stored cleaned), the
good logs of the same batch are stored, and the answer is always JSON."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from footcoach.training.models import LogEntry, SessionLog
from tests.training.conftest import Person
from tests.training.support import call, make_log

pytestmark = pytest.mark.django_db(transaction=True)


def sync(live_server: Any, person: Person, logs: list[Any]) -> tuple[int, Any]:
    return call(live_server.url, "POST", "/api/logs/sync", token=person.token, body={"logs": logs})


def refused_fields(answer: dict[str, Any]) -> dict[int, list[str]]:
    return {item["index"]: [error["field"] for error in item["errors"]] for item in answer["refused"]}


def test_it_refuses_times_that_cannot_be_held_or_make_no_sense_naming_the_field(
    live_server: Any, alice: Person
) -> None:
    good = make_log()
    # In UTC these are in year 10000 and in year 0: neither Python nor psycopg can read them back.
    past_9999 = make_log(started_at="9999-12-31T23:00:00-05:00", ended_at="9999-12-31T23:10:00-05:00")
    before_year_1 = make_log(started_at="0001-01-01T00:00:00+05:00", ended_at="0001-01-01T00:10:00+05:00")
    last_century = make_log(started_at="1999-12-31T23:50:00+00:00", ended_at="2000-01-01T00:10:00+00:00")
    over_a_day = make_log(started_at="2025-03-03T07:00:00+00:00", ended_at="2025-03-04T07:00:01+00:00")
    backwards = make_log(started_at="2025-03-03T08:00:00+00:00", ended_at="2025-03-03T07:59:59+00:00")
    no_offset = make_log(started_at="2025-03-03T08:00:00", ended_at="2025-03-03T08:05:00")
    good_too = make_log()

    status, answer = sync(
        live_server, alice, [good, past_9999, before_year_1, last_century, over_a_day, backwards, no_offset, good_too]
    )

    assert status == 200
    assert answer["stored"] == [good["id"], good_too["id"]]
    assert refused_fields(answer) == {
        1: ["logs[1].started_at", "logs[1].ended_at"],
        2: ["logs[2].started_at", "logs[2].ended_at"],
        3: ["logs[3].started_at"],
        4: ["logs[4].ended_at"],
        5: ["logs[5].ended_at"],
        6: ["logs[6].started_at", "logs[6].ended_at"],
    }
    messages = {e["field"]: e["message"] for item in answer["refused"] for e in item["errors"]}
    assert messages["logs[1].started_at"] == "this time is past the end of year 9999 in UTC, which cannot be stored"
    assert messages["logs[3].started_at"] == "this time is before 2000-01-01, earlier than any session footcoach holds"
    assert messages["logs[4].ended_at"] == "the session lasts more than a day"
    assert messages["logs[5].ended_at"] == "the session ends before it starts"
    # Every later read still works, and shows the good logs alone.
    status, listed = call(live_server.url, "GET", "/api/logs", token=alice.token)
    assert status == 200
    assert sorted(log["id"] for log in listed) == sorted([good["id"], good_too["id"]])
    assert SessionLog.objects.count() == 2


def test_it_stores_a_session_dated_in_the_future_as_ending_when_it_was_received(
    live_server: Any, alice: Person
) -> None:
    now = datetime.now(UTC)
    # A clock a few days fast, and one set to the end of time: both stored, moved back, lengths kept.
    days_ahead = make_log(started_at=(now + timedelta(days=3)).isoformat(),
                          ended_at=(now + timedelta(days=3, minutes=6)).isoformat())
    end_of_time = make_log(started_at="9999-12-31T23:40:00+00:00", ended_at="9999-12-31T23:59:59.999999+00:00")
    # A clock a minute fast is within the skew any two clocks have: stored as sent.
    minute_ahead = make_log(started_at=(now - timedelta(minutes=5)).isoformat(),
                            ended_at=(now + timedelta(minutes=1)).isoformat())

    before = datetime.now(UTC)
    status, answer = sync(live_server, alice, [days_ahead, end_of_time, minute_ahead])
    after = datetime.now(UTC)

    assert (status, answer) == (
        200, {"stored": [days_ahead["id"], end_of_time["id"], minute_ahead["id"]], "already": [], "refused": []}
    )
    for log, length in ((days_ahead, timedelta(minutes=6)), (end_of_time, timedelta(minutes=19, seconds=59.999999))):
        stored = SessionLog.objects.get(id=log["id"])
        assert before <= stored.ended_at <= after
        assert stored.ended_at == stored.received_at
        assert stored.ended_at - stored.started_at == length
    kept = SessionLog.objects.get(id=minute_ahead["id"])
    assert kept.ended_at == datetime.fromisoformat(minute_ahead["ended_at"])
    # Sent again, it is the same log: "already", not a second copy.
    assert sync(live_server, alice, [end_of_time])[1]["already"] == [end_of_time["id"]]
    assert SessionLog.objects.count() == 3


def test_it_stores_text_the_database_cannot_hold_cleaned_with_the_rest_of_the_batch(
    live_server: Any, alice: Person
) -> None:
    nul = make_log(note="left\x00right")
    nul["entries"][0]["note"] = "\x00\x00"
    surrogate = make_log(note="half an emoji \ud83d here")
    surrogate["entries"][2]["note"] = "\udfff"
    good = make_log()

    status, answer = sync(live_server, alice, [nul, surrogate, good])

    assert (status, answer) == (200, {"stored": [nul["id"], surrogate["id"], good["id"]], "already": [], "refused": []})
    assert SessionLog.objects.get(id=nul["id"]).note == "leftright"
    assert LogEntry.objects.get(log_id=nul["id"], position=0).note == ""
    assert SessionLog.objects.get(id=surrogate["id"]).note == "half an emoji \ufffd here"
    assert LogEntry.objects.get(log_id=surrogate["id"], position=2).note == "\ufffd"
    status, read = call(live_server.url, "GET", f"/api/logs/{surrogate['id']}", token=alice.token)
    assert (status, read["note"]) == (200, "half an emoji \ufffd here")


def test_it_refuses_a_nul_or_half_a_character_in_an_id_with_a_json_answer(live_server: Any, alice: Person) -> None:
    bad = make_log(program="sole\x00training")
    bad["entries"][0]["exercise"] = "toe\ud800fan"
    good = make_log()
    status, answer = sync(live_server, alice, [bad, good])
    assert status == 200
    assert answer["stored"] == [good["id"]]
    assert {e["field"]: e["message"] for e in answer["refused"][0]["errors"]} == {
        "logs[0].program": "no program has the id 'sole\\x00training'",
        "logs[0].entries[0].exercise": "no exercise has the id 'toe\\ud800fan'",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reps", "10"), ("reps", True), ("reps", 10.0), ("seconds", "60"), ("pain", 5.0), ("pain", False),
        ("pressure", "3"), ("skipped", "yes"), ("skipped", 1), ("skipped", "false"), ("note", 5),
    ],
)
def test_it_refuses_a_number_or_a_boolean_of_the_wrong_json_type(
    live_server: Any, alice: Person, field: str, value: Any
) -> None:
    bad = make_log()
    bad["entries"][1][field] = value
    good = make_log()
    status, answer = sync(live_server, alice, [bad, good])
    assert status == 200
    assert answer["stored"] == [good["id"]]
    assert refused_fields(answer) == {0: [f"logs[0].entries[1].{field}"]}
    assert list(SessionLog.objects.values_list("id", flat=True)) == [uuid.UUID(good["id"])]


@pytest.mark.parametrize(("field", "value"), [("feeling", "7"), ("feeling", 7.0), ("feeling", True)])
def test_it_refuses_a_feeling_of_the_wrong_json_type(live_server: Any, alice: Person, field: str, value: Any) -> None:
    status, answer = sync(live_server, alice, [make_log(**{field: value})])
    assert (status, refused_fields(answer)) == (200, {0: [f"logs[0].{field}"]})
    assert not SessionLog.objects.exists()


def test_it_takes_a_whole_number_as_a_self_test_result_but_not_text_or_a_boolean(
    live_server: Any, alice: Person
) -> None:
    def reach(value: Any) -> dict[str, Any]:
        return make_log(program="spiky-ball-release", entries=[
            {"kind": "test", "exercise": "forward-fold-reach", "moment": "before", "value": value}
        ])

    whole, text, yes = reach(3), reach("3"), reach(True)
    status, answer = sync(live_server, alice, [whole, text, yes])
    assert status == 200
    assert answer["stored"] == [whole["id"]]
    assert refused_fields(answer) == {1: ["logs[1].entries[0].value"], 2: ["logs[2].entries[0].value"]}
    assert LogEntry.objects.get().value == 3.0


def test_it_refuses_a_number_too_long_for_any_field_alone(live_server: Any, alice: Person) -> None:
    good = make_log()
    huge = make_log()
    # Python's int() refuses more than 4300 digits, so the body is written by hand.
    raw = json.dumps({"logs": [huge, good]}).replace('"reps": 8', '"reps": ' + "9" * 5000, 1)
    raw = raw.replace('"feeling": 7', '"feeling": -' + "1" * 5000, 1)
    status, answer = call(live_server.url, "POST", "/api/logs/sync", token=alice.token, raw=raw.encode())
    assert status == 200
    assert answer["stored"] == [good["id"]]
    assert refused_fields(answer) == {0: ["logs[0].entries[0].reps", "logs[0].feeling"]}
    assert SessionLog.objects.count() == 1


@pytest.mark.parametrize(
    "raw",
    [
        b'{"logs": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"logs": [{"note": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_000 + b"}]}",
        b'{"logs": [' + b"[" * 990 + b"]" * 990 + b"]}",
    ],
    ids=["logs-100000-deep", "note-5000-deep", "logs-990-deep"],
)
def test_it_answers_400_to_a_body_nested_too_deeply(live_server: Any, alice: Person, raw: bytes) -> None:
    status, body = call(live_server.url, "POST", "/api/logs/sync", token=alice.token, raw=raw)
    assert (status, body) == (
        400, {"detail": "The body is nested more than 64 levels deep; a sync body needs 5. Send {\"logs\": [...]}."}
    )
    assert not SessionLog.objects.exists()


def test_it_reads_a_body_64_levels_deep_and_refuses_one_of_65(live_server: Any, alice: Person) -> None:
    # The body, the logs list and the log are three levels; the note's lists make up the rest.
    def nested(levels: int) -> Any:
        note: Any = "a"
        for _ in range(levels - 3):
            note = [note]
        return make_log(note=note)

    status, answer = sync(live_server, alice, [nested(64)])
    assert status == 200
    assert refused_fields(answer) == {0: ["logs[0].note"]}
    status, answer = sync(live_server, alice, [nested(65)])
    assert (status, answer) == (
        400, {"detail": "The body is nested more than 64 levels deep; a sync body needs 5. Send {\"logs\": [...]}."}
    )
    assert not SessionLog.objects.exists()


def test_it_refuses_a_log_nested_a_little_too_deeply_alone(live_server: Any, alice: Person) -> None:
    deep = make_log(note=[[[["a"]]]], entries=[[[{}]]])
    good = make_log()
    status, answer = sync(live_server, alice, [deep, good])
    assert status == 200
    assert answer["stored"] == [good["id"]]
    assert refused_fields(answer) == {0: ["logs[0].entries[0]", "logs[0].note"]}
