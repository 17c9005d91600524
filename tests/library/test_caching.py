"""Content pages and the API's library answers: kept per content version, a second
visit answered 304, and every answer compressed for a browser that asks."""

from __future__ import annotations

import gzip
import io
import json
from unittest import mock

import pytest
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.test import Client, RequestFactory
from pypdf import PdfReader

from footcoach.accounts.models import User
from footcoach.library import caching
from footcoach.library.caching import GZIPPED, page_etag
from footcoach.library.templatetags import footcoach as tags

pytestmark = pytest.mark.django_db

PAGES = ["/", "/library", "/library?q=toes", "/library/exercises/toe-fan", "/library/programs/ball-rolling",
         "/library/tests", "/library/tests/forward-fold-reach", "/library/evidence"]
ANSWERS = ["/api/exercises", "/api/exercises?region=toes", "/api/exercises/toe-fan", "/api/programs",
           "/api/programs/ball-rolling", "/api/tests", "/api/conditions"]


@pytest.fixture(autouse=True)
def empty_content_cache() -> None:
    caches["content"].clear()
    GZIPPED.clear()


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.create_user(email, "barefoot on the beach"))
    return client


@pytest.mark.parametrize("path", PAGES)
def test_it_answers_a_second_visit_to_a_library_page_with_304(path: str) -> None:
    client = Client()
    first = client.get(path)
    assert first.status_code == 200
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert "private" in again["Cache-Control"] and "no-cache" in again["Cache-Control"]


def test_it_gives_each_person_a_page_etag_of_their_own() -> None:
    alice, bob, guest = signed_in("alice@example.org"), signed_in("bob@example.org"), Client()
    tags = {client.get("/library")["ETag"] for client in (alice, bob, guest)}
    assert len(tags) == 3
    # Alice's copy names her account; Bob never gets a 304 for it.
    alices = alice.get("/library")
    assert bob.get("/library", HTTP_IF_NONE_MATCH=alices["ETag"]).status_code == 200
    assert f'data-account="{User.objects.get(email="alice@example.org").pk}"' in alices.content.decode()


def test_it_tells_the_browser_to_keep_a_page_private_and_ask_again_each_visit() -> None:
    response = signed_in("alice@example.org").get("/library")
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_it_gives_no_etag_to_a_page_about_to_show_a_message() -> None:
    request = RequestFactory().get("/library")
    request.session = SessionStore()
    request.user = User.objects.create_user("alice@example.org", "barefoot on the beach")
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    assert page_etag(request) is not None
    add_message(request, constants.SUCCESS, "Your answers are saved.")
    assert page_etag(request) is None


