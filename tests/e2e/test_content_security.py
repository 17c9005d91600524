"""Every page keeps to its Content-Security-Policy in a real browser: no
inline script or style is refused, because none is there to refuse."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tests.e2e.support import sign_in_with_cookie

PUBLIC = [
    "/", "/library", "/library/exercises/ball-roll-heel", "/library/programs/sole-training", "/library/tests",
    "/library/evidence", "/accounts/signin", "/accounts/signup", "/accounts/password-reset", "/api/docs",
    "/no-such-page",
]
PERSONAL = ["/start", "/account", "/account/password", "/plan", "/session/sole-training"]


def test_no_page_needs_an_inline_script_or_style(page: Page, live_server: Any) -> None:
    # The page fixture fails the test on any policy report on the console.
    for path in PUBLIC:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == (404 if path == "/no-such-page" else 200), path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    sign_in_with_cookie(page, live_server)
    for path in PERSONAL:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
