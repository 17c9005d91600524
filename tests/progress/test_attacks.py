"""Self-test results sent by a clumsy or hostile device: each bad field named, nothing stored, never a 500."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import time_machine
from django.test import Client

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import User
from footcoach.coaching.actions import do_accept_invitation, do_create_invitation
from footcoach.progress.models import SelfTestResult

pytestmark = pytest.mark.django_db

TODAY = "2026-03-10 12:00 +0000"
# Escaped in JSON, these reach Python as text that no database stores: NUL,
# half of a UTF-16 pair, and digits of another script.
NUL, HALF, ARABIC_DIGITS = "\\u0000", "\\ud800", "\\u0662\\u0660\\u0662\\u0666-03-09"


def token_of(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {do_create_token(user, 'phone')[1]}", raise_request_exception=False)


def result(**fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "test": "single-leg-stance", "side": "left", "date": "2026-03-09", "value": 21,
            **fields}


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("field", "sent"), [
    ("id", NUL), ("id", HALF), ("test", NUL), ("test", HALF), ("side", NUL), ("side", HALF),
    ("date", NUL), ("date", HALF), ("date", ARABIC_DIGITS),
])
def test_it_refuses_text_no_database_holds_by_its_field_and_stores_nothing(field: str, sent: str) -> None:
    alice = User.objects.create_user("alice@example.org", "barefoot on the beach")
    body = json.dumps({"results": [result(**{field: "MARK"})]}).replace("MARK", sent)

    answer = token_of(alice).post("/api/results/sync", body, content_type="application/json")

    assert answer.status_code == 200
    refused = answer.json()["refused"]
    assert [error["field"] for error in refused[0]["errors"]] == [f"results[0].{field}"]
    assert answer.json()["stored"] == []
    assert not SelfTestResult.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_it_stores_nothing_in_a_clients_name_when_her_teacher_syncs_her_result_ids() -> None:
    tess = User.objects.create_user("tess@example.org", "barefoot on the beach", is_teacher=True)
    alice = User.objects.create_user("alice@example.org", "barefoot on the beach")
    do_accept_invitation(alice, do_create_invitation(tess), shares_conditions=True)
    hers = result(value=21)
    assert token_of(alice).post("/api/results/sync", {"results": [hers]},
                                content_type="application/json").json()["stored"] == [hers["id"]]

    answer = token_of(tess).post("/api/results/sync", {"results": [{**hers, "value": 3}]},
                                 content_type="application/json")

    assert answer.status_code == 200 and answer.json()["refused"][0]["id"] == hers["id"]
    assert [(row.owner_id, row.value) for row in SelfTestResult.objects.all()] == [(alice.pk, 21)]
