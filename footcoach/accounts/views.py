from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView, PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from footcoach.accounts.forms import ChangePasswordForm, SignInForm, SignUpForm
from footcoach.accounts.token_views import TokenForm, take_new_token


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # A new person has no profile yet, and without one there is no plan.
        return redirect("start")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "accounts/signin.html"
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    pass


class ChangePasswordView(PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        messages.success(self.request, "Your password is changed. Use the new one next time you sign in.")
        return super().form_valid(form)

    def form_invalid(self, form: ChangePasswordForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


@never_cache  # The page may show a new token once; no copy may stay in a cache.
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"token_form": TokenForm(), "new_token": take_new_token(request)})
