"""The team's widget page, /<workspace>/manage/widget/: the embed snippet, the identify
secret, the sites allowed to show the panel, and rotating the secret. Admins and
owners only: the secret lets its holder speak for any customer.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from groundswell.widget import services
from groundswell.widget.forms import AllowedOriginsForm
from groundswell.widget.tokens import MAX_TOKEN_LIFETIME
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.views import team_page


def _settings_url(workspace: Workspace) -> str:
    return reverse("workspaces:widget", kwargs={"workspace_slug": workspace.slug})


@team_page(admin_only=True)
def widget_settings(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    keys = services.widget_keys_for(workspace)
    if request.method == "POST":
        form = AllowedOriginsForm(request.POST)
        if form.is_valid():
            services.set_allowed_origins(keys, form.cleaned_data["origins"])
            messages.success(request, "Saved the sites that may show the feedback panel.")
            return redirect(_settings_url(workspace))
    else:
        form = AllowedOriginsForm(initial={"origins": keys.allowed_origins})
    return TemplateResponse(
        request,
        "widget/manage.html",
        {
            "workspace": workspace,
            "is_team": True,
            "is_admin": True,
            "section": "widget",
            "keys": keys,
            "form": form,
            "site_url": settings.SITE_URL,
            "max_lifetime_hours": MAX_TOKEN_LIFETIME // 3600,
        },
        status=400 if form.errors else 200,
    )


@team_page(admin_only=True)
def rotate_widget_secret(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    keys = services.widget_keys_for(workspace)
    if request.method == "POST":
        services.rotate_secret(keys, request.user)
        messages.success(
            request, "The widget has a new secret. Update your application to sign with it."
        )
        return redirect(_settings_url(workspace))
    return TemplateResponse(
        request,
        "workspaces/confirm.html",
        {
            "workspace": workspace,
            "is_team": True,
            "is_admin": True,
            "section": "widget",
            "title": "Rotate the widget secret?",
            "explanation": "Identify tokens signed with the current secret stop working at once, "
            "and open feedback panels sign their visitors out. The public key stays the same.",
            "action": "Rotate secret",
            "cancel_url": _settings_url(workspace),
        },
    )
