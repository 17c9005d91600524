"""Changing one value deep inside a JSON document, for tests of what a checker refuses."""

from __future__ import annotations

import copy
from typing import Any


def replaced(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of `document` with one value replaced, by a path such as "logs.0.entries.0.pain"."""
    changed = copy.deepcopy(document)
    *parents, last = path.split(".")
    here: Any = changed
    for part in parents:
        here = here[int(part)] if isinstance(here, list) else here[part]
    here[last] = value
    return changed
