"""Class mode: a teacher shows a program to a room with the session player;
nothing in it is anyone's, so nothing is logged or sent."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from footcoach.accounts.actions import do_create_user
from footcoach.accounts.models import User
from footcoach.core.loader import load_library
from footcoach.training.models import SessionLog

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
PASSWORD = "barefoot on the beach"


def signed_in(email: str, *, teacher: bool) -> tuple[Client, User]:
    user = do_create_user(email, PASSWORD)
    User.objects.filter(pk=user.pk).update(is_teacher=teacher)
    client = Client()
    client.force_login(user)
    return client, user


def session_data(html: str) -> dict[str, object]:
    found = re.search(r'<script id="session-data" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_it_shows_a_teacher_the_program_as_published_in_class_mode(django_assert_max_num_queries: object) -> None:
    client, _ = signed_in("tess@example.org", teacher=True)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        response = client.get("/coach/class/spiky-ball-release")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-mode="class"' in html and "footcoach/classroom.js" in html and "footcoach/player.js" in html
    assert "nothing is saved for anyone" in html
    data = session_data(html)
    assert data["class"] is True
    # Nowhere to send a log, and no self-test steps: each person records their own.
    assert data["urls"] == {**data["urls"], "sync": None}  # type: ignore[dict-item]
    steps = data["steps"]
    assert steps and all(step["kind"] == "exercise" for step in steps)  # type: ignore[union-attr, index]
    program = LIBRARY.programs["spiky-ball-release"]
    assert len(steps) == sum(1 for item in program.items if item.exercise)  # type: ignore[arg-type]
    assert SessionLog.objects.count() == 0


def test_it_explains_class_mode_to_someone_who_does_not_teach() -> None:
    client, _ = signed_in("pat@example.org", teacher=False)
    response = client.get("/coach/class/sole-training")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Class mode is for teachers" in html and 'href="/account"' in html
    assert "session-data" not in html


def test_it_sends_someone_signed_out_to_sign_in_and_back() -> None:
    response = Client().get("/coach/class/sole-training")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signin?next=/coach/class/sole-training"


def test_it_names_a_program_that_is_not_in_the_library() -> None:
    client, _ = signed_in("tess@example.org", teacher=True)
    response = client.get("/coach/class/no-such-program")
    assert response.status_code == 404
    assert "no-such-program" in response.content.decode()


def test_it_changes_nothing_on_a_post() -> None:
    client, _ = signed_in("tess@example.org", teacher=True)
    assert client.post("/coach/class/sole-training").status_code == 405
