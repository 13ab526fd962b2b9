from django.urls import reverse

URL = reverse("accounts:sign_out")


def test_sign_out_ends_the_session(carol_client):
    response = carol_client.post(URL)
    assert response.status_code == 302
    assert "_auth_user_id" not in carol_client.session


def test_sign_out_by_get_is_refused(carol_client, carol):
    response = carol_client.get(URL)
    assert response.status_code == 405
    assert carol_client.session["_auth_user_id"] == str(carol.pk)
