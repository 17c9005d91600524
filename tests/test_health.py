"""GET /healthz: what load balancers ask every few seconds."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_answers_ok_after_asking_the_database(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_it_sets_no_cookie_and_reads_no_session() -> None:
    client = Client()
    response = client.get("/healthz")
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")
    assert "csrftoken" not in client.cookies and "sessionid" not in client.cookies


def test_it_is_never_kept_by_a_cache() -> None:
    response = Client().get("/healthz")
    assert "no-store" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "ETag" not in response


def test_it_answers_503_when_the_database_does_not_answer() -> None:
    with mock.patch("footcoach.health.connection.cursor", side_effect=OperationalError("gone")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_it_refuses_anything_but_a_read() -> None:
    assert Client().post("/healthz").status_code == 405
