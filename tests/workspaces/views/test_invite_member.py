import re

import pytest
from django.core import mail
from django.urls import reverse

from groundswell.workspaces.models import Invitation, Role, hash_secret

URL = reverse("workspaces:invite_member", kwargs={"workspace_slug": "acme"})
DATA = {"email": " Dana@Acme.example ", "role": "admin"}


def test_admin_invites_by_email_and_the_link_works(alice_client, alice, workspace):
    response = alice_client.post(URL, DATA)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.workspace, invitation.email, invitation.role, invitation.invited_by) == (
        workspace,
        "dana@acme.example",
        Role.ADMIN,
        alice,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@acme.example"]
    assert "Alice invited you to Acme" in message.subject
    token = re.search(r"/acme/manage/invitations/([\w-]+)/", message.body).group(1)
    assert hash_secret(token) == invitation.token_hash
    html = message.alternatives[0].content
    assert f"/acme/manage/invitations/{token}/" in html


def test_someone_already_on_the_team_is_not_invited(alice_client, workspace):
    response = alice_client.post(URL, {"email": "bob@acme.example", "role": "member"})
    assert response.status_code == 400
    assert "already on the team" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_admin_cannot_invite_an_owner(bob_client, bob, workspace):
    workspace.memberships.filter(user=bob).update(role=Role.ADMIN)
    response = bob_client.post(URL, {**DATA, "role": "owner"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_bad_email_is_refused(alice_client, workspace):
    assert alice_client.post(URL, {**DATA, "email": "not an email"}).status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, workspace, other_workspace):
    assert request.getfixturevalue(persona).post(URL, DATA).status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.post(URL, DATA).status_code == 302
    assert not Invitation.objects.exists()
