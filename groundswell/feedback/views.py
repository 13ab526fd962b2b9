"""The public portal: boards, ideas, voting, comments, submitting, a person's activity.

Every view works as a plain form post; when htmx asks, the same view answers
with the named fragment of its page so the change happens in place.
"""

import logging
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from groundswell.accounts.models import User
from groundswell.duplicates.queries import SimilarIdea, possible_duplicates, similar_ideas
from groundswell.duplicates.services import suggest_merges
from groundswell.feedback import queries, services
from groundswell.feedback.addresses import idea_address_parts
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.forms import BoardFilterForm, CommentForm, IdeaForm, SimilarIdeasForm
from groundswell.feedback.models import Board, Idea
from groundswell.inbox.queries import idea_demand, idea_evidence
from groundswell.notifications import queries as notifications
from groundswell.notifications.services import set_idea_level
from groundswell.pagecache import cached_for_visitors, shared_with_people
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import (
    can_participate,
    can_view_idea,
    is_team_member,
)
from groundswell.workspaces.queries import workspace_or_404

logger = logging.getLogger(__name__)

SIMILAR_IDEAS_SHOWN = 5


def with_links(workspace_slug: str, ideas: list[Idea]) -> list[Idea]:
    """Give each idea the addresses its row links to (url, vote_url, unvote_url...).

    Each address pattern is reversed once per list instead of once per idea: a
    board page would otherwise spend most of its time in reverse().
    """
    patterns = {
        attribute: idea_address_parts(name, workspace_slug=workspace_slug)
        for attribute, name in (
            ("url", "feedback:idea"),
            ("vote_url", "feedback:vote"),
            ("unvote_url", "feedback:unvote"),
        )
    }
    sign_in = _sign_in_address(get_script_prefix())
    for idea in ideas:
        for attribute, (prefix, suffix) in patterns.items():
            setattr(idea, attribute, f"{prefix}{idea.pk}{suffix}")
        idea.sign_in_to_vote_url = f"{sign_in}?{urlencode({'next': idea.url})}"
    return ideas


@lru_cache(maxsize=8)
def _sign_in_address(script_prefix: str) -> str:
    """Reversed once per process, like the idea addresses (it was 2% of a vote's time).
    The script prefix is part of the key, as reverse() depends on it."""
    return reverse("accounts:sign_in")


