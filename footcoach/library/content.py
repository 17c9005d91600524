"""The one place the Django side gets the content library from."""

from __future__ import annotations

from functools import lru_cache

from footcoach.core.library import Library
from footcoach.core.loader import load_library


@lru_cache(maxsize=1)
def get_library() -> Library:
    # Content files ship with the code and change only on deploy, so one
    # validated copy per process is enough.
    return load_library()
