"""Every form answers any input with the form again and its problem named, never a 500,
and never loses what was already saved."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import Profile, User
from footcoach.progress.models import SelfTestResult
from tests.plan_support import log_week

pytestmark = pytest.mark.django_db

PASSWORD = "barefoot on the beach"
ALICE_ANSWERS: dict[str, Any] = {
    "birth_year": 1951, "goals": ["balance"], "conditions": [], "equipment": ["towel"], "minutes_per_day": 15,
    "days_per_week": 5, "setting": "home", "start_side": "left", "cleared_by_clinician": False,
}
TIME_FORM = {"equipment": ["towel"], "minutes_per_day": "15", "days_per_week": "5", "setting": "home",
             "start_side": "left"}
SUPERSCRIPT = "¹⁹⁵²"
HUGE = "9" * 5000


def alice() -> User:
    person = User.objects.create_user("alice@example.org", PASSWORD)
    do_save_profile(person, ALICE_ANSWERS)
    return person


def signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def saved(person: User) -> dict[str, Any]:
    return Profile.objects.get(owner=person).as_data()


@time_machine.travel("2026-03-02 09:00 +0000", tick=False)
@pytest.mark.parametrize("where", ["/start/about", "/profile/edit/about"])
@pytest.mark.parametrize("given_year", [SUPERSCRIPT, HUGE, "19\x0052", "-1952", "1952.5"])
def test_it_names_the_year_it_cannot_read_and_keeps_the_saved_one(where: str, given_year: str) -> None:
    person = alice()
    response = signed_in(person).post(where, {"birth_year": given_year})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Year you were born" in html
    assert "give the year you were born, from 1900 to 2016" in html
    # A long answer is named by its start, not echoed whole.
    assert HUGE not in html
    assert saved(person) == ALICE_ANSWERS


@time_machine.travel("2026-03-02 09:00 +0000", tick=False)
@pytest.mark.parametrize(("field", "label", "allowed"), [
    ("minutes_per_day", "Minutes a day", "give 3 to 90 minutes"),
    ("days_per_week", "Days a week", "give 1 to 7 days"),
])
@pytest.mark.parametrize("given_number", ["¹⁵", "⁵", HUGE])
def test_it_names_the_minutes_or_days_it_cannot_read_and_keeps_the_saved_ones(
    field: str, label: str, allowed: str, given_number: str
) -> None:
    person = alice()
    client = signed_in(person)
    for where in ("/profile/edit/time", "/start/time"):
        response = client.post(where, {**TIME_FORM, field: given_number})
        assert response.status_code == 400, where
        html = response.content.decode()
        assert label in html and allowed in html
        assert saved(person) == ALICE_ANSWERS


@time_machine.travel("2026-03-02 09:00 +0000", tick=False)
@pytest.mark.parametrize("digits", ["١٩٦٠", "１９６０", "۱۹۶۰"])
def test_it_reads_a_year_written_in_other_decimal_digits(digits: str) -> None:
    person = alice()
    response = signed_in(person).post("/profile/edit/about", {"birth_year": digits})
    assert response.status_code == 302
    assert saved(person) == {**ALICE_ANSWERS, "birth_year": 1960}


@pytest.mark.parametrize(("field", "value"), [
    ("setting", "home\x00"), ("start_side", "left\x00"), ("equipment", ["towel\x00"]),
])
def test_it_refuses_a_null_character_in_a_choice_naming_the_field(field: str, value: Any) -> None:
    person = alice()
    response = signed_in(person).post("/profile/edit/time", {**TIME_FORM, field: value})
    assert response.status_code == 400
    assert f'id="{field}-errors"' in response.content.decode()
    assert saved(person) == ALICE_ANSWERS


def test_it_keeps_the_earlier_answers_of_a_walk_when_a_later_one_cannot_be_read() -> None:
    client = signed_in(User.objects.create_user("alice@example.org", PASSWORD))
    assert client.post("/start/about", {"birth_year": "1951"}).status_code == 302
    assert client.post("/start/goals", {"goals": ["balance"]}).status_code == 302
    assert client.post("/start/time", {**TIME_FORM, "minutes_per_day": HUGE}).status_code == 400
    assert 'value="1951"' in client.get("/start/about").content.decode()
    assert 'value="balance" id="goals-balance" checked' in client.get("/start/goals").content.decode()


def morning_pain(client: Client, pain: Any) -> str:
    response = client.post("/progress/morning-pain", {"pain": pain}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/plan"
    return response.content.decode()


@time_machine.travel("2026-11-21 07:30 +0000", tick=False)
def test_it_reads_the_morning_pain_as_a_form_field_does_and_names_what_it_cannot_read() -> None:
    person = alice()
    log_week(person, "2026-11-16", pain=2)
    client = signed_in(person)
    assert "Saved: 3/10" in morning_pain(client, "٣")
    for given in ("3\x00", HUGE, ["4", "\x00"]):
        html = morning_pain(client, given)
        assert "First-step pain: choose a number from 0 to 10" in html
        assert "\x00" not in html and HUGE[:100] not in html
    assert [(r.value, r.taken_on.isoformat()) for r in SelfTestResult.objects.all()] == [(3.0, "2026-11-21")]


@pytest.mark.parametrize("minutes", ["¹⁵", HUGE])
def test_the_library_filter_names_minutes_it_cannot_read(minutes: str) -> None:
    response = Client().get("/library", {"minutes": minutes})
    assert response.status_code == 400
    assert "is not a whole number of minutes from 1 to 120" in response.content.decode()
    assert HUGE not in response.content.decode()