@cached_for_visitors
@shared_with_people
def workspace_home(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    boards = queries.boards_with_counts(queries.visible_boards(workspace, request.user))
    return TemplateResponse(
        request,
        "feedback/workspace_home.html",
        {
            "workspace": workspace,
            "boards": boards,
            "is_team": is_team_member(request.user, workspace),
        },
    )


@cached_for_visitors
@shared_with_people
def board(request: HttpRequest, workspace_slug: str, board_slug: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    boards = list(queries.visible_boards(workspace, request.user))  # for the page's nav too
    board = next((board for board in boards if board.slug == board_slug), None)
    if board is None:
        raise Http404("No such board.")
    filters = BoardFilterForm(request.GET)
    filters.is_valid()
    chosen = {key: value for key, value in filters.cleaned_data.items() if value}
    try:
        page = queries.list_ideas(
            board.ideas.all(),
            sort=chosen.get("sort", "top"),
            status=chosen.get("status"),
            tag=chosen.get("tag"),
            search=chosen.get("q"),
            cursor=chosen.get("cursor"),
        )
    except queries.BadCursor:
        return redirect(request.path)
    queries.mark_voted(request.user, page.ideas)
    with_links(workspace.slug, page.ideas)
    context = {
        "workspace": workspace,
        "is_team": is_team_member(request.user, workspace),
        "board": board,
        "boards": boards,
        "page": page,
        "filters": {key: chosen.get(key, "") for key in ("sort", "status", "tag", "q")},
        "sort": chosen.get("sort", "top"),
        "statuses": workspace.statuses.all(),
        "tags": workspace.tags.all(),
    }
    template = "feedback/board.html"
    if request.htmx and chosen.get("cursor"):
        template += "#idea-rows"
    elif request.htmx and request.htmx.target == "idea-list":
        template += "#idea-list"
    return TemplateResponse(request, template, context)


def _idea_or_404(request: HttpRequest, workspace_slug: str, idea_id: int) -> Idea:
    workspace = workspace_or_404(workspace_slug)
    idea = queries.idea_for_page(idea_id, workspace)
    if idea is None or not can_view_idea(request.user, idea):
        raise Http404("No such idea.")
    return idea


def _idea_to_act_on(
    request: HttpRequest, workspace_slug: str, idea_id: int, *, voting: bool = False
) -> Idea:
    """The idea a vote or comment is for, in one query (votes are the hottest write)."""
    find = queries.idea_for_vote if voting else queries.idea_for_action
    idea = find(idea_id, workspace_slug)
    if idea is None or not can_view_idea(request.user, idea):
        raise Http404("No such idea.")
    return idea


@cached_for_visitors
def idea_detail(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(request, workspace_slug, idea_id)
    if idea.is_merged:
        messages.info(request, f"“{idea.title}” was merged into this idea; its votes count here.")
        return redirect(_idea_url(idea.merged_into))
    return TemplateResponse(
        request, "feedback/idea.html", _idea_context(request, idea, CommentForm())
    )


def _idea_context(request: HttpRequest, idea: Idea, comment_form: CommentForm) -> dict:
    team = is_team_member(request.user, idea.workspace)
    queries.mark_voted(request.user, [idea])
    with_links(idea.workspace.slug, [idea])
    following = queries.is_following(request.user, idea)
    takes_part = request.user.is_authenticated and (
        idea.viewer_voted or following or idea.author_id == request.user.pk
    )
    return {
        "workspace": idea.workspace,
        "idea": idea,
        "board": idea.board,
        "comments": queries.idea_comments(idea, request.user),
        "history": queries.idea_history(idea),
        "following": following,
        "hear_level": notifications.level_for_idea(request.user, idea) if takes_part else None,
        "demand": queries.demand_breakdown(idea),
        "merges": queries.active_merges(idea) if team else [],
        "possible_duplicates": possible_duplicates(idea) if team else [],
        "evidence": idea_evidence(idea, request.user),
        # Companies and revenue are confidential: computed for the team only.
        "customer_demand": idea_demand(idea) if team else None,
        "comment_form": comment_form,
        "is_team": team,
        "statuses": idea.workspace.statuses.all() if team else [],
        "tags": idea.workspace.tags.all() if team else [],
        "boards": idea.workspace.boards.all() if team else [],
    }


def _after_vote(request: HttpRequest, idea: Idea, voted: bool) -> HttpResponse:
    if request.htmx:
        idea.viewer_voted = voted
        with_links(idea.workspace.slug, [idea])
        context = {"idea": idea, "workspace": idea.workspace}
        if voted:
            # Ask, pre-filled, how much they want to hear (one query). Without
            # JavaScript the idea page they land on asks the same.
            context["ask_hear_level"] = notifications.level_for_idea(request.user, idea)
        return TemplateResponse(request, "feedback/vote_button.html", context)
    return redirect(request.POST.get("next") or _idea_url(idea))


def _idea_url(idea: Idea) -> str:
    return reverse(
        "feedback:idea", kwargs={"workspace_slug": idea.workspace.slug, "idea_id": idea.pk}
    )


def _sign_in_url(request: HttpRequest, next_url: str) -> str:
    return f"{reverse('accounts:sign_in')}?next={next_url}"


@require_POST
def vote(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _idea_to_act_on(request, workspace_slug, idea_id, voting=True)
    if not request.user.is_authenticated:
        return _redirect_to_sign_in(request, idea)
    if not can_participate(request.user, idea):
        raise PermissionDenied
    try:
        services.add_vote(idea, request.user)
    except FeedbackError as error:
        messages.error(request, str(error))
        return redirect(_idea_url(idea))
    return _after_vote(request, idea, True)


@require_POST
def unvote(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _idea_to_act_on(request, workspace_slug, idea_id, voting=True)
    if not request.user.is_authenticated:
        return _redirect_to_sign_in(request, idea)
    services.remove_vote(idea, request.user)
    return _after_vote(request, idea, False)


def _redirect_to_sign_in(request: HttpRequest, idea: Idea) -> HttpResponse:
    url = _sign_in_url(request, _idea_url(idea))
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_POST
def comment(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _idea_to_act_on(request, workspace_slug, idea_id)
    if not request.user.is_authenticated:
        return _redirect_to_sign_in(request, idea)
    if not can_participate(request.user, idea):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        internal = form.cleaned_data["is_internal"] and is_team_member(request.user, idea.workspace)
        services.add_comment(idea, request.user, form.cleaned_data["body"], is_internal=internal)
        form = CommentForm()
        if not request.htmx:
            return redirect(_idea_url(idea) + "#comments")
    context = _idea_context(request, idea, form)
    if request.htmx:
        return TemplateResponse(request, "feedback/idea.html#comments", context)
    return TemplateResponse(request, "feedback/idea.html", context, status=400)


def similar_to_typed(
    request: HttpRequest, workspace: Workspace, title: str, body: str, exclude_ids=()
) -> list[SimilarIdea]:
    """Ideas like what the person is typing, that they may see, ready to link and vote on."""
    matches = similar_ideas(
        workspace,
        title,
        body,
        viewer=request.user,
        exclude_ids=exclude_ids,
        limit=SIMILAR_IDEAS_SHOWN,
        relevant_only=True,
    )
    ideas = [match.idea for match in matches]
    queries.mark_voted(request.user, ideas)
    with_links(workspace.slug, ideas)
    return matches


def similar_context(
    request: HttpRequest, workspace: Workspace, form: SimilarIdeasForm, exclude_ids=()
) -> dict:
    """The suggestions fragment's context for what was typed; junk input finds nothing."""
    if not form.is_valid():
        return {"similar": [], "searched": False}
    title, body = form.cleaned_data["title"], form.cleaned_data["body"]
    return {
        "similar": similar_to_typed(request, workspace, title, body, exclude_ids),
        "searched": bool(title.strip() or body.strip()),
    }


@login_required
def similar_suggestions(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    """The suggestions shown while someone types an idea (htmx asks as they type)."""
    workspace = workspace_or_404(workspace_slug)
    form = SimilarIdeasForm(request.GET)
    if not form.is_valid():
        return HttpResponse("Title or details are too long.", status=400)
    editing = form.cleaned_data["idea"]
    context = similar_context(request, workspace, form, [editing] if editing else [])
    return TemplateResponse(
        request, "feedback/similar_ideas.html", {"workspace": workspace, **context}
    )


def _typed_board(data, boards: QuerySet[Board]) -> Board | None:
    raw = data.get("board", "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    return boards.filter(pk=int(raw)).first()


@login_required
def submit_idea(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    boards = queries.visible_boards(workspace, request.user)
    similar_found = {"similar": [], "searched": False}
    if request.method == "POST" and "check" in request.POST:
        # Without JavaScript: show what is similar, keep what was typed, save nothing.
        form = IdeaForm(
            boards=boards,
            initial={
                "board": _typed_board(request.POST, boards),
                "title": request.POST.get("title", ""),
                "body": request.POST.get("body", ""),
                "hear": request.POST.get("hear", ""),
            },
        )
        similar_found = similar_context(request, workspace, SimilarIdeasForm(request.POST))
    else:
        initial_board = boards.filter(slug=request.GET.get("board", "")).first()
        hear = notifications.workspace_level(request.user, workspace.pk)
        form = IdeaForm(
            request.POST or None, boards=boards, initial={"board": initial_board, "hear": hear}
        )
    if request.method == "POST" and form.is_bound and form.is_valid():
        idea = services.create_idea(
            form.cleaned_data["board"],
            request.user,
            form.cleaned_data["title"],
            form.cleaned_data["body"],
        )
        if form.cleaned_data["hear"]:
            set_idea_level(request.user, idea, form.cleaned_data["hear"])
        _flag_possible_duplicate(idea)
        messages.success(request, "Thanks! Your idea is posted and your vote is counted.")
        return redirect(_idea_url(idea))
    return TemplateResponse(
        request,
        "feedback/submit.html",
        {"workspace": workspace, "form": form, "boards": boards, **similar_found},
        status=400 if form.errors else 200,
    )


def _flag_possible_duplicate(idea: Idea) -> None:
    """Tell the team at once; the background embedding checks again, so a failure here
    must not turn a stored idea into an error page."""
    try:
        suggest_merges(idea)
    except Exception:
        logger.exception("Could not look for duplicates of idea %s", idea.pk)


@login_required
def my_activity(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    return _activity_page(request, workspace_slug, request.user)


def person_activity(request: HttpRequest, workspace_slug: str, person_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=person_id, is_active=True)
    return _activity_page(request, workspace_slug, person)


def _activity_page(request: HttpRequest, workspace_slug: str, person: User) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    activity = queries.person_activity(workspace, person, request.user)
    return TemplateResponse(
        request,
        "feedback/activity.html",
        {"workspace": workspace, "person": person, "is_self": person == request.user, **activity},
    )


@require_POST
def follow(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _idea_to_act_on(request, workspace_slug, idea_id)
    if not request.user.is_authenticated:
        return _redirect_to_sign_in(request, idea)
    services.follow_idea(idea, request.user)
    messages.success(request, "You will hear about updates to this idea.")
    return redirect(_idea_url(idea))


@require_POST
def unfollow(request: HttpRequest, workspace_slug: str, idea_id: int) -> HttpResponse:
    idea = _idea_to_act_on(request, workspace_slug, idea_id)
    if not request.user.is_authenticated:
        return _redirect_to_sign_in(request, idea)
    services.unfollow_idea(idea, request.user)
    messages.success(request, "You no longer follow this idea.")
    return redirect(_idea_url(idea))
