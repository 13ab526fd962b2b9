"""Reads of the inbox that the team page, the API and the idea page share.

May import feedback and duplicates queries; nothing here writes.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from groundswell.accounts.models import User
from groundswell.duplicates.queries import SimilarIdea, similar_ideas
from groundswell.feedback.models import Idea
from groundswell.inbox.models import FeedbackItem, ItemStatus
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import is_team_member

MATCHES_SHOWN = 3


def workspace_items(workspace: Workspace, status: str | None = None) -> QuerySet[FeedbackItem]:
    """The workspace's items, newest first, with what the lists show."""
    items = FeedbackItem.objects.filter(workspace=workspace)
    if status:
        items = items.filter(status=status)
    return items.select_related("person", "company", "idea", "linked_by").order_by(
        "-received_at", "-id"
    )


def item_or_none(workspace: Workspace, item_id: int) -> FeedbackItem | None:
    return workspace_items(workspace).filter(pk=item_id).first()


@dataclass
class InboxEntry:
    item: FeedbackItem
    matches: list[SimilarIdea]


def inbox_entries(workspace: Workspace, limit: int = 50) -> list[InboxEntry]:
    """New items, newest first, each with the duplicate engine's best matching ideas."""
    return [
        InboxEntry(
            item,
            similar_ideas(workspace, item.text[:200], item.text, limit=MATCHES_SHOWN),
        )
        for item in workspace_items(workspace, ItemStatus.NEW)[:limit]
    ]


def new_item_count(workspace: Workspace) -> int:
    return FeedbackItem.objects.filter(workspace=workspace, status=ItemStatus.NEW).count()


def idea_evidence(idea: Idea, viewer: User | AnonymousUser) -> list[FeedbackItem]:
    """The feedback behind the idea and the ideas merged into it, for the team only:
    these are people's own words from private channels."""
    if not is_team_member(viewer, idea.workspace):
        return []
    return list(
        FeedbackItem.objects.filter(Q(idea=idea) | Q(idea__merged_into=idea))
        .select_related("person", "company")
        .order_by("-received_at", "-id")
    )
