"""The public library pages: every exercise, program and self-test renders
with its picture, steps, dose, cautions, credit and evidence."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from footcoach.core.loader import load_library
from footcoach.core.schemas import EVIDENCE_LABEL_NAMES, Equipment
from footcoach.core.search import uses_equipment

LIBRARY = load_library()


@pytest.fixture
def client() -> Client:
    return Client()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize("exercise_id", sorted(LIBRARY.exercises))
def test_it_renders_every_exercise_page(client: Client, exercise_id: str) -> None:
    exercise = LIBRARY.exercises[exercise_id]
    response = client.get(f"/library/exercises/{exercise_id}")
    assert response.status_code == 200
    html = text_of(response.content.decode())
    assert f"<h1>{exercise.name}</h1>" in html.replace("&#x27;", "'")
    assert 'role="img"' in html and "<svg" in html
    assert LIBRARY.methods[exercise.method].name.replace("'", "&#x27;") in html
    for claim in exercise.claims:
        assert EVIDENCE_LABEL_NAMES[claim.label] in html
    assert "How to do it" in html and "Dose" in html
    if exercise.cautions:
        assert "Take care" in html


@pytest.mark.parametrize("program_id", sorted(LIBRARY.programs))
def test_it_renders_every_program_page(client: Client, program_id: str) -> None:
    program = LIBRARY.programs[program_id]
    response = client.get(f"/library/programs/{program_id}")
    assert response.status_code == 200
    html = response.content.decode()
    for exercise in LIBRARY.exercises_of(program):
        assert f'href="/library/exercises/{exercise.id}"' in html
    assert LIBRARY.methods[program.method].credit.split(".")[0].replace("'", "&#x27;") in text_of(html)


@pytest.mark.parametrize("test_id", sorted(LIBRARY.tests))
def test_it_renders_every_self_test_page(client: Client, test_id: str) -> None:
    response = client.get(f"/library/tests/{test_id}")
    assert response.status_code == 200
    assert "How to do it" in response.content.decode()


def test_it_shows_the_foot_map_with_beliefs_labelled(client: Client) -> None:
    html = client.get("/library/programs/ball-rolling").content.decode()
    assert "Traditional belief, not evidence" in html
    assert html.count('class="belief"') >= 4


@pytest.mark.django_db
def test_the_home_page_leads_a_newcomer_to_a_plan_and_a_signed_in_person_to_theirs(client: Client) -> None:
    from footcoach.accounts.models import User

    html = client.get("/").content.decode()
    assert '<a class="button" href="/accounts/signup">Get your own plan</a>' in html
    client.force_login(User.objects.create_user("ann@example.org", "a long walk barefoot"))
    html = client.get("/").content.decode()
    assert '<a class="button" href="/plan">Your plan</a>' in html and "Get your own plan" not in html


def test_a_self_test_page_says_its_unit_in_words(client: Client) -> None:
    pain = client.get("/library/tests/first-step-pain").content.decode()
    assert "Result as a score from 0 to 10." in pain and "score-0-10" not in pain
    assert "Result in cm, for each foot separately." in client.get("/library/tests/knee-to-wall").content.decode()


def test_it_answers_404_for_an_unknown_exercise(client: Client) -> None:
    response = client.get("/library/exercises/no-such-thing")
    assert response.status_code == 404


def test_it_filters_the_library_by_region_position_and_equipment(client: Client) -> None:
    html = client.get("/library", {"region": "heel"}).content.decode()
    shown = set(re.findall(r'href="/library/exercises/([a-z-]+)"', html))
    assert shown == {e.id for e in LIBRARY.exercises.values() if e.region.value == "heel"}

    html = client.get("/library", {"equipment": "towel"}).content.decode()
    towel = {e.id for e in LIBRARY.exercises.values() if uses_equipment(e, Equipment.TOWEL)}
    assert "towel-self-massage" in towel
    assert set(re.findall(r'href="/library/exercises/([a-z-]+)"', html)) == towel

    html = client.get("/library", {"position": "seated"}).content.decode()
    shown = set(re.findall(r'href="/library/exercises/([a-z-]+)"', html))
    assert "foot-spine" in shown and "toe-fan" not in shown


def test_it_searches_by_words(client: Client) -> None:
    html = client.get("/library", {"q": "towel calf"}).content.decode()
    shown = set(re.findall(r'href="/library/exercises/([a-z-]+)"', html))
    assert "towel-self-massage" in shown and "toe-fan" not in shown
    for exercise in map(LIBRARY.exercises.__getitem__, shown):
        text = " ".join([exercise.name, exercise.summary, exercise.purpose, *exercise.steps]).lower()
        assert "towel" in text and "calf" in text, exercise.id


def test_it_explains_a_filter_it_does_not_understand(client: Client) -> None:
    response = client.get("/library", {"region": "knee", "minutes": "lots"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "region: &#x27;knee&#x27; is not one of" in html
    assert "minutes: &#x27;lots&#x27;" in html


def test_it_makes_no_reference_to_an_outside_host_in_page_assets(client: Client) -> None:
    for url in ("/", "/library", "/library/exercises/toe-fan", "/library/programs/ball-rolling"):
        html = client.get(url).content.decode()
        for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
            if attr.startswith("http"):
                # Only links a person may choose to follow to read a source.
                assert re.search(rf'<a href="{re.escape(attr)}"', html), attr
        assert "<script src=\"http" not in html and "@import" not in html


def test_it_shows_a_friendly_not_found_page(client: Client) -> None:
    response = client.get("/library/programs/moon-walk")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "There is no program called &#x27;moon-walk&#x27; in the library." in html


@pytest.mark.parametrize("path", ["/nope", "/library/exercises/%3Cb%3E", "/session/"])
def test_an_address_that_matches_no_page_says_so_in_plain_words(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "The address may be mistyped, or the page has moved." in html
    assert "Resolver404" not in html and "tried" not in html


def test_it_cites_each_source_once_with_the_size_of_trial_evidence(client: Client) -> None:
    html = text_of(client.get("/library/exercises/ball-roll-heel").content.decode())
    assert ".." not in re.sub(r"<[^>]+>", "", html)
    assert "Trial evidence</span> (pilot randomised trial, 24 people, one session)" in html
    assert "grade Meta" not in html


OUR_DOSES = sorted(e.id for e in LIBRARY.exercises.values() if e.dose.origin == "our-default")


@pytest.mark.parametrize("exercise_id", OUR_DOSES)
def test_it_says_a_dose_is_ours_once_and_its_note_once(client: Client, exercise_id: str) -> None:
    note = LIBRARY.exercises[exercise_id].dose.note
    html = text_of(client.get(f"/library/exercises/{exercise_id}").content.decode())
    assert html.count('<span class="tag">Our default</span>') == 1
    assert html.count(note.replace("'", "&#x27;")) == 1
    # The note already says the teacher gave no dose; the tag does not say it again.
    assert len(re.findall(r"teachers? gives? no", html, flags=re.IGNORECASE)) <= 1
