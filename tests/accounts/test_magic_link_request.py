import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from groundswell.accounts.models import User
from tests.accounts.helpers import link_in_last_email, main_content

pytestmark = pytest.mark.django_db

URL = reverse("accounts:magic_link")
SENT = reverse("accounts:magic_link_sent")


def test_request_emails_a_sign_in_link(client, carol):
    response = client.post(URL, {"email": "Carol@Customer.example"})
    assert response.status_code == 302
    assert response["Location"] == SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@customer.example"]
    assert message.subject == "Your sign-in link"
    assert link_in_last_email().startswith("/accounts/sign-in-link/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Sign in</a>" in html


def test_request_does_not_reveal_whether_an_account_exists(client, carol):
    known = client.post(URL, {"email": "carol@customer.example"}, follow=True)
    unknown = client.post(URL, {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    assert main_content(known) == main_content(unknown)


def test_request_for_unknown_address_creates_no_account_yet(client):
    client.post(URL, {"email": "new@example.com"})
    assert not User.objects.filter(email="new@example.com").exists()
    assert mail.outbox[0].to == ["new@example.com"]
    assert mail.outbox[0].subject == "Finish creating your account"


def test_request_for_disabled_account_sends_nothing(client, carol):
    carol.is_active = False
    carol.save()
    response = client.post(URL, {"email": "carol@customer.example"})
    assert response["Location"] == SENT
    assert mail.outbox == []


def test_request_with_invalid_address_is_refused(client):
    response = client.post(URL, {"email": "not an address"})
    assert response.status_code == 400
    assert mail.outbox == []


def test_request_is_rate_limited_per_address(client, carol, settings):
    settings.EMAIL_RATE_LIMIT = 2
    for n in range(2):
        Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post(URL, {"email": "carol@customer.example"})
    response = client.post(URL, {"email": "carol@customer.example"})
    assert response.status_code == 429
    assert "Too many emails requested" in response.content.decode()
    assert len(mail.outbox) == 2


def test_request_is_rate_limited_per_client_address(client, settings):
    settings.EMAIL_RATE_LIMIT = 2
    client.post(URL, {"email": "one@example.com"})
    client.post(URL, {"email": "two@example.com"})
    response = client.post(URL, {"email": "three@example.com"})
    assert response.status_code == 429
    assert [m.to for m in mail.outbox] == [["one@example.com"], ["two@example.com"]]


def test_sign_in_links_and_password_resets_share_one_budget(client, carol, settings):
    settings.EMAIL_RATE_LIMIT = 2
    client.post(URL, {"email": "carol@customer.example"})
    client.post(reverse("accounts:password_reset"), {"email": "carol@customer.example"})
    response = client.post(URL, {"email": "carol@customer.example"})
    assert response.status_code == 429
    assert len(mail.outbox) == 2
