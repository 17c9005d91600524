"""Who is calling: a personal API token, or the browser's signed-in session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from footcoach.accounts.actions import do_use_token
from footcoach.accounts.models import User

NOT_SIGNED_IN = 'Sign in, or send a personal API token as "Authorization: Bearer <token>".'
BAD_TOKEN = "This API token is unknown or has been revoked. Create a new one on your account page."  # noqa: S105 - a message, not a secret
CSRF_FAILED = (
    "The CSRF check failed: a browser session must send the X-CSRFToken header with the value of the "
    "csrftoken cookie. Scripts should use an API token instead."
)

ACCOUNT_HEADER = "X-Footcoach-Account"
SOMEONE_ELSE = (
    "This page belongs to another account than the one signed in now; its logs wait on the device "
    "until that person signs in again."
)


class ApiToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User:
        person = do_use_token(token.strip())
        if person is None:
            # A token was sent, so the caller meant to use it: say it failed
            # rather than fall back to the session.
            raise HttpError(401, BAD_TOKEN)
        return person


class SignedInSession(APIKeyCookie):
    """The browser's session, with Django's CSRF check on unsafe methods.

    It comes last in the list of ways to authenticate, so a request that is
    neither signed in nor carrying a token is refused here, with 401 and a
    message saying what to send (rather than a CSRF complaint).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # The CSRF check waits for authenticate(): it only matters when a
        # session is what authenticates the request.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            raise HttpError(401, NOT_SIGNED_IN)
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        # A page says whose it is. One left open in another tab after its
        # person signed out and someone else signed in would otherwise send
        # the first person's logs into the second one's account.
        meant = request.headers.get(ACCOUNT_HEADER)
        if meant is not None and meant != str(request.user.pk):
            raise HttpError(403, SOMEONE_ELSE)
        return request.user


# Every route that shows or changes a person's own records uses this.
person_auth = [ApiToken(), SignedInSession()]
