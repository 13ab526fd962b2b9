"""Django's SQLite backend, with a write lock that is waited for in short steps.

Every write transaction starts with BEGIN IMMEDIATE. When another process holds the
write lock, SQLite's own busy handler sleeps 1, 2, 5, 10… ms between tries, though a
vote holds the lock for about a millisecond: two gunicorn workers spent much of their
time asleep. Here BEGIN IMMEDIATE is retried every RETRY_STEP seconds instead, for as
long as the connection's busy_timeout; every other statement keeps SQLite's handler.
"""

import sqlite3
import time

from django.db.backends.sqlite3 import base

RETRY_STEP = 0.0002  # seconds between tries for the write lock


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self):
        if self.transaction_mode != "IMMEDIATE":
            return super()._start_transaction_under_autocommit()
        raw = self.connection
        with self.wrap_database_errors:
            (busy_ms,) = raw.execute("PRAGMA busy_timeout").fetchone()
            raw.execute("PRAGMA busy_timeout = 0")
            try:
                deadline = time.monotonic() + busy_ms / 1000
                while True:
                    try:
                        raw.execute("BEGIN IMMEDIATE")
                        return
                    except sqlite3.OperationalError as error:
                        if "locked" not in str(error) or time.monotonic() >= deadline:
                            raise
                        time.sleep(RETRY_STEP)
            finally:
                raw.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
