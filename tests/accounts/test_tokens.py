"""Personal API tokens: made and revoked on the account page or the command line."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import ApiToken, User
from tests.server import RealServer
from tests.training.support import call, make_log

PASSWORD = "barefoot on the beach"
TOKEN = re.compile(r'<code id="new-token">(fc_[A-Za-z0-9_-]{40,})</code>')


def signed_in(email: str, **client_options: bool) -> tuple[User, Client]:
    user = User.objects.create_user(email, PASSWORD)
    client = Client(**client_options)
    client.force_login(user)
    return user, client


@pytest.mark.django_db
def test_it_shows_a_new_token_once_and_keeps_only_its_hash() -> None:
    alice, client = signed_in("alice@example.org")

    response = client.post("/account/tokens", {"name": "Backup script"})

    # Post/redirect/get: reloading the page that follows cannot send the form again.
    assert response.status_code == 302
    assert response["Location"] == "/account#tokens"
    shown = client.get("/account")
    assert "no-store" in shown["Cache-Control"]
    html = shown.content.decode()
    assert "Here is your new token “Backup script”" in html and "it will not be shown again" in html
    plaintext = TOKEN.search(html).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get(owner=alice)
    assert (token.name, token.hashed) == ("Backup script", hashlib.sha256(plaintext.encode()).hexdigest())
    assert plaintext.startswith(token.prefix) and len(token.prefix) < 12
    assert not ApiToken.objects.filter(hashed=plaintext).exists()

    page = client.get("/account").content.decode()
    assert "Backup script" in page and token.prefix in page and "never used" in page
    assert plaintext not in page and "it will not be shown again" not in page
    assert ApiToken.objects.count() == 1
    # The token works for the API, and the account page then says it was used.
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}").get("/api/logs").status_code == 200
    assert "never used" not in client.get("/account").content.decode()


@pytest.mark.django_db
def test_it_forgets_the_new_token_once_it_is_shown() -> None:
    alice, client = signed_in("alice@example.org")
    client.post("/account/tokens", {"name": "Backup script"})
    client.get("/account")
    assert all("token" not in key for key in client.session.keys())


@pytest.mark.django_db
def test_it_offers_a_copy_button_only_to_a_page_with_scripts() -> None:
    alice, client = signed_in("alice@example.org")
    html = client.post("/account/tokens", {"name": "Backup script"}, follow=True).content.decode()
    assert '<button type="button" class="secondary" data-copy="new-token" hidden>Copy the token</button>' in html
    assert "footcoach/copy.js" in html
    assert "footcoach/copy.js" not in client.get("/account").content.decode()


@pytest.mark.django_db
def test_it_shows_revoke_as_a_secondary_button_and_sign_out_under_its_own_heading() -> None:
    alice, client = signed_in("alice@example.org")
    token, _ = do_create_token(alice, "Old laptop")
    html = client.get("/account").content.decode()
    assert f'<a class="button secondary" href="/account/tokens/{token.pk}/revoke">' in html
    assert '<button type="submit">Create a token</button>' in html
    tokens_end = html.index("Create a token")
    heading = html.index('<h2 id="sign-out-title">Sign out</h2>')
    assert tokens_end < heading < html.index('action="/accounts/signout"')


@pytest.mark.django_db
def test_it_asks_for_a_name_at_the_field_itself() -> None:
    alice, client = signed_in("alice@example.org")
    response = client.post("/account/tokens", {"name": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    # The page opens with the cursor in the field, so a phone shows the message beside it.
    field = re.search(r"<input [^>]*name=\"name\"[^>]*>", html).group(0)  # type: ignore[union-attr]
    assert "autofocus" in field and 'aria-invalid="true"' in field and "id_name_error" in field
    assert '<ul class="field-errors" id="id_name_error"><li>The token needs a name: write which script or ' \
        "device will use it.</li></ul>" in html
    assert "This field is required" not in html
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_it_asks_before_revoking_and_then_refuses_the_token() -> None:
    alice, client = signed_in("alice@example.org")
    token, plaintext = do_create_token(alice, "Old laptop")

    confirm = client.get(f"/account/tokens/{token.pk}/revoke")
    assert confirm.status_code == 200
    assert "Revoke the token “Old laptop”?" in confirm.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()

    response = client.post(f"/account/tokens/{token.pk}/revoke")
    assert response.status_code == 302
    assert response["Location"] == "/account#tokens"
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert "Revoked the token “Old laptop”" in client.get("/account").content.decode()

    api = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}").get("/api/logs")
    assert api.status_code == 401
    assert api.json()["detail"].startswith("This API token is unknown or has been revoked.")


@pytest.mark.django_db
def test_it_keeps_alices_tokens_from_bob() -> None:
    alice, _ = signed_in("alice@example.org")
    token, _ = do_create_token(alice, "Alice's phone")
    bob, bob_client = signed_in("bob@example.org")

    assert "Alice's phone" not in bob_client.get("/account").content.decode()
    assert bob_client.get(f"/account/tokens/{token.pk}/revoke").status_code == 404
    assert bob_client.post(f"/account/tokens/{token.pk}/revoke").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk, owner=alice).exists()


@pytest.mark.django_db
def test_it_needs_a_csrf_token_to_create_or_revoke() -> None:
    alice, client = signed_in("alice@example.org", enforce_csrf_checks=True)
    token, _ = do_create_token(alice, "Phone")
    assert client.post("/account/tokens", {"name": "Sneaky"}).status_code == 403
    assert client.post(f"/account/tokens/{token.pk}/revoke").status_code == 403
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Phone"]


@pytest.mark.django_db
def test_it_sends_a_stranger_to_sign_in() -> None:
    response = Client().post("/account/tokens", {"name": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signin")
    assert not ApiToken.objects.exists()


def test_it_prints_a_working_token_on_the_last_line_of_the_command(tmp_path: Path) -> None:
    with RealServer(tmp_path) as server:
        token = server.prepare("alice@example.org")
        assert token.startswith("fc_")

        # The address is found however it is written, as on the sign-in page.
        capitals = server.footcoach("token", "create", " Alice@Example.ORG ")
        assert capitals.returncode == 0, capitals.stderr
        assert "for alice@example.org" in capitals.stdout

        unknown = server.footcoach("token", "create", "nobody@example.org")
        assert unknown.returncode == 2
        assert "no account has the email address nobody@example.org" in unknown.stderr

        server.start()
        log = make_log()
        status, answer = call(server.url, "POST", "/api/logs/sync", token=token, body={"logs": [log]})
        assert (status, answer["stored"]) == (200, [log["id"]])
        status, logs = call(server.url, "GET", "/api/logs", token=token)
        assert (status, [item["id"] for item in logs]) == (200, [log["id"]])
