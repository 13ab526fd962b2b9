import pytest
from django.urls import reverse

from groundswell.workspaces.models import Membership, Role
from groundswell.workspaces.services import add_member


def url(membership):
    return reverse(
        "workspaces:change_role",
        kwargs={"workspace_slug": "acme", "membership_id": membership.pk},
    )


def post(client, membership, role):
    return client.post(url(membership), {f"m{membership.pk}-role": role})


@pytest.fixture
def bob_membership(workspace, bob):
    return Membership.objects.get(workspace=workspace, user=bob)


@pytest.fixture
def alice_membership(workspace, alice):
    return Membership.objects.get(workspace=workspace, user=alice)


def test_owner_makes_a_member_admin(alice_client, bob_membership):
    assert post(alice_client, bob_membership, "admin").status_code == 302
    bob_membership.refresh_from_db()
    assert bob_membership.role == Role.ADMIN


def test_last_owner_cannot_step_down(alice_client, alice_membership):
    response = alice_client.post(
        url(alice_membership), {f"m{alice_membership.pk}-role": "member"}, follow=True
    )
    assert "A workspace needs an owner" in response.content.decode()
    alice_membership.refresh_from_db()
    assert alice_membership.role == Role.OWNER


def test_admin_cannot_make_owners_nor_touch_them(
    workspace, bob, bob_client, bob_membership, alice_membership, charlie
):
    bob_membership.role = Role.ADMIN
    bob_membership.save()
    dana = add_member(workspace, charlie, Role.MEMBER)
    assert post(bob_client, dana, "owner").status_code == 403
    assert post(bob_client, alice_membership, "member").status_code == 403
    dana.refresh_from_db()
    alice_membership.refresh_from_db()
    assert (dana.role, alice_membership.role) == (Role.MEMBER, Role.OWNER)
    assert post(bob_client, dana, "admin").status_code == 302
    dana.refresh_from_db()
    assert dana.role == Role.ADMIN


def test_membership_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    globex_owner = other_workspace.memberships.get()
    assert post(alice_client, globex_owner, "member").status_code == 404
    globex_owner.refresh_from_db()
    assert globex_owner.role == Role.OWNER


def test_member_is_refused(bob_client, alice_membership, bob_membership):
    assert post(bob_client, bob_membership, "owner").status_code == 403
    bob_membership.refresh_from_db()
    assert bob_membership.role == Role.MEMBER


def test_outsider_is_refused(charlie_client, bob_membership):
    assert post(charlie_client, bob_membership, "admin").status_code == 403
    bob_membership.refresh_from_db()
    assert bob_membership.role == Role.MEMBER


def test_anonymous_is_sent_to_sign_in(client, bob_membership):
    assert post(client, bob_membership, "admin").status_code == 302
    bob_membership.refresh_from_db()
    assert bob_membership.role == Role.MEMBER
