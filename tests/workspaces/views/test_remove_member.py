import pytest
from django.urls import reverse

from groundswell.workspaces.models import Membership, Role


def url(membership):
    return reverse(
        "workspaces:remove_member",
        kwargs={"workspace_slug": "acme", "membership_id": membership.pk},
    )


@pytest.fixture
def bob_membership(workspace, bob):
    return Membership.objects.get(workspace=workspace, user=bob)


@pytest.fixture
def alice_membership(workspace, alice):
    return Membership.objects.get(workspace=workspace, user=alice)


def test_owner_removes_a_member_after_confirming(alice_client, bob_membership):
    assert "bob@acme.example" in alice_client.get(url(bob_membership)).content.decode()
    assert Membership.objects.filter(pk=bob_membership.pk).exists()
    assert alice_client.post(url(bob_membership)).status_code == 302
    assert not Membership.objects.filter(pk=bob_membership.pk).exists()


def test_last_owner_is_kept_with_a_message(alice_client, alice_membership):
    response = alice_client.post(url(alice_membership), follow=True)
    assert "A workspace needs an owner" in response.content.decode()
    assert Membership.objects.filter(pk=alice_membership.pk).exists()


def test_admin_cannot_remove_an_owner(bob_client, bob_membership, alice_membership):
    bob_membership.role = Role.ADMIN
    bob_membership.save()
    assert bob_client.post(url(alice_membership)).status_code == 403
    assert Membership.objects.filter(pk=alice_membership.pk).exists()


def test_membership_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    globex_owner = other_workspace.memberships.get()
    assert alice_client.post(url(globex_owner)).status_code == 404
    assert Membership.objects.filter(pk=globex_owner.pk).exists()


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, alice_membership, bob_membership):
    assert request.getfixturevalue(persona).post(url(alice_membership)).status_code == 403
    assert Membership.objects.filter(pk=alice_membership.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, bob_membership):
    assert client.post(url(bob_membership)).status_code == 302
    assert Membership.objects.filter(pk=bob_membership.pk).exists()
