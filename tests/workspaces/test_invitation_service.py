from groundswell.workspaces.models import Membership, Role
from groundswell.workspaces.services import accept_invitation, invite_member


def test_invitation_never_demotes_someone_already_on_the_team(workspace, alice):
    _, token = invite_member(workspace, alice.email, Role.MEMBER, alice)
    accept_invitation(token, alice)
    assert Membership.objects.get(workspace=workspace, user=alice).role == Role.OWNER
