"""What the browser tests share: a log of requests and the axe check."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Request


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
