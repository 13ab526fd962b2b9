"""The team's pages for running a workspace."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from groundswell.workspaces.permissions import is_team_member
from groundswell.workspaces.queries import workspace_or_404


def dashboard(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    if not is_team_member(request.user, workspace):
        raise PermissionDenied
    return TemplateResponse(
        request, "workspaces/dashboard.html", {"workspace": workspace, "is_team": True}
    )
