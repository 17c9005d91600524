"""Changes to accounts, each one whole and atomic."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from footcoach.accounts.models import ApiToken, Profile, User
from footcoach.core.profile import parse_profile
from footcoach.library.content import get_library
from footcoach.prepared import Param, Prepared

# How stale a token's "last used" date may get before a request rewrites it: a
# write on every request would queue API calls behind each other on SQLite.
TOKEN_USE_RESOLUTION = timedelta(minutes=5)


class AccountError(Exception):
    """Bad input for an account, with the field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def do_create_user(email: str, password: str, *, teacher: bool = False) -> User:
    email = User.objects.normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError("email", f"{email!r} is not a valid email address") from None
    if not password:
        raise AccountError("password", "a password is required")
    try:
        password_validation.validate_password(password, User(email=email))
    except ValidationError as error:
        raise AccountError("password", " ".join(error.messages)) from None
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise AccountError("email", f"an account with {email} already exists")
        return User.objects.create_user(email, password, is_teacher=teacher)


def do_create_token(person: User, name: str) -> tuple[ApiToken, str]:
    """Make a new API token for the person; the plaintext is returned only here."""
    name = " ".join(name.split())
    if not name:
        raise AccountError("name", "the token needs a name: write which script or device will use it")
    if len(name) > 100:
        raise AccountError("name", "keep the name to 100 characters or fewer")
    plaintext = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=person, name=name, prefix=plaintext[: len(ApiToken.PREFIX) + 6], hashed=ApiToken.hash(plaintext)
    )
    return token, plaintext


def do_revoke_token(token: ApiToken) -> None:
    # Revoking deletes: nothing about a revoked token is worth keeping, and an
    # absent row cannot be mistaken for a live one.
    token.delete()


# The person a token belongs to, with the token's id and when it was last
# used, in one read; prepared, as every API request makes it (the hash is
# unique: one row at most).
_TOKEN_OWNER = Prepared(lambda: (
    User.objects.filter(api_tokens__hashed=Param("hashed", ApiToken.hashed.field), is_active=True)
    .annotate(token_id=F("api_tokens__id"), token_used_at=F("api_tokens__last_used_at"))
))


def do_use_token(plaintext: str) -> User | None:
    """The active person a token belongs to, or None for an unknown or revoked token."""
    owner: User | None = _TOKEN_OWNER.first(hashed=ApiToken.hash(plaintext))
    if owner is None:
        return None
    now = timezone.now()
    used_at = owner.token_used_at  # type: ignore[attr-defined]
    if used_at is None or now - used_at > TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=owner.token_id).update(last_used_at=now)  # type: ignore[attr-defined]
    return owner


def do_delete_account(person: User, password: str) -> dict[str, int]:
    """Remove the person's account and everything of theirs, once they have given their password.

    Raises AccountError("password", ...) for a wrong password, and then removes nothing.
    """
    with transaction.atomic():
        if not person.check_password(password):
            raise AccountError("password", "That is not your password. Nothing was deleted.")
        return do_erase_account(person)


def do_erase_account(person: User) -> dict[str, int]:
    """Remove the account and everything of theirs, without asking for the password
    (an administrator's `footcoach user delete`); return how many rows of each
    model went, by the model's label ("training.SessionLog").

    Every row of theirs hangs on the account through a CASCADE foreign key, so
    one delete removes them all, including rows that a later model adds, and
    the links where they are a client or a teacher: their teachers lose access
    at the same moment, and their clients' links end. A row that only names
    them in passing (the invitation a teacher sent them, used_by) is kept and
    loses the name, through SET_NULL. tests/accounts/test_delete_account.py
    walks every model to hold this.
    """
    with transaction.atomic():
        _, removed = User.objects.filter(pk=person.pk).delete()
        # django-axes keeps the address, not the account, with each sign-in:
        # the record of when and from where they signed in goes too. The
        # counts of wrong passwords (AccessAttempt) stay until they expire, so
        # that a device guessing at many addresses is still held.
        AccessLog.objects.filter(username=person.email).delete()
        AccessFailureLog.objects.filter(username=person.email).delete()
    return removed


def do_save_profile(person: User, data: Mapping[str, Any]) -> Profile:
    """Validate profile answers against the content and keep them as the person's profile.

    Raises ProfileError, naming each bad field and what is allowed, and then
    stores nothing.
    """
    valid = parse_profile(data, get_library(), this_year=timezone.localdate().year).model_dump(mode="json")
    # A list given twice the same id means it once.
    for name in ("goals", "conditions", "equipment"):
        valid[name] = list(dict.fromkeys(valid[name]))
    valid["sex"] = valid["sex"] or ""  # the column keeps "not given" blank
    with transaction.atomic():
        profile, _ = Profile.objects.update_or_create(owner=person, defaults=valid)
    return profile
