from django.urls import reverse

from groundswell.workspaces.services import invite_member

URL = reverse("workspaces:members", kwargs={"workspace_slug": "acme"})


def test_admin_sees_members_with_roles_and_pending_invitations(
    alice_client, alice, workspace, other_workspace
):
    invite_member(workspace, "dana@acme.example", "admin", alice)
    response = alice_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    roles = {m.user.email: m.role for m in response.context["memberships"]}
    assert roles == {"alice@acme.example": "owner", "bob@acme.example": "member"}
    assert "dana@acme.example" in html
    assert "charlie@elsewhere.example" not in html


def test_member_is_refused(bob_client, workspace):
    assert bob_client.get(URL).status_code == 403


def test_outsider_is_refused(charlie_client, workspace, other_workspace):
    assert charlie_client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.get(URL).status_code == 302
