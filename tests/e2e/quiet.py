"""A fixture for browser tests whose pages talk to the server in the background."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Request


@pytest.fixture(autouse=True)
def quiet_at_the_end(page: Page) -> Iterator[None]:
    """Let the requests still in flight finish, the service worker's included,
    before the test database is emptied: SQLite refuses to flush a table that
    the live server is still reading."""
    in_flight: set[Request] = set()
    page.context.on("request", lambda request: in_flight.add(request))
    page.context.on("requestfinished", lambda request: in_flight.discard(request))
    page.context.on("requestfailed", lambda request: in_flight.discard(request))
    yield
    quiet_checks = 0
    for _ in range(100):
        quiet_checks = quiet_checks + 1 if not in_flight else 0
        if quiet_checks >= 3:
            return
        page.wait_for_timeout(100)
