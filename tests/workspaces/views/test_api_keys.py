from django.urls import reverse

from groundswell.workspaces.services import create_api_key, revoke_api_key

URL = reverse("workspaces:api_keys", kwargs={"workspace_slug": "acme"})


def test_admin_sees_keys_without_their_secrets(alice_client, alice, workspace, other_workspace):
    key, secret = create_api_key(workspace, "Zapier", alice)
    revoked, _ = create_api_key(workspace, "Old script", alice)
    revoke_api_key(revoked)
    create_api_key(other_workspace, "Globex key", None)
    response = alice_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zapier" in html and key.key_prefix in html and "Never" in html
    assert "Old script" in html and "Revoked" in html
    assert secret not in html
    assert key.key_hash not in html
    assert "Globex key" not in html


def test_member_is_refused(bob_client, workspace):
    assert bob_client.get(URL).status_code == 403


def test_outsider_is_refused(charlie_client, workspace):
    assert charlie_client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.get(URL).status_code == 302
