"""One writer at a time on the SQLite file, woken the moment the last one commits.

SQLite lets one transaction write at a time. A writer that finds the file
locked does not wait for it to be free: it sleeps and tries again, sleeping up
to 100 ms between tries, so a sync could sleep on long after the lock was
free, while later writers took it first: that, not the writing, made sync's
p99 many times its median with a few clients at once. An exclusive flock on a
file beside the database puts the waiters in the kernel instead, which wakes
one as soon as the lock is let go, whichever process or thread it is in. On
PostgreSQL, which lets writers of different rows go on together, it does nothing.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def writer_turn() -> Iterator[None]:
    """Wait for this request's turn to write, and hold it until the block ends (after its commit)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # An outer transaction already holds SQLite's own lock (or waits for it):
        # taking the flock now could wait on a writer that waits on us.
        yield
        return
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        yield  # a database in memory (the tests') has one connection and nothing to share
        return
    descriptor = os.open(f"{name}.writer-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing lets the lock go
