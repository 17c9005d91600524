"""Invitations: single use, expiring after 14 days, revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
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
