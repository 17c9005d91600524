from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

from footcoach.accounts.actions import do_create_user
from footcoach.accounts.models import User
from footcoach.accounts.signin_limits import LOCKED_OUT

PASSWORD_HELP = "At least 8 characters; not only numbers, and not a common password."  # noqa: S105 - the rule in words, not a password


class SignUpForm(forms.ModelForm):  # type: ignore[type-arg]
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )

    class Meta:
        model = User
        fields = ("email",)
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists (capital letters make no difference). "
                "Sign in instead."
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        return do_create_user(self.cleaned_data["email"], self.cleaned_data["password"])


class SignInForm(AuthenticationForm):
    # Wrong passwords are counted and limited by django-axes (settings.py),
    # inside authenticate(), so no path through this form escapes the count.
    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": "That email address and password do not match an account. Check both and try again.",
        "inactive": "This account is switched off.",
    }


class ChangePasswordForm(PasswordChangeForm):
    """Django's form in the words of our sign-up form: its own help text is a
    list of rules in HTML, which reads poorly beside a field."""

    def __init__(self, user: User, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.fields["old_password"].label = "Your password now"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""

    def clean_old_password(self) -> str:
        """Count a wrong password here as a wrong sign-in: a session left open
        on a shared computer must not become a way to guess the password."""
        credentials = {"username": self.user.email}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            raise forms.ValidationError(LOCKED_OUT, code="locked_out")
        try:
            return super().clean_old_password()  # type: ignore[no-any-return]
        except forms.ValidationError:
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            raise


class ResetPasswordForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""
