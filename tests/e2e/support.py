"""What the browser tests share: a log of requests, the axe check and signing in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Page, Request

from footcoach.accounts.actions import do_create_user
from footcoach.accounts.models import User

PASSWORD = "barefoot on the beach"


@dataclass
class RequestLog:
    """Every request a page made, to prove none left the app's own host."""

    own_host: str
    urls: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.urls.append(request.url)

    def outside(self) -> list[str]:
        return [u for u in self.urls if urlsplit(u).scheme in {"http", "https", "ws", "wss"}
                and urlsplit(u).netloc != self.own_host]


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def sign_in_with_cookie(page: Page, live_server: Any, email: str = "alice@example.org") -> User:
    user = do_create_user(email, PASSWORD)
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    page.context.add_cookies([cookie])  # type: ignore[list-item]
    return user


def wait_for_offline_copy(page: Page, *others: str) -> None:
    """Wait until the service worker keeps this page and the others named."""
    wanted = [page.evaluate("location.pathname + location.search"), *others]
    for _ in range(100):
        kept = page.evaluate(
            """async (wanted) => {
                const cache = await caches.open("footcoach-pages");
                return (await Promise.all(wanted.map((url) => cache.match(url)))).every(Boolean);
            }""",
            wanted,
        )
        if kept:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the service worker did not keep {wanted}")


# Each (step, cue) pair the player draws, in order, kept in window.cuesShown. At
# a test's speed a cue may be on screen for less time than a busy machine takes
# to look for it, so a test reads what was drawn instead of polling the screen.
_RECORD_CUES = """
window.cuesShown = [];
new MutationObserver(() => {
    const step = document.getElementById("step-name");
    const cue = document.getElementById("cue");
    if (!step || !cue) return;
    const last = window.cuesShown[window.cuesShown.length - 1];
    if (!last || last[0] !== step.textContent || last[1] !== cue.textContent) {
        window.cuesShown.push([step.textContent, cue.textContent]);
    }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def record_cues(page: Page) -> None:
    """From the next page opened on, keep every cue the player draws (see cues_shown)."""
    page.add_init_script(_RECORD_CUES)


def cues_shown(page: Page, step: str, cues: tuple[str, ...] | list[str]) -> list[str]:
    """Which of a step's own cues the player drew while on that step, in order."""
    return [cue for name, cue in page.evaluate("window.cuesShown") if name == step and cue in cues]
