"""The session store and auth backend read their rows by hand; they must answer
exactly as Django's own would."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from groundswell.accounts.backends import AccountBackend
from groundswell.accounts.models import User
from groundswell.accounts.sessions import SessionStore
from tests.conftest import client_for


def test_the_backend_loads_the_person_as_the_orm_does(carol):
    loaded = AccountBackend().get_user(carol.pk)
    stored = User.objects.get(pk=carol.pk)
    for field in ("pk", "email", "name", "password", "is_active", "is_staff", "is_superuser"):
        assert getattr(loaded, field) == getattr(stored, field)
    assert loaded.is_active is True and loaded.is_staff is False
    assert loaded.date_joined == stored.date_joined  # loaded on first use
    assert loaded.get_session_auth_hash() == stored.get_session_auth_hash()


def test_the_backend_refuses_unknown_inactive_and_malformed_ids(carol):
    backend = AccountBackend()
    assert backend.get_user(carol.pk + 1000) is None
    assert backend.get_user("not a number") is None
    assert backend.get_user(None) is None
    User.objects.filter(pk=carol.pk).update(is_active=False)
    assert backend.get_user(carol.pk) is None


def test_a_changed_password_signs_out_other_sessions(carol):
    client = client_for(carol)
    assert "Sign out" in client.get("/").text
    carol.set_password("a-brand-new-password-2")
    carol.save()
    assert "Sign out" not in client.get("/").text


def test_a_deactivated_person_is_signed_out(carol):
    client = client_for(carol)
    User.objects.filter(pk=carol.pk).update(is_active=False)
    assert "Sign out" not in client.get("/").text


def test_the_session_store_reads_live_sessions_only(db):
    store = SessionStore()
    store["greeting"] = "hello"
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"greeting": "hello"}
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None  # an expired key is never reused
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None
