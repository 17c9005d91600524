"""The profile: saved whole through do_save_profile, made and changed through the onboarding screens."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import Profile, User
from footcoach.core.loader import load_library
from footcoach.core.profile import ProfileError
from footcoach.core.schemas import EVIDENCE_LABEL_NAMES

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
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


def labelled(claim_text: str, label: str) -> re.Pattern[str]:
    """A claim with its evidence label right after it, in the same list item."""
    return re.compile(re.escape(f"<p>{escape(claim_text)}</p>") + r'\s*<p class="evidence"><span class="label[^"]*">'
                      + re.escape(label) + "</span>")


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
        assert '"flu" is not a condition' in fields["conditions[0]"]
        assert not Profile.objects.exists()

    @time_machine.travel("2026-03-02 09:00 +0000", tick=False)
    def test_it_refuses_a_birth_year_under_ten_years_ago(self) -> None:
        alice = person("alice@example.org")
        with pytest.raises(ProfileError) as caught:
            do_save_profile(alice, {**ALICE_ANSWERS, "birth_year": 2020})
        assert [p.field for p in caught.value.problems] == ["birth_year"]
        assert not Profile.objects.exists()


def walk_the_screens(client: Client, answers: dict[str, Any]) -> list[int]:
    """Post each onboarding screen in turn; returns the status of each answer."""
    screens = {
        "about": {"birth_year": str(answers["birth_year"])},
        "goals": {"goals": answers["goals"]},
        "health": {"conditions": answers["conditions"],
                   **({"cleared_by_clinician": "yes"} if answers["cleared_by_clinician"] else {})},
        "time": {"equipment": answers["equipment"], "minutes_per_day": str(answers["minutes_per_day"]),
                 "days_per_week": str(answers["days_per_week"]), "setting": answers["setting"],
                 "start_side": answers["start_side"]},
    }
    return [client.post(f"/start/{slug}", form).status_code for slug, form in screens.items()]


class TestOnboarding:
    def test_it_sends_a_new_person_from_sign_up_to_the_first_screen(self) -> None:
        client = Client()
        response = client.post("/accounts/signup", {"email": "alice@example.org", "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/start"
        response = client.get("/start")
        assert response.status_code == 200
        assert "Which year were you born?" in response.content.decode()

    def test_it_walks_the_four_screens_and_saves_the_profile(self) -> None:
        alice = person("alice@example.org")
        client = signed_in(alice)
        assert client.post("/start", {"birth_year": "1951"})["Location"] == "/start/goals"
        assert client.post("/start/goals", {"goals": ["balance", "heel-pain"]})["Location"] == "/start/health"
        assert client.post("/start/health", {"conditions": ["arthritis-foot-ankle"]})["Location"] == "/start/time"
        assert not Profile.objects.exists(), "nothing is saved until the last screen"
        response = client.post("/start/time", {
            "equipment": ["soft-ball", "towel"], "minutes_per_day": "15", "days_per_week": "5",
            "setting": "home", "start_side": "left",
        })
        assert response.status_code == 302
        assert response["Location"] == "/plan"
        assert Profile.objects.get(owner=alice).as_data() == ALICE_ANSWERS
        assert client.get("/plan").status_code == 200

    def test_it_asks_for_sex_as_an_optional_answer_and_keeps_it_or_nothing(self) -> None:
        alice = person("alice@example.org")
        client = signed_in(alice)
        about = client.get("/start").content.decode()
        assert "Sex (optional)" in about and "Prefer not to say" in about
        for said, kept in (("female", "female"), ("", None)):
            assert client.post("/start", {"birth_year": "1951", "sex": said})["Location"] == "/start/goals"
            client.post("/start/goals", {"goals": ["balance"]})
            client.post("/start/health", {})
            client.post("/start/time", {"equipment": [], "minutes_per_day": "15", "days_per_week": "5",
                                        "setting": "home", "start_side": "left"})
            assert Profile.objects.get(owner=alice).as_core().sex == kept
        response = client.post("/start", {"birth_year": "1951", "sex": "other"})
        assert response.status_code == 400
        assert "choose Woman, Man or Prefer not to say" in response.content.decode()

    def test_it_asks_each_health_question_in_the_content_words_with_why(self) -> None:
        client = signed_in(person("alice@example.org"))
        html = client.get("/start/health").content.decode()
        assert "Do you have arthritis in your feet or ankles?" in html
        assert "Pressing, rolling or rubbing broken skin can tear it further" in html  # a red flag's why_we_ask
        assert "A clinician has checked this and said exercise is fine" in html
        assert html.count("data-red-flag") == 5

    def test_it_explains_each_goal_and_the_easier_foot(self) -> None:
        client = signed_in(person("alice@example.org"))
        goals = client.get("/start/goals").content.decode()
        assert "Steadier balance" in goals
        assert "Training the small muscles of the feet and toes improved balance" in goals
        time = client.get("/start/time").content.decode()
        assert "Working the easier, teacher side first is the gentle default" in time
        assert "Before a walk, run or workout" in time

    def test_it_shows_each_goals_claims_with_their_labels_and_sources(self) -> None:
        html = signed_in(person("alice@example.org")).get("/start/goals").content.decode()
        goals_with_claims = [goal for goal in LIBRARY.goals.values() if goal.claims]
        assert goals_with_claims
        for goal in goals_with_claims:
            tile = html[html.index(f'id="goals-{goal.id}"'):]
            tile = tile[:tile.index("</details>")]
            # The labels show before the disclosure is opened, the claims and sources inside it.
            summary = tile[tile.index("<summary>"):tile.index("</summary>")]
            for claim in goal.claims:
                assert EVIDENCE_LABEL_NAMES[claim.label] in summary, goal.id
                assert labelled(claim.text, EVIDENCE_LABEL_NAMES[claim.label]).search(tile), claim.text
                assert escape(LIBRARY.sources[claim.source].citation.rstrip(".")) in tile

    def test_it_shows_each_conditions_claims_with_labels_under_why_we_ask(self) -> None:
        html = signed_in(person("alice@example.org")).get("/start/health").content.decode()
        tile = html[html.index('id="conditions-pregnancy"'):]
        why = tile[tile.index("<details"):tile.index("</details>")]
        [labour] = LIBRARY.conditions["pregnancy"].claims
        assert labelled(labour.text, "Traditional belief, not evidence").search(why)

    def test_it_keeps_the_answers_when_going_back(self) -> None:
        client = signed_in(person("alice@example.org"))
        client.post("/start/about", {"birth_year": "1951"})
        response = client.post("/start/goals", {"goals": ["balance"], "back": "1"})
        assert response.status_code == 302
        assert response["Location"] == "/start/about"
        assert 'value="1951"' in client.get("/start/about").content.decode()
        goals = client.get("/start/goals").content.decode()
        assert 'value="balance" id="goals-balance" checked' in goals

    def test_it_goes_back_without_complaining_about_an_unfinished_screen(self) -> None:
        client = signed_in(person("alice@example.org"))
        response = client.post("/start/time", {"minutes_per_day": "200", "back": "1"})
        assert response.status_code == 302
        assert response["Location"] == "/start/health"

    @pytest.mark.parametrize(
        ("screen", "form", "label", "allowed"),
        [
            ("about", {}, "Year you were born", "this field is required"),
            ("about", {"birth_year": "nineteen fifty"}, "Year you were born", "give the year you were born, from 1900"),
            ("about", {"birth_year": "1850"}, "Year you were born", "give the year you were born, from 1900"),
            ("about", {"birth_year": "2022"}, "Year you were born", "footcoach is for people aged 10 and over"),
            ("goals", {}, "What you would like", "choose at least one goal"),
            ("goals", {"goals": ["flying"]}, "What you would like", "choose from heel-pain"),
            ("health", {"conditions": ["flu"]}, "Your health", "is not a condition footcoach knows"),
            ("time", {"equipment": ["rope"], "minutes_per_day": "20", "days_per_week": "5", "setting": "home",
                      "start_side": "left"}, "What you have", "choose from spiky-ball"),
            ("time", {"minutes_per_day": "200", "days_per_week": "5", "setting": "home", "start_side": "left"},
             "Minutes a day", "give 3 to 90 minutes"),
            ("time", {"minutes_per_day": "20", "days_per_week": "9", "setting": "home", "start_side": "left"},
             "Days a week", "give 1 to 7 days"),
            ("time", {"minutes_per_day": "20", "days_per_week": "5", "setting": "gym", "start_side": "left"},
             "Where you will do it", "choose from home, desk, before-workout"),
            ("time", {"minutes_per_day": "20", "days_per_week": "5", "setting": "home"},
             "Which foot first", "this field is required"),
        ],
    )
    @time_machine.travel("2026-03-02 09:00 +0000", tick=False)
    def test_it_names_the_field_and_what_is_allowed(
        self, screen: str, form: dict[str, Any], label: str, allowed: str
    ) -> None:
        alice = person("alice@example.org")
        response = signed_in(alice).post(f"/start/{screen}", form)
        assert response.status_code == 400
        html = response.content.decode()
        assert label in html
        assert allowed in html
        # The message is tied to its field for screen readers.
        assert 'aria-describedby="' in html and '-errors"' in html
        assert not Profile.objects.exists()

    @time_machine.travel("2026-03-02 09:00 +0000", tick=False)
    def test_it_gives_one_message_for_a_year_far_out_of_range(self) -> None:
        response = signed_in(person("alice@example.org")).post("/start/about", {"birth_year": "19500"})
        assert response.status_code == 400
        html = response.content.decode()
        said = "19500 is not a year we can use; give the year you were born, from 1900 to 2016"
        assert f'<ul class="field-errors" id="birth_year-errors"><li>{said}</li></ul>' in html
        assert "too recent" not in html

    def test_it_tells_of_a_red_flag_on_the_very_next_screen_and_still_lets_the_person_finish(self) -> None:
        alice = person("alice@example.org")
        client = signed_in(alice)
        client.post("/start/about", {"birth_year": "1951"})
        client.post("/start/goals", {"goals": ["balance"]})
        response = client.post("/start/health", {"conditions": ["calf-pain-swelling", "arthritis-foot-ankle"]})
        assert response["Location"] == "/start/time"

        html = client.get("/start/time").content.decode()
        calf = LIBRARY.conditions["calf-pain-swelling"]
        notice = html[html.index('<section class="clinician blocked"'):]
        notice = notice[:notice.index("</section>")]
        assert html.index("</h1>") < html.index('<section class="clinician blocked"') < html.index("<form")
        assert '<h2 id="clinician-heading">Please see a clinician first</h2>' in notice
        assert f"<strong>{escape(calf.name)}.</strong> {escape(calf.advice)}" in notice
        assert escape(LIBRARY.conditions["arthritis-foot-ankle"].name) not in notice

        assert client.post("/start/time", {
            "equipment": ["soft-ball"], "minutes_per_day": "15", "days_per_week": "5",
            "setting": "home", "start_side": "left",
        })["Location"] == "/plan"
        assert Profile.objects.get(owner=alice).conditions == ["calf-pain-swelling", "arthritis-foot-ankle"]

    @pytest.mark.parametrize(
        "health", [{"conditions": ["arthritis-foot-ankle"]},
                   {"conditions": ["calf-pain-swelling"], "cleared_by_clinician": "yes"}],
    )
    def test_it_tells_nothing_on_the_next_screen_without_a_red_flag_waiting(self, health: dict[str, Any]) -> None:
        client = signed_in(person("alice@example.org"))
        client.post("/start/health", health)
        assert "Please see a clinician first" not in client.get("/start/time").content.decode()

    def test_it_counts_clearance_only_with_a_red_flag(self) -> None:
        alice = person("alice@example.org")
        client = signed_in(alice)
        walk_the_screens(client, {**ALICE_ANSWERS, "cleared_by_clinician": True})
        assert Profile.objects.get(owner=alice).cleared_by_clinician is False

    def test_it_keeps_clearance_for_a_red_flag(self) -> None:
        alice = person("alice@example.org")
        client = signed_in(alice)
        answers = {**ALICE_ANSWERS, "conditions": ["recent-foot-injury"], "cleared_by_clinician": True}
        assert walk_the_screens(client, answers) == [302, 302, 302, 302]
        assert Profile.objects.get(owner=alice).as_data() == answers

    def test_it_shows_the_first_screen_with_a_problem_when_one_was_skipped(self) -> None:
        alice = person("alice@example.org")
        response = signed_in(alice).post("/start/time", {
            "minutes_per_day": "20", "days_per_week": "5", "setting": "home", "start_side": "left",
        })
        assert response.status_code == 400
        html = response.content.decode()
        assert "Which year were you born?" in html
        assert "this field is required" in html
        assert not Profile.objects.exists()

    def test_it_edits_the_saved_profile_with_the_same_screens(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        client = signed_in(alice)
        response = client.get("/profile/edit")
        assert response.status_code == 302
        assert response["Location"] == "/start"
        assert 'value="1951"' in client.get("/start").content.decode()
        time = client.get("/start/time").content.decode()
        assert 'value="15" id="minutes_per_day-15" checked' in time
        assert walk_the_screens(client, {**ALICE_ANSWERS, "minutes_per_day": 30}) == [302, 302, 302, 302]
        assert Profile.objects.get(owner=alice).minutes_per_day == 30
        assert Profile.objects.count() == 1

    def test_it_offers_minutes_from_a_command_line_profile_when_editing(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, {**ALICE_ANSWERS, "minutes_per_day": 12})
        time = signed_in(alice).get("/start/time").content.decode()
        assert 'value="12" id="minutes_per_day-12" checked' in time

    def test_it_links_the_account_page_to_the_onboarding_then_to_the_plan(self) -> None:
        alice = person("alice@example.org")
        client = signed_in(alice)
        assert 'href="/start"' in client.get("/account").content.decode()
        do_save_profile(alice, ALICE_ANSWERS)
        html = client.get("/account").content.decode()
        assert 'href="/plan"' in html
        assert 'href="/profile/edit"' in html

    def test_it_needs_an_account(self) -> None:
        for path in ("/start", "/start/goals", "/profile/edit", "/profile/edit/time", "/plan"):
            response = Client().get(path)
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/signin?next=")

    def test_it_has_no_screen_by_another_name(self) -> None:
        response = signed_in(person("alice@example.org")).get("/start/payment")
        assert response.status_code == 404


TIME_FORM = {"equipment": ["soft-ball", "towel"], "minutes_per_day": "30", "days_per_week": "5",
             "setting": "home", "start_side": "left"}


class TestEditOneScreen:
    def test_it_changes_the_minutes_on_one_screen_and_keeps_every_other_answer(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        client = signed_in(alice)
        html = client.get("/profile/edit/time").content.decode()
        assert 'value="15" id="minutes_per_day-15" checked' in html
        assert "Step 4 of 4" not in html and ">Save</button>" in html
        assert 'action="/profile/edit/time"' in html

        response = client.post("/profile/edit/time", TIME_FORM)
        assert response.status_code == 302
        assert response["Location"] == "/plan"
        assert Profile.objects.get(owner=alice).as_data() == {**ALICE_ANSWERS, "minutes_per_day": 30}
        assert "Your answers are saved" in client.get("/plan").content.decode()

    def test_it_saves_the_health_answers_alone(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        client = signed_in(alice)
        assert 'value="arthritis-foot-ankle" id="conditions-arthritis-foot-ankle" checked' in \
            client.get("/profile/edit/health").content.decode()
        response = client.post("/profile/edit/health", {"conditions": ["pregnancy"]})
        assert response.status_code == 302
        assert Profile.objects.get(owner=alice).as_data() == {**ALICE_ANSWERS, "conditions": ["pregnancy"]}

    def test_it_refuses_a_bad_answer_and_keeps_the_saved_profile(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        response = signed_in(alice).post("/profile/edit/goals", {"goals": []})
        assert response.status_code == 400
        html = response.content.decode()
        assert "choose at least one goal from the list" in html
        assert 'action="/profile/edit/goals"' in html
        assert Profile.objects.get(owner=alice).as_data() == ALICE_ANSWERS

    def test_it_forgets_a_walk_left_half_done_once_a_screen_is_saved(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        client = signed_in(alice)
        client.post("/start/about", {"birth_year": "1960"})
        assert client.post("/profile/edit/time", TIME_FORM).status_code == 302
        assert 'value="1951"' in client.get("/start").content.decode()

    def test_it_sends_a_new_person_through_every_screen(self) -> None:
        client = signed_in(person("alice@example.org"))
        response = client.get("/profile/edit/time")
        assert response.status_code == 302
        assert response["Location"] == "/start"
        assert client.post("/profile/edit/time", TIME_FORM)["Location"] == "/start"
        assert not Profile.objects.exists()

    def test_it_links_each_screen_from_the_plan_and_the_account_page(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        client = signed_in(alice)
        for path in ("/plan", "/account"):
            html = client.get(path).content.decode()
            assert '<a href="/profile/edit/time">Change your time and equipment</a>' in html
            assert '<a href="/profile/edit/health">Change your health answers</a>' in html
            assert '<a href="/profile/edit/goals">Change your goals</a>' in html
            assert '<a href="/profile/edit/about">Change your year of birth</a>' in html

    def test_it_has_no_screen_by_another_name(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        assert signed_in(alice).get("/profile/edit/payment").status_code == 404


class TestPrivacy:
    def test_charlie_sees_neither_alices_profile_nor_her_plan(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, {**ALICE_ANSWERS, "birth_year": 1937})
        charlie = signed_in(person("charlie@example.org"))
        response = charlie.get("/plan")
        assert response.status_code == 302
        assert response["Location"] == "/start"
        for path in ("/start", "/start/goals", "/start/health", "/start/time"):
            html = charlie.get(path).content.decode()
            assert "1937" not in html
            assert not re.search(r"<input[^>]* checked", html), f"{path} shows someone else's answers"

    def test_charlies_answers_never_change_alices_profile(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, ALICE_ANSWERS)
        charlie = person("charlie@example.org")
        client = signed_in(charlie)
        assert walk_the_screens(client, {**ALICE_ANSWERS, "birth_year": 1990}) == [302, 302, 302, 302]
        assert Profile.objects.get(owner=alice).birth_year == 1951
        assert Profile.objects.get(owner=charlie).birth_year == 1990
        assert client.post("/profile/edit/time", TIME_FORM).status_code == 302
        assert Profile.objects.get(owner=alice).minutes_per_day == 15
        assert Profile.objects.get(owner=charlie).minutes_per_day == 30

    def test_each_person_sees_their_own_plan(self) -> None:
        alice = person("alice@example.org")
        do_save_profile(alice, {**ALICE_ANSWERS, "conditions": ["calf-pain-swelling"]})
        charlie = person("charlie@example.org")
        do_save_profile(charlie, {**ALICE_ANSWERS, "birth_year": 1990, "conditions": []})
        alices = signed_in(alice).get("/plan").content.decode()
        charlies = signed_in(charlie).get("/plan").content.decode()
        assert "Please see a clinician first" in alices
        assert "Please see a clinician first" not in charlies
        assert "/session/" in charlies
