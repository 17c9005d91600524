"""Two app servers against one PostgreSQL, as behind a load balancer: nothing lives in one server's memory.

A person signs in on one server and goes on on the other; wrong passwords
count across both; a server killed in the middle of a sync loses nothing and
doubles nothing when the device sends the batch again to the other one.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from footcoach.accounts.models import User
from footcoach.training.models import LogEntry, SessionLog
from tests.server import RealServer
from tests.training.support import call, make_log, wait_until

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="two servers share one PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "walking barefoot on sand"
SECRET = "the-same-secret-key-on-every-server-of-the-site-0123456789"


class Server(RealServer):
    """footcoach serve on a data folder of its own, on the test's PostgreSQL database, with the site's secret key."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir()
        super().__init__(data_dir)
        db = connection.settings_dict
        user = urllib.parse.quote(db["USER"] or "")
        password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        self.env.update(
            DATABASE_URL=f"postgres://{user}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}", SECRET_KEY=SECRET
        )


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    first, second = Server(tmp_path / "a"), Server(tmp_path / "b")
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.stop()
        second.stop()


class Browser:
    """A browser's cookies, used against either server."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def sign_in(self, url: str, email: str, password: str = PASSWORD) -> int:
        with self.opener.open(url + "/accounts/signin", timeout=30) as page:
            assert page.status == 200
        form = urllib.parse.urlencode(
            {"username": email, "password": password, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        ).encode()
        try:
            with self.opener.open(urllib.request.Request(url + "/accounts/signin", data=form), timeout=30) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return error.code

    def get(self, url: str, path: str) -> tuple[int, str]:
        # Redirects are not followed, so that "sign in first" shows as a 302.
        request = urllib.request.Request(url + path)
        self.cookies.add_cookie_header(request)
        connection_ = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=30)
        connection_.request("GET", path, headers=dict(request.header_items()))
        answer = connection_.getresponse()
        return answer.status, answer.read().decode()

    def api(self, url: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        return call(url, method, path, body=body, opener=self.opener,
                    headers={"X-CSRFToken": self.cookie("csrftoken") or "", "Referer": url + "/"})


def person(email: str = "ann@example.org") -> User:
    return User.objects.create_user(email, PASSWORD)


def test_a_person_signed_in_on_one_server_syncs_and_reads_on_the_other(servers: tuple[Server, Server]) -> None:
    first, second = servers
    ann = person()
    browser = Browser()
    assert browser.sign_in(first.url, ann.email) == 200

    assert browser.get(second.url, "/account")[0] == 200
    logs = [make_log() for _ in range(3)]
    status, answer = browser.api(second.url, "POST", "/api/logs/sync", {"logs": logs})
    assert status == 200 and sorted(answer["stored"]) == sorted(log["id"] for log in logs)

    status, listed = browser.api(first.url, "GET", "/api/logs")
    assert status == 200 and sorted(log["id"] for log in listed) == sorted(log["id"] for log in logs)
    assert SessionLog.objects.filter(owner=ann).count() == 3

    # Signing out on one server signs out on both.
    with browser.opener.open(urllib.request.Request(
        second.url + "/accounts/signout", method="POST",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": browser.cookie("csrftoken")}).encode(),
    ), timeout=30):
        pass
    assert browser.get(first.url, "/account")[0] == 302


def test_wrong_passwords_on_either_server_count_together(servers: tuple[Server, Server]) -> None:
    first, second = servers
    ann = person()
    guesser = Browser()
    for url in (first.url, second.url, first.url, second.url):
        assert guesser.sign_in(url, ann.email, "not her password") == 200  # the form again, with an error
    # The fifth, wherever it lands, locks this client out for her address on both servers.
    assert guesser.sign_in(second.url, ann.email, "not her password") == 429
    assert guesser.sign_in(first.url, ann.email) == 429


def test_a_server_killed_mid_sync_loses_nothing_and_doubles_nothing_when_the_device_turns_to_the_other(
    servers: tuple[Server, Server],
) -> None:
    first, second = servers
    ann = person()
    devices = [Device(Browser(), [second.url, first.url]) for _ in range(3)]
    for device in devices:
        assert device.browser.sign_in(first.url, ann.email) == 200
    threads = [threading.Thread(target=device.run) for device in devices]
    for thread in threads:
        thread.start()

    wait_until(lambda: sum(len(device.confirmed) for device in devices) >= 40)
    wait_until(lambda: any(device.in_flight for device in devices), step=0)
    second.kill()
    for thread in threads:
        thread.join(timeout=120)

    assert [device.error for device in devices] == [None] * len(devices)
    sent = {log["id"] for device in devices for batch in device.batches for log in batch}
    assert set().union(*(device.confirmed for device in devices)) == sent
    assert any(device.cut_off for device in devices), "the kill did not catch a batch in flight"
    assert all(device.turned for device in devices), "a device never turned to the other server"

    status, listed = devices[0].browser.api(first.url, "GET", "/api/logs?limit=1000")
    assert status == 200
    counted = Counter(log["id"] for log in listed)
    assert set(counted) == sent and max(counted.values()) == 1
    assert all(len(log["entries"]) == 4 for log in listed)
    assert SessionLog.objects.filter(owner=ann).count() == len(sent)
    assert LogEntry.objects.filter(log__owner=ann).count() == 4 * len(sent)
    stored = sum((device.reported_stored for device in devices), Counter())
    assert max(stored.values()) == 1


class Device:
    """A phone's queue of batches: each is sent until a server confirms it, turning to the next
    server when one does not answer, as a load balancer would."""

    def __init__(self, browser: Browser, urls: list[str]) -> None:
        self.browser = browser
        self.urls = urls
        self.batches = [[make_log() for _ in range(10)] for _ in range(8)]
        self.confirmed: set[str] = set()
        self.reported_stored: Counter[str] = Counter()
        self.cut_off: set[str] = set()
        self.in_flight = False
        self.turned = False
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for batch in self.batches:
                self.send(batch)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error

    def send(self, batch: list[dict[str, Any]]) -> None:
        ids = {log["id"] for log in batch}
        for _ in range(50):
            self.in_flight = True
            try:
                status, answer = self.browser.api(self.urls[0], "POST", "/api/logs/sync", {"logs": batch})
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError) as error:
                if not isinstance(getattr(error, "reason", None), ConnectionRefusedError):
                    self.cut_off |= ids
                self.urls = [*self.urls[1:], self.urls[0]]
                self.turned = True
                continue
            finally:
                self.in_flight = False
            assert status == 200, answer
            assert answer["refused"] == [] and set(answer["stored"]) | set(answer["already"]) == ids
            self.reported_stored.update(answer["stored"])
            self.confirmed |= ids
            return
        raise AssertionError("no server confirmed the batch")

