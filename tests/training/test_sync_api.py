"""Syncing session logs over real HTTP, as a device or a script does."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request
import uuid
from datetime import date
from typing import Any

import pytest
from django.conf import settings

from footcoach.training.models import LogEntry, SessionLog
from tests.training.conftest import PASSWORD, Person
from tests.training.support import call, make_log

# The live server runs in its own thread; it may use the database only in
# transactional tests.
pytestmark = pytest.mark.django_db(transaction=True)


def sync(live_server: Any, person: Person, logs: list[Any]) -> tuple[int, Any]:
    return call(live_server.url, "POST", "/api/logs/sync", token=person.token, body={"logs": logs})


def stored_ids(person: Person) -> list[str]:
    return sorted(str(key) for key in SessionLog.objects.of(person.user).values_list("id", flat=True))


def test_it_stores_a_batch_posted_twice_once(live_server: Any, alice: Person) -> None:
    batch = [make_log(), make_log(program="pilates-foot-series", entries=[{"exercise": "foot-spine"}])]
    ids = [log["id"] for log in batch]

    status, answer = sync(live_server, alice, batch)
    assert status == 200
    assert answer == {"stored": ids, "already": [], "refused": []}

    status, answer = sync(live_server, alice, batch)
    assert status == 200
    assert answer == {"stored": [], "already": ids, "refused": []}

    assert stored_ids(alice) == sorted(ids)
    assert LogEntry.objects.filter(log_id=ids[0]).count() == 4
    assert LogEntry.objects.filter(log_id=ids[1]).count() == 1


def test_it_stores_only_the_new_half_of_a_partly_received_batch(live_server: Any, alice: Person) -> None:
    sent_before = [make_log(), make_log()]
    assert sync(live_server, alice, sent_before)[0] == 200
    new = [make_log(), make_log()]
    # The device lost the first answer and resends everything, interleaved.
    batch = [new[0], sent_before[0], new[1], sent_before[1]]

    status, answer = sync(live_server, alice, batch)

    assert status == 200
    assert answer["stored"] == [new[0]["id"], new[1]["id"]]
    assert answer["already"] == [sent_before[0]["id"], sent_before[1]["id"]]
    assert answer["refused"] == []
    assert stored_ids(alice) == sorted(log["id"] for log in sent_before + new)
    assert LogEntry.objects.filter(log__owner=alice.user).count() == 4 * 4


def test_it_stores_a_log_sent_twice_in_one_batch_once(live_server: Any, alice: Person) -> None:
    log = make_log()
    status, answer = sync(live_server, alice, [log, make_log(id=log["id"], note="a copy")])
    assert (status, answer) == (200, {"stored": [log["id"]], "already": [log["id"]], "refused": []})
    assert SessionLog.objects.get().note == "Before my walk"
    assert LogEntry.objects.count() == 4


def test_it_stores_the_good_logs_of_a_mixed_batch_and_names_the_bad_fields(
    live_server: Any, alice: Person
) -> None:
    good = make_log()
    too_painful = make_log()
    too_painful["entries"][1]["pain"] = 11
    unknown_ids = make_log(program="moon-walk")
    unknown_ids["entries"][0]["exercise"] = "moonwalk"
    bad_side_and_skip = make_log()
    bad_side_and_skip["entries"][2].update(side="middle", skip_reason="tired", skipped=True)
    no_id = make_log()
    del no_id["id"]
    backwards = make_log(started_at="2025-03-03T08:00:00+00:00", ended_at="2025-03-03T07:00:00+00:00")
    good_too = make_log()

    status, answer = sync(
        live_server, alice, [good, too_painful, unknown_ids, bad_side_and_skip, no_id, "a string", backwards, good_too]
    )

    assert status == 200
    assert answer["stored"] == [good["id"], good_too["id"]]
    assert answer["already"] == []
    refused = {item["index"]: item for item in answer["refused"]}
    assert sorted(refused) == [1, 2, 3, 4, 5, 6]
    assert refused[1]["id"] == too_painful["id"]
    assert refused[1]["errors"] == [
        {"field": "logs[1].entries[1].pain", "message": "Input should be less than or equal to 10"}
    ]
    assert {e["field"]: e["message"] for e in refused[2]["errors"]} == {
        "logs[2].program": "no program has the id 'moon-walk'",
        "logs[2].entries[0].exercise": "no exercise has the id 'moonwalk'",
    }
    assert [e["field"] for e in refused[3]["errors"]] == [
        "logs[3].entries[2].side", "logs[3].entries[2].skip_reason"
    ]
    assert refused[4] == {"index": 4, "id": None, "errors": [{"field": "logs[4].id", "message": "Field required"}]}
    assert refused[5]["errors"] == [{"field": "logs[5]", "message": "each log must be a JSON object"}]
    assert refused[6]["errors"] == [{"field": "logs[6].ended_at", "message": "the session ends before it starts"}]
    assert stored_ids(alice) == sorted([good["id"], good_too["id"]])
    # A refused log leaves nothing behind, not even some of its entries.
    assert LogEntry.objects.count() == 8


def test_it_stores_self_test_results_and_why_a_session_stopped(live_server: Any, alice: Person) -> None:
    log = make_log(
        program="spiky-ball-release",
        stopped_reason="pain-over-7",
        feeling=3,
        entries=[
            {"kind": "test", "exercise": "forward-fold-reach", "moment": "before", "value": -4.5},
            {"exercise": "spiky-ball-heel", "side": "left", "seconds": 60, "pressure": 6, "pain": 8},
        ],
    )
    status, answer = sync(live_server, alice, [log])
    assert status == 200
    assert answer["stored"] == [log["id"]]

    status, body = call(live_server.url, "GET", f"/api/logs/{log['id']}", token=alice.token)
    assert status == 200
    assert body["stopped_reason"] == "pain-over-7"
    assert body["feeling"] == 3
    test, ball = body["entries"]
    assert (test["kind"], test["exercise"], test["moment"], test["value"]) == (
        "test", "forward-fold-reach", "before", -4.5
    )
    assert (ball["kind"], ball["side"], ball["seconds"], ball["pressure"], ball["pain"]) == (
        "exercise", "left", 60, 6, 8
    )


def test_it_refuses_a_self_test_sent_as_an_exercise_and_an_unknown_stop_rule(live_server: Any, alice: Person) -> None:
    log = make_log(stopped_reason="bored", entries=[{"exercise": "forward-fold-reach", "value": 3}])
    status, answer = sync(live_server, alice, [log])
    assert status == 200
    messages = {e["field"]: e["message"] for e in answer["refused"][0]["errors"]}
    assert messages["logs[0].stopped_reason"].startswith("no stop rule has the id 'bored'; use one of sharp-pain")
    assert messages["logs[0].entries[0].exercise"] == (
        "'forward-fold-reach' is a self-test; send it with \"kind\": \"test\""
    )
    assert messages["logs[0].entries[0].value"] == 'value is only for self-test results ("kind": "test")'
    assert not SessionLog.objects.exists()


def test_it_keeps_alices_logs_from_bob(live_server: Any, alice: Person, bob: Person) -> None:
    hers = make_log(note="Alice's morning")
    assert sync(live_server, alice, [hers])[0] == 200

    status, body = call(live_server.url, "GET", f"/api/logs/{hers['id']}", token=bob.token)
    assert status == 404
    assert body == {"detail": f"No session log has the id {hers['id']!r}."}
    assert call(live_server.url, "GET", "/api/logs", token=bob.token) == (200, [])

    # Bob sends a log under Alice's id: it is refused, and hers is unchanged.
    his = make_log(id=hers["id"], note="Bob's evening", entries=[])
    status, answer = sync(live_server, bob, [his])
    assert status == 200
    assert answer["stored"] == [] and answer["already"] == []
    assert answer["refused"] == [
        {"index": 0, "id": hers["id"],
         "errors": [{"field": "logs[0].id", "message": "this id is already taken; give the log a new UUID"}]}
    ]
    log = SessionLog.objects.get(id=hers["id"])
    assert (log.owner, log.note, log.entries.count()) == (alice.user, "Alice's morning", 4)
    assert not SessionLog.objects.of(bob.user).exists()


def test_it_answers_the_same_404_for_someone_elses_log_and_a_missing_one(
    live_server: Any, alice: Person, charlie: Person
) -> None:
    hers = make_log()
    sync(live_server, alice, [hers])
    other_status, other_body = call(live_server.url, "GET", f"/api/logs/{hers['id']}", token=charlie.token)
    missing = str(uuid.uuid4())
    missing_status, missing_body = call(live_server.url, "GET", f"/api/logs/{missing}", token=charlie.token)
    assert other_status == missing_status == 404
    assert other_body["detail"].replace(hers["id"], "ID") == missing_body["detail"].replace(missing, "ID")
    assert call(live_server.url, "GET", "/api/logs/not-a-uuid", token=charlie.token)[0] == 404


def test_it_lists_only_the_persons_own_logs_newest_first(live_server: Any, alice: Person, bob: Person) -> None:
    older = make_log(started_at="2025-03-01T07:00:00Z", ended_at="2025-03-01T07:06:00Z")
    newer = make_log(started_at="2025-03-05T07:00:00Z", ended_at="2025-03-05T07:06:00Z")
    sync(live_server, alice, [older, newer])
    sync(live_server, bob, [make_log()])

    status, body = call(live_server.url, "GET", "/api/logs", token=alice.token)
    assert status == 200
    assert [log["id"] for log in body] == [newer["id"], older["id"]]
    assert [e["exercise"] for e in body[0]["entries"]] == ["toe-fan", "heel-raise", "heel-raise", "rock-out"]
    assert body[0]["entries"][3]["skip_reason"] == "no-time"
    assert body[0]["started_at"] == "2025-03-05T07:00:00Z"

    status, body = call(live_server.url, "GET", "/api/logs?since=2025-03-04", token=alice.token)
    assert [log["id"] for log in body] == [newer["id"]]
    status, body = call(live_server.url, "GET", "/api/logs?limit=1", token=alice.token)
    assert [log["id"] for log in body] == [newer["id"]]


def test_it_reads_back_a_log_that_can_be_sent_again_unchanged(live_server: Any, alice: Person) -> None:
    log = make_log()
    sync(live_server, alice, [log])
    _, body = call(live_server.url, "GET", f"/api/logs/{log['id']}", token=alice.token)
    del body["received_at"]
    # What the API answers is valid input, so exporting and re-importing is safe.
    assert sync(live_server, alice, [body]) == (200, {"stored": [], "already": [log["id"]], "refused": []})


def test_it_refuses_requests_without_a_usable_token(live_server: Any, alice: Person) -> None:
    status, body = call(live_server.url, "POST", "/api/logs/sync", body={"logs": [make_log()]})
    assert status == 401
    assert body == {"detail": 'Sign in, or send a personal API token as "Authorization: Bearer <token>".'}
    assert call(live_server.url, "GET", "/api/logs")[0] == 401

    status, body = call(live_server.url, "POST", "/api/logs/sync", token="fc_made-up", body={"logs": [make_log()]})
    assert status == 401
    assert body["detail"].startswith("This API token is unknown or has been revoked.")
    assert not SessionLog.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"this is not json", 'The body is not valid JSON; send {"logs": [...]}.'),
        (b"\xff\xfe", 'The body is not valid JSON; send {"logs": [...]}.'),
        (b"", 'The body is not valid JSON; send {"logs": [...]}.'),
        (b'{"log": []}', 'The body must be a JSON object with a "logs" list: {"logs": [...]}.'),
        (b'{"logs": {"id": 1}}', 'The body must be a JSON object with a "logs" list: {"logs": [...]}.'),
        (b"[1, 2]", 'The body must be a JSON object with a "logs" list: {"logs": [...]}.'),
    ],
)
def test_it_explains_a_body_without_a_logs_list(live_server: Any, alice: Person, raw: bytes, message: str) -> None:
    status, body = call(live_server.url, "POST", "/api/logs/sync", token=alice.token, raw=raw)
    assert (status, body) == (400, {"detail": message})


def test_it_refuses_too_many_logs_in_one_request(live_server: Any, alice: Person) -> None:
    status, body = sync(live_server, alice, [make_log(entries=[]) for _ in range(101)])
    assert status == 413
    assert body == {"detail": "101 logs is too many for one request; send at most 100."}
    status, body = sync(live_server, alice, [make_log(note="x" * 3_000_000)])
    assert (status, body) == (413, {"detail": "The body is larger than 2.5 MB: send fewer logs per request."})
    assert not SessionLog.objects.exists()


# pytest-django's live server shares one connection between its threads when
# the test database is SQLite in memory, so parallel requests there are not
# parallel transactions. The real-server tests (test_sync_fault.py) race the
# same batch against gunicorn on a SQLite file instead.
@pytest.mark.skipif(
    "sqlite" in settings.DATABASES["default"]["ENGINE"], reason="needs a connection per request: run on PostgreSQL"
)
def test_it_stores_each_log_once_when_the_same_batch_races_itself(live_server: Any, alice: Person) -> None:
    batch = [make_log() for _ in range(5)]
    answers: list[tuple[int, Any]] = []
    start = threading.Barrier(6)

    def post() -> None:
        start.wait()
        answers.append(sync(live_server, alice, batch))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _ in answers] == [200] * 6
    for log in batch:
        # Exactly one request stored each log; every other one saw it there.
        assert sum(log["id"] in answer["stored"] for _, answer in answers) == 1
        assert sum(log["id"] in answer["already"] for _, answer in answers) == 5
    assert stored_ids(alice) == sorted(log["id"] for log in batch)
    assert LogEntry.objects.count() == 5 * 4


def browser_signed_in(base: str, email: str) -> tuple[urllib.request.OpenerDirector, str]:
    """An opener holding a signed-in session, and the CSRF token the page gave it."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    opener.open(base + "/accounts/signin", timeout=10).read()
    csrf = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
    form = urllib.parse.urlencode({"username": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf}).encode()
    opener.open(urllib.request.Request(base + "/accounts/signin", data=form), timeout=10).read()
    assert any(cookie.name == "sessionid" for cookie in cookies)
    # Signing in rotates the CSRF token.
    return opener, next(cookie.value for cookie in cookies if cookie.name == "csrftoken")


