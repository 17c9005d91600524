"""Wrong passwords are limited per pair of address and device, and per device."""

from __future__ import annotations

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

from footcoach.accounts.models import User
from footcoach.accounts.signin_limits import IP_FAILURE_LIMIT

pytestmark = pytest.mark.django_db

PASSWORD = "barefoot on the beach"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


def sign_in(email: str, password: str, *, ip: str = ATTACKER, **headers: str) -> tuple[int, str]:
    response = Client(REMOTE_ADDR=ip, **headers).post("/accounts/signin", {"username": email, "password": password})
    return response.status_code, response.content.decode()


def test_it_holds_the_guessing_device_for_15_minutes_and_lets_the_owner_in() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    with time_machine.travel("2026-11-24 09:00 +0000", tick=False):
        for _ in range(4):
            status, html = sign_in("alice@example.org", "a wrong guess")
            assert status == 200 and "do not match an account" in html
        # The fifth wrong password is answered with the wait, and so is anything after it.
        assert sign_in("alice@example.org", "a wrong guess")[0] == 429
        status, html = sign_in("Alice@Example.org", PASSWORD)
        assert status == 429 and "Too many wrong passwords from this device. Wait 15 minutes" in html
        # The owner, on her own phone, is not locked out by a stranger's guesses.
        assert sign_in("alice@example.org", PASSWORD, ip=OWNER)[0] == 302
    with time_machine.travel("2026-11-24 09:16 +0000", tick=False):
        assert sign_in("alice@example.org", PASSWORD)[0] == 302


def test_it_keeps_counting_when_a_blank_password_comes_between_guesses() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    for _ in range(4):
        sign_in("alice@example.org", "a wrong guess")
    status, html = sign_in("alice@example.org", "")
    assert status == 200 and "This field is required" in html
    sign_in("alice@example.org", "another wrong guess")

    assert sign_in("alice@example.org", PASSWORD)[0] == 429


def test_it_caps_one_device_across_many_addresses() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    addresses = [f"person{n}@example.org" for n in range(IP_FAILURE_LIMIT // 3)]
    answers = [sign_in(address, "a wrong guess")[0] for address in addresses for _ in range(3)]

    # Three tries an address is below the limit for any one of them; the
    # device's total is not.
    assert answers[:-1] == [200] * (len(answers) - 1) and answers[-1] == 429
    assert sign_in("alice@example.org", PASSWORD)[0] == 429
    assert sign_in("alice@example.org", PASSWORD, ip=OWNER)[0] == 302


def test_it_does_not_believe_a_forwarded_for_header_by_default() -> None:
    User.objects.create_user("alice@example.org", PASSWORD)
    for n in range(5):
        sign_in("alice@example.org", "a wrong guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    assert sign_in("alice@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")[0] == 429


def test_it_limits_wrong_passwords_on_the_change_password_page_too() -> None:
    alice = User.objects.create_user("alice@example.org", PASSWORD)
    client = Client(REMOTE_ADDR=ATTACKER)
    client.force_login(alice)
    for n in range(4):
        wrong = client.post("/account/password", {
            "old_password": f"guess number {n}", "new_password1": "taken over now", "new_password2": "taken over now",
        })
        assert wrong.status_code == 400 and "Your old password was entered incorrectly" in wrong.content.decode()
    fifth = client.post("/account/password", {
        "old_password": "guess number 5", "new_password1": "taken over now", "new_password2": "taken over now",
    })
    assert fifth.status_code == 429

    locked = client.post("/account/password", {
        "old_password": PASSWORD, "new_password1": "taken over now", "new_password2": "taken over now",
    })

    assert locked.status_code == 429
    assert "Too many wrong passwords from this device" in locked.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    # The same count guards signing in from that device.
    assert sign_in("alice@example.org", PASSWORD)[0] == 429


def test_it_never_stores_a_typed_password() -> None:
    alice = User.objects.create_user("alice@example.org", PASSWORD)
    sign_in("alice@example.org", "my secret near miss")
    client = Client(REMOTE_ADDR=ATTACKER)
    client.force_login(alice)
    client.post("/account/password", {
        "old_password": "another near miss", "new_password1": "a brand new one", "new_password2": "a brand new one",
    })

    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert stored and "near miss" not in stored and "brand new" not in stored
