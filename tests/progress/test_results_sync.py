"""Syncing self-test results from a device: each stored exactly once, bad ones refused by field."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import time_machine
from django.test import Client

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import User
from footcoach.progress.models import SelfTestResult

pytestmark = pytest.mark.django_db

TODAY = "2026-03-10 12:00 +0000"


def person(email: str) -> Client:
    user = User.objects.create_user(email, "barefoot on the beach")
    _, token = do_create_token(user, "phone")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def result(**fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": str(uuid.uuid4()), "test": "single-leg-stance", "side": "left", "date": "2026-03-09", "value": 21,
    }
    item.update(fields)
    return item


def sync(client: Client, results: Any) -> tuple[int, Any]:
    response = client.post("/api/results/sync", {"results": results}, content_type="application/json")
    return response.status_code, response.json()


def stored(email: str) -> list[tuple[str, str, str, float]]:
    rows = SelfTestResult.objects.filter(owner__email=email).order_by("taken_on", "test", "side")
    return [(row.test, row.side, row.taken_on.isoformat(), row.value) for row in rows]


@time_machine.travel(TODAY, tick=False)
def test_it_stores_a_result_sent_twice_once() -> None:
    alice = person("alice@example.org")
    sent = [result(), result(side="right", value=30)]
    ids = [item["id"] for item in sent]

    assert sync(alice, sent) == (200, {"stored": ids, "already": [], "refused": []})
    assert sync(alice, sent) == (200, {"stored": [], "already": ids, "refused": []})

    assert stored("alice@example.org") == [
        ("single-leg-stance", "left", "2026-03-09", 21.0), ("single-leg-stance", "right", "2026-03-09", 30.0),
    ]


@time_machine.travel(TODAY, tick=False)
def test_it_keeps_the_newer_result_of_a_day_when_the_older_one_is_sent_again() -> None:
    alice = person("alice@example.org")
    older, newer = result(value=18), result(value=24)
    assert sync(alice, [older])[1]["stored"] == [older["id"]]
    assert sync(alice, [newer])[1]["stored"] == [newer["id"]]

    # The device never got the first answer and sends the older result again.
    assert sync(alice, [older]) == (200, {"stored": [], "already": [older["id"]], "refused": []})

    assert stored("alice@example.org") == [("single-leg-stance", "left", "2026-03-09", 24.0)]
    assert SelfTestResult.objects.get().uid == uuid.UUID(newer["id"])


@time_machine.travel(TODAY, tick=False)
def test_it_stores_one_result_sent_twice_in_one_batch_once() -> None:
    alice = person("alice@example.org")
    item = result()
    assert sync(alice, [item, item]) == (200, {"stored": [item["id"]], "already": [item["id"]], "refused": []})
    assert len(stored("alice@example.org")) == 1


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_each_bad_field_by_name_and_stores_the_good_results() -> None:
    alice = person("alice@example.org")
    good = result(test="first-step-pain", side=None, value=3)
    bad = [
        result(test="no-such-test"),
        result(value=2.5, test="heel-raise-count"),
        result(value=301),
        result(side=None),
        result(test="first-step-pain", side="left", value=3),
        result(date="1999-12-31"),
        result(date="2026-03-12"),
        result(date="２０２６-03-09"),
        result(date="2026-02-30"),
        result(value="21"),
        result(value=True),
        result(id="not-a-uuid"),
        result(colour="red"),
        "a result",
    ]

    status, answer = sync(alice, [*bad, good])

    assert status == 200
    assert answer["stored"] == [good["id"]]
    assert answer["already"] == []
    fields = {refusal["index"]: [error["field"] for error in refusal["errors"]] for refusal in answer["refused"]}
    assert fields == {
        0: ["results[0].test"],
        1: ["results[1].value"],
        2: ["results[2].value"],
        3: ["results[3].side"],
        4: ["results[4].side"],
        5: ["results[5].date"],
        6: ["results[6].date"],
        7: ["results[7].date"],
        8: ["results[8].date"],
        9: ["results[9].value"],
        10: ["results[10].value"],
        11: ["results[11].id"],
        12: ["results[12].colour"],
        13: ["results[13]"],
    }
    messages = {refusal["index"]: refusal["errors"][0]["message"] for refusal in answer["refused"]}
    assert messages[0].startswith("no self-test has the id 'no-such-test'; choose from forward-fold-reach")
    assert messages[2].startswith("single-leg-stance takes seconds from 0 to 300")
    assert messages[3] == "single-leg-stance is taken per foot: give side left or right"
    assert messages[6].startswith("2026-03-12 is after 2026-03-11")
    # A refusal names the result by its id whenever the id is a UUID.
    assert answer["refused"][0]["id"] == bad[0]["id"]
    assert answer["refused"][11]["id"] is None

    assert stored("alice@example.org") == [("first-step-pain", "", "2026-03-09", 3.0)]


@time_machine.travel(TODAY, tick=False)
def test_it_rounds_a_distance_to_the_tests_step() -> None:
    alice = person("alice@example.org")
    assert sync(alice, [result(test="knee-to-wall", value=9.3)])[0] == 200
    assert stored("alice@example.org") == [("knee-to-wall", "left", "2026-03-09", 9.5)]


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_another_persons_id_without_touching_their_result() -> None:
    alice, charlie = person("alice@example.org"), person("charlie@example.org")
    item = result()
    assert sync(alice, [item])[1]["stored"] == [item["id"]]

    status, answer = sync(charlie, [{**item, "value": 3}])

    assert status == 200
    assert answer["stored"] == answer["already"] == []
    assert answer["refused"] == [{"index": 0, "id": item["id"], "errors": [
        {"field": "results[0].id", "message": "this id is already taken; give the result a new UUID"}
    ]}]
    assert stored("alice@example.org") == [("single-leg-stance", "left", "2026-03-09", 21.0)]
    assert stored("charlie@example.org") == []


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b'{"results": {}}', 400),
    (b"[]", 400),
    (b'{"results": [' + b"[" * 100 + b"]" * 100 + b"]}", 400),
    (json.dumps({"results": [{}] * 501}).encode(), 413),
])
def test_it_answers_a_body_it_cannot_read_with_a_message(body: bytes, status: int) -> None:
    alice = person("alice@example.org")
    response = alice.post("/api/results/sync", body, content_type="application/json")
    assert response.status_code == status
    assert "results" in response.json()["detail"]
    assert SelfTestResult.objects.count() == 0


def test_it_reads_a_number_too_long_for_any_result_as_a_bad_value() -> None:
    alice = person("alice@example.org")
    item = json.dumps(result(value=0)).replace('"value": 0', '"value": 1' + "0" * 5000)
    body = f'{{"results": [{item}]}}'
    response = alice.post("/api/results/sync", body, content_type="application/json")
    assert response.status_code == 200
    assert [error["field"] for error in response.json()["refused"][0]["errors"]] == ["results[0].value"]


def test_it_asks_for_a_sign_in_or_a_token() -> None:
    response = Client().post("/api/results/sync", {"results": [result()]}, content_type="application/json")
    assert response.status_code == 401
    assert SelfTestResult.objects.count() == 0
