"""Site-wide pages: the list of workspaces and the health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from groundswell.workspaces.models import Workspace


def home(request: HttpRequest) -> HttpResponse:
    workspaces = list(Workspace.objects.all()[:2])
    if len(workspaces) == 1:
        return redirect("feedback:workspace_home", workspace_slug=workspaces[0].slug)
    return TemplateResponse(request, "home.html", {"workspaces": Workspace.objects.all()})


def health(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
