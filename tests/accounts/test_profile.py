"""The profile: saved whole through do_save_profile, made and changed through the onboarding screens."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import Profile, User
from footcoach.core.profile import ProfileError

pytestmark = pytest.mark.django_db

PASSWORD = "barefoot on the beach"

ALICE_ANSWERS: dict[str, Any] = {
    "birth_year": 1951,
    "goals": ["balance", "heel-pain"],
    "conditions": ["arthritis-foot-ankle"],
    "equipment": ["soft-ball", "towel"],
    "minutes_per_day": 15,
    "days_per_week": 5,
    "setting": "home",
    "start_side": "left",
    "cleared_by_clinician": False,
}


def person(email: str) -> User:
    return User.objects.create_user(email, PASSWORD)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestSaveProfile:
    def test_it_saves_the_contract_fields(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        stored = Profile.objects.get(owner=alice)
        assert stored.as_data() == ALICE_ANSWERS
        assert stored.as_core().goals == ("balance", "heel-pain")

    def test_it_replaces_the_profile_rather_than_adding_one(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        do_save_profile(alice, {**ALICE_ANSWERS, "minutes_per_day": 30, "goals": ["general", "general"]})
        assert Profile.objects.count() == 1
        stored = Profile.objects.get(owner=alice)
        assert stored.minutes_per_day == 30
        assert stored.goals == ["general"]

    def test_it_refuses_bad_answers_naming_each_field_and_stores_nothing(self) -> None:
        alice = person("alice@example.org")
        with pytest.raises(ProfileError) as caught:
            do_save_profile(alice, {**ALICE_ANSWERS, "minutes_per_day": 200, "conditions": ["flu"]})
        fields = {problem.field: problem.message for problem in caught.value.problems}
        assert "give 3 to 90 minutes" in fields["minutes_per_day"]
        assert "'flu' is not a condition" in fields["conditions[0]"]
        assert not Profile.objects.exists()

    @time_machine.travel("2026-03-02 09:00 +0000", tick=False)
    def test_it_refuses_a_birth_year_under_ten_years_ago(self) -> None:
        alice = person("alice@example.org")
        with pytest.raises(ProfileError) as caught:
            do_save_profile(alice, {**ALICE_ANSWERS, "birth_year": 2020})
        assert [p.field for p in caught.value.problems] == ["birth_year"]
        assert not Profile.objects.exists()
