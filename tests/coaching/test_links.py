"""Links between a teacher and a client: made once, ended at once, reached only through the gates."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import User
from footcoach.coaching.access import clients_of, get_client_for_teacher, get_link_for, teachers_of
from footcoach.coaching.actions import do_accept_invitation, do_create_invitation, do_end_link, do_set_teacher
from footcoach.coaching.models import CoachingLink

PASSWORD = "barefoot on the beach"


def person(email: str, *, teacher: bool = False) -> User:
    return User.objects.create_user(email, PASSWORD, is_teacher=teacher)


def linked(teacher: User, client: User, *, shares_conditions: bool = False) -> CoachingLink:
    return do_accept_invitation(client, do_create_invitation(teacher), shares_conditions=shares_conditions)


@pytest.mark.django_db
def test_it_lets_a_teacher_reach_only_clients_who_accepted() -> None:
    tess = person("tess@example.org", teacher=True)
    alice, charlie = person("alice@example.org"), person("charlie@example.org")
    link = linked(tess, alice, shares_conditions=True)

    assert get_client_for_teacher(tess, alice.pk) == link
    assert link.client == alice and link.role == CoachingLink.Role.TEACHER and link.shares_conditions
    with pytest.raises(Http404):
        get_client_for_teacher(tess, charlie.pk)
    with pytest.raises(Http404):
        get_client_for_teacher(tess, 10**9)
    assert [each.client for each in clients_of(tess)] == [alice]
    assert [each.teacher for each in teachers_of(alice)] == [tess]


@pytest.mark.django_db
def test_it_gives_another_teacher_and_the_client_nothing_through_the_gate() -> None:
    tess, otto = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True)
    alice = person("alice@example.org")
    linked(tess, alice)

    with pytest.raises(Http404):
        get_client_for_teacher(otto, alice.pk)
    # A client is no teacher of herself, and reaches no other client through her teacher.
    with pytest.raises(Http404):
        get_client_for_teacher(alice, tess.pk)


@pytest.mark.django_db
def test_it_ends_the_teachers_access_at_once_when_the_link_ends() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    link = linked(tess, alice)

    do_end_link(get_link_for(alice, link.pk))

    with pytest.raises(Http404):
        get_client_for_teacher(tess, alice.pk)
    link.refresh_from_db()
    assert link.ended_at is not None
    assert list(clients_of(tess)) == [] and list(teachers_of(alice)) == []
    # An ended link cannot be ended again, by either side.
    with pytest.raises(Http404):
        get_link_for(tess, link.pk)


@pytest.mark.django_db
def test_it_lets_only_the_two_people_of_a_link_end_it() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    charlie = person("charlie@example.org")
    link = linked(tess, alice)

    assert get_link_for(tess, link.pk) == link
    with pytest.raises(Http404):
        get_link_for(charlie, link.pk)


@pytest.mark.django_db
def test_it_closes_the_clients_to_a_teacher_who_turned_the_switch_off_and_opens_them_again() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    link = linked(tess, alice)

    do_set_teacher(tess, False)
    with pytest.raises(Http404):
        get_client_for_teacher(User.objects.get(pk=tess.pk), alice.pk)

    do_set_teacher(tess, True)
    assert get_client_for_teacher(User.objects.get(pk=tess.pk), alice.pk) == link


@pytest.mark.django_db
def test_it_keeps_one_active_link_per_teacher_and_client_and_none_to_oneself() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    first = linked(tess, alice)

    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingLink.objects.create(teacher=tess, client=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingLink.objects.create(teacher=tess, client=tess)

    # Once ended, the two may link again; the old link stays as a record.
    do_end_link(first)
    again = linked(tess, alice)
    assert CoachingLink.objects.of_teacher(tess).count() == 2
    assert list(CoachingLink.objects.active().of_client(alice)) == [again]


# The account page: the switch, "Your teachers" and "Your clients", each with "End link".


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_it_turns_the_teacher_switch_on_and_off_from_the_account_page() -> None:
    alice = person("alice@example.org")
    client = signed_in(alice)
    page = client.get("/account").content.decode()
    assert "I teach: let me invite clients and give homework" in page
    assert re.search(r'<input type="checkbox" name="is_teacher" id="is-teacher">', page)

    response = client.post("/account/teacher", {"is_teacher": ["off", "on"]})

    assert response.status_code == 302 and response["Location"] == "/account#teaching"
    assert User.objects.get(pk=alice.pk).is_teacher
    assert client.get("/coach/invitations").status_code == 200
    client.post("/account/teacher", {"is_teacher": "off"})
    assert not User.objects.get(pk=alice.pk).is_teacher
    assert client.get("/coach/invitations").status_code == 403


@pytest.mark.django_db
def test_it_changes_nothing_on_a_switch_post_that_says_neither_on_nor_off() -> None:
    tess = person("tess@example.org", teacher=True)
    for body in ({}, {"is_teacher": "yes"}, {"is_teacher": "on\x00"}):
        assert signed_in(tess).post("/account/teacher", body).status_code == 400, body
    assert User.objects.get(pk=tess.pk).is_teacher


@pytest.mark.django_db
def test_it_lists_the_clients_teachers_and_lets_her_end_a_link_after_confirming(
    django_assert_max_num_queries: Any,
) -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    link = linked(tess, alice)
    client = signed_in(alice)

    with django_assert_max_num_queries(8):
        page = client.get("/account").content.decode()
    assert "tess@example.org" in page and "does not see your health conditions" in page
    assert f'href="/account/links/{link.pk}/end"' in page
    confirm = client.get(f"/account/links/{link.pk}/end")
    assert confirm.status_code == 200 and "Stop sharing with tess@example.org?" in confirm.content.decode()
    # Until she confirms, nothing has ended.
    assert CoachingLink.objects.active().count() == 1

    response = client.post(f"/account/links/{link.pk}/end", {"confirm": "yes"})

    assert response.status_code == 302 and response["Location"] == "/account#teachers"
    link.refresh_from_db()
    assert link.ended_at is not None
    with pytest.raises(Http404):
        get_client_for_teacher(tess, alice.pk)
    assert "No teacher follows your exercises" in client.get("/account").content.decode()
    assert "alice@example.org" not in signed_in(tess).get("/account").content.decode()


@pytest.mark.django_db
def test_it_lets_the_teacher_end_a_link_from_her_client_list() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    link = linked(tess, alice, shares_conditions=True)
    client = signed_in(tess)
    page = client.get("/account").content.decode()
    assert "alice@example.org" in page and "shares health conditions" in page

    response = client.post(f"/account/links/{link.pk}/end", {"confirm": "yes"})

    assert response.status_code == 302 and response["Location"] == "/account#clients"
    assert not CoachingLink.objects.active().exists()


@pytest.mark.django_db
def test_it_ends_no_link_on_a_post_without_the_confirmation_nor_for_a_stranger() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    charlie = person("charlie@example.org")
    link = linked(tess, alice)

    assert signed_in(alice).post(f"/account/links/{link.pk}/end").status_code == 400
    assert signed_in(charlie).post(f"/account/links/{link.pk}/end", {"confirm": "yes"}).status_code == 404
    assert signed_in(charlie).get(f"/account/links/{link.pk}/end").status_code == 404
    assert CoachingLink.objects.active().get() == link


# The API: GET /api/coach/clients, with the teacher's token or session.


@pytest.mark.django_db
@time_machine.travel("2026-03-02 09:00 +0000", tick=False)
def test_it_lists_a_teachers_clients_in_the_api_and_drops_one_who_ended_the_link() -> None:
    tess, alice, bob = person("tess@example.org", teacher=True), person("alice@example.org"), person("bob@example.org")
    linked(tess, alice)
    second = linked(tess, bob, shares_conditions=True)
    linked(person("otto@example.org", teacher=True), person("charlie@example.org"))
    _, token = do_create_token(tess, "Tess's laptop")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    answer = api.get("/api/coach/clients")

    assert answer.status_code == 200
    assert answer.json() == [
        {"id": alice.pk, "email": "alice@example.org", "display_name": "alice@example.org",
         "since": "2026-03-02T09:00:00Z", "shares_conditions": False},
        {"id": bob.pk, "email": "bob@example.org", "display_name": "bob@example.org",
         "since": "2026-03-02T09:00:00Z", "shares_conditions": True},
    ]
    do_end_link(get_link_for(bob, second.pk))
    assert [client["email"] for client in api.get("/api/coach/clients").json()] == ["alice@example.org"]
    assert [client["email"] for client in signed_in(tess).get("/api/coach/clients").json()] == ["alice@example.org"]


@pytest.mark.django_db
def test_it_tells_someone_who_does_not_teach_how_to_start_in_the_api() -> None:
    alice = person("alice@example.org")
    _, token = do_create_token(alice, "Alice's phone")

    answer = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/coach/clients")

    assert answer.status_code == 403
    assert "I teach" in answer.json()["detail"]
