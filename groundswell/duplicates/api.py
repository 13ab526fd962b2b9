"""REST API for the merge queue of the key's workspace: list open suggestions, accept
or dismiss one. Suggestions are looked up only inside request.workspace (anything else
is a 404); domain errors become problem details in groundswell/api.py.
"""

from datetime import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from groundswell.duplicates import queries, services
from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.feedback.api import MAX_ID, PageQuery
from groundswell.workspaces.api import responses

router = Router(tags=["merge suggestions"])

SuggestionId = Annotated[int, Path(ge=1, le=MAX_ID, description="The suggestion's id.")]


class SuggestedIdeaOut(Schema):
    id: int
    title: str
    vote_count: int
    merged_into_id: int | None


class MergeSuggestionOut(Schema):
    id: int
    idea: SuggestedIdeaOut = Field(description="The idea that may be a duplicate.")
    similar_to: SuggestedIdeaOut = Field(description="The idea it would be merged into.")
    score: float = Field(
        description="On the engine's own scale (not a percentage): compare with `threshold`."
    )
    threshold: float = Field(description="The score from which a pair is a likely duplicate.")
    passages: list[list[str]] = Field(
        description="Matching passages, best first: [from idea, from similar_to]."
    )
    status: SuggestionStatus
    created_at: datetime
    decided_at: datetime | None


class MergeSuggestionPageOut(Schema):
    items: list[MergeSuggestionOut]
    count: int


def _out(suggestion: MergeSuggestion, threshold: float) -> dict:
    return {
        "id": suggestion.pk,
        "idea": suggestion.idea,
        "similar_to": suggestion.similar_to,
        "score": suggestion.score,
        "threshold": threshold,
        "passages": suggestion.passages,
        "status": suggestion.status,
        "created_at": suggestion.created_at,
        "decided_at": suggestion.decided_at,
    }


def _suggestion(request: HttpRequest, suggestion_id: int) -> MergeSuggestion:
    suggestion = (
        MergeSuggestion.objects.filter(workspace=request.workspace, pk=suggestion_id)
        .select_related("idea", "similar_to")
        .first()
    )
    if suggestion is None:
        raise Http404("No such merge suggestion.")
    return suggestion


def _decided(request: HttpRequest, suggestion: MergeSuggestion) -> dict:
    suggestion.idea.refresh_from_db()
    suggestion.similar_to.refresh_from_db()
    return _out(suggestion, queries.duplicate_threshold(request.workspace))


@router.get(
    "/merge-suggestions",
    response=responses({200: MergeSuggestionPageOut}),
    summary="Open merge suggestions, newest first",
)
def list_suggestions(request: HttpRequest, page: Query[PageQuery]):
    open_suggestions = queries.merge_suggestions(request.workspace)
    threshold = queries.duplicate_threshold(request.workspace)
    chosen = open_suggestions[page.offset : page.offset + page.limit]
    return {
        "items": [_out(suggestion, threshold) for suggestion in chosen],
        "count": open_suggestions.count(),
    }


@router.post(
    "/merge-suggestions/{suggestion_id}/accept",
    response=responses({200: MergeSuggestionOut}, 404, 409),
    summary="Accept a suggestion: merge its idea into the one it duplicates",
)
def accept_suggestion(request: HttpRequest, suggestion_id: SuggestionId):
    suggestion = _suggestion(request, suggestion_id)
    services.accept_suggestion(suggestion, request.api_key.created_by)
    return _decided(request, suggestion)


@router.post(
    "/merge-suggestions/{suggestion_id}/dismiss",
    response=responses({200: MergeSuggestionOut}, 404, 409),
    summary="Dismiss a suggestion: the pair is never suggested again",
)
def dismiss_suggestion(request: HttpRequest, suggestion_id: SuggestionId):
    suggestion = _suggestion(request, suggestion_id)
    services.dismiss_suggestion(suggestion, request.api_key.created_by)
    return _decided(request, suggestion)
