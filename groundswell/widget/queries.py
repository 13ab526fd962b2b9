"""Reads of the widget: the keys behind a public key and what the panel lists.

The panel shows only public boards, whoever the visitor is: an identify token
vouches for a customer, never for a team member's access.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from groundswell.accounts.models import User
from groundswell.feedback import queries as feedback_queries
from groundswell.feedback.models import Board, Idea
from groundswell.widget.models import WidgetKeys
from groundswell.workspaces.models import Workspace

TOP_IDEAS = 10


def keys_for_public_key(public_key: str) -> WidgetKeys | None:
    if not public_key.startswith(WidgetKeys.PUBLIC_PREFIX) or len(public_key) > 64:
        return None
    return WidgetKeys.objects.select_related("workspace").filter(public_key=public_key).first()


def public_boards(workspace: Workspace) -> QuerySet[Board]:
    return feedback_queries.visible_boards(workspace, AnonymousUser()).order_by("name")


def public_ideas(workspace: Workspace) -> QuerySet[Idea]:
    return feedback_queries.visible_ideas(workspace, AnonymousUser())


def top_ideas(workspace: Workspace, person: User | None, limit: int = TOP_IDEAS) -> list[Idea]:
    """The most voted ideas of the public boards, each marked if the person voted."""
    page = feedback_queries.list_ideas(public_ideas(workspace), sort="top", limit=limit)
    return feedback_queries.mark_voted(person or AnonymousUser(), page.ideas)


def public_idea(workspace: Workspace, idea_id: int) -> Idea | None:
    return (
        public_ideas(workspace)
        .select_related("status", "board", "workspace", "merged_into")
        .filter(pk=idea_id)
        .first()
    )
