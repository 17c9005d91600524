"""GET /api/progress over HTTP: the person's own progress, in the contract's shape, and nobody else's."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from footcoach.accounts.actions import do_create_token, do_save_profile
from footcoach.accounts.models import User
from footcoach.progress.models import SelfTestResult

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)
ANSWERS: dict[str, Any] = {
    "birth_year": 1952, "goals": ["balance"], "conditions": [], "equipment": ["wall-or-chair"],
    "minutes_per_day": 15, "days_per_week": 3, "setting": "home", "start_side": "left",
    "cleared_by_clinician": False,
}


def person(email: str) -> tuple[User, Client]:
    user = User.objects.create_user(email, "barefoot on the beach")
    _, token = do_create_token(user, "phone")
    return user, Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def sync(client: Client, **fields: Any) -> None:
    item = {"id": str(uuid.uuid4()), "test": "knee-to-wall", "side": "left", "date": TODAY.isoformat(), "value": 12}
    item.update(fields)
    answer = client.post("/api/results/sync", {"results": [item]}, content_type="application/json").json()
    assert answer["stored"] == [item["id"]], answer


@time_machine.travel("2026-03-10 12:00 +0000", tick=False)
def test_it_answers_the_persons_progress_in_the_contracts_shape() -> None:
    alice, client = person("alice@example.org")
    do_save_profile(alice, ANSWERS)
    sync(client)
    sync(client, side="right", value=8)
    for index in range(4):
        sync(client, test="first-step-pain", side=None, value=4, date=(TODAY - timedelta(days=index)).isoformat())

    response = client.get("/api/progress")

    assert response.status_code == 200
    answer = response.json()
    knee = [s for s in answer["tests"] if s["test"] == "knee-to-wall"]
    assert [(s["side"], s["results"]) for s in knee] == [
        ("left", [{"date": "2026-03-10", "value": 12.0, "count": 1}]),
        ("right", [{"date": "2026-03-10", "value": 8.0, "count": 1}]),
    ]
    assert all(s["norm"] is None or set(s["norm"]) == {"value", "source", "text"} for s in answer["tests"])
    (difference,) = answer["side_differences"]
    assert (difference["test"], difference["left"], difference["right"], difference["matters"]) == (
        "knee-to-wall", 12.0, 8.0, True)
    assert answer["release_checks"] == []
    days = answer["adherence"]["days"]
    assert days[-1]["date"] == "2026-03-10" and set(days[-1]) == {"date", "planned", "done"}
    assert answer["pain_by_week"] == [
        {"week": "2026-03-02", "session_pain": None, "morning_pain": 4.0},
        {"week": "2026-03-09", "session_pain": None, "morning_pain": 4.0},
    ]
    pain = next(h for h in answer["helping"] if h["measure"] == "first-step-pain")
    assert (pain["verdict"], pain["change"], pain["interval"]) == ("not-enough-data", None, None)
    assert SelfTestResult.objects.filter(owner=alice).count() == 6


@time_machine.travel("2026-03-10 12:00 +0000", tick=False)
def test_it_never_answers_another_persons_results() -> None:
    _, alice = person("alice@example.org")
    sync(alice)
    _, charlie = person("charlie@example.org")

    answer = charlie.get("/api/progress").json()

    assert all(s["results"] == [] and s["latest"] is None for s in answer["tests"])
    assert answer["side_differences"] == answer["helping"] == []


def test_it_asks_for_a_sign_in_or_a_token() -> None:
    response = Client().get("/api/progress")
    assert response.status_code == 401
    assert "Sign in" in response.json()["detail"]


def test_it_describes_both_routes_in_the_openapi_document() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    progress = paths["/api/progress"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert progress["$ref"].endswith("/ProgressOut")
    sync_route = paths["/api/results/sync"]["post"]
    body = sync_route["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]["results"]["items"]["properties"]) == {
        "id", "test", "side", "date", "value", "measured_by", "sway", "trace",
    }
    assert sync_route["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SyncOut")