def test_a_new_content_version_gives_new_pages_and_answers() -> None:
    client = Client()
    page, answer = client.get("/library"), client.get("/api/exercises")
    with mock.patch("footcoach.library.caching.content_version", return_value="a later release"):
        assert client.get("/library", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 200
        assert client.get("/api/exercises", HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == 200


def test_it_draws_the_library_list_once_per_version_and_address(django_assert_max_num_queries: object) -> None:
    client = signed_in("alice@example.org")
    first = client.get("/library?q=heel").content.decode()
    with mock.patch.object(tags, "picture_svg", wraps=tags.picture_svg) as drawn:
        assert client.get("/library?q=heel").content.decode() == first
        assert drawn.call_count == 0
        client.get("/library?q=toes")
        assert drawn.call_count > 0
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        assert client.get("/library").status_code == 200


@pytest.mark.parametrize("path", ANSWERS)
def test_it_answers_a_second_ask_for_a_library_answer_with_304(path: str) -> None:
    first = Client().get(path)
    assert first.status_code == 200
    # The answer names no one: another client with the same ETag gets the 304 too.
    again = Client().get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "public" in again["Cache-Control"] and "no-cache" in again["Cache-Control"]
    assert "csrftoken" not in again.cookies and "sessionid" not in again.cookies


@pytest.mark.parametrize("path", ANSWERS)
def test_a_kept_library_answer_is_the_answer_made_afresh(path: str) -> None:
    fresh = Client().get(path)
    kept = Client().get(path)
    assert json.loads(kept.content) == json.loads(fresh.content)
    assert kept["Content-Type"] == fresh["Content-Type"] == "application/json; charset=utf-8"


def test_it_keeps_no_problem_answer() -> None:
    for _ in range(2):
        response = Client().get("/api/exercises?minutes=lots")
        assert response.status_code == 400
        assert "ETag" not in response
    assert Client().get("/api/exercises/moonwalk").status_code == 404


@pytest.mark.parametrize("path", ["/library", "/library/exercises/toe-fan", "/api/exercises", "/session/sole-training"])
def test_it_compresses_pages_and_answers_for_a_browser_that_asks(path: str) -> None:
    plain = Client().get(path)
    zipped = Client().get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain.content) / 3
    body = gzip.decompress(zipped.content)
    if path != "/session/sole-training":  # the player holds a CSRF token, masked anew each time
        assert body == plain.content


def test_a_compressed_page_keeps_its_etag_and_second_visit() -> None:
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    first = client.get("/library")
    assert first["ETag"].startswith('W/"')  # compressed bytes are not the same bytes
    assert client.get("/library", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_compressed_handout_is_still_the_same_pdf() -> None:
    plain = Client().get("/library/programs/sole-training/handout.pdf")
    zipped = Client().get("/library/programs/sole-training/handout.pdf", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Type"] == "application/pdf"
    pdf = gzip.decompress(zipped.content)
    assert pdf.startswith(b"%PDF-")
    reader, expected = PdfReader(io.BytesIO(pdf)), PdfReader(io.BytesIO(plain.content))
    assert len(reader.pages) == len(expected.pages)
    assert reader.pages[0].extract_text() == expected.pages[0].extract_text()


def test_the_service_worker_is_compressed_and_stays_uncached() -> None:
    zipped = Client().get("/sw.js", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert b'addEventListener("fetch"' in gzip.decompress(zipped.content)
    assert "no-cache" in zipped["Cache-Control"]


def test_a_streamed_download_is_compressed_whole_and_still_a_download() -> None:
    alice = signed_in("alice@example.org")
    plain = alice.get("/account/export.json")
    zipped = alice.get("/account/export.json", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped.streaming and zipped["Content-Encoding"] == "gzip"
    assert zipped["Content-Disposition"] == plain["Content-Disposition"]
    assert "Content-Length" not in zipped
    body = json.loads(gzip.decompress(b"".join(zipped.streaming_content)))
    expected = json.loads(b"".join(plain.streaming_content))
    assert {**body, "exported_at": ""} == {**expected, "exported_at": ""}


@pytest.mark.parametrize("path", ["/library/exercises/toe-fan", "/library/programs/ball-rolling",
                                  "/library/tests/forward-fold-reach"])
def test_it_draws_a_library_page_once_per_content_version(path: str) -> None:
    first = Client().get(path).content.decode()
    with mock.patch.object(tags, "picture_svg", wraps=tags.picture_svg) as drawn, \
            mock.patch.object(tags, "foot_map_svg", wraps=tags.foot_map_svg) as mapped:
        assert signed_in("alice@example.org").get(path).status_code == 200
        assert Client().get(path).content.decode() == first
    assert drawn.call_count == mapped.call_count == 0


@pytest.mark.parametrize("path", ["/library", "/library?q=toes", "/library/exercises/toe-fan", "/api/exercises"])
def test_it_compresses_a_kept_page_or_answer_once_and_sends_the_same_content(path: str) -> None:
    plain = Client().get(path).content
    with mock.patch.object(caching.gzip, "compress", wraps=gzip.compress) as compressed:
        answers = [Client().get(path, HTTP_ACCEPT_ENCODING="gzip") for _ in range(6)]
    assert compressed.call_count == 1
    assert all(gzip.decompress(answer.content) == plain for answer in answers)
    assert all(answer["Content-Encoding"] == "gzip" and "Accept-Encoding" in answer["Vary"] for answer in answers)
    assert all(answer["Content-Length"] == str(len(answer.content)) for answer in answers)
    # Django's BREACH mitigation still holds: random bytes make each answer's length vary.
    assert len({len(answer.content) for answer in answers}) > 1


def test_it_keeps_each_persons_compressed_page_apart() -> None:
    alice, bob = signed_in("alice@example.org"), signed_in("bob@example.org")
    for client in (alice, bob, Client()):
        for _ in range(2):
            body = gzip.decompress(client.get("/library", HTTP_ACCEPT_ENCODING="gzip").content).decode()
            whose = client.session.get("_auth_user_id")
            if whose is None:
                assert "data-account" not in body and "Sign in" in body
            else:
                assert f'data-account="{whose}"' in body


def test_a_compressed_kept_page_answers_a_second_visit_with_304() -> None:
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.get("/library")
    kept = client.get("/library")
    assert kept["ETag"].startswith('W/"') and "no-cache" in kept["Cache-Control"]
    assert client.get("/library", HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 304


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_compressed_page_holds_no_secret_to_guess(path: str) -> None:
    # Why keeping pages compressed is safe against BREACH: they hold no CSRF token
    # nor any other secret, only the content, the menu and the person's account number.
    alice = signed_in("alice@example.org")
    answer = alice.get(path, HTTP_ACCEPT_ENCODING="gzip")
    body = gzip.decompress(answer.content).decode()
    assert "csrfmiddlewaretoken" not in body
    token = alice.cookies["csrftoken"].value if "csrftoken" in alice.cookies else None
    assert token is None or token not in body
    assert alice.session.session_key not in body


def test_a_page_about_to_show_a_message_is_not_kept_compressed() -> None:
    request = RequestFactory().get("/library", HTTP_ACCEPT_ENCODING="gzip")
    request.session = SessionStore()
    request.user = User.objects.create_user("carol@example.org", "barefoot on the beach")
    request._messages = FallbackStorage(request)
    add_message(request, constants.SUCCESS, "Your plan is saved.")
    from footcoach.library.views import library_index

    answer = library_index(request)
    assert "Your plan is saved." in answer.content.decode()
    assert "Content-Encoding" not in answer
    assert len(GZIPPED._answers) == 0
