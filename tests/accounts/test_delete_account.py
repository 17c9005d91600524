"""Deleting one's own account: everything of theirs goes, nothing of anyone else's.

Alice is deleted. She is a client (of Bob) and a teacher (of Dora), with a
row of every kind. Charlie has a row of every kind too, and must keep them
all; Bob keeps Charlie as a client.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client

from footcoach.accounts.actions import do_create_token, do_save_profile
from footcoach.accounts.models import User
from footcoach.coaching.access import teachers_of
from footcoach.coaching.actions import (
    do_accept_invitation,
    do_assign_homework,
    do_create_invitation,
    do_mark_attendance,
)
from footcoach.coaching.models import CoachingLink, Invitation
from footcoach.core.homework import check_homework
from footcoach.core.loader import load_library
from footcoach.progress.actions import do_record_morning_pain, do_sync_results
from footcoach.reminders.actions import check_reminder_fields, do_claim_reminder, do_renew_feed, do_save_reminders
from footcoach.training.actions import do_record_logs
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
PASSWORD = "barefoot on the beach"
PROFILE = {"birth_year": 1970, "goals": ["balance"], "conditions": [], "equipment": ["towel"],
           "minutes_per_day": 15, "days_per_week": 5, "setting": "home", "start_side": "left",
           "cleared_by_clinician": False}

# The foreign keys to the account that keep a row when the account goes,
# losing only the name: each is another person's row that merely mentions them.
KEPT_WITHOUT_THE_NAME = {
    # The teacher's invitation that the deleted person accepted: the teacher's record.
    ("coaching", "Invitation", "used_by"),
}


@dataclass
class World:
    alice: User
    bob: User
    charlie: User
    dora: User
    alice_token: str


def everything_of(person: User, day: date, *, teacher: User, token_name: str) -> str:
    """A row of every kind for the person: profile, tokens, logs, results, homework,
    coaching links, invitations, attendance, calendar feed and reminders. Returns an API token."""
    do_save_profile(person, PROFILE)
    _, token = do_create_token(person, token_name)
    log = make_log(started_at=f"{day}T07:30:00+00:00", ended_at=f"{day}T07:36:10+00:00")
    assert do_record_logs(person, [log]).as_out().stored
    do_record_morning_pain(person, day, 3)
    result = {"id": str(uuid.uuid4()), "test": "single-leg-stance", "side": "left", "date": str(day), "value": 21}
    assert do_sync_results(person, [result]).stored
    link = do_accept_invitation(person, do_create_invitation(teacher), shares_conditions=True)
    do_assign_homework(link, check_homework(
        LIBRARY, program="", items=[{"exercise": "toe-fan"}], times_per_week=3, starts_on=day, ends_on=None,
        note="Spread your toes slowly.",
    ))
    do_mark_attendance(teacher, "sole-training", day, [person.pk])
    do_renew_feed(person, "Europe/Paris")
    do_save_reminders(person, check_reminder_fields(
        enabled=True, at="07:30", weekdays=[], plan_days=True, time_zone="Europe/Paris"))
    assert do_claim_reminder(person, day) is not None
    return token


def make_world() -> World:
    day = date(2025, 3, 3)
    alice = User.objects.create_user("alice@example.org", PASSWORD, is_teacher=True)
    bob = User.objects.create_user("bob@example.org", PASSWORD, is_teacher=True)
    charlie = User.objects.create_user("charlie@example.org", PASSWORD, is_teacher=True)
    dora = User.objects.create_user("dora@example.org", PASSWORD)
    alice_token = everything_of(alice, day, teacher=bob, token_name="Alice's phone")
    # Another day: marking who came to a class replaces that class's marks.
    everything_of(charlie, date(2025, 3, 4), teacher=bob, token_name="Charlie's phone")
    # Alice teaches Dora, and Charlie teaches Dora too; each keeps an open invitation.
    for teacher in (alice, charlie):
        link = do_accept_invitation(dora, do_create_invitation(teacher), shares_conditions=False)
        do_assign_homework(link, check_homework(
            LIBRARY, program="sole-training", items=[], times_per_week=2, starts_on=day, ends_on=None, note="",
        ))
        do_mark_attendance(teacher, "sole-training", day, [dora.pk])
        do_create_invitation(teacher)
    AccessLog.objects.create(username=alice.email, ip_address="198.51.100.20", user_agent="test")
    AccessLog.objects.create(username=charlie.email, ip_address="198.51.100.21", user_agent="test")
    return World(alice, bob, charlie, dora, alice_token)


def paths_to_people(model: type[models.Model]) -> list[str]:
    """Each lookup from the model's rows to an account: its own foreign keys to
    the account, and those one foreign key away (an entry's log's owner)."""
    user_model = get_user_model()
    paths = []
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target is user_model:
            paths.append(field.name)
        elif target is not None and target is not model:
            paths.extend(f"{field.name}__{inner.name}" for inner in target._meta.get_fields()
                         if inner.is_relation and inner.concrete and (inner.many_to_one or inner.one_to_one)
                         and inner.related_model is user_model)
    return paths


def rows_of(person_id: int) -> dict[str, int]:
    """How many rows of every model reach the person, model by model and path by path."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        for path in paths_to_people(model):
            counts[f"{model._meta.label}.{path}"] = model._default_manager.filter(**{path: person_id}).count()
    return counts


