import pytest
from django.urls import reverse

from groundswell.accounts import services
from groundswell.accounts.errors import EmailTaken
from groundswell.accounts.models import User

pytestmark = pytest.mark.django_db

URL = reverse("accounts:sign_up")
STRONG = "a long and unusual passphrase"


def test_sign_up_creates_account_and_signs_in(client):
    response = client.post(
        URL, {"name": "Dana", "email": "Dana@Example.COM", "password": STRONG, "next": "/acme/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/acme/"
    user = User.objects.get(email="dana@example.com")
    assert user.name == "Dana"
    assert user.check_password(STRONG)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_with_taken_email_is_refused(client, carol):
    response = client.post(
        URL, {"name": "Impostor", "email": "CAROL@customer.example", "password": STRONG}
    )
    assert response.status_code == 400
    assert "An account with this email exists" in response.content.decode()
    assert User.objects.filter(email="carol@customer.example").count() == 1
    carol.refresh_from_db()
    assert carol.name == "Carol"
    assert "_auth_user_id" not in client.session


def test_sign_up_service_refuses_taken_email(carol):
    with pytest.raises(EmailTaken):
        services.register_person("carol@customer.example", STRONG)


@pytest.mark.parametrize("password", ["short", "password123", "12345678901"])
def test_sign_up_with_weak_password_is_refused(client, password):
    response = client.post(URL, {"name": "Dana", "email": "dana@example.com", "password": password})
    assert response.status_code == 400
    assert not User.objects.filter(email="dana@example.com").exists()


def test_sign_up_refuses_offsite_next(client):
    response = client.post(
        URL,
        {"name": "Dana", "email": "d@example.com", "password": STRONG, "next": "//evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_sign_up_is_rate_limited_per_client_address(client, settings):
    settings.SIGN_IN_RATE_LIMIT = 2
    for n in range(2):
        client.post(URL, {"name": "X", "email": f"x{n}@example.com", "password": STRONG})
    response = client.post(URL, {"name": "X", "email": "x9@example.com", "password": STRONG})
    assert response.status_code == 429
    assert "Too many sign-up attempts" in response.content.decode()
    assert not User.objects.filter(email="x9@example.com").exists()
