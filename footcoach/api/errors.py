"""Every error under /api/ answered in JSON, as {"detail": "..."}, never as an HTML page.

Scripts read these answers; an HTML page would be a parse error to them. The
errors the API's routes raise are answered by the handlers of JsonErrorsAPI;
the few that Django answers itself (an unknown path, a failure before any
route) come through footcoach/errors.py, which asks `is_api` first.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

API_PREFIX = "/api/"
SERVER_FAILED = "The server failed to answer this request. It has been logged; please try again later."
MALFORMED = "The request is malformed: {}."

# The log Django itself writes a failed request to, so that whoever reads
# (or is mailed) those learns of the API's failures too.
request_log = logging.getLogger("django.request")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def not_found(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {"detail": f"No API route has the path {request.path}; see {API_PREFIX}docs for them all."}, status=404
    )


def server_failed(request: HttpRequest) -> HttpResponse:
    # Says nothing of the cause: it is in the log, and a caller has no use for it.
    return JsonResponse({"detail": SERVER_FAILED}, status=500)


def body_too_large() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
    return f"The body is larger than {limit:g} MB: send fewer logs per request."


def _method_not_allowed(request: HttpRequest, response: HttpResponseNotAllowed) -> HttpResponse:
    allowed = ", ".join(sorted(method.strip() for method in response["Allow"].split(",")))
    answer = JsonResponse({"detail": f"{request.path} does not take {request.method}; it takes {allowed}."},
                          status=405)
    answer["Allow"] = allowed
    return answer


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    # django-ninja answers a method no route of a path takes with a plain-text
    # 405 of its own, before any exception handler could be asked.
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return _method_not_allowed(request, response)
        return response

    return wrapped


class JsonErrorsAPI(NinjaAPI):
    """A NinjaAPI whose every error answer is JSON."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The exceptions Django itself answers with a 4xx, answered the same way.
        self.add_exception_handler(RequestDataTooBig, self._body_too_large)
        for malformed in (SuspiciousOperation, BadRequest, MultiPartParserError):
            self.add_exception_handler(malformed, self._malformed)
        self.add_exception_handler(PermissionDenied, self._forbidden)
        self.add_exception_handler(Exception, self._failed)

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        return [
            URLPattern(p.pattern, _json_405(p.callback), p.default_args, p.name) if isinstance(p, URLPattern) else p
            for p in patterns
        ], app_name, namespace

    def _body_too_large(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.create_response(request, {"detail": body_too_large()}, status=413)

    def _malformed(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        # Django's own 400s (too many form fields, a bad multipart body...):
        # the caller's fault, so logged as Django logs them, as a warning.
        logging.getLogger(f"django.security.{type(exc).__name__}").warning("%s: %s", exc, request.path)
        return self.create_response(request, {"detail": MALFORMED.format(exc)}, status=400)

    def _forbidden(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)

    def _failed(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        request_log.error("Internal Server Error: %s", request.path, exc_info=exc,
                          extra={"status_code": 500, "request": request})
        return server_failed(request)
