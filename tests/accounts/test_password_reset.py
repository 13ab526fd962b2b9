import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from groundswell.accounts.models import User
from tests.accounts.helpers import link_in_last_email, main_content
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_sent")
SIGN_IN = reverse("accounts:sign_in")
NEW_PASSWORD = "a brand new passphrase"


def set_new_password(client, link: str, password: str = NEW_PASSWORD):
    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_password_url = page.redirect_chain[-1][0]
    return client.post(
        set_password_url, {"new_password1": password, "new_password2": password}, follow=True
    )


def test_password_reset_round_trip(client, carol):
    response = client.post(URL, {"email": "CAROL@customer.example"})
    assert response["Location"] == SENT
    assert mail.outbox[0].to == ["carol@customer.example"]
    assert mail.outbox[0].subject == "Reset your password"
    response = set_new_password(client, link_in_last_email())
    assert response.redirect_chain[-1][0] == SIGN_IN
    assert "Your new password is set" in response.content.decode()
    carol.refresh_from_db()
    assert carol.check_password(NEW_PASSWORD)
    refused = client.post(SIGN_IN, {"email": carol.email, "password": PASSWORD})
    assert refused.status_code == 400
    signed_in = client.post(SIGN_IN, {"email": carol.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(carol.pk)


def test_reset_link_works_once(client, carol):
    client.post(URL, {"email": carol.email})
    link = link_in_last_email()
    set_new_password(client, link)
    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_reset_link_with_wrong_token_fails(client, carol):
    client.post(URL, {"email": carol.email})
    link = link_in_last_email().rstrip("/")
    tampered = link[:-3] + "zzz/"
    page = client.get(tampered, follow=True)
    assert "This link does not work" in page.content.decode()
    carol.refresh_from_db()
    assert carol.check_password(PASSWORD)


def test_reset_lets_a_passwordless_person_choose_a_password(client):
    person = User.objects.create_user("giver@example.com")
    client.post(URL, {"email": "giver@example.com"})
    assert mail.outbox[0].subject == "Choose a password"
    set_new_password(client, link_in_last_email())
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_reset_for_unknown_address_looks_the_same_and_sends_nothing(client, carol):
    known = client.post(URL, {"email": carol.email}, follow=True)
    unknown = client.post(URL, {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    assert main_content(known) == main_content(unknown)
    assert [m.to for m in mail.outbox] == [[carol.email]]


def test_reset_refuses_weak_new_password(client, carol):
    client.post(URL, {"email": carol.email})
    response = set_new_password(client, link_in_last_email(), password="password")
    assert response.status_code == 200
    assert response.context["form"].errors
    carol.refresh_from_db()
    assert carol.check_password(PASSWORD)


def test_reset_request_is_rate_limited(client, carol, settings):
    settings.EMAIL_RATE_LIMIT = 1
    client.post(URL, {"email": carol.email})
    response = client.post(URL, {"email": carol.email})
    assert response.status_code == 429
    assert "try again in" in response.content.decode()
    assert len(mail.outbox) == 1
