"""The team's pages for running a workspace, under /<workspace>/manage/.

Team members (any role) see the dashboard; admins and owners also manage the
settings, boards, statuses, tags, members and API keys. Views validate with a
form, call one service and turn its domain errors into messages.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.feedback import queries as feedback_queries
from groundswell.feedback import services as feedback
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.models import Board, Status, Tag
from groundswell.inbox import queries as inbox_queries
from groundswell.inbox.forms import TeamIdeaFilterForm
from groundswell.mail import send_templated_email
from groundswell.workspaces import services
from groundswell.workspaces.forms import (
    ApiKeyForm,
    BoardForm,
    EditBoardForm,
    EditStatusForm,
    InviteForm,
    RoleForm,
    StatusForm,
    TagForm,
    WorkspaceSettingsForm,
)
from groundswell.workspaces.models import ApiKey, Membership, Workspace
from groundswell.workspaces.permissions import (
    can_manage_member,
    is_team_member,
    is_workspace_admin,
    roles_assignable_by,
)
from groundswell.workspaces.queries import workspace_or_404
from groundswell.workspaces.services import WorkspaceError

TeamView = Callable[..., HttpResponse]


def team_page(*, admin_only: bool) -> Callable[[TeamView], TeamView]:
    """Resolve the workspace and refuse anyone not on its team (or not an admin, if asked).

    The wrapped view receives the Workspace instead of its slug.
    """

    def decorate(view: TeamView) -> TeamView:
        @wraps(view)
        def wrapper(request: HttpRequest, workspace_slug: str, **kwargs) -> HttpResponse:
            workspace = workspace_or_404(workspace_slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = (
                is_workspace_admin(request.user, workspace)
                if admin_only
                else is_team_member(request.user, workspace)
            )
            if not allowed:
                raise PermissionDenied
            return view(request, workspace, **kwargs)

        return wrapper

    return decorate


def _page(
    request: HttpRequest,
    template: str,
    workspace: Workspace,
    context: dict | None = None,
    status: int = 200,
) -> TemplateResponse:
    base = {
        "workspace": workspace,
        "is_team": True,
        "is_admin": is_workspace_admin(request.user, workspace),
    }
    return TemplateResponse(request, template, {**base, **(context or {})}, status=status)


def _form_page(
    request: HttpRequest,
    workspace: Workspace,
    form,
    *,
    title: str,
    section: str,
    submit: str,
    cancel_url: str,
) -> TemplateResponse:
    return _page(
        request,
        "workspaces/form_page.html",
        workspace,
        {
            "form": form,
            "title": title,
            "section": section,
            "submit": submit,
            "cancel_url": cancel_url,
        },
        status=400 if form.errors else 200,
    )


def _confirm_page(
    request: HttpRequest,
    workspace: Workspace,
    *,
    title: str,
    explanation: str,
    action: str,
    section: str,
    cancel_url: str,
) -> TemplateResponse:
    return _page(
        request,
        "workspaces/confirm.html",
        workspace,
        {
            "title": title,
            "explanation": explanation,
            "action": action,
            "section": section,
            "cancel_url": cancel_url,
        },
    )


def _url(name: str, workspace: Workspace, **kwargs) -> str:
    return reverse(f"workspaces:{name}", kwargs={"workspace_slug": workspace.slug, **kwargs})


def _get_or_404(queryset, pk: int):
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404("Not found in this workspace.")
    return item


# Dashboard -----------------------------------------------------------------


@team_page(admin_only=False)
def dashboard(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """Every idea on every board, private ones too, newest first by default, with the
    people, companies and revenue behind each (the team's eyes only)."""
    filters = TeamIdeaFilterForm(request.GET)
    filters.is_valid()
    chosen = {key: value for key, value in filters.cleaned_data.items() if value}
    sort = chosen.get("sort", "new")
    scope = inbox_queries.CompanyScope(
        chosen.get("segment", ""), chosen.get("plan", ""), chosen.get("company")
    )
    try:
        page = inbox_queries.team_idea_page(
            workspace,
            sort=sort,
            scope=scope,
            status=chosen.get("status"),
            search=chosen.get("q"),
            cursor=chosen.get("cursor"),
            offset=chosen.get("offset", 0),
        )
    except feedback_queries.BadCursor:
        return redirect(request.path)
    kept = ("sort", "status", "q", "segment", "plan", "company")
    company = scope.companies(workspace).first() if scope.company_id else None
    context = {
        "section": "dashboard",
        "page": page,
        "sort": sort,
        "scope": scope,
        "scope_company": company,
        "filters": {key: chosen.get(key, "") for key in kept},
        "statuses": workspace.statuses.all(),
        "segments": inbox_queries.company_choices(workspace, "segment"),
        "plans": inbox_queries.company_choices(workspace, "plan"),
        "boards": feedback_queries.boards_with_counts(workspace.boards.all()),
        "member_count": workspace.memberships.count(),
        "more_query": urlencode(
            {**{key: chosen.get(key, "") for key in kept}, **page.next_position}
        )
        if page.next_position
        else "",
    }
    template = "workspaces/dashboard.html"
    if request.htmx and (chosen.get("cursor") or chosen.get("offset")):
        template += "#idea-rows"
    return _page(request, template, workspace, context)


# Settings ------------------------------------------------------------------


@team_page(admin_only=True)
def workspace_settings(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    posted = request.method == "POST"
    form = WorkspaceSettingsForm.for_workspace(
        workspace, request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        services.update_workspace(
            workspace,
            name=form.cleaned_data["name"],
            accent_colour=form.cleaned_data["accent_colour"].lower(),
            logo=form.cleaned_data["logo"] or None,
            remove_logo=form.cleaned_data["remove_logo"],
        )
        messages.success(request, "Settings saved.")
        return redirect(_url("settings", workspace))
    return _page(
        request,
        "workspaces/settings.html",
        workspace,
        {"form": form, "section": "settings"},
        status=400 if form.errors else 200,
    )


# Boards --------------------------------------------------------------------


@team_page(admin_only=True)
def boards(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    return _page(
        request,
        "workspaces/boards.html",
        workspace,
        {
            "boards": feedback_queries.boards_with_counts(workspace.boards.all()),
            "section": "boards",
        },
    )


@team_page(admin_only=True)
def create_board(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        board = feedback.create_board(workspace, **form.cleaned_data)
        messages.success(request, f"Board “{board.name}” created.")
        return redirect(_url("boards", workspace))
    return _form_page(
        request,
        workspace,
        form,
        title="New board",
        section="boards",
        submit="Create board",
        cancel_url=_url("boards", workspace),
    )


@team_page(admin_only=True)
def edit_board(request: HttpRequest, workspace: Workspace, board_id: int) -> HttpResponse:
    board = _get_or_404(workspace.boards.all(), board_id)
    form = EditBoardForm(
        request.POST or None,
        initial={
            "name": board.name,
            "slug": board.slug,
            "description": board.description,
            "is_public": board.is_public,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            feedback.update_board(board, **form.cleaned_data)
        except FeedbackError as error:
            form.add_error("slug", str(error))
        else:
            messages.success(request, f"Board “{board.name}” saved.")
            return redirect(_url("boards", workspace))
    return _form_page(
        request,
        workspace,
        form,
        title=f"Edit board “{board.name}”",
        section="boards",
        submit="Save",
        cancel_url=_url("boards", workspace),
    )


@team_page(admin_only=True)
def delete_board(request: HttpRequest, workspace: Workspace, board_id: int) -> HttpResponse:
    board: Board = _get_or_404(workspace.boards.all(), board_id)
    if request.method == "POST":
        feedback.delete_board(board)
        messages.success(request, f"Board “{board.name}” deleted.")
        return redirect(_url("boards", workspace))
    count = board.ideas.count()
    return _confirm_page(
        request,
        workspace,
        title=f"Delete the board “{board.name}”?",
        explanation=(
            f"Its {count} idea{'s' if count != 1 else ''}, with their votes and comments, "
            "will be deleted too. This cannot be undone."
        ),
        action="Delete board",
        section="boards",
        cancel_url=_url("boards", workspace),
    )


# Statuses ------------------------------------------------------------------


@team_page(admin_only=True)
def statuses(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    return _page(
        request,
        "workspaces/statuses.html",
        workspace,
        {
            "statuses": workspace.statuses.annotate(idea_total=Count("ideas")),
            "section": "statuses",
        },
    )


@team_page(admin_only=True)
def create_status(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    form = StatusForm(request.POST or None, initial={"colour": "#64748b"})
    if request.method == "POST" and form.is_valid():
        status = feedback.create_status(
            workspace,
            form.cleaned_data["name"],
            form.cleaned_data["meaning"],
            form.cleaned_data["colour"].lower(),
        )
        messages.success(request, f"Status “{status.name}” created.")
        return redirect(_url("statuses", workspace))
    return _form_page(
        request,
        workspace,
        form,
        title="New status",
        section="statuses",
        submit="Create status",
        cancel_url=_url("statuses", workspace),
    )


@team_page(admin_only=True)
def edit_status(request: HttpRequest, workspace: Workspace, status_id: int) -> HttpResponse:
    status: Status = _get_or_404(workspace.statuses.all(), status_id)
    form = EditStatusForm(
        request.POST or None,
        initial={
            "name": status.name,
            "colour": status.colour,
            "meaning": status.meaning,
            "position": status.position,
        },
    )
    if request.method == "POST" and form.is_valid():
        feedback.update_status(
            status,
            name=form.cleaned_data["name"],
            meaning=form.cleaned_data["meaning"],
            colour=form.cleaned_data["colour"].lower(),
            position=form.cleaned_data["position"],
        )
        messages.success(request, f"Status “{status.name}” saved.")
        return redirect(_url("statuses", workspace))
    return _form_page(
        request,
        workspace,
        form,
        title=f"Edit status “{status.name}”",
        section="statuses",
        submit="Save",
        cancel_url=_url("statuses", workspace),
    )


@require_POST
@team_page(admin_only=True)
def make_default_status(request: HttpRequest, workspace: Workspace, status_id: int) -> HttpResponse:
    status: Status = _get_or_404(workspace.statuses.all(), status_id)
    feedback.make_default_status(status)
    messages.success(request, f"New ideas now get “{status.name}”.")
    return redirect(_url("statuses", workspace))


@team_page(admin_only=True)
def delete_status(request: HttpRequest, workspace: Workspace, status_id: int) -> HttpResponse:
    status: Status = _get_or_404(workspace.statuses.all(), status_id)
    if request.method == "POST":
        try:
            feedback.delete_status(status)
        except FeedbackError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Status “{status.name}” deleted.")
        return redirect(_url("statuses", workspace))
    return _confirm_page(
        request,
        workspace,
        title=f"Delete the status “{status.name}”?",
        explanation="The status history of ideas that had it will no longer name it.",
        action="Delete status",
        section="statuses",
        cancel_url=_url("statuses", workspace),
    )


# Tags ----------------------------------------------------------------------


@team_page(admin_only=True)
def tags(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    return _page(
        request,
        "workspaces/tags.html",
        workspace,
        {"tags": workspace.tags.annotate(idea_total=Count("ideas")), "section": "tags"},
    )


@team_page(admin_only=True)
def create_tag(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    form = TagForm(request.POST or None, initial={"colour": "#0ea5e9"})
    if request.method == "POST" and form.is_valid():
        tag = feedback.create_tag(
            workspace, form.cleaned_data["name"], form.cleaned_data["colour"].lower()
        )
        messages.success(request, f"Tag “{tag.name}” created.")
        return redirect(_url("tags", workspace))
    return _form_page(
        request,
        workspace,
        form,
        title="New tag",
        section="tags",
        submit="Create tag",
        cancel_url=_url("tags", workspace),
    )


@team_page(admin_only=True)
def edit_tag(request: HttpRequest, workspace: Workspace, tag_id: int) -> HttpResponse:
    tag: Tag = _get_or_404(workspace.tags.all(), tag_id)
    form = TagForm(request.POST or None, initial={"name": tag.name, "colour": tag.colour})
    if request.method == "POST" and form.is_valid():
        feedback.update_tag(
            tag, name=form.cleaned_data["name"], colour=form.cleaned_data["colour"].lower()
        )
        messages.success(request, f"Tag “{tag.name}” saved.")
        return redirect(_url("tags", workspace))
    return _form_page(
        request,
        workspace,
        form,
        title=f"Edit tag “{tag.name}”",
        section="tags",
        submit="Save",
        cancel_url=_url("tags", workspace),
    )


@team_page(admin_only=True)
def delete_tag(request: HttpRequest, workspace: Workspace, tag_id: int) -> HttpResponse:
    tag: Tag = _get_or_404(workspace.tags.all(), tag_id)
    if request.method == "POST":
        feedback.delete_tag(tag)
        messages.success(request, f"Tag “{tag.name}” deleted.")
        return redirect(_url("tags", workspace))
    return _confirm_page(
        request,
        workspace,
        title=f"Delete the tag “{tag.name}”?",
        explanation="Ideas keep everything else; only this tag is taken off them.",
        action="Delete tag",
        section="tags",
        cancel_url=_url("tags", workspace),
    )


# Members and invitations ---------------------------------------------------


def _members_page(
    request: HttpRequest, workspace: Workspace, invite_form: InviteForm, status: int = 200
) -> TemplateResponse:
    roles = roles_assignable_by(request.user, workspace)
    memberships = list(
        workspace.memberships.select_related("user").order_by("user__name", "user__email")
    )
    for membership in memberships:
        membership.manageable = membership.role in roles
        membership.role_form = RoleForm(
            roles=roles, initial={"role": membership.role}, prefix=f"m{membership.pk}"
        )
    return _page(
        request,
        "workspaces/members.html",
        workspace,
        {
            "memberships": memberships,
            "invitations": workspace.invitations.filter(accepted_at__isnull=True)
            .select_related("invited_by")
            .order_by("-created_at"),
            "invite_form": invite_form,
            "section": "members",
        },
        status=status,
    )


@team_page(admin_only=True)
def members(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    roles = roles_assignable_by(request.user, workspace)
    return _members_page(request, workspace, InviteForm(workspace=workspace, roles=roles))


@require_POST
@team_page(admin_only=True)
def change_role(request: HttpRequest, workspace: Workspace, membership_id: int) -> HttpResponse:
    membership: Membership = _get_or_404(
        workspace.memberships.select_related("user", "workspace"), membership_id
    )
    roles = roles_assignable_by(request.user, workspace)
    form = RoleForm(request.POST, roles=roles, prefix=f"m{membership.pk}")
    if not form.is_valid() or not can_manage_member(
        request.user, membership, form.cleaned_data["role"]
    ):
        raise PermissionDenied
    try:
        services.change_role(membership, form.cleaned_data["role"])
    except WorkspaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{membership.user.display_name} is now {membership.get_role_display()}."
        )
    return redirect(_url("members", workspace))


@team_page(admin_only=True)
def remove_member(request: HttpRequest, workspace: Workspace, membership_id: int) -> HttpResponse:
    membership: Membership = _get_or_404(
        workspace.memberships.select_related("user", "workspace"), membership_id
    )
    if not can_manage_member(request.user, membership):
        raise PermissionDenied
    leaving = membership.user_id == request.user.pk
    if request.method == "POST":
        try:
            services.remove_member(membership)
        except WorkspaceError as error:
            messages.error(request, str(error))
            return redirect(_url("members", workspace))
        messages.success(request, f"{membership.user.display_name} is no longer on the team.")
        if leaving:
            return redirect("feedback:workspace_home", workspace_slug=workspace.slug)
        return redirect(_url("members", workspace))
    who = "yourself" if leaving else f"{membership.user.display_name} ({membership.user.email})"
    return _confirm_page(
        request,
        workspace,
        title=f"Remove {who} from the team?",
        explanation=(
            "They keep their account, ideas, votes and comments, "
            "but lose the team pages and private boards."
        ),
        action="Remove from the team",
        section="members",
        cancel_url=_url("members", workspace),
    )


@require_POST
@team_page(admin_only=True)
def invite_member(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    roles = roles_assignable_by(request.user, workspace)
    form = InviteForm(request.POST, workspace=workspace, roles=roles)
    if not form.is_valid():
        return _members_page(request, workspace, form, status=400)
    invitation, token = services.invite_member(
        workspace, form.cleaned_data["email"], form.cleaned_data["role"], request.user
    )
    send_templated_email(
        "invitation",
        invitation.email,
        {
            "workspace_name": workspace.name,
            "inviter_name": request.user.display_name,
            "role": invitation.get_role_display(),
            "accept_url": settings.SITE_URL + _url("accept_invitation", workspace, token=token),
        },
    )
    messages.success(request, f"Invitation sent to {invitation.email}.")
    return redirect(_url("members", workspace))


@login_required
def accept_invitation(request: HttpRequest, workspace_slug: str, token: str) -> HttpResponse:
    """The link in the invitation email: a signed-in person confirms to join the team."""
    workspace = workspace_or_404(workspace_slug)
    context = {"workspace": workspace, "is_team": is_team_member(request.user, workspace)}
    try:
        invitation = services.find_invitation(token)
    except services.InvitationInvalid:
        invitation = None
    if invitation is None or invitation.workspace_id != workspace.pk:
        return TemplateResponse(
            request, "workspaces/accept_invitation.html", {**context, "invalid": True}, status=404
        )
    if context["is_team"]:
        # Accepting would overwrite their role, perhaps demoting the workspace's owner.
        messages.info(request, f"You are already on {workspace.name}'s team.")
        return redirect(_url("dashboard", workspace))
    if request.method == "POST":
        try:
            services.accept_invitation(token, request.user)
        except services.InvitationInvalid:
            return TemplateResponse(
                request,
                "workspaces/accept_invitation.html",
                {**context, "invalid": True},
                status=404,
            )
        messages.success(request, f"Welcome to {workspace.name}'s team.")
        return redirect(_url("dashboard", workspace))
    return TemplateResponse(
        request, "workspaces/accept_invitation.html", {**context, "invitation": invitation}
    )


# API keys ------------------------------------------------------------------


def _api_keys_page(
    request: HttpRequest, workspace: Workspace, form: ApiKeyForm, status: int = 200
) -> TemplateResponse:
    return _page(
        request,
        "workspaces/api_keys.html",
        workspace,
        {
            "keys": workspace.api_keys.select_related("created_by"),
            "form": form,
            "section": "api_keys",
        },
        status=status,
    )


@team_page(admin_only=True)
def api_keys(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    return _api_keys_page(request, workspace, ApiKeyForm())


@require_POST
@team_page(admin_only=True)
def create_api_key(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _api_keys_page(request, workspace, form, status=400)
    key, secret = services.create_api_key(workspace, form.cleaned_data["name"], request.user)
    # The secret is in this one response only: it is not stored and must not be cached.
    response = _page(
        request,
        "workspaces/api_key_created.html",
        workspace,
        {"key": key, "secret": secret, "section": "api_keys"},
        status=201,
    )
    response["Cache-Control"] = "no-store"
    return response


@team_page(admin_only=True)
def revoke_api_key(request: HttpRequest, workspace: Workspace, key_id: int) -> HttpResponse:
    key: ApiKey = _get_or_404(workspace.api_keys.all(), key_id)
    if request.method == "POST":
        services.revoke_api_key(key)
        messages.success(request, f"The key “{key.name}” is revoked; it no longer works.")
        return redirect(_url("api_keys", workspace))
    return _confirm_page(
        request,
        workspace,
        title=f"Revoke the key “{key.name}” ({key.key_prefix}…)?",
        explanation="Anything using it stops working at once. This cannot be undone.",
        action="Revoke key",
        section="api_keys",
        cancel_url=_url("api_keys", workspace),
    )
