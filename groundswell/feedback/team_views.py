"""The team's actions on ideas and comments: status, tags, edit, move, delete, hide."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.feedback import services
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.forms import EditIdeaForm, SimilarIdeasForm
from groundswell.feedback.models import Comment, Idea
from groundswell.feedback.views import similar_context
from groundswell.workspaces.permissions import can_edit_idea, can_view_idea, is_team_member
from groundswell.workspaces.queries import workspace_or_404


def _team_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> Idea:
    workspace = workspace_or_404(workspace_slug)
    # Refuse outsiders before looking the idea up, so they cannot probe which private ideas exist.
    if not is_team_member(request.user, workspace):
        raise PermissionDenied
    idea = (
        Idea.objects.select_related("workspace", "status", "board")
        .filter(workspace=workspace, pk=idea_id)
        .first()
    )
    if idea is None:
        raise Http404("No such idea.")
    return idea


def _chosen(queryset: QuerySet, raw: str | None):
    """The row the form picked from the queryset, or None; junk input is not a server error."""
    if not raw or not (raw.isascii() and raw.isdigit()):
        return None
    return queryset.filter(pk=int(raw)).first()


def _back_to(idea: Idea) -> HttpResponse:
    return redirect(
        reverse("feedback:idea", kwargs={"workspace_slug": idea.workspace.slug, "idea_id": idea.pk})
    )


@require_POST
def change_status(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    status = _chosen(idea.workspace.statuses.all(), request.POST.get("status"))
    if status is None:
        messages.error(request, "Choose one of the workspace's statuses.")
        return _back_to(idea)
    event = services.change_status(idea, status, request.user, request.POST.get("message", ""))
    if event:
        messages.success(request, f"Status changed to {status.name}.")
    return _back_to(idea)


@require_POST
def tag_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    tag = _chosen(idea.workspace.tags.all(), request.POST.get("tag"))
    if tag is None:
        messages.error(request, "Choose one of the workspace's tags.")
    else:
        services.tag_idea(idea, tag)
    return _back_to(idea)


@require_POST
def untag_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    tag = _chosen(idea.workspace.tags.all(), request.POST.get("tag"))
    if tag is not None:
        services.untag_idea(idea, tag)
    return _back_to(idea)


@require_POST
def move_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    board = _chosen(idea.workspace.boards.all(), request.POST.get("board"))
    if board is None:
        messages.error(request, "Choose one of the workspace's boards.")
    else:
        services.move_idea(idea, board, request.user)
        messages.success(request, f"Moved to {board.name}.")
    return _back_to(idea)


@require_POST
def delete_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    board_slug = idea.board.slug
    services.delete_idea(idea)
    messages.success(request, "The idea was deleted.")
    return redirect("feedback:board", workspace_slug=workspace_slug, board_slug=board_slug)


def edit_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    idea = (
        Idea.objects.select_related("workspace", "board")
        .filter(workspace=workspace, pk=idea_id)
        .first()
    )
    if idea is None or not can_view_idea(request.user, idea):
        raise Http404("No such idea.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_idea(request.user, idea):
        raise PermissionDenied
    if request.method == "POST" and "check" in request.POST:
        # Without JavaScript: show what is similar, keep what was typed, save nothing.
        typed = {"title": request.POST.get("title", ""), "body": request.POST.get("body", "")}
        form = EditIdeaForm(initial=typed)
        similar_found = similar_context(
            request, workspace, SimilarIdeasForm(request.POST), [idea.pk]
        )
    else:
        form = EditIdeaForm(request.POST or None, initial={"title": idea.title, "body": idea.body})
        similar_found = {"similar": [], "searched": False}
    if request.method == "POST" and form.is_bound and form.is_valid():
        services.update_idea(idea, request.user, **form.cleaned_data)
        messages.success(request, "Saved.")
        return _back_to(idea)
    return TemplateResponse(
        request,
        "feedback/edit_idea.html",
        {
            "workspace": workspace,
            "idea": idea,
            "form": form,
            "is_team": is_team_member(request.user, workspace),
            **similar_found,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def toggle_comment(request: HttpRequest, workspace_slug: str, comment_id: int) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    if not is_team_member(request.user, workspace):
        raise PermissionDenied
    comment = (
        Comment.objects.select_related("idea__workspace")
        .filter(idea__workspace=workspace, pk=comment_id)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    if comment.hidden_at:
        services.unhide_comment(comment)
    else:
        services.hide_comment(comment, request.user)
    return _back_to(comment.idea)


@require_POST
def merge_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    """Merge this idea into the one the team chose; its page then redirects there."""
    idea = _team_idea(request, workspace_slug, idea_id)
    target = Idea.objects.filter(
        workspace=idea.workspace, pk=_int_or_zero(request.POST.get("target"))
    ).first()
    if target is None:
        messages.error(request, "Choose an idea of this workspace to merge into (its number).")
        return _back_to(idea)
    try:
        services.merge_ideas(idea, target, request.user)
    except FeedbackError as error:
        messages.error(request, str(error))
        return _back_to(idea)
    messages.success(request, f"Merged “{idea.title}” into this idea.")
    return _back_to(idea.merged_into)


@require_POST
def unmerge_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    try:
        services.unmerge_idea(idea, request.user)
    except FeedbackError as error:
        messages.error(request, str(error))
        return _back_to(idea)
    messages.success(request, f"“{idea.title}” is its own idea again, with its votes.")
    return _back_to(idea)


def _int_or_zero(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
