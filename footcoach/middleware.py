"""Middleware of our own, kept to what Django does not do for us."""

import re
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from footcoach.health import HEALTH_PATH

# Set by offline.js from the browser's own clock; see time_zone_from_browser.
TIME_ZONE_COOKIE = "tz"
ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")


def csrf_cookie_on_every_page(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Give the browser its CSRF cookie on the first page it opens.

    The service worker fetches pages in the background. Were the cookie still
    missing then, each of those fetches would set a new one, and a form already
    on the screen would carry a token that no longer matches: its Save would
    fail with 403.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        # API clients authenticate with tokens and need no cookie, nor do load
        # balancers asking whether the server is up.
        if request.method == "GET" and not request.path.startswith("/api/") and request.path != HEALTH_PATH:
            get_token(request)
        return get_response(request)

    return middleware


def csrf_cookie_sent_only_when_new(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Send the CSRF cookie only when its value changes.

    Django sends it again with every page that holds a form. A page the
    service worker fetched in the background with the old cookie, answered
    just after signing in gave a new one, would then put the old one back,
    and the form on the screen would be refused on Save. Placed before
    CsrfViewMiddleware, so that it sees the cookie that middleware sets.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        sent = response.cookies.get(settings.CSRF_COOKIE_NAME)
        if sent is not None and sent.value == request.COOKIES.get(settings.CSRF_COOKIE_NAME):
            del response.cookies[settings.CSRF_COOKIE_NAME]
        return response

    return middleware


def time_zone_from_browser(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Count days on the person's own clock: "today", the morning check-in and
    which sessions were done on which day follow where they are, not the server."""

    def middleware(request: HttpRequest) -> HttpResponse:
        zone = _zone(request.COOKIES.get(TIME_ZONE_COOKIE, ""))
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return get_response(request)
        finally:
            # The zone is this request's alone: whatever the same thread runs
            # next (another request, a command, a test) counts days on the
            # server's clock unless it says otherwise.
            timezone.deactivate()

    return middleware


def _zone(name: str) -> ZoneInfo | None:
    if not name or len(name) > 64 or not ZONE_NAME.match(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
