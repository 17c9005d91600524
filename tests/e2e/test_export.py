"""The data page in a browser: both downloads arrive whole, and an import says what it added."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from footcoach.accounts.actions import do_save_profile
from tests.e2e.support import assert_accessible, sign_in_with_cookie
from tests.ownership.support import PROFILE


def test_the_export_page_downloads_and_imports_and_is_accessible(page: Page, live_server: Any,
                                                                 tmp_path: Path) -> None:
    ann = sign_in_with_cookie(page, live_server)
    do_save_profile(ann, PROFILE)
    page.goto(live_server.url + "/account/export")
    expect(page.get_by_role("heading", name="Your data", level=1)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download footcoach-export-").first.click()
    download = caught.value
    assert download.suggested_filename.startswith("footcoach-export-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert json.loads(saved.read_text())["profile"] == PROFILE

    page.get_by_label("Your export file").set_input_files(str(saved))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("Already here: 1 profile, 0 sessions")
    assert_accessible(page)

    page.get_by_label("Your export file").set_input_files(
        files=[{"name": "notes.json", "mimeType": "application/json", "buffer": b'{"format": "x"}'}])
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("notes.json was not imported")
    assert_accessible(page)
