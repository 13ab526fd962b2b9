"""Every write to the merge-suggestion queue."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.duplicates.queries import similar_ideas
from groundswell.feedback.models import Idea
from groundswell.feedback.services import merge_ideas


def suggest_merges(idea: Idea) -> list[MergeSuggestion]:
    """Queue a suggestion for each existing idea this one likely duplicates.

    A pair is suggested once, ever, in either direction: dismissing it is remembered.
    """
    if idea.merged_into_id is not None:
        return []
    created = []
    for match in similar_ideas(idea.workspace, idea.title, idea.body, exclude_ids=[idea.pk]):
        if not match.likely_duplicate:
            continue
        pair = Q(idea=idea, similar_to=match.idea) | Q(idea=match.idea, similar_to=idea)
        if MergeSuggestion.objects.filter(pair).exists():
            continue
        try:
            with transaction.atomic():
                created.append(
                    MergeSuggestion.objects.create(
                        workspace_id=idea.workspace_id,
                        idea=idea,
                        similar_to=match.idea,
                        score=match.score,
                    )
                )
        except IntegrityError:
            continue  # suggested by a simultaneous run
    return created


def accept_suggestion(suggestion: MergeSuggestion, actor: User) -> None:
    """Merge the suggested idea into the one it duplicates."""
    with transaction.atomic():
        merge_ideas(suggestion.idea, suggestion.similar_to, actor)
        _decide(suggestion, SuggestionStatus.ACCEPTED, actor)


def dismiss_suggestion(suggestion: MergeSuggestion, actor: User) -> None:
    _decide(suggestion, SuggestionStatus.DISMISSED, actor)


def _decide(suggestion: MergeSuggestion, status: str, actor: User) -> None:
    MergeSuggestion.objects.filter(pk=suggestion.pk).update(
        status=status, decided_by=actor, decided_at=timezone.now()
    )
    suggestion.refresh_from_db()
