"""The plan page: this week and today's sessions, built from the person's own profile."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import Profile, User
from footcoach.core.loader import load_library
from footcoach.core.schemas import EVIDENCE_LABEL_NAMES
from footcoach.training.actions import do_record_logs
from tests.plan_support import alice_with, log_week, person_with, plan_html

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
PASSWORD = "barefoot on the beach"
# A Monday, a Thursday and a Sunday of the same week.
MONDAY = "2026-11-23 09:00 +0000"
THURSDAY = "2026-11-26 09:00 +0000"
SUNDAY = "2026-11-29 20:00 +0000"


def test_it_sends_a_person_without_a_profile_to_the_onboarding() -> None:
    client = Client()
    client.force_login(User.objects.create_user("alice@example.org", PASSWORD))
    response = client.get("/plan")
    assert response.status_code == 302
    assert response["Location"] == "/start"


@time_machine.travel(MONDAY, tick=False)
def test_it_shows_see_a_clinician_and_no_sessions_for_a_red_flag_not_cleared() -> None:
    html = plan_html(alice_with(conditions=["calf-pain-swelling", "plantar-heel-pain"]))
    assert "Please see a clinician first" in html
    assert "Pain and swelling in one calf" in html
    assert "/session/" not in html
    assert "Today, Monday 23 November" not in html
    assert 'href="/profile/edit"' in html
    # The clinician box comes before anything else on the page.
    assert html.index("Please see a clinician first") < html.index("Advice for you")


@time_machine.travel(MONDAY, tick=False)
def test_it_shows_a_plan_with_its_changes_once_a_clinician_has_cleared() -> None:
    html = plan_html(alice_with(conditions=["foot-wound-or-ulcer"], cleared_by_clinician=True))
    assert "Please see a clinician first" not in html
    assert "Checked by a clinician" in html
    assert "Wound or sore on the foot" in html
    assert "Today, Monday 23 November" in html
    assert "/session/" in html
    assert "Check your skin afterwards." in html
    assert "After each session, look at the wound and the skin around it." in html
    assert "Left out for now" in html


@time_machine.travel(MONDAY, tick=False)
def test_it_puts_a_70_year_old_next_to_a_wall_or_chair_and_says_why() -> None:
    html = plan_html(alice_with(birth_year=1956))
    assert "Next to a wall or chair." in html
    assert "From age 65: When you do an exercise standing, stand next to a wall" in html


@time_machine.travel(MONDAY, tick=False)
def test_it_gives_balance_advice_from_65_without_calling_anyone_unsteady() -> None:
    html = plan_html(alice_with(birth_year=1956))
    assert "From age 65.</strong> Do every standing exercise next to a wall" in html
    assert "Unsteady balance" not in html


def labelled(claim_text: str, label: str) -> re.Pattern[str]:
    """A claim with its evidence label right after it, in the same list item."""
    return re.compile(re.escape(f"<p>{escape(claim_text)}</p>") + r'\s*<p class="evidence"><span class="label[^"]*">'
                      + re.escape(label) + "</span>")


@time_machine.travel(MONDAY, tick=False)
def test_it_labels_the_claims_behind_each_piece_of_advice() -> None:
    html = plan_html(alice_with(conditions=["pregnancy"]))
    advice = html[html.index('id="advice-heading"'):]
    [labour] = LIBRARY.conditions["pregnancy"].claims
    assert "start labour" in labour.text
    assert labelled(labour.text, "Traditional belief, not evidence").search(advice)
    assert escape(LIBRARY.sources[labour.source].citation.rstrip(".")) in advice
    assert 'href="/library/evidence"' in advice


@time_machine.travel(MONDAY, tick=False)
def test_it_labels_the_claims_of_a_red_flag_beside_see_a_clinician() -> None:
    html = plan_html(alice_with(conditions=["calf-pain-swelling"]))
    box = html[html.index('id="clinician-heading"'):]
    box = box[:box.index("</section>")]
    claims = LIBRARY.conditions["calf-pain-swelling"].claims
    assert claims
    for claim in claims:
        assert labelled(claim.text, EVIDENCE_LABEL_NAMES[claim.label]).search(box), claim.text


@time_machine.travel(MONDAY, tick=False)
def test_it_shows_the_soft_ball_instead_of_the_hard_ball_with_its_reason() -> None:
    html = plan_html(alice_with(birth_year=1950, goals=["balance", "desk-break"],
                                conditions=["diabetes-neuropathy"], equipment=["soft-ball"]))
    assert "Ball rolling" in html
    assert "Soft ball instead of the hard ball" in html
    assert "With reduced feeling" in html


@time_machine.travel(MONDAY, tick=False)
def test_it_shows_each_of_todays_items_with_its_dose_and_library_link() -> None:
    html = plan_html(alice_with())
    assert 'href="/session/sole-training"' in html
    assert 'href="/library/exercises/toe-fan"' in html
    assert "4 times, 2 sets, both feet together" in html
    assert "About 4 minutes" in html


def alice_since_monday(**answers: Any) -> Client:
    """Alice, who joined on the Monday of the week these tests look at."""
    with time_machine.travel(MONDAY, tick=False):
        return alice_with(**answers)


def test_it_shows_the_next_session_on_a_rest_day() -> None:
    client = alice_since_monday()
    with time_machine.travel(THURSDAY, tick=False):
        html = plan_html(client)
    assert "Today, Thursday 26 November" in html
    assert "Today is a rest day." in html
    assert "Next: Friday 27 November" in html
    assert 'href="/session/sole-training"' in html


def test_it_shows_next_mondays_session_at_the_end_of_the_week() -> None:
    client = alice_since_monday()
    with time_machine.travel(SUNDAY, tick=False):
        html = plan_html(client)
    assert "Today is a rest day." in html
    assert "Next: Monday 30 November" in html


def offline_pages(html: str) -> list[str]:
    found = re.search(r'<script id="offline-pages" type="application/json">(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


@time_machine.travel(MONDAY, tick=False)
def test_it_hands_todays_library_pages_to_the_service_worker() -> None:
    listed = offline_pages(plan_html(alice_with()))
    assert "/library/programs/sole-training" in listed
    assert {"/library/exercises/toe-fan", "/library/exercises/toe-grip"} <= set(listed)
    assert len(listed) == len(set(listed))


@time_machine.travel(MONDAY, tick=False)
def test_it_hands_over_the_players_of_todays_sessions_first_and_no_others() -> None:
    listed = offline_pages(plan_html(alice_with()))
    players = [url for url in listed if url.startswith("/session/")]
    # Today holds the Sole Training, whose library page is listed; the players come
    # first, since a session is what the person opens next.
    assert "/session/sole-training" in players
    assert listed[:len(players)] == players
    assert len(players) < len(LIBRARY.programs)


@time_machine.travel(MONDAY, tick=False)
def test_it_hands_over_the_exercise_pages_of_the_next_session_not_done_only() -> None:
    client = alice_with()
    listed = offline_pages(plan_html(client))
    assert "/library/exercises/toe-fan" in listed  # the Sole Training comes first today
    assert "/library/exercises/foot-spine" not in listed  # the Pilates series after it
    log_week(User.objects.get(), "2026-11-23", pain=1)  # the Sole Training, done this morning
    listed = offline_pages(plan_html(client))
    assert "/library/exercises/foot-spine" in listed
    assert "/library/exercises/toe-fan" not in listed
    assert "/session/sole-training" in listed  # it may be done again


def test_it_hands_the_next_days_library_pages_over_on_a_rest_day() -> None:
    client = alice_since_monday()
    with time_machine.travel(THURSDAY, tick=False):
        assert "/library/exercises/toe-fan" in offline_pages(plan_html(client))


@time_machine.travel(MONDAY, tick=False)
def test_it_hands_over_no_pages_while_a_clinician_must_look_first() -> None:
    assert offline_pages(plan_html(alice_with(conditions=["calf-pain-swelling"]))) == []


@time_machine.travel(MONDAY, tick=False)
def test_it_lists_the_whole_week_with_rest_days() -> None:
    html = plan_html(alice_with())
    week = html[html.index('id="week-heading"'):]
    for day in ("Monday 23 November", "Thursday 26 November", "Sunday 29 November"):
        assert day in week
    assert week.count("Rest day") == 2
    assert 'aria-current="date"' in week


@time_machine.travel(MONDAY, tick=False)
def test_it_says_what_was_left_out_and_why() -> None:
    html = plan_html(alice_with(equipment=[]))
    assert "Left out for now" in html
    assert "which you have not listed" in html


@time_machine.travel(MONDAY, tick=False)
def test_it_follows_the_saved_profile_after_an_edit() -> None:
    client = alice_with(goals=["desk-break"], minutes_per_day=20)
    assert "Ball rolling" in plan_html(client)
    profile = Profile.objects.get()
    do_save_profile(profile.owner, {**profile.as_data(), "goals": ["strength"]})
    html = plan_html(client)
    assert "Ball rolling" not in html
    assert "Sole Training" in html


def test_it_asks_again_when_the_stored_answers_no_longer_fit_the_content() -> None:
    client = alice_with()
    Profile.objects.update(conditions=["a-condition-since-removed"])
    response = client.get("/plan")
    assert response.status_code == 302
    assert response["Location"] == "/profile/edit"


@time_machine.travel(MONDAY, tick=False)
def test_it_builds_the_plan_in_a_few_queries(django_assert_max_num_queries: Any) -> None:
    client = alice_with()
    # With one for the homework a teacher gave, if any.
    with django_assert_max_num_queries(6):
        assert client.get("/plan").status_code == 200


@time_machine.travel(SUNDAY, tick=False)
def test_it_builds_the_plan_in_as_few_queries_with_weeks_of_logs_and_a_stop(django_assert_max_num_queries: Any) -> None:
    client = alice_since_monday()
    alice = User.objects.get(email="alice@example.org")
    for monday in ("2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"):
        log_week(alice, monday, pain=2)
    log_one(alice, "sole-training", "2026-11-29T08:00", "sharp-pain")
    # The session, the person, the profile, the morning scores, the logs and their entries, however many,
    # and the homework.
    with django_assert_max_num_queries(7):
        html = plan_html(client)
    assert "3 sessions done of" in html


@time_machine.travel(MONDAY, tick=False)
def test_two_easy_logged_weeks_step_the_dose_up_and_say_why() -> None:
    client = alice_with(goals=["strength"])
    alice = User.objects.get(email="alice@example.org")
    log_week(alice, "2026-11-09", pain=1)
    log_week(alice, "2026-11-16", pain=2)
    html = plan_html(client)
    assert "Dose stepped up: two easy weeks" in html
    assert "10 times, each foot in turn" in html  # heel raises: 8 became 10


@time_machine.travel(MONDAY, tick=False)
def test_a_painful_logged_week_steps_the_dose_down() -> None:
    client = alice_with(goals=["strength"])
    log_week(User.objects.get(email="alice@example.org"), "2026-11-16", pain=7)
    html = plan_html(client)
    assert "Dose stepped down: pain went above 5/10" in html
    assert "6 times, each foot in turn" in html


@time_machine.travel(MONDAY, tick=False)
def test_todays_session_shows_as_done_once_logged_to_the_end() -> None:
    client = alice_with(conditions=["anticoagulants"])
    assert "Before your first session, please read" in plan_html(client)
    log_week(User.objects.get(email="alice@example.org"), "2026-11-23", pain=1)  # today, 08:00, finished
    html = plan_html(client)
    today = html[html.index('id="today-heading"'):html.index('id="advice-heading"')]
    sole = today[today.index("Sole Training"):]
    assert "Done today." in sole and "Do it again" in sole
    assert "Before your first session, please read" not in html


def log_one(person: User, program: str, started: str, stopped_reason: str | None = None,
            exercise: str = "heel-raise") -> None:
    """One session of `program` started at `started` (UTC), five minutes long."""
    start = datetime.fromisoformat(started + "+00:00")
    stored = do_record_logs(person, [{
        "id": str(uuid.uuid4()), "program": program, "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=5)).isoformat(), "stopped_reason": stopped_reason,
        "entries": [{"exercise": exercise, "side": "left", "reps": 8, "pain": 8 if stopped_reason else 1,
                     "skipped": False}],
    }]).stored
    assert len(stored) == 1


def card(html: str, name: str) -> str:
    """Today's session card with this name."""
    today = html[html.index('id="today-heading"'):html.index('id="week-heading"')]
    start = today.index(f"<h3>{name}</h3>")
    return today[start:today.index("</article>", start)]


