"""Middleware of our own, kept to what Django does not do for us."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token


def csrf_cookie_on_every_page(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Give the browser its CSRF cookie on the first page it opens.

    The service worker fetches pages in the background. Were the cookie still
    missing then, each of those fetches would set a new one, and a form already
    on the screen would carry a token that no longer matches: its Save would
    fail with 403.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        # API clients authenticate with tokens and need no cookie.
        if request.method == "GET" and not request.path.startswith("/api/"):
            get_token(request)
        return get_response(request)

    return middleware
