"""Class mode: a teacher shows a program to a room with the session player;
nothing in it is anyone's, so nothing is logged or sent."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from footcoach.accounts.actions import do_create_user
from footcoach.accounts.models import User
from footcoach.coaching.models import Attendance, CoachingLink
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
    with django_assert_max_num_queries(6):  # type: ignore[operator]
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


# ---- Attendance ---------------------------------------------------------------


def coached(teacher: User, email: str, *, ended: bool = False) -> User:
    person = do_create_user(email, PASSWORD)
    CoachingLink.objects.create(teacher=teacher, client=person, ended_at=timezone.now() if ended else None)
    return person


def marked() -> list[tuple[str, str, str, object]]:
    return sorted(Attendance.objects.values_list("teacher__email", "client__email", "program", "day"))


def boxes(html: str) -> dict[str, bool]:
    """Each attendance box's client id, and whether it is ticked."""
    found = re.findall(r'<input type="checkbox" name="attended" value="(\d+)" id="[^"]+"( checked)?>', html)
    return {value: bool(ticked) for value, ticked in found}


def test_it_lists_the_teachers_active_clients_only_to_mark_at_the_class(
    django_assert_max_num_queries: object,
) -> None:
    client, tess = signed_in("tess@example.org", teacher=True)
    alice, bob = coached(tess, "alice@example.org"), coached(tess, "bob@example.org")
    former = coached(tess, "fay@example.org", ended=True)
    otto = signed_in("otto@example.org", teacher=True)[1]
    theirs = coached(otto, "olga@example.org")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        response = client.get("/coach/class/sole-training")
    html = response.content.decode()
    assert boxes(html) == {str(alice.pk): False, str(bob.pk): False}
    assert "alice@example.org" in html and former.email not in html and theirs.email not in html


def test_it_marks_who_came_today_and_takes_back_a_box_left_empty() -> None:
    client, tess = signed_in("tess@example.org", teacher=True)
    alice, bob = coached(tess, "alice@example.org"), coached(tess, "bob@example.org")
    today = timezone.localdate()

    response = client.post("/coach/class/sole-training/attendance", {"attended": [str(alice.pk)]}, follow=True)
    assert response.redirect_chain == [("/coach/class/sole-training", 302)]
    html = response.content.decode()
    assert "Attendance saved: 1 client at today&#x27;s class." in html
    assert boxes(html) == {str(alice.pk): True, str(bob.pk): False}
    assert marked() == [("tess@example.org", "alice@example.org", "sole-training", today)]

    # Sent again with both: one row each, however often the form is sent.
    for _ in range(2):
        response = client.post("/coach/class/sole-training/attendance", {"attended": [str(alice.pk), str(bob.pk)]})
        assert response.status_code == 302
    assert [email for _, email, _, _ in marked()] == ["alice@example.org", "bob@example.org"]

    # Alice's box left empty: she was marked by mistake.
    client.post("/coach/class/sole-training/attendance", {"attended": [str(bob.pk)]})
    assert marked() == [("tess@example.org", "bob@example.org", "sole-training", today)]
    # Another program's class is its own list.
    client.post("/coach/class/ball-rolling/attendance", {"attended": [str(alice.pk)]})
    assert [(email, program) for _, email, program, _ in marked()] == [
        ("alice@example.org", "ball-rolling"), ("bob@example.org", "sole-training")]


@pytest.mark.parametrize("who", ["stranger", "former client", "another teacher's client", "not a number",
                                 "arabic-indic digits", "huge"])
def test_it_refuses_anyone_but_the_teachers_own_clients_and_changes_nothing(who: str) -> None:
    client, tess = signed_in("tess@example.org", teacher=True)
    alice = coached(tess, "alice@example.org")
    otto = signed_in("otto@example.org", teacher=True)[1]
    others = {
        "stranger": lambda: str(do_create_user("sam@example.org", PASSWORD).pk),
        "former client": lambda: str(coached(tess, "fay@example.org", ended=True).pk),
        "another teacher's client": lambda: str(coached(otto, "olga@example.org").pk),
        "not a number": lambda: "alice",
        "arabic-indic digits": lambda: "\u0661\u0662",
        "huge": lambda: "9" * 40,
    }
    other = others[who]()
    client.post("/coach/class/sole-training/attendance", {"attended": [str(alice.pk)]})
    before = marked()

    response = client.post("/coach/class/sole-training/attendance", {"attended": [other]})
    assert response.status_code == 400
    html = unescape(response.content.decode())
    named = f"client {other} is not one of them" if other.isascii() and len(other) < 18 and other.isdigit() \
        else f"{other!r} is not a client of yours"
    assert 'role="alert"' in html and f"Only your own clients can be marked: {named}." in html
    assert marked() == before
    # The page is whole again, the boxes as they were saved.
    assert boxes(html) == {str(alice.pk): True}


def test_it_lets_no_one_but_a_teacher_mark_attendance() -> None:
    client, pat = signed_in("pat@example.org", teacher=False)
    response = client.post("/coach/class/sole-training/attendance", {"attended": [str(pat.pk)]})
    assert response.status_code == 403
    assert "Class mode is for teachers" in response.content.decode()
    anonymous = Client().post("/coach/class/sole-training/attendance", {"attended": ["1"]})
    assert anonymous["Location"] == "/accounts/signin?next=/coach/class/sole-training/attendance"
    assert marked() == []


def test_it_marks_nobody_at_a_class_of_a_program_not_in_the_library() -> None:
    client, tess = signed_in("tess@example.org", teacher=True)
    alice = coached(tess, "alice@example.org")
    response = client.post("/coach/class/no-such-program/attendance", {"attended": [str(alice.pk)]})
    assert response.status_code == 404
    assert "no-such-program" in response.content.decode()
    assert marked() == []
