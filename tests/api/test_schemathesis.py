"""The whole API against its own OpenAPI document, with data schemathesis makes.

Every operation is called with generated input, valid and not, as a person
holding an API token: no answer may be a 500, and every answer's status,
headers and body must be what /api/openapi.json says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import User
from footcoach.training.actions import do_record_logs
from footcoach.wsgi import application
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

# Enough to reach each operation's branches (valid, missing and malformed
# input), few enough that the module runs in well under a minute on a busy
# machine. The seed is fixed by derandomize, so a failure comes back on the
# next run.
EXAMPLES_PER_OPERATION = 25


@pytest.fixture(autouse=True)
def _same_connection_as_the_test() -> Iterator[None]:
    # The app is called through WSGI in this thread, on the test's own
    # database connection and transaction. Django closes "old" connections at
    # the start and end of each request, which here would close the test's;
    # Django's own test client disconnects these handlers for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: None) -> str:
    person = User.objects.create_user("alice@example.org", "barefoot on the beach")
    _, plaintext = do_create_token(person, "schemathesis")
    # One stored log, so that reading the logs answers one to check against the document.
    assert do_record_logs(person, [make_log()]).as_out().stored
    return plaintext


# Loaded when the module is collected: fetching the document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

# Two checks that judge what a request should get rather than whether the
# answer is as documented, left out where the API does better on purpose:
NOT_CHECKED = {
    # The sync refuses each bad log on its own, inside a 200 that names it,
    # so that one bad log never holds back the good ones of the batch.
    ("POST", "/api/logs/sync"): [negative_data_rejection],
    ("POST", "/api/results/sync"): [negative_data_rejection],
    # The filters are checked by the route, which answers 400 naming the
    # region, position or equipment that does not exist, and what does.
    ("GET", "/api/exercises"): [positive_data_acceptance],
    # A cursor is opaque: only one from a page's `next` link is one, and any
    # other text is answered 422 naming `cursor`, not read as some position.
    ("GET", "/api/logs"): [positive_data_acceptance],
}


def check(case: Any, headers: dict[str, str]) -> None:
    excluded = NOT_CHECKED.get((case.method.upper(), case.operation.path), [])
    # Called through WSGI, where nothing unpacks a compressed answer as an HTTP
    # client does: the answers are asked for uncompressed (GZipMiddleware).
    case.call_and_validate(headers={"Accept-Encoding": "identity", **headers}, excluded_checks=excluded)


BOUNDED = settings(
    derandomize=True,
    deadline=None,
    database=None,
    # The token is made once per operation, not once per example, on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@settings(BOUNDED, max_examples=EXAMPLES_PER_OPERATION)
def test_it_answers_a_person_with_a_token_as_the_openapi_document_says(case: Any, token: str) -> None:
    check(case, {"Authorization": f"Bearer {token}"})


# Without a valid token only the person's own logs answer differently (401),
# so a few examples each are enough there.
@schema.include(tag="logs").parametrize()
@settings(BOUNDED, max_examples=5)
def test_it_answers_a_caller_without_a_valid_token_as_the_openapi_document_says(case: Any) -> None:
    # Schemathesis sends a made-up Bearer token or session cookie, or none.
    check(case, {})


# What schemathesis found once, kept as plain examples.
@pytest.mark.parametrize("since", ["0", "1700000000", "2025-03-01T00:00:00"])
def test_it_refuses_a_since_day_that_is_not_written_out(token: str, since: str) -> None:
    response = Client().get("/api/logs", {"since": since}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "since"] and "YYYY-MM-DD" in problem["msg"]
    assert len(Client().get("/api/logs", {"since": "2025-03-01"}, HTTP_AUTHORIZATION=f"Bearer {token}").json()) == 1
