"""GET /api/logs a page at a time: a stable order, a `next` link with an opaque cursor, a capped limit."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from tests.training.conftest import Person
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'^<(/api/logs\?[^>]+)>; rel="next"$')


def logs_on(days: int, first: str = "2025-03-01T07:00:00+00:00") -> list[dict[str, Any]]:
    start = datetime.fromisoformat(first)
    return [make_log(started_at=(start + timedelta(days=day)).isoformat(),
                     ended_at=(start + timedelta(days=day, minutes=6)).isoformat()) for day in range(days)]


def client_of(person: Person, logs: list[dict[str, Any]]) -> Client:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {person.token}")
    for first in range(0, len(logs), 100):
        answer = client.post("/api/logs/sync", {"logs": logs[first:first + 100]}, content_type="application/json")
        assert answer.status_code == 200 and answer.json()["refused"] == []
    return client


def pages(client: Client, url: str) -> list[list[dict[str, Any]]]:
    found = []
    while True:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        found.append(answer.json())
        if "Link" not in answer:
            return found
        match = NEXT.match(answer["Link"])
        assert match is not None, answer["Link"]
        url = match.group(1)


def test_it_pages_through_every_log_once_newest_first(alice: Person) -> None:
    # Two logs that started at the same instant are ordered by id, so a page can end between them.
    logs = logs_on(24) + [make_log(started_at="2025-03-10T07:00:00+00:00", ended_at="2025-03-10T07:05:00+00:00")]
    client = client_of(alice, logs)

    every = client.get("/api/logs?limit=1000").json()
    assert "Link" not in client.get("/api/logs?limit=1000")
    found = pages(client, "/api/logs?limit=10")

    assert [len(page) for page in found] == [10, 10, 5]
    assert [log["id"] for page in found for log in page] == [log["id"] for log in every]
    assert sorted(log["id"] for log in every) == sorted(log["id"] for log in logs)
    assert every[0]["started_at"] == "2025-03-24T07:00:00Z"
    assert every[0]["entries"][3] == {
        "kind": "exercise", "exercise": "rock-out", "side": None, "reps": None, "seconds": None, "pressure": None,
        "pain": None, "skipped": True, "skip_reason": "no-time", "moment": None, "value": None, "note": "",
    }


def test_the_next_link_keeps_the_filter(alice: Person) -> None:
    client = client_of(alice, logs_on(10))
    found = pages(client, "/api/logs?since=2025-03-05&limit=4")
    assert [len(page) for page in found] == [4, 2]
    assert min(log["started_at"] for page in found for log in page) == "2025-03-05T07:00:00Z"


def test_a_log_stored_between_pages_neither_shifts_a_page_nor_comes_twice(alice: Person) -> None:
    client = client_of(alice, logs_on(6))
    first = client.get("/api/logs?limit=3")
    client_of(alice, [make_log(started_at="2025-04-01T07:00:00+00:00", ended_at="2025-04-01T07:05:00+00:00")])
    match = NEXT.match(first["Link"])
    assert match is not None
    second = client.get(match.group(1)).json()
    days = [log["started_at"][:10] for log in first.json() + second]
    assert days == ["2025-03-06", "2025-03-05", "2025-03-04", "2025-03-03", "2025-03-02", "2025-03-01"]


def test_it_reads_a_page_in_the_same_few_queries_however_long_the_list(
    alice: Person, django_assert_num_queries: Any
) -> None:
    client = client_of(alice, logs_on(300))
    # The token, the page of logs and their entries.
    with django_assert_num_queries(3):
        answer = client.get("/api/logs?limit=100")
    assert len(answer.json()) == 100 and "Link" in answer
    match = NEXT.match(answer["Link"])
    assert match is not None
    with django_assert_num_queries(3):
        assert len(client.get(match.group(1)).json()) == 100


def forged(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "not-a-cursor",
    "%00",
    "%D9%A3%D9%A4",  # Arabic-Indic digits
    "A" * 5000,
    forged("2025-03-01T07:00:00|00000000-0000-4000-8000-000000000000"),  # no offset
    forged("2025-03-01T07:00:00+00:00|not-a-uuid"),
    forged("99999-01-01T00:00:00+00:00|00000000-0000-4000-8000-000000000000"),
    forged("2025-03-01T07:00:00+00:00"),
    forged("\u00e9|\u00e9"),
])
def test_it_answers_a_cursor_not_its_own_with_422_naming_it(alice: Person, cursor: str) -> None:
    client = client_of(alice, logs_on(2))
    answer = client.get(f"/api/logs?cursor={cursor}")
    assert answer.status_code == 422
    assert [problem["loc"] for problem in answer.json()["detail"]] == [["query", "cursor"]]


def test_it_caps_the_limit_and_says_so(alice: Person) -> None:
    client = client_of(alice, [])
    answer = client.get("/api/logs?limit=1001")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "limit"]


def test_a_cursor_from_an_old_list_still_reads_on_from_where_it_was(alice: Person) -> None:
    client = client_of(alice, logs_on(3))
    # A cursor is only a position: one past every log gives an empty last page.
    cursor = forged(f"{datetime(2000, 1, 1, tzinfo=UTC).isoformat()}|00000000-0000-4000-8000-000000000000")
    answer = client.get(f"/api/logs?cursor={cursor}")
    assert answer.status_code == 200 and answer.json() == [] and "Link" not in answer
