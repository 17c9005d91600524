"""A teacher, her client and a stranger trying what the pages and the API were not made for."""

from __future__ import annotations

import http.cookiejar
import io
import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pypdf
import pytest
from django.test import Client
from django.utils import timezone

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import User
from footcoach.coaching.actions import do_accept_invitation, do_assign_homework, do_create_invitation
from footcoach.coaching.models import Assignment, CoachingLink
from footcoach.core.homework import check_homework
from footcoach.library.content import get_library
from tests.server import RealServer

pytestmark = pytest.mark.django_db

PASSWORD = "barefoot on the beach"
# Larger than any database's integer: an id nobody can have.
HUGE_ID = "9" * 30


def person(email: str, *, teacher: bool = False) -> User:
    return User.objects.create_user(email, PASSWORD, is_teacher=teacher)


def linked(teacher: User, client: User) -> CoachingLink:
    return do_accept_invitation(client, do_create_invitation(teacher), shares_conditions=False)


def signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def with_token(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {do_create_token(user, 'script')[1]}", raise_request_exception=False)


@pytest.mark.parametrize("url", [
    f"/coach/clients/{HUGE_ID}",
    f"/coach/clients/{HUGE_ID}/homework/new",
])
def test_it_answers_a_client_id_too_large_for_any_account_with_not_found(url: str) -> None:
    tess = person("tess@example.org", teacher=True)
    linked(tess, person("alice@example.org"))

    answer = signed_in(tess).get(url)

    assert answer.status_code == 404


def test_it_answers_a_client_id_too_large_for_any_account_with_not_found_in_the_api() -> None:
    tess = person("tess@example.org", teacher=True)
    linked(tess, person("alice@example.org"))
    api = with_token(tess)

    for url in (f"/api/coach/clients/{HUGE_ID}/homework", f"/api/coach/clients/{HUGE_ID}/adherence"):
        assert api.get(url).status_code == 404, url
    given = api.post(f"/api/coach/clients/{HUGE_ID}/homework", {"program": "pilates-foot-series"},
                     content_type="application/json")
    assert given.status_code == 404
    assert not Assignment.objects.exists()


def test_it_refuses_a_note_holding_half_a_character_and_stores_nothing() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    linked(tess, alice)
    # JSON may escape a lone UTF-16 surrogate, which is no character and cannot be stored as text.
    body = json.dumps({"program": "pilates-foot-series", "times_per_week": 3,
                       "starts_on": timezone.localdate().isoformat(), "note": "Slowly MARK"})
    body = body.replace("MARK", "\\ud800")

    answer = with_token(tess).post(f"/api/coach/clients/{alice.pk}/homework", body, content_type="application/json")

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "note"]
    assert not Assignment.objects.exists()


