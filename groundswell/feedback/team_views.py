"""The team's actions on ideas and comments: status, tags, edit, move, delete, hide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.feedback import services
from groundswell.feedback.forms import EditIdeaForm
from groundswell.feedback.models import Comment, Idea
from groundswell.workspaces.permissions import can_edit_idea, is_team_member
from groundswell.workspaces.queries import workspace_or_404


def _team_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> Idea:
    workspace = workspace_or_404(workspace_slug)
    idea = (
        Idea.objects.select_related("workspace", "status", "board")
        .filter(workspace=workspace, pk=idea_id)
        .first()
    )
    if idea is None:
        raise Http404("No such idea.")
    if not is_team_member(request.user, workspace):
        raise PermissionDenied
    return idea


def _back_to(idea: Idea) -> HttpResponse:
    return redirect(
        reverse("feedback:idea", kwargs={"workspace_slug": idea.workspace.slug, "idea_id": idea.pk})
    )


@require_POST
def change_status(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    status = idea.workspace.statuses.filter(pk=request.POST.get("status") or 0).first()
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
    tag = idea.workspace.tags.filter(pk=request.POST.get("tag") or 0).first()
    if tag is None:
        messages.error(request, "Choose one of the workspace's tags.")
    else:
        services.tag_idea(idea, tag)
    return _back_to(idea)


@require_POST
def untag_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    tag = idea.workspace.tags.filter(pk=request.POST.get("tag") or 0).first()
    if tag is not None:
        services.untag_idea(idea, tag)
    return _back_to(idea)


@require_POST
def move_idea(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _team_idea(request, workspace_slug, idea_id)
    board = idea.workspace.boards.filter(pk=request.POST.get("board") or 0).first()
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
    if idea is None:
        raise Http404("No such idea.")
    if not can_edit_idea(request.user, idea):
        raise PermissionDenied
    form = EditIdeaForm(request.POST or None, initial={"title": idea.title, "body": idea.body})
    if request.method == "POST" and form.is_valid():
        services.update_idea(idea, request.user, **form.cleaned_data)
        messages.success(request, "Saved.")
        return _back_to(idea)
    return TemplateResponse(
        request,
        "feedback/edit_idea.html",
        {"workspace": workspace, "idea": idea, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def toggle_comment(request: HttpRequest, workspace_slug: str, comment_id: int) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    comment = (
        Comment.objects.select_related("idea__workspace")
        .filter(idea__workspace=workspace, pk=comment_id)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    if not is_team_member(request.user, workspace):
        raise PermissionDenied
    if comment.hidden_at:
        services.unhide_comment(comment)
    else:
        services.hide_comment(comment, request.user)
    return _back_to(comment.idea)
