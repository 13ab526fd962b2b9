"""The team's merge queue, under /<workspace>/manage/duplicates/: pairs of ideas the
engine thinks are duplicates, to merge or dismiss one by one or in bulk.

Views check the team, find suggestions only inside the workspace (anything else
is a 404), call one service per suggestion and turn its domain errors into messages.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.duplicates import queries, services
from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.models import Idea
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import is_workspace_admin
from groundswell.workspaces.views import team_page

PAGE_SIZE = 50
# At most this many suggestions are decided by one bulk request.
MAX_SELECTED = 200


def strength(score: float, threshold: float) -> str:
    """A word for how far above (or below) the duplicate threshold a score is."""
    if score >= threshold * 1.2:
        return "Strong match"
    if score >= threshold:
        return "Likely duplicate"
    return "Possible duplicate"


def _queue_url(workspace: Workspace, merged_idea_ids: list[int] | None = None) -> str:
    url = reverse("workspaces:merge_queue", kwargs={"workspace_slug": workspace.slug})
    if merged_idea_ids:
        url += "?" + urlencode({"merged": merged_idea_ids}, doseq=True)
    return url


def _ids(values: list[str]) -> list[int]:
    """The well-formed ids among the posted or queried values; junk is ignored."""
    return [int(v) for v in values[:MAX_SELECTED] if v.isascii() and v.isdigit() and len(v) < 19]


@team_page(admin_only=False)
def merge_queue(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    show = request.GET.get("show")
    if show not in SuggestionStatus.values:
        show = SuggestionStatus.OPEN
    threshold = queries.duplicate_threshold(workspace)
    page = Paginator(queries.merge_suggestions(workspace, show), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    suggestions = list(page)
    for suggestion in suggestions:
        suggestion.strength = strength(suggestion.score, threshold)
    # Ideas just merged from this page, while their merge still stands: offer an undo.
    just_merged = (
        Idea.objects.filter(
            workspace=workspace,
            pk__in=_ids(request.GET.getlist("merged")),
            merged_into__isnull=False,
        )
        .select_related("merged_into")
        .order_by("pk")
    )
    return TemplateResponse(
        request,
        "duplicates/merge_queue.html",
        {
            "workspace": workspace,
            "is_team": True,
            "is_admin": is_workspace_admin(request.user, workspace),
            "section": "duplicates",
            "show": show,
            "tabs": SuggestionStatus.choices,
            "suggestions": suggestions,
            "page": page,
            "threshold": threshold,
            "just_merged": just_merged,
        },
    )


def _suggestion_or_404(workspace: Workspace, suggestion_id: int) -> MergeSuggestion:
    suggestion = (
        MergeSuggestion.objects.filter(workspace=workspace, pk=suggestion_id)
        .select_related("idea", "similar_to")
        .first()
    )
    if suggestion is None:
        raise Http404("No such suggestion: it may have gone with a deleted idea.")
    return suggestion


def _decide(
    request: HttpRequest, workspace: Workspace, suggestions: list[MergeSuggestion], accept: bool
) -> HttpResponse:
    merged_ids = []
    dismissed = 0
    for suggestion in suggestions:
        try:
            if accept:
                services.accept_suggestion(suggestion, request.user)
            else:
                services.dismiss_suggestion(suggestion, request.user)
        except FeedbackError as error:
            messages.error(request, f"“{suggestion.idea.title}”: {error}")
            continue
        if accept:
            if suggestion.idea.merged_into_id is not None:
                merged_ids.append(suggestion.idea_id)
        else:
            dismissed += 1
    # Merges need no message: the queue lists each one with its undo button.
    if dismissed == 1:
        only = suggestions[0]
        messages.success(
            request,
            f"Dismissed: “{only.idea.title}” and “{only.similar_to.title}” "
            "will not be suggested again.",
        )
    elif dismissed:
        messages.success(request, f"Dismissed {dismissed} suggestions; they will not come back.")
    return redirect(_queue_url(workspace, merged_ids))


@require_POST
@team_page(admin_only=False)
def accept_suggestion(request: HttpRequest, workspace: Workspace, suggestion_id: int):
    return _decide(request, workspace, [_suggestion_or_404(workspace, suggestion_id)], True)


@require_POST
@team_page(admin_only=False)
def dismiss_suggestion(request: HttpRequest, workspace: Workspace, suggestion_id: int):
    return _decide(request, workspace, [_suggestion_or_404(workspace, suggestion_id)], False)


@require_POST
@team_page(admin_only=False)
def decide_selected(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """Bulk "Merge selected" / "Dismiss selected" from the queue's checkboxes."""
    action = request.POST.get("action")
    ids = set(_ids(request.POST.getlist("suggestion")))
    if action not in ("merge", "dismiss") or not ids:
        messages.error(request, "Select at least one suggestion, then Merge or Dismiss.")
        return redirect(_queue_url(workspace))
    suggestions = list(
        MergeSuggestion.objects.filter(workspace=workspace, pk__in=ids)
        .select_related("idea", "similar_to")
        .order_by("created_at", "id")
    )
    gone = len(ids) - len(suggestions)
    if gone:
        messages.error(
            request,
            f"{gone} of the selected suggestion{'s are' if gone != 1 else ' is'} gone: "
            "an idea was deleted.",
        )
    return _decide(request, workspace, suggestions, action == "merge")
