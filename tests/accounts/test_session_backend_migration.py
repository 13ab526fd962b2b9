"""Upgrading keeps people signed in: sessions naming Django's ModelBackend are renamed
to AccountBackend by accounts 0003, and accounts 0004 moves every session from
Django's table to accounts.Session with its person's id beside it."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test import Client
from django.utils import timezone

from groundswell.accounts.models import Session
from groundswell.accounts.sessions import SessionStore

rename = importlib.import_module(
    "groundswell.accounts.migrations.0003_sessions_name_account_backend"
)
move = importlib.import_module("groundswell.accounts.migrations.0004_session_with_person")


def session_signed_in_through(backend: str, person) -> str:
    """A session as Django's own store wrote it before the upgrade."""
    store = DjangoSessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return store.session_key


class _Editor:
    connection = connection


def upgrade() -> None:
    rename.rename_backend(rename.OLD, rename.NEW)(apps, _Editor())
    move.move_sessions(move.DJANGO, move.OURS, with_person=True)(apps, _Editor())


def test_people_signed_in_before_the_upgrade_stay_signed_in(carol):
    key = session_signed_in_through(rename.OLD, carol)
    assert SessionStore(key).load() == {}  # not yet in the table read now
    upgrade()
    client = Client()
    client.cookies["sessionid"] = key
    assert "Sign out" in client.get("/").text
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == rename.NEW
    assert Session.objects.get(pk=key).person_id == carol.pk
    assert not DjangoSession.objects.exists()


def test_other_sessions_are_carried_over_as_they_were(carol):
    anonymous = DjangoSessionStore()
    anonymous["cart"] = "kept"
    anonymous.create()
    current = session_signed_in_through(rename.NEW, carol)
    upgrade()
    assert SessionStore(anonymous.session_key).load() == {"cart": "kept"}
    assert Session.objects.get(pk=anonymous.session_key).person_id is None
    assert SessionStore(current).load()[BACKEND_SESSION_KEY] == rename.NEW


def test_a_session_that_does_not_decode_moves_with_no_person(db):
    DjangoSession.objects.create(
        session_key="k" * 32,
        session_data="signed with another key",
        expire_date=timezone.now() + timedelta(days=1),
    )
    upgrade()
    moved = Session.objects.get(pk="k" * 32)
    assert (moved.session_data, moved.person_id) == ("signed with another key", None)


def test_undoing_the_move_puts_sessions_back(carol):
    key = session_signed_in_through(rename.NEW, carol)
    upgrade()
    move.move_sessions(move.OURS, move.DJANGO, with_person=False)(apps, _Editor())
    assert not Session.objects.exists()
    assert DjangoSessionStore(key).load()[SESSION_KEY] == str(carol.pk)
