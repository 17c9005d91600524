"""Invitations: single use, expiring after 14 days, revocable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.coaching.actions import (
    CoachingError,
    do_accept_invitation,
    do_create_invitation,
    do_revoke_invitation,
    do_set_teacher,
)
from footcoach.coaching.models import CODE_ALPHABET, CoachingLink, Invitation, normalize_code
from tests.conftest import EMAIL

PASSWORD = "barefoot on the beach"


def person(email: str, *, teacher: bool = False) -> User:
    return User.objects.create_user(email, PASSWORD, is_teacher=teacher)


@pytest.mark.django_db
def test_it_makes_an_invitation_with_a_long_token_and_a_code_to_read_aloud() -> None:
    tess = person("tess@example.org", teacher=True)

    invitation = do_create_invitation(tess)

    stored = Invitation.objects.get(pk=invitation.pk)
    assert len(stored.token) >= 40
    assert len(stored.code) == 8 and set(stored.code) <= set(CODE_ALPHABET)
    assert stored.shown_code == f"{stored.code[:4]}-{stored.code[4:]}"
    assert stored.expires_at - stored.created_at == timedelta(days=14)
    assert normalize_code(f" {stored.shown_code.lower()} ") == stored.code
    assert Invitation.objects.usable(timezone.now()).get() == stored


@pytest.mark.django_db
def test_it_refuses_to_make_an_invitation_for_someone_who_does_not_teach() -> None:
    alice = person("alice@example.org")

    with pytest.raises(CoachingError, match="I teach"):
        do_create_invitation(alice)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_it_cannot_be_used_twice() -> None:
    tess = person("tess@example.org", teacher=True)
    alice, bob = person("alice@example.org"), person("bob@example.org")
    invitation = do_create_invitation(tess)
    do_accept_invitation(alice, invitation, shares_conditions=False)

    with pytest.raises(CoachingError, match="already been used"):
        do_accept_invitation(bob, invitation, shares_conditions=False)

    invitation.refresh_from_db()
    assert invitation.used_by == alice and invitation.used_at is not None
    assert [link.client for link in CoachingLink.objects.all()] == [alice]


@pytest.mark.django_db
def test_it_cannot_be_used_after_it_expires() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    invitation = do_create_invitation(tess)

    with time_machine.travel(invitation.created_at + timedelta(days=14, seconds=1)):
        with pytest.raises(CoachingError, match="expired"):
            do_accept_invitation(alice, invitation, shares_conditions=False)
        assert not Invitation.objects.usable(timezone.now()).exists()
    assert not CoachingLink.objects.exists()


@pytest.mark.django_db
def test_it_can_still_be_used_on_its_last_day() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    invitation = do_create_invitation(tess)

    with time_machine.travel(invitation.created_at + timedelta(days=13, hours=23)):
        link = do_accept_invitation(alice, invitation, shares_conditions=False)
    assert link.client == alice


@pytest.mark.django_db
def test_it_cannot_be_used_after_it_is_revoked() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    invitation = do_create_invitation(tess)

    do_revoke_invitation(invitation)

    with pytest.raises(CoachingError, match="withdrew"):
        do_accept_invitation(alice, invitation, shares_conditions=False)
    assert not CoachingLink.objects.exists()


@pytest.mark.django_db
def test_it_refuses_the_teachers_own_invitation_and_a_second_link() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")

    with pytest.raises(CoachingError, match="your own invitation"):
        do_accept_invitation(tess, do_create_invitation(tess), shares_conditions=False)
    do_accept_invitation(alice, do_create_invitation(tess), shares_conditions=False)
    second = do_create_invitation(tess)
    with pytest.raises(CoachingError, match="already your teacher"):
        do_accept_invitation(alice, second, shares_conditions=False)

    # The refused invitation stays open for someone else.
    second.refresh_from_db()
    assert second.used_at is None
    assert CoachingLink.objects.count() == 1


@pytest.mark.django_db
def test_it_withdraws_open_invitations_when_the_teacher_stops_teaching() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    invitation = do_create_invitation(tess)

    do_set_teacher(tess, False)

    with pytest.raises(CoachingError):
        do_accept_invitation(alice, invitation, shares_conditions=False)
    assert not CoachingLink.objects.exists()


def test_it_reads_a_typed_code_loosely_but_refuses_what_cannot_be_one() -> None:
    assert normalize_code("abcd-efgh") == "ABCDEFGH"
    assert normalize_code("ABCD EFGH") == "ABCDEFGH"
    for wrong in ("", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EF0H", "ABCD\x00EFGH", "ＡＢＣＤ-ＥＦＧＨ", "ABCD-EFG١"):
        assert normalize_code(wrong) is None, wrong


# The pages: a teacher makes and withdraws invitations; a person opens one and answers.


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_invitation_link(html: str) -> str:
    match = re.search(r'<code id="invitation-link-\d+">http://testserver(/invite/[A-Za-z0-9_-]+)</code>', html)
    assert match, html
    return match.group(1)


@pytest.mark.django_db
def test_it_makes_an_invitation_on_the_page_and_shows_its_link_and_code(django_assert_max_num_queries: Any) -> None:
    tess = person("tess@example.org", teacher=True)
    client = signed_in(tess)

    response = client.post("/coach/invitations")

    assert response.status_code == 302 and response["Location"] == "/coach/invitations"
    invitation = Invitation.objects.get()
    with django_assert_max_num_queries(8):
        html = client.get("/coach/invitations").content.decode()
    assert invitation.shown_code in html and "no-store" in client.get("/coach/invitations")["Cache-Control"]
    assert open_invitation_link(html) == f"/invite/{invitation.token}"
    assert "Copy the link" in html and f"Revoke {invitation.shown_code}" in html


@pytest.mark.django_db
def test_it_explains_the_switch_to_someone_who_does_not_teach() -> None:
    alice = person("alice@example.org")

    response = signed_in(alice).get("/coach/invitations")
    made = signed_in(alice).post("/coach/invitations")

    assert response.status_code == made.status_code == 403
    assert "I teach" in response.content.decode() and 'href="/account#teaching"' in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_it_withdraws_an_invitation_from_the_page_and_lets_no_other_teacher_do_it() -> None:
    tess, otto = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True)
    invitation = do_create_invitation(tess)

    assert signed_in(otto).post(f"/coach/invitations/{invitation.pk}/revoke").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    response = signed_in(tess).post(f"/coach/invitations/{invitation.pk}/revoke")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.shown_code not in signed_in(tess).get("/coach/invitations").content.decode()


@pytest.mark.django_db
def test_it_shows_what_the_teacher_will_see_before_the_person_agrees() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    invitation = do_create_invitation(tess)

    response = signed_in(alice).get(f"/invite/{invitation.token}")

    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("sessions you did and the ones planned", "pain, pressure and feeling", "why a session stopped",
                  "why you skipped", "self-test results and your progress"):
        assert shown in html, shown
    box = re.search(r'<input type="checkbox" name="shares_conditions"[^>]*>', html)
    assert box and "checked" not in box.group(0)
    assert "Also show which health conditions changed my plan" in html
    assert not CoachingLink.objects.exists()


@pytest.mark.django_db
def test_it_links_the_person_who_accepts_and_keeps_conditions_private_unless_ticked() -> None:
    tess, alice, bob = person("tess@example.org", teacher=True), person("alice@example.org"), person("bob@example.org")

    response = signed_in(alice).post(f"/invite/{do_create_invitation(tess).token}", {"answer": "accept"})
    assert response.status_code == 302 and response["Location"] == "/account#teachers"
    signed_in(bob).post(f"/invite/{do_create_invitation(tess).token}", {"answer": "accept", "shares_conditions": "on"})

    links = {link.client.email: link.shares_conditions for link in CoachingLink.objects.active().of_teacher(tess)}
    assert links == {"alice@example.org": False, "bob@example.org": True}


@pytest.mark.django_db
def test_it_declines_without_linking_and_leaves_the_invitation_open() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    invitation = do_create_invitation(tess)

    response = signed_in(alice).post(f"/invite/{invitation.token}", {"answer": "decline"})

    assert response.status_code == 302
    assert not CoachingLink.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


@pytest.mark.django_db
def test_it_says_on_the_page_why_an_invitation_cannot_be_accepted() -> None:
    tess, alice, bob = person("tess@example.org", teacher=True), person("alice@example.org"), person("bob@example.org")
    used, revoked, old = do_create_invitation(tess), do_create_invitation(tess), do_create_invitation(tess)
    assert signed_in(alice).post(f"/invite/{used.token}", {"answer": "accept"}).status_code == 302
    do_revoke_invitation(revoked)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    for invitation, status, reason in ((used, 410, "already been used"), (revoked, 410, "withdrew"),
                                       (old, 410, "expired")):
        for method in ("get", "post"):
            response = getattr(signed_in(bob), method)(f"/invite/{invitation.token}", {"answer": "accept"})
            assert response.status_code == status, (reason, method)
            assert reason in response.content.decode()
    own = signed_in(tess).post(f"/invite/{do_create_invitation(tess).token}", {"answer": "accept"})
    assert own.status_code == 409 and "your own invitation" in own.content.decode()
    again = signed_in(alice).post(f"/invite/{do_create_invitation(tess).token}", {"answer": "accept"})
    assert again.status_code == 409 and "already your teacher" in again.content.decode()
    assert [link.client for link in CoachingLink.objects.all()] == [alice]


@pytest.mark.django_db
def test_it_answers_a_link_that_was_never_made_with_not_found() -> None:
    alice = person("alice@example.org")
    for token in ("x" * 43, "no such token", "abc%00def", "a" * 300):
        assert signed_in(alice).get(f"/invite/{token}").status_code == 404, token


@pytest.mark.django_db
def test_it_sends_a_signed_out_person_to_sign_up_and_back_to_the_invitation() -> None:
    tess = person("tess@example.org", teacher=True)
    invitation = do_create_invitation(tess)
    here = f"/invite/{invitation.token}"
    client = Client()

    page = client.get(here).content.decode()
    assert f'href="/accounts/signup?next={quote(here)}"' in page
    assert f'href="/accounts/signin?next={quote(here)}"' in page
    signup_page = client.get(f"/accounts/signup?next={quote(here)}").content.decode()
    assert f'name="next" value="{here}"' in signup_page

    response = client.post("/accounts/signup", {"email": "new@example.org", "password": PASSWORD, "next": here})

    assert response.status_code == 302 and response["Location"] == here
    assert client.post(here, {"answer": "accept"}).status_code == 302
    assert CoachingLink.objects.get().client.email == "new@example.org"


@pytest.mark.django_db
def test_it_does_not_send_a_new_person_to_another_site_after_sign_up() -> None:
    response = Client().post(
        "/accounts/signup", {"email": "new@example.org", "password": PASSWORD, "next": "https://evil.example/x"}
    )
    assert response.status_code == 302 and response["Location"] == "/start"


@pytest.mark.django_db
def test_it_opens_an_invitation_from_its_code_typed_loosely() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    invitation = do_create_invitation(tess)

    response = signed_in(alice).post("/invite", {"code": f" {invitation.shown_code.lower()} "})

    assert response.status_code == 302 and response["Location"] == f"/invite/{invitation.token}"


@pytest.mark.django_db
def test_it_explains_a_code_that_is_wrong_and_keeps_what_was_typed() -> None:
    alice = person("alice@example.org")
    for typed, reason in (("ABCD", "8 letters and digits"), ("AB\x00D-EFGH", "8 letters and digits"),
                          ("١٢٣٤-ABCD", "8 letters and digits"), ("ABCD-EFGH", "No invitation has this code")):
        response = signed_in(alice).post("/invite", {"code": typed})
        assert response.status_code == 400, typed
        assert reason in response.content.decode(), typed
    assert 'value="ABCD-EFGH"' in response.content.decode()


# The command line: `footcoach coach invite --email TEACHER`.


def footcoach(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": "", "COLUMNS": "160"}
    return subprocess.run([sys.executable, "-m", "footcoach.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, env=env)


def test_it_prints_a_new_invitations_link_and_code_that_open_the_same_invitation(data_dir: Path) -> None:
    made = footcoach(data_dir, "user", "create", "tess@example.org", "--teacher", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr

    answer = footcoach(data_dir, "coach", "invite", "--email", "Tess@Example.org", "--site", "https://fc.example/")

    assert answer.returncode == 0, answer.stderr
    link = re.search(r"^Link: https://fc\.example/invite/([A-Za-z0-9_-]{40,})$", answer.stdout, re.MULTILINE)
    code = re.search(r"^Code: ([A-Z2-9]{4})-([A-Z2-9]{4})$", answer.stdout, re.MULTILINE)
    assert link and code, answer.stdout
    stored = footcoach(data_dir, "manage", "shell", "-v0", "-c",
                       "from footcoach.coaching.models import Invitation; i = Invitation.objects.get(); "
                       "print(i.teacher.email, i.token, i.code, i.used_at)")
    assert stored.stdout.split() == ["tess@example.org", link.group(1), code.group(1) + code.group(2), "None"]


def test_it_says_in_one_line_how_to_become_a_teacher_and_makes_no_invitation(data_dir: Path) -> None:
    answer = footcoach(data_dir, "coach", "invite", "--email", EMAIL)

    assert answer.returncode == 2
    assert answer.stderr.strip().splitlines() == [
        f'error: --email: {EMAIL} does not teach; turn on "I teach" on the account page first, then make the invitation'
    ]
    count = footcoach(data_dir, "manage", "shell", "-v0", "-c",
                      "from footcoach.coaching.models import Invitation; print(Invitation.objects.count())")
    assert count.stdout.strip() == "0"


@pytest.mark.parametrize(("args", "said"), [
    (["--email", "nobody@example.org"], "error: --email: no account has the address nobody@example.org"),
    (["--email", ""], "error: --email: give the teacher's address"),
    (["--email", "tess@example.org", "--site", "fc.example"], "error: --site: 'fc.example' is not a site address"),
    (["--email", "tess@example.org", "--site", "javascript:alert(1)"], "error: --site: 'javascript:alert(1)' is not"),
])
def test_it_refuses_a_missing_account_or_a_bad_site_with_one_line(data_dir: Path, args: list[str], said: str) -> None:
    answer = footcoach(data_dir, "coach", "invite", *args)

    assert answer.returncode == 2
    lines = answer.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(said), answer.stderr
