import pytest
from django.urls import reverse

from groundswell.workspaces.models import Membership, Role
from groundswell.workspaces.services import invite_member


def url(token, slug="acme"):
    return reverse("workspaces:accept_invitation", kwargs={"workspace_slug": slug, "token": token})


@pytest.fixture
def token(workspace, alice):
    _, token = invite_member(workspace, "carol@customer.example", Role.ADMIN, alice)
    return token


def test_signed_in_person_confirms_and_joins_with_the_role(carol_client, carol, workspace, token):
    page = carol_client.get(url(token))
    assert page.status_code == 200
    assert "Join Acme" in page.content.decode()
    assert not Membership.objects.filter(user=carol).exists()
    response = carol_client.post(url(token))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workspaces:dashboard", kwargs={"workspace_slug": "acme"}
    )
    assert Membership.objects.get(workspace=workspace, user=carol).role == Role.ADMIN


def test_the_link_works_once(carol_client, charlie_client, charlie, token):
    carol_client.post(url(token))
    assert charlie_client.post(url(token)).status_code == 404
    assert not Membership.objects.filter(user=charlie, workspace__slug="acme").exists()


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client, workspace, token):
    response = client.post(url(token))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert workspace.memberships.count() == 2


def test_wrong_token_is_404(charlie_client, charlie, workspace, token):
    assert charlie_client.post(url("nope" + token)).status_code == 404
    assert not Membership.objects.filter(user=charlie, workspace=workspace).exists()


def test_token_only_works_under_its_own_workspace(charlie_client, charlie, token, other_workspace):
    # Charlie owns Globex; an Acme invitation must not be accepted through Globex's address.
    assert charlie_client.post(url(token, slug="globex")).status_code == 404
    assert not Membership.objects.filter(user=charlie, workspace__slug="acme").exists()


def test_team_member_keeps_their_role(alice_client, alice, workspace):
    _, token = invite_member(workspace, "alice@acme.example", Role.MEMBER, alice)
    assert alice_client.post(url(token)).status_code == 302
    assert Membership.objects.get(workspace=workspace, user=alice).role == Role.OWNER
