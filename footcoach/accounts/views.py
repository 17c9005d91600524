from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import (
    LoginView,
    LogoutView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from footcoach.accounts.forms import ChangePasswordForm, NewPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from footcoach.accounts.token_views import TokenForm, take_new_token


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account")
    form = SignUpForm(request.POST or None)
    # Where the person was going, such as an invitation, kept through sign-up as through sign-in.
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="footcoach.accounts.backends.PersonBackend")
        # A new person has no profile yet, and without one there is no plan.
        return redirect(next_url or "start")
    context = {"form": form, "next": next_url}
    return render(request, "accounts/signup.html", context, status=400 if form.errors else 200)


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "accounts/signin.html"
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    pass


class RefusedFormIs400:
    """A form sent back with its errors answers 400, as the other forms here
    do, so that scripts and tests can tell a refusal from a fresh page."""

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(  # type: ignore[attr-defined, no-any-return]
            self.get_context_data(form=form), status=self.refused_status(form)  # type: ignore[attr-defined]
        )

    def refused_status(self, form: Any) -> int:
        return 400


class ChangePasswordView(RefusedFormIs400, PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        messages.success(self.request, "Your password is changed. Use the new one next time you sign in.")
        return super().form_valid(form)

    def refused_status(self, form: ChangePasswordForm) -> int:
        # Too many wrong passwords: the same answer as a locked-out sign-in.
        return 429 if form.has_error("old_password", "locked_out") else 400


class ResetPasswordView(RefusedFormIs400, PasswordResetView):
    """Mail a link to set a new password. The answer is the same whether or
    not the address has an account, so the page tells no one who is here."""

    form_class = ResetPasswordForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-sent")


class ResetPasswordSentView(PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class NewPasswordView(RefusedFormIs400, PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")


class NewPasswordSetView(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@never_cache  # The page may show a new token once; no copy may stay in a cache.
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"token_form": TokenForm(), "new_token": take_new_token(request)})
