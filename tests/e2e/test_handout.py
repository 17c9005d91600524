"""Every program's handout in a real browser: accessible, within its
Content-Security-Policy, and with nothing but the handout when printed."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from footcoach.core.loader import load_library
from tests.e2e.support import RequestLog, assert_accessible

LIBRARY = load_library()


def test_every_handout_is_accessible_and_needs_nothing_inline(
    page: Page, live_server: Any, requests_seen: RequestLog
) -> None:
    # The page fixture fails the test on any policy report on the console.
    for program_id in sorted(LIBRARY.programs):
        response = page.goto(f"{live_server.url}/library/programs/{program_id}/handout")
        assert response is not None and response.status == 200, program_id
        qr_name = f"QR code: open {LIBRARY.programs[program_id].name} in footcoach"
        assert page.get_by_role("img", name=qr_name).count() == 1
        assert_accessible(page)
    assert requests_seen.outside() == []


def test_the_printed_handout_leaves_out_the_navigation_and_the_buttons(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/library/programs/sole-training/handout")
    assert page.get_by_role("link", name="Download PDF").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("link", name="Download PDF").is_visible()
    assert page.get_by_role("heading", name="Sole Training, five minutes", level=1).is_visible()
    assert page.get_by_role("img", name="QR code: open Sole Training, five minutes in footcoach").is_visible()
