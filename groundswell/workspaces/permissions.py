"""Who may do what in a workspace: the one place that answers it.

Edges (views, API, CLI) call these before calling a service. Team members see
private boards, internal comments and the team pages; admins and owners also
manage boards, statuses, tags, members and API keys.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from groundswell.accounts.models import User
from groundswell.workspaces.models import Membership, Role, Workspace


def membership_for(user: User | AnonymousUser, workspace: Workspace) -> Membership | None:
    if not user.is_authenticated:
        return None
    if user.pk is None:  # pagecache.SharedParticipant: a plain member, or not on the team
        return user.membership_in(workspace)
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = user._membership_cache = {}
    if workspace.pk not in cache:
        cache[workspace.pk] = Membership.objects.filter(workspace=workspace, user=user).first()
    return cache[workspace.pk]


def is_team_member(user: User | AnonymousUser, workspace: Workspace) -> bool:
    return membership_for(user, workspace) is not None


TEAM_WORKSPACE_ID = (
    "SELECT m.workspace_id FROM workspaces_membership m"
    " JOIN workspaces_workspace w ON w.id = m.workspace_id WHERE m.user_id = %s AND w.slug = %s"
)


def team_workspace_id(user: User | AnonymousUser, workspace_slug: str) -> int | None:
    """The workspace's id if the person is on its team, else None: is_team_member for a
    workspace known by its address, in one query (by hand: every signed-in board view)."""
    if not user.is_authenticated or user.pk is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(TEAM_WORKSPACE_ID, [user.pk, workspace_slug])
        row = cursor.fetchone()
    return row[0] if row else None


def is_workspace_admin(user: User | AnonymousUser, workspace: Workspace) -> bool:
    membership = membership_for(user, workspace)
    return membership is not None and membership.is_admin


def can_view_board(user: User | AnonymousUser, board) -> bool:
    return board.is_public or is_team_member(user, board.workspace)


def can_view_idea(user: User | AnonymousUser, idea) -> bool:
    return can_view_board(user, idea.board)


def can_participate(user: User | AnonymousUser, idea) -> bool:
    """Vote and comment: any signed-in person who can see the idea."""
    return user.is_authenticated and user.is_active and can_view_idea(user, idea)


def can_edit_idea(user: User | AnonymousUser, idea) -> bool:
    if is_team_member(user, idea.workspace):
        return True
    return user.is_authenticated and idea.author_id == user.pk


def roles_assignable_by(user: User | AnonymousUser, workspace: Workspace) -> list[str]:
    """The roles this person may give or take away: admins manage the team, owners also owners."""
    membership = membership_for(user, workspace)
    if membership is None or not membership.is_admin:
        return []
    if membership.role == Role.OWNER:
        return [Role.OWNER, Role.ADMIN, Role.MEMBER]
    return [Role.ADMIN, Role.MEMBER]


def can_manage_member(
    user: User | AnonymousUser, membership: Membership, role: str | None = None
) -> bool:
    """Change the membership's role (to `role`, if given) or remove it."""
    assignable = roles_assignable_by(user, membership.workspace)
    return membership.role in assignable and (role is None or role in assignable)