def test_it_prints_html_in_a_note_as_words_and_fetches_nothing_from_outside_for_the_pdf() -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    link = linked(tess, alice)
    with socket.create_server(("127.0.0.1", 0)) as outside:
        outside.setblocking(False)
        port = outside.getsockname()[1]
        note = (f'<img src="http://127.0.0.1:{port}/i.png"><link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
                f'<style>@import url(http://127.0.0.1:{port}/a.css);</style><script>alert(1)</script>')
        fields = check_homework(get_library(), program="sole-training", items=None, times_per_week=2,
                                starts_on=timezone.localdate().isoformat(), ends_on="", note=note)
        assignment = do_assign_homework(link, fields)
        teacher = signed_in(tess)

        page = teacher.get(f"/coach/assignments/{assignment.pk}/handout")
        pdf = teacher.get(f"/coach/assignments/{assignment.pk}/handout.pdf")

        # A fetch would have been made while the PDF was drawn; none waits to be accepted.
        with pytest.raises(BlockingIOError):
            outside.accept()
    assert page.status_code == 200 and pdf.status_code == 200
    html = page.content.decode()
    assert "<img src=\"http://127.0.0.1" not in html and "<script>alert" not in html
    assert "&lt;img src=&quot;http://127.0.0.1" in html
    text = "".join(each.extract_text() for each in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "<script>alert(1)</script>" in text.replace("\n", "")


def test_it_shows_a_client_whose_address_holds_html_as_words_on_every_page_of_their_teacher() -> None:
    tess = person("tess@example.org", teacher=True)
    mallory = person('"<script>alert(1)</script>"@example.org')
    linked(tess, mallory)
    teacher = signed_in(tess)

    for url in ("/coach", f"/coach/clients/{mallory.pk}", f"/coach/clients/{mallory.pk}/homework/new",
                "/coach/class/sole-training", "/account"):
        page = teacher.get(url)
        assert page.status_code == 200, url
        assert "<script>alert(1)" not in page.content.decode(), url
        assert "&lt;script&gt;alert(1)" in page.content.decode(), url


@pytest.mark.parametrize("dose", [
    {"sets": True, "reps": 5, "sides": "each"},
    {"sets": 1, "reps": True, "sides": "each"},
    {"sets": 1, "seconds": False, "reps": 5, "sides": "each"},
])
def test_it_refuses_true_or_false_for_a_count_in_a_dose_and_stores_nothing(dose: dict[str, object]) -> None:
    tess, alice = person("tess@example.org", teacher=True), person("alice@example.org")
    linked(tess, alice)
    wrong = next(name for name, value in dose.items() if isinstance(value, bool))

    answer = with_token(tess).post(
        f"/api/coach/clients/{alice.pk}/homework",
        {"items": [{"exercise": "toe-fan", "dose": dose}], "times_per_week": 3,
         "starts_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "items", 0, "dose", wrong]
    assert not Assignment.objects.exists()


class Browser:
    """One person's browser on the real server: cookies kept, CSRF token sent back with each form."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = None
        if form is not None:
            csrf = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
            data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": csrf}).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as answer:
                return answer.status, answer.url, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def sign_in(self, email: str) -> None:
        self.open("/accounts/signin")
        status, url, _ = self.open("/accounts/signin", {"username": email, "password": PASSWORD})
        assert status == 200 and not url.endswith("/accounts/signin"), url


def test_it_links_only_one_of_two_people_accepting_the_same_invitation_at_once(tmp_path: Path) -> None:
    with RealServer(tmp_path, workers=2) as server:
        assert server.footcoach("manage", "migrate", "--noinput", "-v0").returncode == 0
        for email, role in (("tess@example.org", ["--teacher"]), ("alice@example.org", []), ("bob@example.org", [])):
            assert server.footcoach("user", "create", email, *role, stdin=PASSWORD + "\n").returncode == 0
        server.start()
        invite = server.footcoach("coach", "invite", "--email", "tess@example.org", "--site", server.url)
        assert invite.returncode == 0, invite.stderr
        link = invite.stdout.splitlines()[0].removeprefix("Link: ").removeprefix(server.url)
        people = [Browser(server.url), Browser(server.url)]
        for browser, email in zip(people, ("alice@example.org", "bob@example.org"), strict=True):
            browser.sign_in(email)
            assert "Accept" in browser.open(link)[2]
        both_ready = threading.Barrier(2)
        answers: list[tuple[int, str, str]] = []

        def accept(browser: Browser) -> None:
            both_ready.wait()
            answers.append(browser.open(link, {"answer": "accept"}))

        threads = [threading.Thread(target=accept, args=(browser,)) for browser in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(status for status, _, _ in answers) == [200, 410]
        assert any("already been used" in page for status, _, page in answers if status == 410)
        clients = server.footcoach("coach", "clients", "--email", "tess@example.org", "--json")
    assert clients.returncode == 0, clients.stderr
    assert len(json.loads(clients.stdout)) == 1


def test_it_says_which_client_id_is_not_one_of_the_teachers_in_every_api_answer() -> None:
    tess, otto = person("tess@example.org", teacher=True), person("otto@example.org", teacher=True)
    bob = person("bob@example.org")
    linked(otto, bob)
    api = with_token(tess)

    for url in (f"/api/coach/clients/{bob.pk}/homework", f"/api/coach/clients/{bob.pk}/adherence"):
        answer = api.get(url)
        assert (answer.status_code, answer.json()) == (404, {"detail": f"No client of yours has the id {bob.pk}."})