def delete(client: Client, password: str = PASSWORD) -> Any:
    return client.post("/account/delete", {"password": password})


def signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_it_walks_every_kind_of_row_the_world_holds() -> None:
    # The walk below must see each kind; a kind it missed would pass unseen.
    world = make_world()
    held = {name for name, count in rows_of(world.alice.pk).items() if count}
    for expected in ("accounts.ApiToken.owner", "accounts.Profile.owner", "training.SessionLog.owner",
                     "training.LogEntry.log__owner", "progress.SelfTestResult.owner",
                     "coaching.CoachingLink.client", "coaching.CoachingLink.teacher",
                     "coaching.Assignment.link__client", "coaching.Assignment.link__teacher",
                     "coaching.Invitation.teacher", "coaching.Attendance.client", "coaching.Attendance.teacher",
                     "reminders.CalendarFeed.owner", "reminders.ReminderSettings.owner",
                     "reminders.ReminderSent.owner"):
        assert expected in held


def test_it_removes_every_row_of_the_person_and_keeps_everyone_elses() -> None:
    world = make_world()
    charlie_before, dora_before = rows_of(world.charlie.pk), rows_of(world.dora.pk)
    client = signed_in(world.alice)

    response = delete(client)

    assert (response.status_code, response["Location"]) == (302, "/account/deleted")
    assert not User.objects.filter(pk=world.alice.pk).exists()
    left = {name: count for name, count in rows_of(world.alice.pk).items() if count}
    assert left == {}
    assert rows_of(world.charlie.pk) == charlie_before
    # Dora loses Alice's link, its homework and Alice's marks of her; Charlie's stay.
    dora_after = rows_of(world.dora.pk)
    assert dora_before["coaching.CoachingLink.client"] - dora_after["coaching.CoachingLink.client"] == 1
    assert dora_before["coaching.Assignment.link__client"] - dora_after["coaching.Assignment.link__client"] == 1
    assert dora_before["coaching.Attendance.client"] - dora_after["coaching.Attendance.client"] == 1
    # Bob's invitation that Alice accepted stays his, naming nobody.
    assert Invitation.objects.filter(teacher=world.bob, used_at__isnull=False, used_by=None).count() == 1
    # The record of when and from where she signed in goes; Charlie's stays.
    assert list(AccessLog.objects.values_list("username", flat=True)) == [world.charlie.email]


def test_it_lets_every_foreign_key_to_an_account_cascade_or_lose_only_the_name() -> None:
    # A model added later is held to this too, with or without rows in the world above:
    # PROTECT or DO_NOTHING would stop the deletion, and SET_NULL on an owner would keep their data.
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is user_model):
                continue
            if not (field.many_to_one or field.one_to_one):
                continue
            name = (model._meta.app_label, model.__name__, field.name)
            on_delete = field.remote_field.on_delete
            if name in KEPT_WITHOUT_THE_NAME:
                assert on_delete is models.SET_NULL, name
            else:
                assert on_delete is models.CASCADE, f"{model._meta.label}.{field.name} does not cascade"


