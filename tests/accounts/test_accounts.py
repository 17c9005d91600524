"""Signing up, in and out; personal pages need an account."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from footcoach.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "barefoot on the beach"


def signs_in(email: str, password: str) -> bool:
    response = Client().post("/accounts/signin", {"username": email, "password": password})
    return response.status_code == 302


def test_it_signs_up_a_new_person_with_argon2() -> None:
    client = Client()
    response = client.post("/accounts/signup", {"email": "Alice@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/start"
    alice = User.objects.get(email="alice@example.org")
    assert alice.password.startswith("argon2")
    assert not alice.is_teacher
    assert "alice@example.org" in client.get("/account").content.decode()


def test_it_explains_a_weak_password_and_keeps_the_email() -> None:
    response = Client().post("/accounts/signup", {"email": "bob@example.org", "password": "12345678"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "too common" in html or "entirely numeric" in html
    assert 'value="bob@example.org"' in html
    assert not User.objects.exists()


def test_it_refuses_a_second_account_for_the_same_email() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    response = Client().post("/accounts/signup", {"email": "ALICE@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_it_signs_in_and_out() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    client = Client()
    response = client.post("/accounts/signin", {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert client.post("/accounts/signout").status_code == 302
    assert client.get("/account").status_code == 302


def test_it_signs_in_with_the_email_as_it_was_typed_at_sign_up() -> None:
    Client().post("/accounts/signup", {"email": "New.User@Example.COM", "password": PASSWORD})
    assert User.objects.get().email == "new.user@example.com"

    client = Client()
    response = client.post("/accounts/signin", {"username": " New.User@Example.COM ", "password": PASSWORD})

    assert response.status_code == 302
    assert "new.user@example.com" in client.get("/account").content.decode()


def test_it_refuses_an_address_that_differs_only_in_capitals_and_says_so() -> None:
    User.objects.create_user("new.user@example.com", PASSWORD)
    response = Client().post("/accounts/signup", {"email": "New.User@Example.COM", "password": PASSWORD})
    assert response.status_code == 400
    assert "An account with this email address already exists (capital letters make no difference). " \
        "Sign in instead." in response.content.decode()
    assert User.objects.count() == 1


def test_it_says_when_the_password_is_wrong() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    response = Client().post("/accounts/signin", {"username": "alice@example.org", "password": "wrong one"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_it_sends_a_stranger_to_sign_in_for_the_account_page() -> None:
    response = Client().get("/account")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signin?next=/account")


def test_it_keeps_the_library_public() -> None:
    assert Client().get("/library").status_code == 200


def test_a_person_changes_their_password_and_stays_signed_in() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    client = Client()
    client.force_login(User.objects.get())
    page = client.get("/account/password")
    assert page.status_code == 200 and "Your password now" in page.content.decode()

    wrong = client.post("/account/password", {
        "old_password": "not my password", "new_password1": "a new walk at dawn", "new_password2": "a new walk at dawn",
    })
    assert wrong.status_code == 400
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    weak = client.post("/account/password", {
        "old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678",
    })
    assert weak.status_code == 400 and "too common" in weak.content.decode()

    done = client.post("/account/password", {
        "old_password": PASSWORD, "new_password1": "a new walk at dawn", "new_password2": "a new walk at dawn",
    }, follow=True)
    assert done.redirect_chain[-1][0] == "/account"
    assert "Your password is changed." in done.content.decode()
    assert client.get("/account").status_code == 200  # still signed in
    assert signs_in("alice@example.org", "a new walk at dawn")
    assert not signs_in("alice@example.org", PASSWORD)


def test_changing_a_password_needs_a_signed_in_person() -> None:
    response = Client().get("/account/password")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/signin")


def test_signing_in_leads_to_the_plan() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    response = Client().post("/accounts/signin", {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/plan"


def test_it_keeps_a_person_signed_in_until_the_session_expires() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    client = Client()
    client.post("/accounts/signin", {"username": "alice@example.org", "password": PASSWORD})
    bob = Client()
    User.objects.create_user("bob@example.org", PASSWORD)
    bob.post("/accounts/signin", {"username": "bob@example.org", "password": PASSWORD})
    signed_in_at = timezone.now()

    with time_machine.travel(signed_in_at + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)):
        assert "alice@example.org" in client.get("/account").content.decode()
        assert "bob@example.org" in bob.get("/account").content.decode()
    with time_machine.travel(signed_in_at + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = client.get("/account")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signin")
