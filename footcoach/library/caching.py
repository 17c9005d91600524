"""Pages and answers drawn from the content alone: made once per content version, and
a browser's second visit answered with 304 Not Modified.

An HTML page still carries a little of the person (the menu, their account number
for the scripts, a message after a form), so its ETag names the person too and the
browser is told to keep it private; no library page holds a form with a CSRF token.
The API's library answers name no one and are kept whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from footcoach.library.content import content_version

View = Callable[..., HttpResponse]

# Kept in each server's own memory (settings.CACHES): the same on every server of a
# release, so there is nothing to share between them.
CONTENT_CACHE = "content"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def page_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    """The version of a library page as this person sees it.

    A page about to show a message (after a form elsewhere) has no ETag: the
    browser's copy has no message, and answering 304 would keep it from them."""
    if len(get_messages(request)) > 0:
        return None
    user = request.user
    who = f"person {user.pk}" if user.is_authenticated else "guest"
    return _digest(content_version(), who, request.get_full_path())


def content_page(view: View) -> View:
    """For a page drawn from the content and the person's menu: ETag, 304, and
    revalidated on every visit, since what the menu shows changes on signing in or out."""
    return cache_control(private=True, no_cache=True)(condition(etag_func=page_etag)(view))


def content_answer(view: View) -> View:
    """For an API answer drawn from the content alone: the whole answer is kept per
    content version and address, and a browser or client that has it gets a 304."""

    @wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        version = content_version()
        etag = f'"{_digest(version, request.get_full_path())}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            patch_cache_control(not_modified, public=True, no_cache=True)
            return not_modified
        key = f"api:{etag}"
        cache = caches[CONTENT_CACHE]
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            kept = (response.content, response["Content-Type"])
            cache.set(key, kept)
        response = HttpResponse(kept[0], content_type=kept[1])
        response["ETag"] = etag
        patch_cache_control(response, public=True, no_cache=True)
        return response

    return answer
