"""Setting a new password by email, when the old one is forgotten."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from footcoach.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "barefoot on the beach"
NEW_PASSWORD = "a slow walk in the park"


def ask_for_link(email: str) -> Client:
    client = Client()
    response = client.post("/accounts/password-reset", {"email": email})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent"
    return client


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body)
    assert found, message.body
    return found.group(1)


def test_it_mails_a_link_that_sets_a_new_password_once() -> None:
    alice = User.objects.create_user("alice@example.org", PASSWORD)
    ask_for_link("Alice@Example.org")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"] and "footcoach" in message.subject
    client = Client()
    form = client.get(link_in(message), follow=True)
    assert form.status_code == 200 and "Set a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)

    again = Client().get(link_in(message), follow=True)
    assert "This link no longer works" in again.content.decode()


def test_it_answers_the_same_whether_or_not_an_address_has_an_account() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    known = Client().post("/accounts/password-reset", {"email": "alice@example.org"}, follow=True)
    unknown = Client().post("/accounts/password-reset", {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_it_refuses_a_weak_new_password_and_keeps_the_old_one() -> None:
    alice = User.objects.create_user("alice@example.org", PASSWORD)
    ask_for_link("alice@example.org")
    client = Client()
    form = client.get(link_in(mail.outbox[0]), follow=True)

    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})

    assert weak.status_code == 400 and "too common" in weak.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_link_stops_working_after_an_hour() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    with time_machine.travel("2026-11-24 09:00 +0000", tick=False):
        ask_for_link("alice@example.org")
    with time_machine.travel("2026-11-24 10:01 +0000", tick=False):
        page = Client().get(link_in(mail.outbox[0]), follow=True)
    assert "This link no longer works" in page.content.decode()


def test_it_says_what_is_wrong_with_a_malformed_address() -> None:
    response = Client().post("/accounts/password-reset", {"email": "not an address"})
    assert response.status_code == 400 and "Enter a valid email address" in response.content.decode()
    assert not mail.outbox


def test_the_sign_in_page_leads_to_it() -> None:
    assert 'href="/accounts/password-reset"' in Client().get("/accounts/signin").content.decode()
