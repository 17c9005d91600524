"""Several app servers run behind one load balancer: what one server knows, every other must know too."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends import cache, cached_db, db
from django.utils.module_loading import import_string

SHARED_CACHES = ("django.core.cache.backends.db.DatabaseCache", "django.core.cache.backends.redis.RedisCache",
                 "django.core.cache.backends.memcached.PyMemcacheCache")


def test_sessions_live_in_the_database_or_a_shared_cache() -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, (cache.SessionStore, cached_db.SessionStore)):
        # Kept in the database alone, as Django's db store keeps them (footcoach's reads them with SQL written once).
        assert issubclass(store, db.SessionStore)
        return
    # cached_db reads through the cache: a stale copy in one server's memory would outlive a sign-out elsewhere.
    assert settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"] in SHARED_CACHES


def test_wrong_passwords_are_counted_in_the_database() -> None:
    from axes.handlers.database import AxesDatabaseHandler

    assert issubclass(import_string(settings.AXES_HANDLER), AxesDatabaseHandler)


def test_messages_travel_with_the_browser_or_the_session() -> None:
    storage = getattr(settings, "MESSAGE_STORAGE", "django.contrib.messages.storage.fallback.FallbackStorage")
    assert storage.rsplit(".", 1)[-1] in {"FallbackStorage", "CookieStorage", "SessionStorage"}