def test_it_takes_the_browser_session_only_with_its_csrf_token(live_server: Any, alice: Person) -> None:
    opener, csrf = browser_signed_in(live_server.url, "alice@example.org")
    log = make_log()

    status, body = call(live_server.url, "POST", "/api/logs/sync", body={"logs": [log]}, opener=opener)
    assert status == 403
    assert body["detail"].startswith("The CSRF check failed")
    assert not SessionLog.objects.exists()

    status, body = call(live_server.url, "POST", "/api/logs/sync", body={"logs": [log]}, opener=opener,
                        headers={"X-CSRFToken": csrf, "Origin": live_server.url})
    assert (status, body["stored"]) == (200, [log["id"]])
    assert SessionLog.objects.get().owner == alice.user

    # Reading needs no CSRF token: it changes nothing.
    status, body = call(live_server.url, "GET", "/api/logs", opener=opener)
    assert [item["id"] for item in body] == [log["id"]]


def test_it_refuses_logs_from_a_page_of_someone_no_longer_signed_in(
    live_server: Any, alice: Person, bob: Person
) -> None:
    # Bob signed in on the phone where a page of Alice's is still open in another tab.
    opener, csrf = browser_signed_in(live_server.url, "bob@example.org")
    log = make_log()
    headers = {"X-CSRFToken": csrf, "Origin": live_server.url}

    status, body = call(live_server.url, "POST", "/api/logs/sync", body={"logs": [log]}, opener=opener,
                        headers={**headers, "X-Footcoach-Account": str(alice.user.pk)})
    assert status == 403 and "belongs to another account" in body["detail"]
    assert not SessionLog.objects.exists()

    status, body = call(live_server.url, "POST", "/api/logs/sync", body={"logs": [log]}, opener=opener,
                        headers={**headers, "X-Footcoach-Account": str(bob.user.pk)})
    assert (status, body["stored"]) == (200, [log["id"]])
    assert SessionLog.objects.get().owner == bob.user


