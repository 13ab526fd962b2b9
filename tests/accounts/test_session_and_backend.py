"""The session store and auth backend read their rows by hand; they must answer
exactly as Django's own would."""

from datetime import timedelta

from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groundswell.accounts.backends import AccountBackend
from groundswell.accounts.models import Session, User
from groundswell.accounts.sessions import (
    AuthenticationMiddleware,
    SessionStore,
    person_read_with_session,
)
from tests.conftest import PASSWORD, client_for


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


def test_a_signed_in_request_reads_its_session_and_person_in_one_query(carol):
    client = client_for(carol)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.wsgi_request.user.pk == carol.pk
    seen = [query["sql"] for query in captured.captured_queries]
    reads = [sql for sql in seen if "django_session" in sql or "accounts_user" in sql]
    assert len(reads) == 1
    assert "django_session" in reads[0] and "accounts_user" in reads[0]


def test_the_session_row_names_its_person_and_signing_out_removes_it(carol):
    client = client_for(carol)
    key = client.cookies["sessionid"].value
    assert Session.objects.get(pk=key).person_id == carol.pk
    client.post("/accounts/sign-out/")
    assert not Session.objects.filter(pk=key).exists()


def test_a_row_naming_someone_else_signs_in_only_whom_the_signed_data_names(carol, charlie):
    client = client_for(carol)
    Session.objects.update(person_id=charlie.pk)
    assert client.get("/").wsgi_request.user.pk == carol.pk
    store = SessionStore(client.cookies["sessionid"].value)
    store.load()
    assert store.person is None  # read afresh by the backend instead


def test_a_session_whose_person_is_gone_signs_nobody_in(carol):
    client = client_for(carol)
    User.objects.filter(pk=carol.pk).delete()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_the_person_read_with_a_session_serves_that_request_only(carol):
    assert client_for(carol).get("/").wsgi_request.user.pk == carol.pk
    assert person_read_with_session(carol.pk) is None
    assert AccountBackend().get_user(carol.pk).pk == carol.pk  # read afresh


def test_clearsessions_removes_expired_sessions(carol):
    live = SessionStore()
    live.create()
    expired = SessionStore()
    expired.set_expiry(timezone.now() - timedelta(seconds=1))
    expired.create()
    call_command("clearsessions")
    assert set(Session.objects.values_list("pk", flat=True)) == {live.session_key}


def test_signing_in_with_a_password_writes_the_person_beside_the_session(client, carol):
    client.post(reverse("accounts:sign_in"), {"email": carol.email, "password": PASSWORD})
    key = client.cookies["sessionid"].value
    assert Session.objects.get(pk=key).person_id == carol.pk


def test_a_session_written_by_djangos_own_store_signs_in_and_gains_its_person(carol):
    """As web processes of the previous release write them during an upgrade."""
    old = DjangoSessionStore()
    old[SESSION_KEY] = str(carol.pk)
    old[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    old[HASH_SESSION_KEY] = carol.get_session_auth_hash()
    old.create()
    assert Session.objects.get(pk=old.session_key).person_id is None
    client = Client()
    client.cookies["sessionid"] = old.session_key
    assert client.get("/").wsgi_request.user.pk == carol.pk
    store = SessionStore(old.session_key)
    store["seen"] = True
    store.save()
    assert Session.objects.get(pk=old.session_key).person_id == carol.pk


def test_a_rotated_secret_key_moves_the_session_with_its_person(carol, settings):
    client = client_for(carol)
    old_key = client.cookies["sessionid"].value
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 40
    assert client.get("/").wsgi_request.user.pk == carol.pk
    new_key = client.cookies["sessionid"].value
    assert new_key != old_key  # Django moves a session verified by a fallback key
    assert Session.objects.get(pk=new_key).person_id == carol.pk


def test_a_person_changed_after_the_session_was_read_is_read_afresh(carol):
    """Django reads the person when it first asks who is signed in; so do we, unless
    the request read its session only at that moment."""
    key = client_for(carol).cookies["sessionid"].value
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    AuthenticationMiddleware(lambda request: None).process_request(request)
    assert request.session[SESSION_KEY] == str(carol.pk)  # read before anyone asks
    carol.set_password("changed-while-this-request-ran")
    carol.save()
    assert not request.user.is_authenticated


def test_writes_from_async_code_keep_the_person_too(carol):
    session = async_to_sync(SessionStore().acreate_model_instance)({SESSION_KEY: str(carol.pk)})
    assert session.person_id == carol.pk


def test_clearing_a_session_forgets_its_person(carol):
    store = SessionStore(client_for(carol).cookies["sessionid"].value)
    store.load()
    assert store.person.pk == carol.pk
    store.clear()
    assert store.person is None
