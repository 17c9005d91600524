"""Personal API tokens on the account page: make one, see it once, revoke it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from footcoach.accounts.access import get_token_for
from footcoach.accounts.actions import AccountError, do_create_token, do_revoke_token

# A token just made, kept in the session only until the account page shows it.
SHOW_ONCE_KEY = "api_token_to_show_once"


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the new token",
        max_length=100,
        # An empty name is do_create_token's to refuse, in the words the command line uses too.
        required=False,
        help_text="Which script or device will use it, for example “backup script” or “my laptop”.",
    )


@never_cache
@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, plaintext = do_create_token(request.user, form.cleaned_data["name"])  # type: ignore[arg-type]
        except AccountError as error:
            form.add_error(error.field, f"{capfirst(error.message)}.")
        else:
            # Post/redirect/get, so that reloading the page makes no second token.
            # The database keeps only a hash: the plaintext waits in the session
            # for the one page that shows it.
            request.session[SHOW_ONCE_KEY] = {"name": token.name, "plaintext": plaintext}
            return redirect(reverse("account") + "#tokens")
    # The form is at the foot of a long page: the cursor goes to the field
    # with the problem, which brings it and its message into view on a phone.
    for name in form.errors:
        form.fields[name].widget.attrs["autofocus"] = True
    return render(request, "accounts/account.html", {"token_form": form}, status=400)


def take_new_token(request: HttpRequest) -> dict[str, str] | None:
    """The token made just before, once: asking again gives None."""
    return request.session.pop(SHOW_ONCE_KEY, None)  # type: ignore[no-any-return]


@login_required
@require_http_methods(["GET", "POST"])
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_token_for(request.user, token_id)  # type: ignore[arg-type]
    if request.method == "POST":
        do_revoke_token(token)
        messages.success(request, f"Revoked the token “{token.name}”. Anything using it can no longer sign in.")
        return redirect(reverse("account") + "#tokens")
    return render(request, "accounts/revoke_token.html", {"token": token})
