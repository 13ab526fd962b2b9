"""groundswell.sqlite: a write transaction waits for the write lock in short steps, for as
long as the connection's busy_timeout, instead of SQLite's growing sleeps."""

import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from groundswell.accounts.models import User


@pytest.fixture
def other_writer(transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock; PostgreSQL locks rows instead")
    other = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
    )
    yield other
    other.close()


def test_a_transaction_starts_as_soon_as_the_lock_is_free(other_writer):
    other_writer.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.05, lambda: other_writer.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    with transaction.atomic():
        User.objects.create_user("after@lock.example", None)
    waited = time.monotonic() - started
    release.join()
    assert User.objects.filter(email="after@lock.example").exists()
    assert waited >= 0.04  # it did wait for the other writer


def test_the_wait_ends_at_the_busy_timeout_with_a_database_error(other_writer):
    other_writer.execute("BEGIN IMMEDIATE")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(OperationalError, match="locked"), transaction.atomic():
            User.objects.create_user("never@lock.example", None)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 50  # the connection's own setting is kept
    finally:
        other_writer.execute("ROLLBACK")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")
    assert not User.objects.filter(email="never@lock.example").exists()
