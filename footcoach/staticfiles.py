"""Static files under names that carry a hash of their content, so that browsers
keep them for a year (whitenoise sends a hashed name as immutable) and a new
release is fetched at once."""

from __future__ import annotations

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
