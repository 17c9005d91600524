"""How django-axes limits wrong passwords here: the hooks its settings name.

The limits themselves are in settings.py (AXES_*); this module holds what
Axes cannot be told by a setting: that a client has a larger allowance across
addresses than a pair of address and client has, how an address is written,
and what a locked-out person is shown.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from footcoach.accounts.models import User

# Wrong passwords one client may give across all addresses within the
# cool-off time. Well above a household's typing slips, well below what
# guessing at many addresses needs.
IP_FAILURE_LIMIT = 30

LOCKED_OUT = (
    "Too many wrong passwords from this device. Wait 15 minutes, then try again. "
    "If you have forgotten your password, you can set a new one by email."
)


def address_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The address as accounts keep it, so "Ann@X.org" and "ann@x.org" count together."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return User.objects.normalize_email(raw) if isinstance(raw, str) else None


class PairAndClientHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler with two limits instead of one.

    Axes compares one number of failures with one limit, AXES_FAILURE_LIMIT,
    taking the largest count among AXES_LOCKOUT_PARAMETERS: the pair
    (address, client) and the client alone. The client's count is scaled here
    so that it reaches that limit at IP_FAILURE_LIMIT, not at 5.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair, client = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(pair, client * settings.AXES_FAILURE_LIMIT // IP_FAILURE_LIMIT)


def locked_out(request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None) -> HttpResponse:
    """The page a locked-out person sees: the form they were on, with why and what to do.

    429 tells scripts to slow down; a person reads the message.
    """
    page = request.resolver_match.url_name if request.resolver_match is not None else None
    if page == "change-password":
        from footcoach.accounts.forms import ChangePasswordForm

        form: Any = ChangePasswordForm(request.user, request=request)
        template = "accounts/password_change.html"
    elif page == "delete-account":
        from footcoach.accounts.delete_views import DeleteAccountForm

        form = DeleteAccountForm(person=request.user, request=request)
        template = "accounts/delete_account.html"
    else:
        from footcoach.accounts.forms import SignInForm

        form = SignInForm(request, initial={"username": address_of(request, credentials) or ""})
        template = "accounts/signin.html"
    return render(request, template, {"form": form, "locked_out": LOCKED_OUT}, status=429)
