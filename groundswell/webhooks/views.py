"""The team's webhook pages, under /<workspace>/manage/webhooks/ (admins and owners only).

Endpoints are found only inside the workspace (anything else is a 404). A
signing secret is shown once when the endpoint is created, then only when an
admin asks for it with a POST (reveal or rotate), on a page that is not cached.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.webhooks import queries, services
from groundswell.webhooks.forms import EndpointForm
from groundswell.webhooks.models import WebhookEndpoint
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.views import team_page


def _url(name: str, workspace: Workspace, **kwargs) -> str:
    return reverse(f"workspaces:{name}", kwargs={"workspace_slug": workspace.slug, **kwargs})


def _page(
    request: HttpRequest, template: str, workspace: Workspace, context: dict, status: int = 200
) -> TemplateResponse:
    base = {"workspace": workspace, "is_team": True, "is_admin": True, "section": "webhooks"}
    return TemplateResponse(request, template, {**base, **context}, status=status)


def _endpoint_or_404(workspace: Workspace, endpoint_id: int) -> WebhookEndpoint:
    endpoint = queries.endpoint_or_none(workspace, endpoint_id)
    if endpoint is None:
        raise Http404("No such webhook in this workspace.")
    return endpoint


def _form_page(
    request: HttpRequest, workspace: Workspace, form: EndpointForm, title: str, submit: str
) -> TemplateResponse:
    return _page(
        request,
        "workspaces/form_page.html",
        workspace,
        {"form": form, "title": title, "submit": submit, "cancel_url": _url("webhooks", workspace)},
        status=400 if form.errors else 200,
    )


def _secret_page(
    request: HttpRequest, workspace: Workspace, endpoint: WebhookEndpoint, *, new: bool
) -> TemplateResponse:
    response = _page(request, "webhooks/secret.html", workspace, {"endpoint": endpoint, "new": new})
    response["Cache-Control"] = "no-store"
    return response


@team_page(admin_only=True)
def endpoints(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    return _page(
        request,
        "webhooks/endpoints.html",
        workspace,
        {"endpoints": queries.endpoints_of(workspace)},
    )


@team_page(admin_only=True)
def create_endpoint(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        endpoint = services.create_endpoint(
            workspace,
            url=data["url"],
            kind=data["kind"],
            events=data["events"],
            is_active=data["is_active"],
            created_by=request.user,
        )
        messages.success(request, f"Webhook {endpoint.display_url} added.")
        if endpoint.is_signed:
            return _secret_page(request, workspace, endpoint, new=True)
        return redirect(_url("webhooks", workspace))
    return _form_page(request, workspace, form, "New webhook", "Add webhook")


@team_page(admin_only=True)
def edit_endpoint(request: HttpRequest, workspace: Workspace, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(workspace, endpoint_id)
    form = EndpointForm(
        request.POST or None,
        initial={
            "url": endpoint.url,
            "kind": endpoint.kind,
            "events": endpoint.events,
            "is_active": endpoint.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_endpoint(endpoint, **form.cleaned_data)
        messages.success(request, f"Webhook {endpoint.display_url} saved.")
        return redirect(_url("webhooks", workspace))
    return _form_page(request, workspace, form, f"Edit webhook {endpoint.display_url}", "Save")


@team_page(admin_only=True)
def delete_endpoint(request: HttpRequest, workspace: Workspace, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(workspace, endpoint_id)
    if request.method == "POST":
        services.delete_endpoint(endpoint)
        messages.success(request, f"Webhook {endpoint.display_url} deleted.")
        return redirect(_url("webhooks", workspace))
    return _page(
        request,
        "workspaces/confirm.html",
        workspace,
        {
            "title": f"Delete the webhook {endpoint.display_url}?",
            "explanation": "Nothing more is sent to it, and its delivery log is deleted too.",
            "action": "Delete webhook",
            "cancel_url": _url("webhooks", workspace),
        },
    )


@require_POST
@team_page(admin_only=True)
def send_test_event(request: HttpRequest, workspace: Workspace, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(workspace, endpoint_id)
    services.send_test_event(endpoint, request.user)
    messages.success(request, "Test event queued; its result shows here within seconds.")
    return redirect(_url("webhook_deliveries", workspace, endpoint_id=endpoint.pk))


@require_POST
@team_page(admin_only=True)
def reveal_secret(request: HttpRequest, workspace: Workspace, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(workspace, endpoint_id)
    if not endpoint.is_signed:
        raise Http404("Slack webhooks have no signing secret.")
    return _secret_page(request, workspace, endpoint, new=False)


@require_POST
@team_page(admin_only=True)
def rotate_secret(request: HttpRequest, workspace: Workspace, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(workspace, endpoint_id)
    if not endpoint.is_signed:
        raise Http404("Slack webhooks have no signing secret.")
    services.rotate_secret(endpoint)
    messages.success(request, "New signing secret made; deliveries from now on are signed with it.")
    return _secret_page(request, workspace, endpoint, new=True)


@team_page(admin_only=True)
def deliveries(request: HttpRequest, workspace: Workspace, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(workspace, endpoint_id)
    return _page(
        request,
        "webhooks/deliveries.html",
        workspace,
        {"endpoint": endpoint, "deliveries": queries.delivery_log(endpoint)},
    )


@require_POST
@team_page(admin_only=True)
def replay_delivery(
    request: HttpRequest, workspace: Workspace, endpoint_id: int, delivery_id: int
) -> HttpResponse:
    endpoint = _endpoint_or_404(workspace, endpoint_id)
    delivery = endpoint.deliveries.filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404("No such delivery for this webhook.")
    services.replay_delivery(delivery)
    messages.success(request, f"The {delivery.kind} event is queued again.")
    return redirect(_url("webhook_deliveries", workspace, endpoint_id=endpoint.pk))
