"""The site's own error pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from footcoach.api import errors as api_errors


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if api_errors.is_api(request):
        return api_errors.not_found(request)
    # Our views raise Http404 with a sentence for the person; an address that
    # matches no page raises a subclass whose message is Django's own.
    said = exception.args[0] if type(exception) is Http404 and exception.args else ""
    return render(request, "404.html", {"reason": said if isinstance(said, str) else ""}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # A failure before any route (in a middleware) under /api/ still answers JSON.
    if api_errors.is_api(request):
        return api_errors.server_failed(request)
    return defaults.server_error(request)
