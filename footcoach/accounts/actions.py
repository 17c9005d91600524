"""Changes to accounts, each one whole and atomic."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from footcoach.accounts.models import User


class AccountError(Exception):
    """Bad input for an account, with the field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def do_create_user(email: str, password: str, *, teacher: bool = False) -> User:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError("email", f"{email!r} is not a valid email address") from None
    if not password:
        raise AccountError("password", "a password is required")
    role = User.Role.TEACHER if teacher else User.Role.PERSON
    try:
        password_validation.validate_password(password, User(email=email))
    except ValidationError as error:
        raise AccountError("password", " ".join(error.messages)) from None
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise AccountError("email", f"an account with {email} already exists")
        return User.objects.create_user(email, password, role=role)
