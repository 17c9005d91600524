"""The library page answers a search with what it found, where the person is
looking: the programs for the goal searched for, best first, the advice for a
condition named, and the matching exercises, counted."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from footcoach.core.loader import load_library
from footcoach.core.schemas import GoalId

LIBRARY = load_library()


def results_of(html: str) -> str:
    return html[html.index('id="results"'):]


@pytest.mark.parametrize("words", ["plantar fasciitis", "heel pain", "sore heel"])
def test_it_lists_the_programs_for_the_goal_searched_for_best_first(words: str) -> None:
    response = Client().get("/library", {"q": words})
    assert response.status_code == 200
    found = re.findall(r'<li class="card"><a href="/library/programs/([a-z-]+)"', results_of(response.content.decode()))
    assert found == list(LIBRARY.goals[GoalId.HEEL_PAIN].programs)
    assert "Programs for: Ease heel pain, best first" in response.content.decode()


def test_it_counts_the_exercises_found_and_lists_the_goals_best_first() -> None:
    html = Client().get("/library", {"q": "balance"}).content.decode()
    shown = re.findall(r'href="/library/exercises/([a-z-]+)"', results_of(html))
    first = LIBRARY.exercises_of(LIBRARY.programs[LIBRARY.goals[GoalId.BALANCE].programs[0]])
    assert shown[:len(first)] == [e.id for e in first]
    assert re.search(rf"{len(shown)} of {len(LIBRARY.exercises)} exercises match, and 2 programs\.", html)


def test_it_gives_the_advice_for_a_condition_searched_for() -> None:
    html = Client().get("/library", {"q": "diabetes"}).content.decode()
    advice = LIBRARY.conditions["diabetes-neuropathy"].advice
    assert advice.split(".")[0].replace("'", "&#x27;") in results_of(html)
    assert '<a href="/accounts/signup">Answer the health questions</a>' in html


def test_the_filters_send_the_person_to_the_results() -> None:
    html = Client().get("/library").content.decode()
    assert re.search(r'<form method="get" action="/library#results"', html)
    assert '<div id="results"' in html
