"""Django's own sign-in backend, reading the signed-in account with SQL written once (footcoach.prepared)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from footcoach.accounts.models import User
from footcoach.prepared import Param, Prepared

# Every signed-in page reads the account it belongs to: prepared, so that the ORM writes the SQL once.
_ACCOUNT = Prepared(lambda: User.objects.filter(pk=Param("id", User._meta.pk)))  # type: ignore[arg-type]


class PersonBackend(ModelBackend):
    """Django's ModelBackend, reading the signed-in account through a prepared read."""

    def get_user(self, user_id: Any) -> User | None:
        user: User | None = _ACCOUNT.first(id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
