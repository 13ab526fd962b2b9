import pytest
from django.urls import reverse

from groundswell.workspaces.models import ApiKey, hash_secret
from groundswell.workspaces.services import authenticate_api_key

URL = reverse("workspaces:create_api_key", kwargs={"workspace_slug": "acme"})
LIST_URL = reverse("workspaces:api_keys", kwargs={"workspace_slug": "acme"})


def test_secret_is_shown_once_and_works(alice_client, alice, workspace):
    response = alice_client.post(URL, {"name": "Zapier"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    key = ApiKey.objects.get()
    assert (key.workspace, key.name, key.created_by) == (workspace, "Zapier", alice)
    assert key.key_hash == hash_secret(secret)
    assert secret in response.content.decode()
    assert authenticate_api_key(secret) == key
    assert secret not in alice_client.get(LIST_URL).content.decode()


def test_name_is_required(alice_client, workspace):
    assert alice_client.post(URL, {"name": ""}).status_code == 400
    assert not ApiKey.objects.exists()


def test_get_makes_no_key(alice_client, workspace):
    assert alice_client.get(URL).status_code == 405
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, workspace, other_workspace):
    assert request.getfixturevalue(persona).post(URL, {"name": "Mine"}).status_code == 403
    assert not ApiKey.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.post(URL, {"name": "Mine"}).status_code == 302
    assert not ApiKey.objects.exists()
