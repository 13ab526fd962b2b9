"""Who may do what in a workspace: the one place that answers it.

Edges (views, API, CLI) call these before calling a service. Team members see
private boards, internal comments and the team pages; admins and owners also
manage boards, statuses, tags, members and API keys.
"""

from django.contrib.auth.models import AnonymousUser

from groundswell.accounts.models import User
from groundswell.workspaces.models import Membership, Workspace


def membership_for(user: User | AnonymousUser, workspace: Workspace) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = user._membership_cache = {}
    if workspace.pk not in cache:
        cache[workspace.pk] = Membership.objects.filter(workspace=workspace, user=user).first()
    return cache[workspace.pk]


def is_team_member(user: User | AnonymousUser, workspace: Workspace) -> bool:
    return membership_for(user, workspace) is not None


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
