"""Deleting one's own account: a confirmation with the password, then a page
that tells the browser to forget what this device kept of the account."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from footcoach.accounts.actions import AccountError, do_delete_account
from footcoach.accounts.models import User
from footcoach.accounts.signin_limits import LOCKED_OUT

# The id of the account just deleted, kept in the (now anonymous) session so
# that the next page can tell this browser which of its stores to forget.
DELETED_KEY = "deleted_account"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you, and not someone at a phone or computer you left signed in.",
    )

    def __init__(self, *args: Any, person: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.request = request

    def clean_password(self) -> str:
        """Wrong passwords here count as wrong sign-ins, as on the change-password
        page: an open session must not become a way to guess the password."""
        if not AxesProxyHandler.is_allowed(self.request, self.credentials()):
            raise forms.ValidationError(LOCKED_OUT, code="locked_out")
        return str(self.cleaned_data["password"])

    def credentials(self) -> dict[str, str]:
        return {"username": self.person.email}

    def refuse_password(self, error: AccountError) -> None:
        user_login_failed.send(sender=type(self), credentials=self.credentials(), request=self.request)
        self.add_error("password", error.message)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    person: User = request.user  # type: ignore[assignment]
    # An empty POST is a refusal too, not a fresh page.
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, person=person, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            do_delete_account(person, form.cleaned_data["password"])
        except AccountError as error:
            form.refuse_password(error)
        else:
            deleted_id = person.pk
            logout(request)
            request.session[DELETED_KEY] = deleted_id
            return redirect("account-deleted")
    status = 200
    if form.errors:
        status = 429 if form.has_error("password", "locked_out") else 400
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET"])
def account_deleted(request: HttpRequest) -> HttpResponse:
    # Once shown, the id is dropped: whoever uses this browser next has no need of it.
    deleted_id = request.session.pop(DELETED_KEY, None)
    return render(
        request, "accounts/account_deleted.html", {"deleted_id": deleted_id if isinstance(deleted_id, int) else None}
    )
