import threading
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from groundswell.accounts import services
from groundswell.accounts.errors import InvalidMagicLink
from groundswell.accounts.models import User
from tests.accounts.helpers import link_in_last_email

pytestmark = pytest.mark.django_db

REQUEST = reverse("accounts:magic_link")


def request_link(client, email: str, next_url: str = "") -> str:
    client.post(REQUEST, {"email": email, "next": next_url})
    return link_in_last_email()


def test_following_link_signs_in(client, carol):
    link = request_link(client, "carol@customer.example", next_url="/acme/")
    page = client.get(link)
    assert page.status_code == 200
    assert "carol@customer.example" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/acme/"
    assert client.session["_auth_user_id"] == str(carol.pk)
    carol.refresh_from_db()
    assert carol.last_login is not None
    assert carol.has_usable_password()


def test_opening_link_without_pressing_the_button_does_not_use_it(client, carol):
    link = request_link(client, "carol@customer.example")
    client.get(link)
    client.get(link)  # a mail scanner fetching the link, say
    assert "_auth_user_id" not in client.session
    assert client.post(link).status_code == 302


def test_link_used_twice_fails(client, carol):
    link = request_link(client, "carol@customer.example")
    assert client.post(link).status_code == 302
    other = Client()
    for response in (other.get(link), other.post(link)):
        assert response.status_code == 400
        assert "already been used" in response.content.decode()
    assert "_auth_user_id" not in other.session


def test_signing_in_another_way_uses_up_older_links(client, carol):
    link = request_link(client, "carol@customer.example")
    request_link(client, "carol@customer.example")
    assert client.post(link_in_last_email()).status_code == 302
    response = Client().post(link)
    assert response.status_code == 400


def test_expired_link_fails(client, carol):
    sixteen_minutes_ago = signing.b62_encode(int(time.time()) - 16 * 60)
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=sixteen_minutes_ago):
        link = request_link(client, "carol@customer.example")
    response = client.post(link)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_tampered_link_fails(client, carol, charlie):
    link = request_link(client, "carol@customer.example")
    token = link.rstrip("/").rsplit("/", 1)[1]
    payload, timestamp, signature = token.rsplit(":", 2)
    forged_payload = signing.dumps(
        {"email": charlie.email, "next": "/", "state": "new"}, compress=True
    ).split(":")[0]
    for forged in [
        f"{payload}:{timestamp}:{signature[:-2]}xx",
        f"{forged_payload}:{timestamp}:{signature}",
        "garbage",
    ]:
        response = client.post(reverse("accounts:magic_link_login", args=[forged]))
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_address_gets_passwordless_account_when_link_is_followed(client):
    link = request_link(client, "New.Person@Example.com")
    assert not User.objects.filter(email="new.person@example.com").exists()
    page = client.get(link)
    assert "Create account and sign in" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Client().post(link).status_code == 400
    assert User.objects.filter(email="new.person@example.com").count() == 1


def test_link_for_disabled_account_fails(client, carol):
    link = request_link(client, "carol@customer.example")
    carol.is_active = False
    carol.save()
    response = client.post(link)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_link_refuses_offsite_next(client, carol):
    link = request_link(client, "carol@customer.example", next_url="https://evil.example/")
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_link_login_needs_csrf_token(client, carol):
    link = request_link(client, "carol@customer.example")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(link).status_code == 403
    assert "_auth_user_id" not in strict.session
    assert client.post(link).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_simultaneous_clicks_on_a_new_address_link_sign_in_once():
    Client().post(REQUEST, {"email": "race@example.com"})
    token = link_in_last_email().rstrip("/").rsplit("/", 1)[1]
    barrier = threading.Barrier(3)
    outcomes = []

    def click():
        close_old_connections()
        try:
            barrier.wait()
            services.sign_in_with_magic_link(token)
            outcomes.append("signed in")
        except InvalidMagicLink:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "signed in"]
    assert User.objects.filter(email="race@example.com").count() == 1
    assert len(mail.outbox) == 1
