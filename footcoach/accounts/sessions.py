"""Sessions kept in the database as Django keeps them, read with SQL written once (footcoach.prepared).

Every signed-in page reads its session first; this is Django's own read
(django.contrib.sessions.backends.db), the same row and the same test of its
expiry, without the ORM writing the query again each time.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone

from footcoach.prepared import Param, Prepared


def _read() -> Any:
    model = SessionStore.get_model_class()
    return model.objects.filter(
        session_key=Param("key", model._meta.get_field("session_key")),
        expire_date__gt=Param("now", model._meta.get_field("expire_date")),
    ).values_list("session_data", flat=True)


_SESSION_DATA = Prepared(_read)


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        data = _SESSION_DATA.first(key=self.session_key, now=timezone.now())
        if data is None:
            # Expired or unknown: a new session key is made if anything is stored.
            self._session_key = None
            return {}
        return self.decode(data)
