"""The library API over real HTTP, checked against its own OpenAPI document."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import jsonschema
import pytest

from footcoach.core.loader import load_library

LIBRARY = load_library()

# The live server runs in its own thread; it may use the database only in
# transactional tests.
pytestmark = pytest.mark.django_db(transaction=True)


def get(base: str, path: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.fixture
def openapi(live_server: Any) -> dict[str, Any]:
    status, document = get(live_server.url, "/api/openapi.json")
    assert status == 200
    return document


def response_schema(openapi: dict[str, Any], path: str, status: int = 200) -> dict[str, Any]:
    schema = openapi["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]
    # Resolve component references against the whole document.
    return {**schema, "components": openapi["components"]}


LIST_ROUTES = {
    "/api/exercises": LIBRARY.exercises,
    "/api/programs": LIBRARY.programs,
    "/api/tests": LIBRARY.tests,
    "/api/conditions": LIBRARY.conditions,
}


@pytest.mark.parametrize("path", sorted(LIST_ROUTES))
def test_it_answers_list_routes_with_an_array_of_objects_with_ids(
    live_server: Any, openapi: dict[str, Any], path: str
) -> None:
    status, body = get(live_server.url, path)
    assert status == 200
    assert isinstance(body, list)
    assert [item["id"] for item in body] == list(LIST_ROUTES[path])
    jsonschema.validate(body, response_schema(openapi, path))


def test_it_answers_one_exercise_with_its_documented_schema(live_server: Any, openapi: dict[str, Any]) -> None:
    status, body = get(live_server.url, "/api/exercises/heel-raise")
    assert status == 200
    jsonschema.validate(body, response_schema(openapi, "/api/exercises/{exercise_id}"))
    assert body["method"] == "sole-training"
    assert body["dose"]["reps"] == 8
    assert body["url"] == "/library/exercises/heel-raise"
    assert all(claim["label"] and claim["source"] for claim in body["claims"])


def test_it_answers_one_program_in_order(live_server: Any, openapi: dict[str, Any]) -> None:
    status, body = get(live_server.url, "/api/programs/sole-training")
    assert status == 200
    jsonschema.validate(body, response_schema(openapi, "/api/programs/{program_id}"))
    assert [item["exercise"] for item in body["items"]][:2] == ["toe-fan", "great-toe-down"]
    assert body["minutes"] >= 3


def test_it_answers_404_with_a_message_for_an_unknown_id(live_server: Any) -> None:
    status, body = get(live_server.url, "/api/exercises/moon-walk")
    assert status == 404
    assert body == {"detail": "No exercise has the id 'moon-walk'."}
    status, body = get(live_server.url, "/api/programs/nothing")
    assert status == 404


def test_it_filters_exercises_and_names_a_bad_filter(live_server: Any) -> None:
    status, body = get(live_server.url, "/api/exercises?region=toes&position=standing")
    assert status == 200
    assert body and all(e["region"] == "toes" and e["position"] in {"standing", "either"} for e in body)
    status, body = get(live_server.url, "/api/exercises?equipment=rope")
    assert status == 400
    assert body["detail"][0].startswith("equipment: 'rope' is not one of")


def test_it_serves_the_api_docs_page(live_server: Any) -> None:
    with urllib.request.urlopen(live_server.url + "/api/docs", timeout=10) as response:
        assert response.status == 200
        assert "openapi.json" in response.read().decode()