@time_machine.travel(MONDAY, tick=False)
def test_a_session_stopped_today_shows_what_happened_and_the_stop_rules_advice() -> None:
    client = alice_with()
    log_one(User.objects.get(email="alice@example.org"), "sole-training", "2026-11-23T08:00", "pain-over-7")
    html = plan_html(client)
    sole = card(html, "Sole Training, five minutes")
    assert "Done today." not in sole
    assert "You stopped this session at 08:05: pain above 7 out of 10." in sole
    assert escape(LIBRARY.stop_rules["pain-over-7"].what_to_do) in sole
    assert "check how the foot feels tomorrow morning" in sole
    [claim] = LIBRARY.stop_rules["pain-over-7"].claims
    assert labelled(claim.text, "Trial evidence").search(sole)
    # Starting again is there only behind a second, deliberate step.
    before, restart = sole.split('<details class="restart">')
    assert 'href="/session/sole-training"' not in before
    assert "Start it again today anyway" in restart and 'href="/session/sole-training"' in restart


@time_machine.travel(MONDAY, tick=False)
def test_a_session_stopped_then_done_to_the_end_shows_as_done() -> None:
    client = alice_with()
    alice = User.objects.get(email="alice@example.org")
    log_one(alice, "sole-training", "2026-11-23T07:00", "sharp-pain")
    log_one(alice, "sole-training", "2026-11-23T08:00")
    sole = card(plan_html(client), "Sole Training, five minutes")
    assert "Done today." in sole
    assert "You stopped" not in sole


