"""Homework: a teacher gives it through the gates; the client's plan shows it, under the client's safety rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from footcoach.accounts.actions import do_create_token, do_save_profile
from footcoach.accounts.models import User
from footcoach.coaching.actions import do_accept_invitation, do_create_invitation, do_end_link
from footcoach.coaching.models import Assignment, CoachingLink
from footcoach.training.models import SessionLog
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

PASSWORD = "barefoot on the beach"
NOTE = "Slowly, and stop if the heel hurts."


def person(email: str, *, teacher: bool = False) -> User:
    return User.objects.create_user(email, PASSWORD, is_teacher=teacher)


def with_profile(user: User, *conditions: str) -> User:
    do_save_profile(user, {
        "birth_year": 1980, "goals": ["balance"], "conditions": list(conditions),
        "equipment": ["spiky-ball", "hard-ball", "soft-ball", "towel", "toe-separators", "wall-or-chair"],
        "minutes_per_day": 15, "days_per_week": 5, "setting": "home", "start_side": "left",
        "cleared_by_clinician": True,
    })
    return user


def linked(teacher: User, client: User, *, shares_conditions: bool = False) -> CoachingLink:
    return do_accept_invitation(client, do_create_invitation(teacher), shares_conditions=shares_conditions)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(**changes: Any) -> dict[str, Any]:
    sent = {"kind": "program", "program": "pilates-foot-series", "times_per_week": "7",
            "starts_on": timezone.localdate().isoformat(), "ends_on": "", "note": NOTE}
    return {**sent, **changes}


def test_it_shows_the_homework_in_the_clients_plan_from_the_teacher_with_the_note() -> None:
    tess, alice = person("tess@example.org", teacher=True), with_profile(person("alice@example.org"))
    linked(tess, alice)

    answer = signed_in(tess).post(f"/coach/clients/{alice.pk}/homework/new", form())

    assignment = Assignment.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/coach/homework/{assignment.pk}/edit"
    assert (assignment.program, assignment.times_per_week, assignment.note) == ("pilates-foot-series", 7, NOTE)
    assert assignment.link.client == alice
    plan = signed_in(alice).get("/plan").content.decode()
    assert "From tess@example.org" in plan and NOTE in plan
    assert "Pilates" in plan and 'href="/session/pilates-foot-series"' in plan


def test_it_leaves_out_what_the_clients_screening_excludes_and_tells_the_teacher_only_that() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    with_profile(alice, "diabetes-neuropathy")
    linked(tess, alice)
    teacher = signed_in(tess)

    answer = teacher.post(f"/coach/clients/{alice.pk}/homework/new",
                          form(kind="exercises", program="", exercises=["spiky-ball-heel", "toe-fan", "toe-extension"]),
                          follow=True)

    page = answer.content.decode()
    assert "1 exercise left out and 1 changed for this client&#x27;s safety." in page
    assert "cannot feel" not in page and "diabetes" not in page.lower()
    assignment = Assignment.objects.get()
    assert [item["exercise"] for item in assignment.items] == ["spiky-ball-heel", "toe-fan", "toe-extension"]
    plan = signed_in(alice).get("/plan").content.decode()
    assert "Left out for your safety: Heel on the spiky ball." in plan
    assert f'href="/homework/{assignment.pk}/session"' in plan
    player = signed_in(alice).get(f"/homework/{assignment.pk}/session")
    assert player.status_code == 200
    steps = [step["ref"] for step in player.context["data"]["steps"]]
    assert "spiky-ball-heel" not in steps and "toe-fan" in steps


def test_it_tells_the_teacher_why_when_the_client_shares_conditions() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    with_profile(alice, "diabetes-neuropathy")
    linked(tess, alice, shares_conditions=True)
    teacher = signed_in(tess)
    teacher.post(f"/coach/clients/{alice.pk}/homework/new",
                 form(kind="exercises", program="", exercises=["spiky-ball-heel", "toe-fan"]))

    page = teacher.get(f"/coach/homework/{Assignment.objects.get().pk}/edit").content.decode()

    assert "cannot feel clearly" in page


def test_it_changes_the_clients_plan_at_once_when_the_teacher_changes_the_homework() -> None:
    tess, alice = person("tess@example.org", teacher=True), with_profile(person("alice@example.org"))
    linked(tess, alice)
    teacher, client = signed_in(tess), signed_in(alice)
    teacher.post(f"/coach/clients/{alice.pk}/homework/new", form())
    assignment = Assignment.objects.get()
    assert NOTE in client.get("/plan").content.decode()

    answer = teacher.post(f"/coach/homework/{assignment.pk}/edit", form(program="sole-training", note="New words."))

    assert answer.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.program, assignment.note) == ("sole-training", "New words.")
    assert Assignment.objects.count() == 1
    plan = client.get("/plan").content.decode()
    assert "New words." in plan and NOTE not in plan
    assert "From tess@example.org: Sole Training" in plan and "From tess@example.org: Pilates" not in plan


def test_it_takes_the_homework_out_of_the_plan_when_the_teacher_ends_it() -> None:
    tess, alice = person("tess@example.org", teacher=True), with_profile(person("alice@example.org"))
    linked(tess, alice)
    teacher = signed_in(tess)
    teacher.post(f"/coach/clients/{alice.pk}/homework/new", form())
    assignment = Assignment.objects.get()

    answer = teacher.post(f"/coach/homework/{assignment.pk}/end")

    assert answer.status_code == 302 and answer["Location"] == f"/coach/clients/{alice.pk}/homework/new"
    assert Assignment.objects.get().ended_at is not None
    assert NOTE not in signed_in(alice).get("/plan").content.decode()
    assert teacher.get(f"/coach/homework/{assignment.pk}/edit").status_code == 404
    assert signed_in(alice).get(f"/homework/{assignment.pk}/session").status_code == 404


def test_it_refuses_a_teacher_homework_for_someone_not_their_client() -> None:
    tess, otto = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True)
    alice, charlie = with_profile(person("alice@example.org")), person("charlie@example.org")
    linked(tess, alice)
    signed_in(tess).post(f"/coach/clients/{alice.pk}/homework/new", form())
    assignment = Assignment.objects.get()

    for who, client_id in ((tess, charlie.pk), (otto, alice.pk), (charlie, alice.pk), (tess, 10**9)):
        assert signed_in(who).get(f"/coach/clients/{client_id}/homework/new").status_code == 404
        assert signed_in(who).post(f"/coach/clients/{client_id}/homework/new", form()).status_code == 404
    for who in (otto, charlie, alice):
        assert signed_in(who).post(f"/coach/homework/{assignment.pk}/edit", form(note="Mine")).status_code == 404
        assert signed_in(who).post(f"/coach/homework/{assignment.pk}/end").status_code == 404
    assert signed_in(charlie).get(f"/homework/{assignment.pk}/session").status_code == 404
    assert Assignment.objects.count() == 1
    assert Assignment.objects.get().note == NOTE and Assignment.objects.get().ended_at is None


def test_it_refuses_the_teacher_once_the_link_ends_and_takes_the_homework_out_of_the_plan() -> None:
    tess, alice = person("tess@example.org", teacher=True), with_profile(person("alice@example.org"))
    link = linked(tess, alice)
    teacher = signed_in(tess)
    teacher.post(f"/coach/clients/{alice.pk}/homework/new", form())
    assignment = Assignment.objects.get()

    do_end_link(link)

    assert teacher.get(f"/coach/clients/{alice.pk}/homework/new").status_code == 404
    assert teacher.post(f"/coach/clients/{alice.pk}/homework/new", form()).status_code == 404
    assert teacher.post(f"/coach/homework/{assignment.pk}/edit", form(note="After")).status_code == 404
    assert Assignment.objects.count() == 1 and Assignment.objects.get().note == NOTE
    assert NOTE not in signed_in(alice).get("/plan").content.decode()


def test_it_says_which_field_is_wrong_and_stores_nothing() -> None:
    tess, alice = person("tess@example.org", teacher=True), with_profile(person("alice@example.org"))
    linked(tess, alice)
    teacher = signed_in(tess)

    for sent, words in (
        (form(times_per_week="٣"), "Times a week: give a whole number from 1 to 7."),
        (form(ends_on="2000-01-01"), "Until: the homework ends before it starts."),
        (form(kind="exercises", program="", exercises=["moon-walk"]), "Exercises: no exercise has the id"),
        (form(note="x\x00"), "Your note: the note holds a NUL character."),
    ):
        answer = teacher.post(f"/coach/clients/{alice.pk}/homework/new", sent)
        assert answer.status_code == 400
        assert words in answer.content.decode().replace("&#x27;", "'")
    assert not Assignment.objects.exists()


def test_it_lets_the_teacher_give_and_change_homework_with_a_token() -> None:
    tess, alice = person("tess@example.org", teacher=True), with_profile(person("alice@example.org"))
    otto = person("otto@example.org", teacher=True)
    linked(tess, alice)
    _, token = do_create_token(tess, "Tess's phone")
    _, otto_token = do_create_token(otto, "Otto's phone")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"items": [{"exercise": "toe-fan", "dose": {"sets": 2, "reps": 8, "sides": "each"}}],
            "times_per_week": 2, "starts_on": timezone.localdate().isoformat(), "note": NOTE}

    answer = api.post(f"/api/coach/clients/{alice.pk}/homework", body, content_type="application/json")

    assert answer.status_code == 201, answer.content
    given = answer.json()
    assert given["program"] == "" and given["times_per_week"] == 2 and given["note"] == NOTE
    assert given["items"] == [{"exercise": "toe-fan", "dose": {"reps": 8, "seconds": None, "sets": 2,
                                                                "sides": "each"}}]
    stored = Assignment.objects.get()
    assert stored.pk == given["id"] and stored.items == given["items"]

    changed = api.put(f"/api/coach/homework/{stored.pk}", {**body, "times_per_week": 5, "note": "More."},
                      content_type="application/json")
    assert changed.status_code == 200 and changed.json()["times_per_week"] == 5
    stored.refresh_from_db()
    assert (stored.times_per_week, stored.note) == (5, "More.")
    assert "More." in signed_in(alice).get("/plan").content.decode()

    bad = api.put(f"/api/coach/homework/{stored.pk}", {**body, "times_per_week": 8}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "times_per_week"]
    assert bad.json()["detail"][0]["msg"] == "give a whole number from 1 to 7"
    unknown = api.post(f"/api/coach/clients/{alice.pk}/homework",
                       {**body, "items": [{"exercise": "moon-walk"}]}, content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "items", 0, "exercise"]
    other = Client(HTTP_AUTHORIZATION=f"Bearer {otto_token}")
    assert other.put(f"/api/coach/homework/{stored.pk}", body, content_type="application/json").status_code == 404
    assert other.post(f"/api/coach/clients/{alice.pk}/homework", body,
                      content_type="application/json").status_code == 404
    stored.refresh_from_db()
    assert (stored.times_per_week, stored.note) == (5, "More.") and Assignment.objects.count() == 1


def test_it_records_a_session_of_a_homework_set_under_its_own_id() -> None:
    tess, alice = person("tess@example.org", teacher=True), with_profile(person("alice@example.org"))
    linked(tess, alice)
    signed_in(tess).post(f"/coach/clients/{alice.pk}/homework/new",
                         form(kind="exercises", program="", exercises=["toe-fan"]))
    program_id = f"homework-{Assignment.objects.get().pk}"
    client = signed_in(alice)
    log = make_log(program=program_id)

    answer = client.post("/api/logs/sync", json.dumps({"logs": [log]}), content_type="application/json")

    assert answer.status_code == 200 and answer.json()["stored"] == [log["id"]]
    assert SessionLog.objects.get().program == program_id
    assert client.get("/plan").status_code == 200


def test_it_reads_the_plan_with_homework_in_a_bounded_number_of_queries(django_assert_max_num_queries: Any) -> None:
    tess, otto = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True)
    alice = with_profile(person("alice@example.org"))
    for teacher in (tess, otto):
        linked(teacher, alice)
        for program in ("sole-training", "pilates-foot-series"):
            signed_in(teacher).post(f"/coach/clients/{alice.pk}/homework/new", form(program=program))
    client = signed_in(alice)

    with django_assert_max_num_queries(12):
        page = client.get("/plan")

    assert page.status_code == 200 and page.content.decode().count("From otto@example.org") >= 2
