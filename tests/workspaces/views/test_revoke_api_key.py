import pytest
from django.urls import reverse

from groundswell.workspaces.services import authenticate_api_key, create_api_key


def url(key):
    return reverse("workspaces:revoke_api_key", kwargs={"workspace_slug": "acme", "key_id": key.pk})


@pytest.fixture
def key_and_secret(workspace, alice):
    return create_api_key(workspace, "Zapier", alice)


def test_admin_revokes_after_confirming(alice_client, key_and_secret):
    key, secret = key_and_secret
    assert alice_client.get(url(key)).status_code == 200
    key.refresh_from_db()
    assert key.is_active
    assert alice_client.post(url(key)).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert authenticate_api_key(secret) is None


def test_key_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    key, _ = create_api_key(other_workspace, "Globex", None)
    assert alice_client.post(url(key)).status_code == 404
    key.refresh_from_db()
    assert key.is_active


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, key_and_secret):
    key, _ = key_and_secret
    assert request.getfixturevalue(persona).post(url(key)).status_code == 403
    key.refresh_from_db()
    assert key.is_active


def test_anonymous_is_sent_to_sign_in(client, key_and_secret):
    key, _ = key_and_secret
    assert client.post(url(key)).status_code == 302
    key.refresh_from_db()
    assert key.is_active
