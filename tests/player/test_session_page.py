"""The session page hands the player its steps, pictures and stop rules; the
service worker and the manifest make the site work offline and installable."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.core.loader import load_library
from footcoach.core.session import session_steps
from footcoach.player.views import OFFLINE_STATIC

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
PASSWORD = "barefoot on the beach"


@pytest.fixture
def alice() -> Client:
    client = Client()
    client.force_login(User.objects.create_user("alice@example.org", PASSWORD))
    return client


def session_data(html: str) -> dict:
    match = re.search(r'<script id="session-data" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_it_lets_a_guest_try_the_program_as_published_and_keeps_the_log_on_the_device() -> None:
    response = Client().get("/session/sole-training")
    assert response.status_code == 200
    html = response.content.decode()
    data = session_data(html)
    expected = session_steps(LIBRARY.programs["sole-training"], LIBRARY)
    assert [(s["ref"], s["side"]) for s in data["steps"]] == [(s.ref, s.side) for s in expected]
    # No sync address: the outbox keeps the log until the guest signs in.
    assert data["urls"]["sync"] is None
    assert "The program as published" in html and "without an account" in html
    for condition in LIBRARY.conditions.values():
        assert (f"<li>{condition.name}</li>" in html.replace("&#x27;", "'")) == condition.red_flag, condition.id
    assert '<a href="/accounts/signup">Answer the health questions</a>' in html
    assert 'href="/plan"' not in html.split('id="finish"')[1].split("</section>")[0]


def test_it_says_the_program_is_as_published_until_the_person_answers_the_health_questions(alice: Client) -> None:
    html = alice.get("/session/sole-training").content.decode()
    assert "The program as published" in html and "without an account" not in html
    assert '<a href="/start">Answer the health questions</a>' in html
    assert session_data(html)["urls"]["sync"] == "/api/logs/sync"
    do_save_profile(User.objects.get(), {
        "birth_year": 1950, "goals": ["heel-pain"], "conditions": [], "equipment": [], "minutes_per_day": 15,
        "days_per_week": 7, "setting": "home", "start_side": "left", "cleared_by_clinician": False,
    })
    assert "The program as published" not in alice.get("/session/sole-training").content.decode()


@pytest.mark.parametrize("program_id", sorted(LIBRARY.programs))
def test_it_hands_over_the_steps_of_every_program(alice: Client, program_id: str) -> None:
    response = alice.get(f"/session/{program_id}")
    assert response.status_code == 200
    data = session_data(response.content.decode())
    expected = session_steps(LIBRARY.programs[program_id], LIBRARY, first_foot="left")
    assert [(s["ref"], s["side"]) for s in data["steps"]] == [(s.ref, s.side) for s in expected]
    assert data["steps"][0]["cues"] == list(expected[0].cues)
    for step in data["steps"]:
        assert data["pictures"][step["picture"]].startswith("<svg")
    assert data["urls"]["sync"] == "/api/logs/sync"
    assert f"/session/{program_id}" in data["urls"]["offline"]


def test_it_asks_the_service_worker_to_keep_this_player_alone(alice: Client) -> None:
    # Every player at once made a first visit move half a megabyte; the plan
    # hands over the players of the day's sessions instead.
    data = session_data(alice.get("/session/sole-training").content.decode())
    assert data["urls"]["offline"] == ["/session/sole-training"]


def test_the_service_worker_is_told_the_static_files_to_keep() -> None:
    text = Client().get("/sw.js").content.decode()
    assert text.startswith("// Given by the server")
    for name in ["site.css", "player.js", "sync.js", "icons/icon.svg"]:
        assert f'"/static/footcoach/{name}"' in text.split("\n", 4)[1]
    for name in OFFLINE_STATIC:
        assert finders.find(name) is not None, name


def test_a_second_ask_for_the_unchanged_service_worker_is_answered_304() -> None:
    first = Client().get("/sw.js")
    again = Client().get("/sw.js", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "no-cache" in again["Cache-Control"]


def test_it_hands_over_the_stop_rules_and_offers_the_tap_ones_as_buttons(alice: Client) -> None:
    html = alice.get("/session/spiky-ball-release").content.decode()
    rules = {rule["id"]: rule for rule in session_data(html)["stop_rules"]}
    assert rules["pain-over-7"]["pain_above"] == 7
    assert rules["sharp-pain"]["what_to_do"] == LIBRARY.stop_rules["sharp-pain"].what_to_do
    assert 'data-stop="sharp-pain"' in html and 'data-stop="new-numbness"' in html
    assert 'data-stop="pain-over-7"' not in html


def test_it_describes_the_self_test_inside_the_release(alice: Client) -> None:
    data = session_data(alice.get("/session/spiky-ball-release").content.decode())
    assert data["tests"]["forward-fold-reach"] == {
        "name": "Forward-fold reach", "unit": "cm", "result_in": "in cm", "higher_is_better": False,
    }
    assert [s["moment"] for s in data["steps"] if s["kind"] == "test"] == ["before", "between", "after"]


def test_it_answers_an_unknown_program_with_a_helpful_404(alice: Client) -> None:
    response = alice.get("/session/moonwalk")
    assert response.status_code == 404
    html = response.content.decode()
    assert "moonwalk" in html and 'href="/session/sole-training"' in html


def test_it_links_each_program_page_to_its_session() -> None:
    html = Client().get("/library/programs/sole-training").content.decode()
    assert 'href="/session/sole-training"' in html


def test_it_serves_the_service_worker_from_the_root() -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b'addEventListener("fetch"' in response.content


@pytest.mark.parametrize("path", ["/", "/library", "/plan"])
def test_the_first_page_opened_sets_the_csrf_cookie_before_the_worker_fetches_any(alice: Client, path: str) -> None:
    # Otherwise each background fetch of the worker sets a new cookie, and the
    # form on the screen is refused on Save.
    do_save_profile(User.objects.get(), {
        "birth_year": 1980, "goals": ["general"], "conditions": [], "equipment": [], "minutes_per_day": 10,
        "days_per_week": 5, "setting": "home", "start_side": "left", "cleared_by_clinician": False,
    })
    response = alice.get(path)
    assert response.status_code == 200
    assert response.cookies["csrftoken"].value
    again = alice.get("/session/sole-training")
    assert "csrftoken" not in again.cookies or again.cookies["csrftoken"].value == response.cookies["csrftoken"].value


def test_the_csrf_cookie_is_sent_only_when_it_changes(alice: Client) -> None:
    # A page fetched in the background with the old cookie must not put it
    # back after signing in gave a new one.
    first = alice.get("/library").cookies["csrftoken"].value
    assert "csrftoken" not in alice.get("/accounts/signup").cookies  # a page with a form
    assert "csrftoken" not in alice.get("/session/sole-training").cookies
    assert first
    # Signing in gives a new cookie, and that one is sent.
    stranger = Client()
    before = stranger.get("/library").cookies["csrftoken"].value
    signed_in = stranger.post("/accounts/signin", {"username": "alice@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in.cookies["csrftoken"].value not in ("", before)


def test_api_answers_set_no_csrf_cookie(alice: Client) -> None:
    assert "csrftoken" not in alice.get("/api/exercises").cookies


def test_it_serves_an_installable_manifest_with_no_outside_urls() -> None:
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "footcoach" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/")
        assert finders.find(icon["src"].removeprefix("/static/")) is not None
    assert {s["url"] for s in manifest["shortcuts"]} == {f"/session/{p}" for p in LIBRARY.programs}


def test_every_page_links_the_manifest_and_registers_the_service_worker() -> None:
    html = Client().get("/library").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'src="/static/footcoach/offline.js"' in html
