from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

URL = reverse("accounts:sign_in")


def test_sign_in_page_offers_sign_in_link_and_password_reset(client):
    html = client.get(URL).content.decode()
    assert reverse("accounts:magic_link") in html
    assert "Email me a sign-in link" in html
    assert reverse("accounts:password_reset") in html
    assert "Forgot password?" in html


def test_sign_in_with_right_password_signs_in_and_rotates_session(client, carol):
    client.get(URL)
    client.session.save()
    before = client.session.session_key
    response = client.post(
        URL, {"email": " Carol@Customer.example ", "password": PASSWORD, "next": "/acme/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/acme/"
    assert client.session["_auth_user_id"] == str(carol.pk)
    assert client.session.session_key != before
    carol.refresh_from_db()
    assert carol.last_login is not None


def test_sign_in_with_wrong_password_is_refused(client, carol):
    response = client.post(URL, {"email": "carol@customer.example", "password": "wrong"})
    assert response.status_code == 400
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_error_is_the_same_for_unknown_address(client, carol):
    known = client.post(URL, {"email": "carol@customer.example", "password": "wrong"})
    unknown = client.post(URL, {"email": "nobody@example.com", "password": "wrong"})
    assert known.status_code == unknown.status_code == 400
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_sign_in_refuses_offsite_next(client, carol):
    for target in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        response = client.post(
            URL, {"email": "carol@customer.example", "password": PASSWORD, "next": target}
        )
        assert response.status_code == 302
        assert response["Location"] == "/"


def test_sign_in_is_rate_limited_per_account(client, carol, settings):
    settings.SIGN_IN_RATE_LIMIT = 3
    for _ in range(3):
        other_address = Client(REMOTE_ADDR=f"10.0.0.{_ + 1}")
        other_address.post(URL, {"email": "carol@customer.example", "password": "wrong"})
    # Even the right password is refused once the account is limited.
    response = client.post(URL, {"email": "carol@customer.example", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many sign-in attempts" in html
    assert "try again in" in html
    assert "_auth_user_id" not in client.session


def test_sign_in_is_rate_limited_per_client_address(client, alice, bob, carol, settings):
    settings.SIGN_IN_RATE_LIMIT = 2
    client.post(URL, {"email": "alice@acme.example", "password": "wrong"})
    client.post(URL, {"email": "bob@acme.example", "password": "wrong"})
    response = client.post(URL, {"email": "carol@customer.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another client address is not affected.
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    response = elsewhere.post(URL, {"email": "carol@customer.example", "password": PASSWORD})
    assert response.status_code == 302


def test_sign_in_form_needs_csrf_token(carol):
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"email": "carol@customer.example", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
