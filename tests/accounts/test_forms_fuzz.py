"""Every form answers any input with the form again and its problem named, never a 500,
and never loses what was already saved."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import ApiToken, Profile, User
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
    for pain in ("3\x00", HUGE, ["4", "\x00"]):
        html = morning_pain(client, pain)
        assert "First-step pain: choose a number from 0 to 10" in html
        assert "\x00" not in html and HUGE[:100] not in html
    assert [(r.value, r.taken_on.isoformat()) for r in SelfTestResult.objects.all()] == [(3.0, "2026-11-21")]


@pytest.mark.parametrize("minutes", ["¹⁵", HUGE])
def test_the_library_filter_names_minutes_it_cannot_read(minutes: str) -> None:
    response = Client().get("/library", {"minutes": minutes})
    assert response.status_code == 400
    assert "is not a whole number of minutes from 1 to 120" in response.content.decode()
    assert HUGE not in response.content.decode()


# What a clumsy or hostile client may type or send: other digits, huge numbers, NUL
# characters, very long text, several values for one, or nothing at all.
NASTY = ["¹⁹⁵²", "١٩٥٢", "１９５２", "۱۹۶۰", HUGE, "-1", "1e3", "15.0", "\x00", "home\x00", "x" * 20_000, "",
         " ", "yes", "balance", "towel", "left", "[/x]", "<script>"]
# Browsers send UTF-8, which cannot hold a lone surrogate.
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40) | st.sampled_from(NASTY)
values = st.none() | texts | st.lists(texts, max_size=3)


def form_of(fields: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Any value, a list of values or none at all (None: left out) for each field."""
    return st.fixed_dictionaries({name: values for name in fields}).map(
        lambda form: {name: value for name, value in form.items() if value is not None})


ONBOARDING = [("about", ("birth_year", "back")), ("goals", ("goals", "back")),
              ("health", ("conditions", "cleared_by_clinician", "back")),
              ("time", ("equipment", "minutes_per_day", "days_per_week", "setting", "start_side", "back"))]
FUZZ = settings(max_examples=100, deadline=None, derandomize=True)


@FUZZ
@given(st.sampled_from(ONBOARDING).flatmap(
    lambda step: st.tuples(st.just(step[0]), st.sampled_from(["/start/", "/profile/edit/"]), form_of(step[1]))))
def test_the_profile_screens_answer_any_form_without_a_500_or_losing_what_is_saved(
    case: tuple[str, str, dict[str, Any]],
) -> None:
    slug, where, form = case
    person = User.objects.filter(email="alice@example.org").first() or alice()
    before = saved(person)
    response = signed_in(person).post(f"{where}{slug}", form)
    assert response.status_code in {302, 400}
    if response.status_code == 400:
        assert saved(person) == before
        assert 'class="field-errors"' in response.content.decode()


@FUZZ
@given(values)
def test_the_morning_check_in_answers_any_score_without_a_500_or_losing_the_saved_one(pain: Any) -> None:
    person = User.objects.filter(email="alice@example.org").first() or alice()
    with time_machine.travel("2026-11-21 07:30 +0000", tick=False):
        if not SelfTestResult.objects.exists():
            log_week(person, "2026-11-16", pain=2)
            morning_pain(signed_in(person), "3")
        before = list(SelfTestResult.objects.values_list("value", flat=True))
        html = morning_pain(signed_in(person), pain if pain is not None else [])
    if "First-step pain: choose a number from 0 to 10" in html:
        assert list(SelfTestResult.objects.values_list("value", flat=True)) == before
    assert "\x00" not in html


@FUZZ
@given(form_of(("name",)))
def test_the_token_form_answers_any_name_without_a_500(form: dict[str, Any]) -> None:
    person = User.objects.filter(email="alice@example.org").first() or alice()
    before = ApiToken.objects.count()
    response = signed_in(person).post("/account/tokens", form)
    assert response.status_code in {302, 400}
    if response.status_code == 400:
        assert ApiToken.objects.count() == before
        assert 'id="id_name"' in response.content.decode()


# A fast hasher: the default one takes a tenth of a second on purpose, for each of a hundred tries.
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@FAST_HASHER
@FUZZ
@given(form_of(("email", "password")))
def test_sign_up_answers_any_form_without_a_500(form: dict[str, Any]) -> None:
    before = User.objects.count()
    response = Client().post("/accounts/signup", form)
    # 200: the empty form again, when nothing was sent.
    assert response.status_code in {200, 302, 400}
    if response.status_code != 302:
        assert User.objects.count() == before


@FAST_HASHER
@FUZZ
@given(form_of(("old_password", "new_password1", "new_password2")))
def test_password_change_answers_any_form_without_a_500_or_changing_the_password(form: dict[str, Any]) -> None:
    person = User.objects.filter(email="alice@example.org").first() or alice()
    response = signed_in(person).post("/account/password", form)
    # 429 once the sign-in limit counts too many wrong passwords.
    assert response.status_code in {302, 400, 429}
    if response.status_code != 302:
        person.refresh_from_db()
        assert person.check_password(PASSWORD)
