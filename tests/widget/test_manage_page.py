"""The team's widget page: admins and owners only, since the secret speaks for any customer."""

import pytest

from groundswell.widget.models import WidgetKeys
from groundswell.workspaces.models import Role
from groundswell.workspaces.services import add_member

URL = "/acme/manage/widget/"


def test_owner_sees_the_snippet_and_the_secret(alice_client, workspace):
    response = alice_client.get(URL)
    assert response.status_code == 200
    keys = WidgetKeys.objects.get(workspace=workspace)
    assert keys.public_key.startswith("gsw_pub_")
    snippet = (
        f'&lt;script src="http://127.0.0.1:8000/widget.js" data-key="{keys.public_key}" '
        "async&gt;&lt;/script&gt;"
    )
    assert snippet.encode() in response.content
    assert keys.secret.encode() in response.content


def test_admin_sees_the_secret(client, workspace, carol):
    add_member(workspace, carol, Role.ADMIN)
    client.force_login(carol)
    response = client.get(URL)
    assert response.status_code == 200
    assert WidgetKeys.objects.get(workspace=workspace).secret.encode() in response.content


@pytest.mark.parametrize("who", ["bob_client", "carol_client", "charlie_client"])
def test_members_customers_and_outsiders_are_refused(request, who, workspace, alice_client):
    alice_client.get(URL)
    secret = WidgetKeys.objects.get(workspace=workspace).secret
    client = request.getfixturevalue(who)
    for response in (client.get(URL), client.post(URL, {"origins": ""})):
        assert response.status_code == 403
        assert secret.encode() not in response.content
    assert client.post(URL + "rotate/").status_code == 403
    assert WidgetKeys.objects.get(workspace=workspace).secret == secret


def test_anonymous_is_sent_to_sign_in(client, workspace):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_globex_owner_cannot_see_acmes_secret(charlie_client, workspace, other_workspace):
    assert charlie_client.get(URL).status_code == 403
    assert charlie_client.get("/globex/manage/widget/").status_code == 200
    assert not WidgetKeys.objects.filter(workspace=workspace).exists()


def test_the_secret_is_derived_not_stored(alice_client, workspace):
    alice_client.get(URL)
    keys = WidgetKeys.objects.get(workspace=workspace)
    row = WidgetKeys.objects.filter(pk=keys.pk).values().get()
    assert keys.secret not in {str(value) for value in row.values()}


def test_rotating_gives_a_new_secret_and_keeps_the_public_key(alice_client, workspace, alice):
    alice_client.get(URL)
    before = WidgetKeys.objects.get(workspace=workspace)
    assert alice_client.get(URL + "rotate/").status_code == 200  # asks first
    assert WidgetKeys.objects.get(workspace=workspace).secret == before.secret
    response = alice_client.post(URL + "rotate/")
    assert response.status_code == 302
    after = WidgetKeys.objects.get(workspace=workspace)
    assert after.secret != before.secret
    assert after.public_key == before.public_key
    assert after.rotated_by == alice


def test_allowed_sites_are_saved_as_origins(alice_client, workspace):
    response = alice_client.post(
        URL,
        {"origins": "https://App.example.com/\n\nhttp://localhost:3000\nhttps://app.example.com"},
    )
    assert response.status_code == 302
    keys = WidgetKeys.objects.get(workspace=workspace)
    assert keys.origins == ["https://app.example.com", "http://localhost:3000"]


@pytest.mark.parametrize(
    "bad",
    [
        "app.example.com",
        "https://app.example.com/path",
        "javascript:alert(1)",
        "https://a.com; script-src *",
        "*",
    ],
)
def test_anything_but_an_origin_is_refused_with_a_reason(alice_client, workspace, bad):
    response = alice_client.post(URL, {"origins": f"https://ok.example.com\n{bad}"})
    assert response.status_code == 400
    assert b"is not an origin" in response.content
    assert WidgetKeys.objects.get(workspace=workspace).allowed_origins == ""
