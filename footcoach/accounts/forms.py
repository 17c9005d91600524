from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from footcoach.accounts.actions import (
    LOCK_MINUTES,
    do_create_user,
    do_forget_sign_in_failures,
    do_note_sign_in_failure,
    sign_in_locked,
)
from footcoach.accounts.models import User

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
    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": "That email address and password do not match an account. Check both and try again.",
        "inactive": "This account is switched off.",
        "too_many": (
            f"Too many wrong passwords for this address. Wait {LOCK_MINUTES} minutes, then try again. "
            "If you have forgotten it, ask the person who runs this footcoach to set a new one."
        ),
    }

    def clean(self) -> dict[str, Any]:
        email = User.objects.normalize_email(self.data.get("username"))
        if email and sign_in_locked(email):
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                do_note_sign_in_failure(email)
            raise
        do_forget_sign_in_failures(email)
        return cleaned


class ChangePasswordForm(PasswordChangeForm):
    """Django's form in the words of our sign-up form: its own help text is a
    list of rules in HTML, which reads poorly beside a field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your password now"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""
