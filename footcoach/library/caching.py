"""Pages and answers drawn from the content alone: made once per content version, and
a browser's second visit answered with 304 Not Modified.

An HTML page still carries a little of the person (the menu, their account number
for the scripts, a message after a form), so its ETag names the person too and the
browser is told to keep it private; no library page holds a form with a CSRF token.
The API's library answers name no one and are kept whole.

Both are also kept gzipped (see `_gzipped`), since compressing a 155 KB library
page cost more than drawing it from the cache.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import secrets
import string
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from footcoach.library.content import content_version

View = Callable[..., HttpResponse]

# Kept in each server's own memory (settings.CACHES): the same on every server of a
# release, so there is nothing to share between them.
CONTENT_CACHE = "content"


# As many random bytes as Django's GZipMiddleware adds to each answer against BREACH.
MAX_RANDOM_BYTES = 100
GZIPPED_KEPT = 256
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True)
class Gzipped:
    """An answer's body compressed once, with the headers it was sent with."""

    body: bytes
    content_type: str
    cache_control: str
    etag: str


class _Kept:
    """The last `size` compressed answers, by ETag; bounded, and safe across threads.

    In each server's own memory, apart from the "content" cache: a signed-in
    person's page is kept under their own ETag, and many of those must not push
    the drawn content out of that cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: OrderedDict[str, Gzipped] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Gzipped | None:
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def put(self, key: str, answer: Gzipped) -> None:
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()


GZIPPED = _Kept(GZIPPED_KEPT)


def _accepts_gzip(request: HttpRequest) -> bool:
    return request.method == "GET" and bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _random_name() -> bytes:
    # What Django's compress_string puts there: 1 to 100 random letters.
    length = 1 + secrets.randbelow(MAX_RANDOM_BYTES)
    return "".join(secrets.choice(string.ascii_letters) for _ in range(length)).encode()


def _gzipped(kept: Gzipped) -> HttpResponse:
    """The kept body, sent as GZipMiddleware would have sent it (which then leaves it be).

    Django's BREACH mitigation is kept: each answer gets its own random number of
    random bytes in the gzip header, as GZipMiddleware gives it, so its length
    still varies from one answer to the next. And none of these pages or answers
    holds a secret to guess: no CSRF token, no form, nothing but the content, the
    menu and the person's account number their own scripts read."""
    header = bytearray(kept.body[:10])
    header[3] = gzip.FNAME
    body = bytes(header) + _random_name() + b"\x00" + kept.body[10:]
    response = HttpResponse(body, content_type=kept.content_type)
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = kept.cache_control
    response["ETag"] = kept.etag if kept.etag.startswith("W/") else f"W/{kept.etag}"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _keep_gzipped(key: str, response: HttpResponse) -> HttpResponse:
    """Keep a fresh answer compressed and send it so; anything else is sent as it is."""
    if response.status_code != 200 or response.streaming or response.has_header("Content-Encoding") or \
            response.cookies or not response.has_header("ETag"):
        return response
    kept = Gzipped(gzip.compress(response.content, compresslevel=6, mtime=0), response["Content-Type"],
                   response.get("Cache-Control", ""), response["ETag"])
    GZIPPED.put(key, kept)
    return _gzipped(kept)


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
    revalidated on every visit, since what the menu shows changes on signing in or out.
    A browser taking gzip gets the page compressed once per ETag (content version,
    person and address), which names everything the page is drawn from."""
    drawn = cache_control(private=True, no_cache=True)(condition(etag_func=page_etag)(view))

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A conditional request is answered by `condition`, mostly with a 304.
        conditional = "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
        etag = None if conditional or not _accepts_gzip(request) else page_etag(request)
        if etag is None:
            return drawn(request, *args, **kwargs)
        key = f"page:{etag}"
        kept = GZIPPED.get(key)
        if kept is not None:
            return _gzipped(kept)
        return _keep_gzipped(key, drawn(request, *args, **kwargs))

    return page


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
        if _accepts_gzip(request):
            zipped = GZIPPED.get(key)
            if zipped is not None:
                return _gzipped(zipped)
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
        return _keep_gzipped(key, response) if _accepts_gzip(request) else response

    return answer
