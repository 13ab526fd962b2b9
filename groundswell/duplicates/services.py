"""Every write to the merge-suggestion queue."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.duplicates.errors import SuggestionDecided, SuggestionGone
from groundswell.duplicates.index import workspace_index
from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.duplicates.passages import matching_passages
from groundswell.duplicates.queries import similar_ideas
from groundswell.feedback.errors import AlreadyMerged
from groundswell.feedback.models import Idea, IdeaMerge
from groundswell.feedback.services import merge_ideas


def suggest_merges(idea: Idea) -> list[MergeSuggestion]:
    """Queue a suggestion for each existing idea this one likely duplicates.

    A pair is suggested once, ever, in either direction: dismissing it is remembered.
    """
    if idea.merged_into_id is not None:
        return []
    created = []
    idf = workspace_index(idea.workspace_id).text_lexical.idf
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
                        passages=matching_passages(
                            (idea.title, idea.body), (match.idea.title, match.idea.body), idf
                        ),
                    )
                )
        except IntegrityError:
            continue  # suggested by a simultaneous run
    return created


def accept_suggestion(suggestion: MergeSuggestion, actor: User) -> IdeaMerge | None:
    """Merge the suggested idea into the one it duplicates (or into that one's survivor).

    If the two are one idea already (merged meanwhile, either way), the suggestion is
    simply marked accepted and None returned.
    """
    with transaction.atomic():
        _lock_open(suggestion)
        ideas = Idea.objects.in_bulk([suggestion.idea_id, suggestion.similar_to_id])
        if len(ideas) < 2:
            raise SuggestionGone("One of these ideas was deleted.")
        idea, similar_to = ideas[suggestion.idea_id], ideas[suggestion.similar_to_id]
        survivor_id = similar_to.merged_into_id or similar_to.pk
        if survivor_id in (idea.pk, idea.merged_into_id):
            merge = None  # already one idea
        elif idea.merged_into_id is not None:
            raise AlreadyMerged(
                f"“{idea.title}” was merged into another idea meanwhile; unmerge it first."
            )
        else:
            merge = merge_ideas(idea, similar_to, actor)
        _decide(suggestion, SuggestionStatus.ACCEPTED, actor)
    suggestion.idea.refresh_from_db()
    return merge


def dismiss_suggestion(suggestion: MergeSuggestion, actor: User) -> None:
    """Not a duplicate: the pair stays on record so it is never suggested again."""
    with transaction.atomic():
        _lock_open(suggestion)
        _decide(suggestion, SuggestionStatus.DISMISSED, actor)


def record_merge_undone(idea_ids: list[int]) -> int:
    """Accepted suggestions whose two ideas an unmerge has split apart become "undone".

    Called inside unmerge_idea's transaction with the ideas that left their survivor.
    The pair stays on record, so the engine does not suggest it again: the team has
    just said these are not one idea. Returns how many suggestions changed.
    """
    accepted = list(
        MergeSuggestion.objects.filter(status=SuggestionStatus.ACCEPTED)
        .filter(Q(idea_id__in=idea_ids) | Q(similar_to_id__in=idea_ids))
        .values_list("pk", "idea_id", "similar_to_id")
    )
    if not accepted:
        return 0
    ends = {idea_id for _, a, b in accepted for idea_id in (a, b)}
    survivors = {
        pk: merged_into_id or pk
        for pk, merged_into_id in Idea.objects.filter(pk__in=ends).values_list(
            "pk", "merged_into_id"
        )
    }
    split = [pk for pk, a, b in accepted if survivors.get(a) != survivors.get(b)]
    return MergeSuggestion.objects.filter(pk__in=split).update(status=SuggestionStatus.UNDONE)


def _lock_open(suggestion: MergeSuggestion) -> None:
    status = (
        MergeSuggestion.objects.select_for_update()
        .filter(pk=suggestion.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status is None:
        raise SuggestionGone("One of these ideas was deleted, and the suggestion with it.")
    if status != SuggestionStatus.OPEN:
        raise SuggestionDecided(
            f"Someone already {SuggestionStatus(status).label.lower()} this suggestion."
        )


def _decide(suggestion: MergeSuggestion, status: str, actor: User) -> None:
    MergeSuggestion.objects.filter(pk=suggestion.pk).update(
        status=status, decided_by=actor, decided_at=timezone.now()
    )
    suggestion.refresh_from_db()
