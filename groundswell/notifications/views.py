"""The notification centre and the one-click unsubscribe page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from groundswell.notifications import queries, services
from groundswell.notifications.errors import BadUnsubscribeLink
from groundswell.workspaces.models import Workspace

PAGE_SIZE = 50


@login_required
def notification_centre(request: HttpRequest) -> HttpResponse:
    notifications = list(queries.in_app_notifications(request.user)[:PAGE_SIZE])
    return TemplateResponse(
        request,
        "notifications/centre.html",
        {"notifications": notifications, "unread": queries.unread_count(request.user)},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, delivery_id: int) -> HttpResponse:
    services.mark_read(request.user, [delivery_id])
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    return redirect("notifications:centre")


# Mail clients POST here without cookies or a CSRF token (RFC 8058 one-click);
# the signed token is what authorises the change.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person_id, workspace_id = services.read_unsubscribe_token(token)
    except BadUnsubscribeLink as error:
        return TemplateResponse(
            request, "notifications/unsubscribe_invalid.html", {"error": str(error)}, status=400
        )
    workspace_name = (
        Workspace.objects.filter(pk=workspace_id).values_list("name", flat=True).first() or ""
    )
    if request.method == "POST":
        services.unsubscribe(token)
        return TemplateResponse(
            request, "notifications/unsubscribed.html", {"workspace_name": workspace_name}
        )
    return TemplateResponse(
        request,
        "notifications/unsubscribe.html",
        {"workspace_name": workspace_name, "token": token},
    )