def test_it_filters_logs_by_person_and_day_in_python(alice: Person, bob: Person) -> None:
    from footcoach.training.actions import do_record_logs

    result = do_record_logs(alice.user, [
        make_log(started_at="2025-03-01T07:00:00Z", ended_at="2025-03-01T07:05:00Z"),
        make_log(started_at="2025-03-02T07:00:00Z", ended_at="2025-03-02T07:05:00Z"),
    ])
    do_record_logs(bob.user, [make_log(started_at="2025-03-02T08:00:00Z", ended_at="2025-03-02T08:05:00Z")])
    assert len(result.stored) == 2
    assert SessionLog.objects.of(alice.user).since(date(2025, 3, 2)).count() == 1
    assert SessionLog.objects.of(alice.user).since(date(2025, 3, 1)).count() == 2
    assert SessionLog.objects.since(date(2025, 3, 2)).count() == 2


def test_it_answers_as_its_openapi_document_says(live_server: Any, alice: Person) -> None:
    import jsonschema

    status, openapi = call(live_server.url, "GET", "/api/openapi.json")
    assert status == 200
    paths = openapi["paths"]

    def schema(path: str, method: str, status: int) -> dict[str, Any]:
        found = paths[path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
        return {**found, "components": openapi["components"]}

    log, bad = make_log(), make_log(feeling=12)
    body = {"logs": [log, bad]}
    jsonschema.validate(body["logs"][0], paths["/api/logs/sync"]["post"]["requestBody"]["content"]
                        ["application/json"]["schema"]["properties"]["logs"]["items"])
    status, answer = call(live_server.url, "POST", "/api/logs/sync", token=alice.token, body=body)
    assert status == 200
    jsonschema.validate(answer, schema("/api/logs/sync", "post", 200))
    status, logs = call(live_server.url, "GET", "/api/logs", token=alice.token)
    jsonschema.validate(logs, schema("/api/logs", "get", 200))
    status, one = call(live_server.url, "GET", f"/api/logs/{log['id']}", token=alice.token)
    jsonschema.validate(one, schema("/api/logs/{log_id}", "get", 200))
    status, missing = call(live_server.url, "GET", f"/api/logs/{bad['id']}", token=alice.token)
    assert status == 404
    jsonschema.validate(missing, schema("/api/logs/{log_id}", "get", 404))


def test_it_lists_logs_in_the_same_few_queries_however_many_there_are(
    alice: Person, django_assert_num_queries: Any
) -> None:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {alice.token}")
    client.post("/api/logs/sync", {"logs": [make_log() for _ in range(3)]}, content_type="application/json")
    # The token, the logs and their entries: three queries for 3 logs or 30.
    with django_assert_num_queries(3):
        assert len(client.get("/api/logs").json()) == 3
    client.post("/api/logs/sync", {"logs": [make_log() for _ in range(27)]}, content_type="application/json")
    with django_assert_num_queries(3):
        assert len(client.get("/api/logs").json()) == 30


def test_it_stores_a_batch_in_the_same_few_queries_however_many_logs_it_holds(
    alice: Person, django_assert_num_queries: Any
) -> None:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {alice.token}")
    assert client.get("/api/logs").status_code == 200  # the token's first use is written down once
    for size in (1, 10):
        # The token, the ids stored before, the logs and their entries, in one
        # transaction; none for teachers' alerts when no session alarms.
        with django_assert_num_queries(6):
            answer = client.post("/api/logs/sync", {"logs": [make_log() for _ in range(size)]},
                                 content_type="application/json")
        assert answer.status_code == 200
        assert len(answer.json()["stored"]) == size
    assert LogEntry.objects.count() == 11 * len(make_log()["entries"])
