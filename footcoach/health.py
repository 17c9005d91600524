"""The answer load balancers and the benchmark ask for: is this server up, and can it reach its database."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Asked every few seconds by every load balancer: the view reads no session and
# sets no cookie (footcoach.middleware leaves this path alone), so a probe costs
# one trivial query and leaves nothing behind.
HEALTH_PATH = "/healthz"


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The balancer sends no one here until the database answers again.
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
