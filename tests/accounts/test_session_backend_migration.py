"""Upgrading keeps people signed in: sessions naming Django's ModelBackend are
renamed to AccountBackend by accounts 0003, and 0004 only adds a column."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

migration = importlib.import_module(
    "groundswell.accounts.migrations.0003_sessions_name_account_backend"
)


def session_signed_in_through(backend: str, person) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return store.session_key


class _Editor:
    connection = connection


def test_people_signed_in_before_the_upgrade_stay_signed_in(carol):
    key = session_signed_in_through(migration.OLD, carol)
    client = Client()
    client.cookies["sessionid"] = key
    assert "Sign out" not in client.get("/").text  # Django ignores unknown backends
    migration.rename_backend(migration.OLD, migration.NEW)(apps, _Editor())
    assert "Sign out" in client.get("/").text
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == migration.NEW


def test_other_sessions_are_left_as_they_were(carol):
    anonymous = SessionStore()
    anonymous["cart"] = "kept"
    anonymous.create()
    current = session_signed_in_through(migration.NEW, carol)
    migration.rename_backend(migration.OLD, migration.NEW)(apps, _Editor())
    assert SessionStore(anonymous.session_key).load() == {"cart": "kept"}
    assert SessionStore(current).load()[BACKEND_SESSION_KEY] == migration.NEW


def session_columns() -> set[str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, "django_session")
    return {column.name for column in described}


@pytest.mark.django_db(transaction=True)
def test_0004_adds_the_person_column_and_undoing_it_removes_it(carol):
    kept = session_signed_in_through(migration.NEW, carol)
    latest = [("accounts", "0004_session_with_person")]
    try:
        MigrationExecutor(connection).migrate([("accounts", "0003_sessions_name_account_backend")])
        assert "person_id" not in session_columns()
        assert SessionStore(kept).load()[SESSION_KEY] == str(carol.pk)
    finally:
        MigrationExecutor(connection).migrate(latest)  # later tests need the column
    assert "person_id" in session_columns()
    client = Client()
    client.cookies["sessionid"] = kept
    assert "Sign out" in client.get("/").text  # nobody was signed out
