"""Which existing ideas look like this text: the one read behind suggestions as people
type, the team's merge queue and the possible-duplicate flag."""

from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from groundswell.accounts.models import User
from groundswell.duplicates.index import workspace_index
from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.feedback.models import Board, Idea
from groundswell.feedback.queries import visible_ideas
from groundswell.workspaces.models import Workspace

# Suggestions shown to people must score at least this share of the duplicate threshold:
# the nearest ideas of a small board are otherwise shown however unrelated they are.
RELEVANT_SHARE = 0.45


@dataclass
class SimilarIdea:
    idea: Idea
    score: float
    likely_duplicate: bool  # at or above the engine's "possible duplicate" threshold


def similar_ideas(
    workspace: Workspace,
    title: str,
    body: str = "",
    *,
    viewer: User | AnonymousUser | None = None,
    board: Board | None = None,
    exclude_ids: Collection[int] = (),
    limit: int = 5,
    relevant_only: bool = False,
) -> list[SimilarIdea]:
    """Up to `limit` unmerged ideas of the workspace most like the text, best first.

    With a viewer, only ideas that person may see; with a board, only that board's.
    With relevant_only, weak matches are left out (see RELEVANT_SHARE).
    """
    if not (title.strip() or body.strip()):
        return []
    index = workspace_index(workspace.pk)
    found = index.similar(
        title, body, k=limit * 4 + len(exclude_ids), exclude_ids={str(i) for i in exclude_ids}
    )
    scores = {int(item_id): score for item_id, score in found}
    ideas = Idea.objects.filter(workspace=workspace, pk__in=scores, merged_into__isnull=True)
    if viewer is not None:
        ideas = ideas.filter(pk__in=visible_ideas(workspace, viewer).values("pk"))
    if board is not None:
        ideas = ideas.filter(board=board)
    ranked = sorted(
        ideas.select_related("status", "board"), key=lambda idea: scores[idea.pk], reverse=True
    )
    threshold = index.duplicate_threshold
    floor = RELEVANT_SHARE * threshold if relevant_only else float("-inf")
    return [
        SimilarIdea(idea, scores[idea.pk], scores[idea.pk] >= threshold)
        for idea in ranked
        if scores[idea.pk] >= floor
    ][:limit]


def possible_duplicates(idea: Idea) -> list[Idea]:
    """The unmerged ideas this one may duplicate, from the team's open merge suggestions."""
    return [
        suggestion.similar_to
        for suggestion in MergeSuggestion.objects.filter(
            idea=idea, status=SuggestionStatus.OPEN, similar_to__merged_into__isnull=True
        )
        .select_related("similar_to")
        .order_by("-score")
    ]


def merge_suggestions(workspace: Workspace, status: str = SuggestionStatus.OPEN) -> QuerySet:
    """The workspace's suggestions with this status, newest first, with both ideas."""
    return (
        MergeSuggestion.objects.filter(workspace=workspace, status=status)
        .select_related(
            "idea__status", "idea__board", "similar_to__status", "similar_to__board", "decided_by"
        )
        .order_by("-created_at", "-id")
    )


def open_suggestion_count(workspace: Workspace) -> int:
    return MergeSuggestion.objects.filter(workspace=workspace, status=SuggestionStatus.OPEN).count()


def duplicate_threshold(workspace: Workspace) -> float:
    """The score from which the engine calls two ideas likely duplicates."""
    return workspace_index(workspace.pk).duplicate_threshold