def test_it_ends_the_teachers_access_at_once() -> None:
    world = make_world()
    bob = signed_in(world.bob)
    assert bob.get(f"/coach/clients/{world.alice.pk}").status_code == 200

    delete(signed_in(world.alice))

    assert bob.get(f"/coach/clients/{world.alice.pk}").status_code == 404
    assert world.alice.email not in bob.get("/coach").content.decode()
    assert bob.get(f"/coach/clients/{world.charlie.pk}").status_code == 200


def test_it_ends_the_links_of_a_deleted_teachers_clients() -> None:
    world = make_world()
    assert world.alice.email in signed_in(world.dora).get("/account").content.decode()

    delete(signed_in(world.alice))

    assert not CoachingLink.objects.filter(client=world.dora, teacher_id=world.alice.pk).exists()
    assert [link.teacher for link in teachers_of(world.dora)] == [world.charlie]
    assert world.alice.email not in signed_in(world.dora).get("/account").content.decode()
    # Alice's invitations are gone; Charlie's open one stays.
    assert not Invitation.objects.filter(teacher_id=world.alice.pk).exists()
    assert Invitation.objects.filter(teacher=world.charlie, used_at__isnull=True).count() == 1


def test_it_signs_the_person_out_everywhere_and_stops_her_tokens() -> None:
    world = make_world()
    phone, laptop = signed_in(world.alice), signed_in(world.alice)

    delete(phone)

    for client in (phone, laptop):
        response = client.get("/account")
        assert (response.status_code, response["Location"]) == (302, "/accounts/signin?next=/account")
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {world.alice_token}").get("/api/logs")
    assert answer.status_code == 401


def test_it_removes_nothing_for_a_wrong_password() -> None:
    world = make_world()
    before = {person.pk: rows_of(person.pk) for person in (world.alice, world.bob, world.charlie, world.dora)}
    client = signed_in(world.alice)

    response = delete(client, "barefoot on the sand")

    assert response.status_code == 400
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    assert {pk: rows_of(pk) for pk in before} == before
    assert User.objects.filter(pk=world.alice.pk).exists()
    assert client.get("/account").status_code == 200


def test_it_asks_for_the_password_when_none_is_given() -> None:
    world = make_world()

    response = delete(signed_in(world.alice), "")

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert User.objects.filter(pk=world.alice.pk).exists()


def test_it_limits_wrong_passwords_as_signing_in_does() -> None:
    alice = User.objects.create_user("alice@example.org", PASSWORD)
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.force_login(alice)
    assert [delete(client, f"guess number {n}").status_code for n in range(4)] == [400] * 4
    assert delete(client, "guess number 5").status_code == 429

    locked = delete(client, PASSWORD)

    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many wrong passwords from this device" in html and "Delete my account" in html
    assert User.objects.filter(pk=alice.pk).exists()
    # The same count guards signing in from that device.
    signing_in = Client(REMOTE_ADDR="203.0.113.7").post(
        "/accounts/signin", {"username": alice.email, "password": PASSWORD})
    assert signing_in.status_code == 429


def test_it_explains_what_goes_and_offers_an_export_first(django_assert_max_num_queries: Any) -> None:
    world = make_world()
    client = signed_in(world.alice)

    with django_assert_max_num_queries(6):
        response = client.get("/account/delete")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This cannot be undone." in html
    assert 'href="/account/export"' in html
    assert 'type="password"' in html and "Delete my account and all my data" in html
    assert 'href="/account/delete"' in client.get("/account").content.decode()


def test_it_tells_the_browser_which_account_to_forget(django_assert_max_num_queries: Any) -> None:
    world = make_world()
    client = signed_in(world.alice)
    delete(client)

    with django_assert_max_num_queries(5):
        response = client.get("/account/deleted")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account is deleted" in html
    start = html.index('<script id="deleted-account" type="application/json">') + len(
        '<script id="deleted-account" type="application/json">')
    assert json.loads(html[start:html.index("</script>", start)]) == world.alice.pk
    assert "footcoach/forget.js" in html
    # Opened again, or by anyone else, the page forgets nothing more.
    assert "forget.js" not in client.get("/account/deleted").content.decode()
    assert "forget.js" not in Client().get("/account/deleted").content.decode()