def week_rows(html: str) -> dict[str, str]:
    """Each day of "This week", with what it says as plain text."""
    week = html[html.index('id="week-heading"'):]
    rows = re.findall(r'<span class="week-day">([^<]+)</span>(.*?)</li>\s*(?=<li|</ol>)', week, re.S)
    return {day: " ".join(re.sub(r"<[^>]+>", " ", rest).split()) for day, rest in rows}


def test_this_week_starts_on_the_day_the_person_joined() -> None:
    with time_machine.travel(THURSDAY, tick=False):
        html = plan_html(alice_with())
    days = list(week_rows(html))
    assert days[0] == "Thursday 26 November (today)"
    assert days[-1] == "Wednesday 2 December"
    assert not any("Monday 23" in day or "Tuesday 24" in day or "Wednesday 25" in day for day in days)
    # The first day is a training day: the person can start at once.
    assert 'href="/session/sole-training"' in card(html, "Sole Training, five minutes")
    assert "Today is a rest day." not in html


def test_a_session_done_beyond_the_plan_counts_and_shows() -> None:
    client = alice_since_monday(goals=["strength"])
    with time_machine.travel(THURSDAY, tick=False):
        before = plan_html(client)
        assert "Today is a rest day." in before
        assert "0 sessions done of" in before
        log_one(User.objects.get(email="alice@example.org"), "spiky-ball-release", "2026-11-26T08:00",
                exercise="spiky-ball-heel")
        html = plan_html(client)
    name = LIBRARY.programs["spiky-ball-release"].name
    assert f"Also today, beyond the plan: {escape(name)}, done." in html
    assert f"Done {escape(name)} (beyond the plan)" in week_rows(html)["Thursday 26 November (today)"]
    assert "1 session done of" in html


