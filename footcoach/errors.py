"""The site's own error pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Our views raise Http404 with a sentence for the person; an address that
    # matches no page raises a subclass whose message is Django's own.
    said = exception.args[0] if type(exception) is Http404 and exception.args else ""
    return render(request, "404.html", {"reason": said if isinstance(said, str) else ""}, status=404)
