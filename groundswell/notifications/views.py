"""The notification centre, the one-click unsubscribe page and a person's settings:
how much they hear from each workspace and about each idea."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from groundswell.feedback.models import Idea
from groundswell.notifications import queries, services
from groundswell.notifications.errors import BadUnsubscribeLink
from groundswell.notifications.forms import IdeaLevelForm, WorkspaceLevelsForm
from groundswell.notifications.models import NotificationLevel, NotificationPreference
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import can_view_idea

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


# Settings: what a person hears ---------------------------------------------------


def _idea_level_target(request: HttpRequest, idea: Idea, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("feedback:idea", args=[idea.workspace.slug, idea.pk])


@login_required
@require_http_methods(["GET", "POST"])
def idea_level(request: HttpRequest, idea_id: int) -> HttpResponse:
    """Ask, or save, how much the person wants to hear about one idea."""
    idea = Idea.objects.select_related("workspace", "board").filter(pk=idea_id).first()
    if idea is None or not can_view_idea(request.user, idea):
        raise Http404("No such idea.")
    form = IdeaLevelForm(request.POST or None)
    saved = False
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(
                request,
                "notifications/idea_level.html",
                {"idea": idea, "form": form, "level": queries.level_for_idea(request.user, idea)},
                status=400,
            )
        services.set_idea_level(request.user, idea, form.cleaned_data["level"])
        saved = True
        if not request.htmx:
            messages.success(request, f"Saved: what you hear about “{idea.title}”.")
            return redirect(_idea_level_target(request, idea, form.cleaned_data["next"]))
    context = {
        "idea": idea,
        "form": form,
        "level": queries.level_for_idea(request.user, idea),
        "where": (form.is_bound and form.cleaned_data.get("where")) or "page",
        "saved": saved,
    }
    template = "notifications/idea_level.html"
    if request.htmx:
        template += "#hear"
    return TemplateResponse(request, template, context)


@login_required
@require_POST
def forget_idea_level(request: HttpRequest, idea_id: int) -> HttpResponse:
    """Let the workspace level apply to the idea again. Only ever the person's own row."""
    if services.forget_idea_level(request.user, idea_id):
        messages.success(request, "Removed: your workspace setting applies to that idea again.")
    return redirect("notifications:settings")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """The person's own levels: one per workspace they take part in, and per idea."""
    person = request.user
    workspaces = list(queries.workspaces_taking_part(person))
    levels = dict(
        NotificationPreference.objects.filter(person=person).values_list("workspace_id", "level")
    )
    form = WorkspaceLevelsForm(request.POST or None, workspaces=workspaces, levels=levels)
    if request.method == "POST" and form.is_valid():
        for workspace_id, level in form.chosen_levels().items():
            if levels.get(workspace_id, NotificationLevel.STATUS) != level:
                services.set_level(person.pk, workspace_id, level)
        messages.success(request, "Saved: what you hear from each workspace.")
        return redirect("notifications:settings")
    return TemplateResponse(
        request,
        "notifications/settings.html",
        {"form": form, "idea_preferences": list(queries.idea_preferences(person))},
        status=400 if form.errors else 200,
    )