@time_machine.travel(MONDAY, tick=False)
def test_it_says_once_what_changed_for_a_70_year_old() -> None:
    html = plan_html(alice_with(birth_year=1956, goals=["heel-pain"], conditions=["plantar-heel-pain"],
                                equipment=["soft-ball", "towel"], minutes_per_day=15, days_per_week=7))
    assert html.count("Next to a wall or chair") == 1
    assert html.count("From age 65: When you do an exercise standing") == 1


@time_machine.travel(MONDAY, tick=False)
def test_it_holds_a_notice_of_when_it_was_saved_for_the_offline_copy() -> None:
    client = alice_with()
    client.cookies["tz"] = "Europe/Paris"
    html = plan_html(client)
    assert '<p class="saved-copy"><strong>You are offline.</strong>' in html
    assert "as this phone saved it at 10:00 on Monday 23 November" in html


def test_this_week_marks_past_sessions_done_or_not_from_the_day_the_person_joined() -> None:
    with time_machine.travel(MONDAY, tick=False):
        client = alice_with()
    # The device syncs the week's sessions after they happened: the server stores none in its future.
    with time_machine.travel(SUNDAY, tick=False):
        log_week(User.objects.get(email="alice@example.org"), "2026-11-23", pain=1)  # Mon, Wed, Fri at 08:00
    with time_machine.travel(THURSDAY, tick=False):
        html = plan_html(client)
    week = html[html.index('id="week-heading"'):]
    rows = re.findall(r'<span class="week-day">([^<]+)</span>(.*?)</li>\s*(?=<li|</ol>)', week, re.S)
    days = {day: " ".join(re.sub(r"<[^>]+>", " ", rest).split()) for day, rest in rows}
    assert "Done Sole Training, five minutes, 4 min" in days["Monday 23 November"]
    assert "Not done" in days["Tuesday 24 November"]
    assert "Done Sole Training, five minutes, 4 min" in days["Wednesday 25 November"]
    assert "Done" not in days["Thursday 26 November (today)"]

    with time_machine.travel(THURSDAY, tick=False):
        newcomer = plan_html(person_with("bea@example.org"))
    assert "Not done" not in newcomer



