"""Static files under names that carry a hash of their content, so that browsers
keep them for a year (whitenoise sends a hashed name as immutable) and a new
release is fetched at once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    # The scripts are ES modules importing each other by relative path
    # ("./sync.js"); the imports are rewritten to the hashed names too, so a page
    # and its modules always come from the same release.
    support_js_module_import_aggregation = True

    def stored_name(self, name: str) -> str:
        # Until `collectstatic` has written the manifest (the tests, or a
        # development server), files are served under their own names from the
        # app folders. Once it exists, a name missing from it is an error.
        if not self.hashed_files:
            return name
        return str(super().stored_name(name))

    def url(self, name: str | None, force: bool = False) -> str:
        # Every page asks for the same few files, and finding a hashed name
        # and quoting it cost more than a page's own {% url %} tags. A name's
        # address is fixed while the manifest and STATIC_URL are: kept with
        # the two it came from, so that collectstatic run in this process, or a
        # test's settings, start afresh. In DEBUG, Django gives plain names.
        if force or settings.DEBUG or not self.hashed_files or name is None:
            return str(super().url(name, force))
        if self._urls_of is not self.hashed_files or self._urls_base != self.base_url:
            self._urls_of, self._urls_base, self._urls = self.hashed_files, self.base_url, {}
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = str(super().url(name))
        return found

    _urls_of: Any = None
    _urls_base: str | None = None
    _urls: dict[str, str]
