"""The people of the session-log tests: Alice, Bob on her team, and Charlie, a stranger.

None of them may see or change another's logs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from footcoach.accounts.actions import do_create_token
from footcoach.accounts.models import User

PASSWORD = "barefoot on the beach"


@dataclass(frozen=True)
class Person:
    user: User
    token: str


def _person(email: str) -> Person:
    user = User.objects.create_user(email, PASSWORD)
    _, token = do_create_token(user, "phone")
    return Person(user, token)


@pytest.fixture
def alice(db: None) -> Person:
    return _person("alice@example.org")


@pytest.fixture
def bob(db: None) -> Person:
    return _person("bob@example.org")


@pytest.fixture
def charlie(db: None) -> Person:
    return _person("charlie@example.org")
