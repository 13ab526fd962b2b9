"""Reads about workspaces that several edges share."""

from django.http import Http404

from groundswell.workspaces.models import Workspace


def workspace_or_404(slug: str) -> Workspace:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise Http404("No such workspace.")
    return workspace
