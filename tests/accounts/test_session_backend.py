"""Signed-in pages read the account through PersonBackend; sessions from before it stay signed in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from footcoach.accounts.models import User

PASSWORD = "barefoot on the beach"
BEFORE, AFTER = [("accounts", "0008_user_emails_alerts")], [("accounts", "0009_sessions_of_person_backend")]


def session_of(person: User, backend: str) -> str:
    store = SessionStore()
    store.update({SESSION_KEY: str(person.pk), BACKEND_SESSION_KEY: backend,
                  HASH_SESSION_KEY: person.get_session_auth_hash()})
    store.create()
    assert store.session_key is not None
    return store.session_key


def signed_in_as(session_key: str) -> str | None:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = client.get("/account")
    if response.status_code != 200:
        return None
    return next(email for email in ("alice@example.org", "bob@example.org") if email in response.content.decode())


@pytest.mark.django_db
def test_it_keeps_a_person_signed_in_through_person_backend() -> None:
    client = Client()
    client.post("/accounts/signup", {"email": "alice@example.org", "password": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY] == "footcoach.accounts.backends.PersonBackend"
    assert client.get("/account").status_code == 200
    User.objects.filter(email="alice@example.org").update(is_active=False)
    assert client.get("/account").status_code == 302  # an account turned off is signed out


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_people_signed_in_through_the_upgrade() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        alice = User.objects.create_user("alice@example.org", PASSWORD)
        bob = User.objects.create_user("bob@example.org", PASSWORD)
        hers = session_of(alice, "django.contrib.auth.backends.ModelBackend")
        his = session_of(bob, "django.contrib.auth.backends.ModelBackend")
        assert signed_in_as(hers) is None  # before the migration, her session names a backend no longer listed

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

        assert signed_in_as(hers) == "alice@example.org"
        assert signed_in_as(his) == "bob@example.org"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
