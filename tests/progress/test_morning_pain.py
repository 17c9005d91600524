"""The morning check-in: the plan page asks for first-step pain the morning
after a session, and a worse morning steps next week's dose down."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.progress.models import SelfTestResult
from tests.plan_support import ALICE_ANSWERS, alice_with, log_week, plan_html

pytestmark = pytest.mark.django_db

# The Saturday after the sessions log_week puts on Monday, Wednesday and Friday.
SATURDAY = "2026-11-21 07:30 +0000"
QUESTION = "How much did your feet hurt on your first steps out of bed today?"


def alice() -> User:
    return User.objects.get(email="alice@example.org")


def morning_pain(client: Client, pain: str) -> str:
    response = client.post("/progress/morning-pain", {"pain": pain}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/plan"
    return response.content.decode()


@time_machine.travel(SATURDAY, tick=False)
def test_the_morning_after_a_session_the_plan_asks_and_keeps_one_score_a_day() -> None:
    client = alice_with()
    log_week(alice(), "2026-11-16", pain=2)
    assert QUESTION in plan_html(client)

    html = morning_pain(client, "6")
    assert "Saved: 6/10 on your first steps today." in html
    assert "<strong>6 out of 10</strong>" in html
    html = morning_pain(client, "4")
    assert "<strong>4 out of 10</strong>" in html
    assert [(r.test, r.value, r.taken_on.isoformat()) for r in SelfTestResult.objects.all()] == [
        ("first-step-pain", 4.0, "2026-11-21")
    ]


@time_machine.travel("2026-11-22 07:30 +0000", tick=False)
def test_it_does_not_ask_when_there_was_no_session_yesterday() -> None:
    client = alice_with()
    log_week(alice(), "2026-11-16", pain=2)  # the last one on Friday
    assert QUESTION not in plan_html(client)


@time_machine.travel(SATURDAY, tick=False)
@pytest.mark.parametrize("given", ["11", "-1", "six", "", "²", "5.5"])
def test_a_score_that_is_not_0_to_10_is_refused_by_name_and_keeps_the_saved_one(given: str) -> None:
    client = alice_with()
    log_week(alice(), "2026-11-16", pain=2)
    morning_pain(client, "3")
    html = morning_pain(client, given)
    assert "First-step pain: choose a number from 0 to 10" in html
    assert "<strong>3 out of 10</strong>" in html
    assert SelfTestResult.objects.get().value == 3


def test_it_needs_a_signed_in_person_and_a_post() -> None:
    response = Client().post("/progress/morning-pain", {"pain": "3"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/signin")
    assert SelfTestResult.objects.count() == 0
    assert alice_with().get("/progress/morning-pain").status_code == 405


def test_worse_mornings_than_the_week_before_step_the_dose_down_and_say_why() -> None:
    client = alice_with(goals=["strength"])
    log_week(alice(), "2026-11-09", pain=2)
    log_week(alice(), "2026-11-16", pain=2)
    # The Saturday after each week's last session.
    for morning, pain in (("2026-11-14 07:30 +0000", "1"), ("2026-11-21 07:30 +0000", "4")):
        with time_machine.travel(morning, tick=False):
            morning_pain(client, pain)
    with time_machine.travel("2026-11-23 09:00 +0000", tick=False):
        html = plan_html(client)
    assert "Dose stepped down: next-morning pain was worse in the week of 2026-11-16" in html
    assert "6 times, each foot in turn" in html  # heel raises: 8 became 6


@time_machine.travel(SATURDAY, tick=False)
def test_one_persons_score_is_never_shown_to_another() -> None:
    alice_client = alice_with()
    log_week(alice(), "2026-11-16", pain=2)
    morning_pain(alice_client, "7")
    bob = User.objects.create_user("bob@example.org", "another long password")
    do_save_profile(bob, ALICE_ANSWERS)
    log_week(bob, "2026-11-16", pain=2)
    bob_client = Client()
    bob_client.force_login(bob)
    html = plan_html(bob_client)
    assert QUESTION in html and "out of 10</strong>" not in html
