"""Browser tests: Playwright drives Debian's chromium against the live test server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, sync_playwright

from tests.e2e.support import RequestLog

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 360, "height": 780}

# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in Django's own server thread, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def requests_seen(live_server: object, transactional_db: None) -> RequestLog:
    return RequestLog(own_host=urlsplit(live_server.url).netloc)  # type: ignore[attr-defined]


@pytest.fixture
def page(browser: Browser, requests_seen: RequestLog) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("request", requests_seen.record)
    # The Content-Security-Policy allows no inline script or style; the
    # browser reports each thing it refused on the console.
    refused: list[str] = []
    context.on("console", lambda message: refused.append(message.text)
               if "Content Security Policy" in message.text else None)
    in_flight: set[Request] = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    yield page
    # Let requests still in flight (the service worker's included) finish before
    # the test database is emptied: SQLite will not flush a table being read.
    quiet_checks = 0
    for _ in range(100):
        quiet_checks = quiet_checks + 1 if not in_flight else 0
        if quiet_checks >= 3:
            break
        page.wait_for_timeout(100)
    context.close()
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"