@time_machine.travel(MONDAY, tick=False)
def test_once_cleared_the_plan_says_what_still_holds_not_to_stop_and_get_help() -> None:
    calf = LIBRARY.conditions["calf-pain-swelling"]
    blocked = plan_html(alice_with(conditions=["calf-pain-swelling"]))
    assert escape(calf.advice) in blocked
    cleared = plan_html(person_with("bea@example.org", conditions=["calf-pain-swelling"], cleared_by_clinician=True))
    start = cleared.index('id="clinician-heading"')
    section = cleared[start:cleared.index("</section>", start)]
    assert "Checked by a clinician" in section
    assert escape(calf.advice) not in section
    assert escape(calf.after_clearance or "") in section


@time_machine.travel("2026-11-24 07:15 +0000", tick=False)
@pytest.mark.parametrize(("zone", "today"), [
    ("America/Los_Angeles", "Today, Monday 23 November"),  # 23:15 the evening before
    ("Pacific/Auckland", "Today, Tuesday 24 November"),
    ("", "Today, Tuesday 24 November"),  # no zone from the browser yet: the server's
    ("Not/AZone", "Today, Tuesday 24 November"),
    ("../../etc/passwd", "Today, Tuesday 24 November"),
])
def test_today_is_the_day_on_the_persons_own_clock(zone: str, today: str) -> None:
    client = alice_with()
    client.cookies["tz"] = zone
    assert today in plan_html(client)


def test_a_persons_time_zone_ends_with_their_request() -> None:
    client = alice_with()
    client.cookies["tz"] = "America/Los_Angeles"
    plan_html(client)
    # What the same thread does next, such as a command or another request
    # without a zone, counts days on the server's clock.
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
