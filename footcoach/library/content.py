"""The one place the Django side gets the content library from, and its version."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import django

from footcoach.core.library import Library
from footcoach.core.loader import load_library

PACKAGE_DIR = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def get_library() -> Library:
    # Content files ship with the code and change only on deploy, so one
    # validated copy per process is enough.
    return load_library()


@lru_cache(maxsize=1)
def content_version() -> str:
    """A digest of the content and of everything that shows it: the package's code,
    templates and static files, and Django's version.

    Pages and answers drawn from the content alone are kept under this version and
    carry it in their ETag, so a deploy that changes any of them, a picture's
    drawing as much as an exercise's dose, is never answered from an old copy.
    Every server running the same release computes the same version, so a
    browser's copy stays good whichever server it reaches."""
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".sqlite3"}:
            digest.update(b"\0" + path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]
