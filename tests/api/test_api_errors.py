"""Every error under /api/ answers JSON with a sentence saying what went wrong, never an HTML page."""

from __future__ import annotations

import logging
from typing import Any
from unittest import mock

import pytest

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import User
from footcoach.training.models import SessionLog
from tests.training.support import call, make_log

pytestmark = pytest.mark.django_db(transaction=True)

GENERIC_500 = "The server failed to answer this request. It has been logged; please try again later."


@pytest.fixture
def token(db: None) -> str:
    return do_create_token(User.objects.create_user("alice@example.org", "barefoot on the beach"), "phone")[1]


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/logs/sync/extra/part", "/api/exercises/"])
def test_it_answers_an_unknown_api_path_with_json_404(live_server: Any, path: str) -> None:
    status, body = call(live_server.url, "GET", path)
    assert (status, body) == (404, {"detail": f"No API route has the path {path}; see /api/docs for them all."})


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("DELETE", "/api/logs/sync", "POST"), ("POST", "/api/exercises", "GET"), ("PUT", "/api/logs", "GET")],
)
def test_it_answers_a_wrong_method_with_json_405(
    live_server: Any, token: str, method: str, path: str, allowed: str
) -> None:
    status, body = call(live_server.url, method, path, token=token, body={})
    assert (status, body) == (405, {"detail": f"{path} does not take {method}; it takes {allowed}."})


def test_it_answers_a_body_too_large_with_json_413(live_server: Any, token: str) -> None:
    big = b'{"logs": ["' + b"a" * 3_000_000 + b'"]}'
    status, body = call(live_server.url, "POST", "/api/logs/sync", token=token, raw=big)
    assert (status, body) == (413, {"detail": "The body is larger than 2.5 MB: send fewer logs per request."})


def test_it_answers_a_malformed_query_with_json_422(live_server: Any, token: str) -> None:
    status, body = call(live_server.url, "GET", "/api/logs?limit=many&since=yesterday", token=token)
    assert status == 422
    assert [error["loc"] for error in body["detail"]] == [["query", "since"], ["query", "limit"]]


def test_it_answers_a_failure_in_a_route_with_json_500_and_logs_it(
    live_server: Any, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    with mock.patch("footcoach.api.logs.do_record_logs", side_effect=RuntimeError("disk on fire")), \
            caplog.at_level(logging.ERROR):
        status, body = call(live_server.url, "POST", "/api/logs/sync", token=token, body={"logs": [make_log()]})
    assert (status, body) == (500, {"detail": GENERIC_500})
    assert "disk on fire" not in str(body)
    logged = [record for record in caplog.records if record.exc_info and "disk on fire" in str(record.exc_info[1])]
    assert logged and "/api/logs/sync" in logged[0].getMessage()
    assert not SessionLog.objects.exists()


def test_it_answers_a_failure_before_the_route_with_json_500_under_api_only(
    live_server: Any, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The time zone middleware runs for every page, before any route.
    with mock.patch("footcoach.middleware._zone", side_effect=RuntimeError("zone data gone")), \
            caplog.at_level(logging.ERROR):
        status, body = call(live_server.url, "GET", "/api/logs", token=token, headers={"Cookie": "tz=Europe/Paris"})
        assert (status, body) == (500, {"detail": GENERIC_500})
        page = call_html(live_server.url + "/library", cookie="tz=Europe/Paris")
    assert page[0] == 500 and page[1].startswith("text/html")
    assert any("zone data gone" in str(record.exc_info[1]) for record in caplog.records if record.exc_info)


def call_html(url: str, cookie: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"]
