"""The channels page for admins and owners, under /<workspace>/manage/channels/: the
inbound email address, the Slack app's URLs and signing secret, the webhook's URL
and secret. Secrets are shown only here, to admins, and never cached.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.intake import services
from groundswell.intake.forms import SlackBotTokenForm, SlackSecretForm
from groundswell.intake.hooks import PROVIDER_VIEWS
from groundswell.intake.models import IntakeSettings
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.views import team_page


def _absolute(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _channels_url(workspace: Workspace) -> str:
    return reverse("workspaces:channels", kwargs={"workspace_slug": workspace.slug})


def _slack_manifest(workspace: Workspace, shortcut_url: str, command_url: str) -> str:
    """A Slack app manifest: pasting it at api.slack.com/apps creates the app in one step."""
    manifest = {
        "display_information": {
            "name": "Groundswell",
            "description": "Send feedback to Groundswell",
        },
        "features": {
            "bot_user": {"display_name": "Groundswell", "always_online": False},
            "shortcuts": [
                {
                    "name": "Send to Groundswell",
                    "type": "message",
                    "callback_id": "send_to_groundswell",
                    "description": f"File this message in {workspace.name}'s feedback inbox",
                }
            ],
            "slash_commands": [
                {
                    "command": "/feedback",
                    "url": command_url,
                    "description": "Send feedback to Groundswell",
                    "usage_hint": "[customer@example.com] what the customer said",
                    "should_escape": False,
                }
            ],
        },
        "oauth_config": {"scopes": {"bot": ["commands", "users:read", "users:read.email"]}},
        "settings": {
            "interactivity": {"is_enabled": True, "request_url": shortcut_url},
            "org_deploy_enabled": False,
            "socket_mode_enabled": False,
        },
    }
    return json.dumps(manifest, indent=2)


def _channels_page(
    request: HttpRequest,
    workspace: Workspace,
    intake: IntakeSettings,
    form: SlackSecretForm | None = None,
    token_form: SlackBotTokenForm | None = None,
) -> TemplateResponse:
    form = form or SlackSecretForm()
    token_form = token_form or SlackBotTokenForm()
    slug = workspace.slug
    shortcut_url = _absolute("intake:slack_shortcut", workspace_slug=slug)
    command_url = _absolute("intake:slack_command", workspace_slug=slug)
    webhook_url = _absolute("intake:webhook", workspace_slug=slug)
    providers = (
        {name: _absolute("intake:provider_inbound_email", provider=name) for name in PROVIDER_VIEWS}
        if getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET")
        else {}
    )
    response = TemplateResponse(
        request,
        "intake/channels.html",
        {
            "workspace": workspace,
            "is_team": True,
            "is_admin": True,
            "section": "channels",
            "intake": intake,
            "address": services.inbound_address(intake),
            "slack_form": form,
            "token_form": token_form,
            "slack_secret_hint": intake.slack_signing_secret[-4:],
            "shortcut_url": shortcut_url,
            "command_url": command_url,
            "slack_manifest": _slack_manifest(workspace, shortcut_url, command_url),
            "webhook_url": webhook_url,
            "webhook_secret": services.webhook_secret(intake),
            "providers": providers,
        },
        status=400 if form.errors or token_form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@team_page(admin_only=True)
def channels(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    intake = services.intake_settings(workspace)
    return _channels_page(request, workspace, intake)


@require_POST
@team_page(admin_only=True)
def save_slack(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    intake = services.intake_settings(workspace)
    form = SlackSecretForm(request.POST)
    if not form.is_valid():
        return _channels_page(request, workspace, intake, form)
    services.set_slack_signing_secret(intake, form.cleaned_data["signing_secret"])
    if intake.slack_configured:
        messages.success(request, "Slack signing secret saved: Slack requests are accepted.")
    else:
        messages.success(request, "Slack is turned off: its requests are refused.")
    return redirect(_channels_url(workspace))


@require_POST
@team_page(admin_only=True)
def save_slack_bot_token(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    intake = services.intake_settings(workspace)
    form = SlackBotTokenForm(request.POST)
    if not form.is_valid():
        return _channels_page(request, workspace, intake, token_form=form)
    services.set_slack_bot_token(intake, form.cleaned_data["bot_token"])
    if intake.slack_bot_token:
        messages.success(request, "Bot token saved: Slack authors are looked up by email.")
    else:
        messages.success(request, "Bot token forgotten.")
    return redirect(_channels_url(workspace))


@require_POST
@team_page(admin_only=True)
def rotate_webhook_secret(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    services.rotate_webhook_secret(services.intake_settings(workspace))
    messages.success(request, "New webhook secret: the old one no longer works.")
    return redirect(_channels_url(workspace))


@require_POST
@team_page(admin_only=True)
def rotate_email_address(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    address = services.rotate_email_address(services.intake_settings(workspace))
    messages.success(request, f"New inbound address {address}: mail to the old one is refused.")
    return redirect(_channels_url(workspace))
