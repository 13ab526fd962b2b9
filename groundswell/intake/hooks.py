"""The machine endpoints under /intake/: Slack's shortcut and slash command, the
generic inbound webhook, and the email providers' inbound webhooks (django-anymail).

These are the only CSRF-exempt views: no browser session is involved, and each
verifies its own signature before reading anything (Slack's v0 signature, the
Groundswell-Signature, or anymail's basic auth) and files through services.
"""

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from groundswell.inbox.attributes import check_storable as _storable
from groundswell.intake import services, slack_api
from groundswell.intake.errors import BadSignature, IntakeError, StaleRequest
from groundswell.intake.inbound_email import parse_email
from groundswell.intake.models import IntakeSettings
from groundswell.intake.signatures import verify_slack_request, verify_webhook_request
from groundswell.intake.tasks import queue_slack_confirmation

logger = logging.getLogger(__name__)

# A webhook call carries one piece of feedback; anything bigger is refused unread.
WEBHOOK_MAX_BYTES = 256 * 1024
TEXT_MAX_CHARS = 50_000


def _problem(status: int, title: str, detail: str, code: str, **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body.update(code=code, **extra)
    return JsonResponse(body, status=status, content_type="application/problem+json")


def _intake_for(workspace_slug: str) -> IntakeSettings | None:
    return (
        IntakeSettings.objects.select_related("workspace")
        .filter(workspace__slug=workspace_slug)
        .first()
    )


def _too_large(request: HttpRequest, limit: int) -> bool:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    return declared > limit


def _inbox_url(intake: IntakeSettings) -> str:
    return settings.SITE_URL + reverse(
        "workspaces:inbox", kwargs={"workspace_slug": intake.workspace.slug}
    )


# Slack -----------------------------------------------------------------------------


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ephemeral(text: str) -> JsonResponse:
    return JsonResponse({"response_type": "ephemeral", "text": text})


def _verified_slack_form(
    request: HttpRequest, workspace_slug: str
) -> tuple[IntakeSettings | None, HttpResponse | None]:
    """The workspace and Slack's form fields, or the response refusing the request."""
    if request.method != "POST":
        return None, HttpResponse("Slack posts here.", status=405, headers={"Allow": "POST"})
    intake = _intake_for(workspace_slug)
    if intake is None or not intake.slack_configured:
        return None, HttpResponse("Slack is not set up for this workspace.", status=404)
    if _too_large(request, WEBHOOK_MAX_BYTES):
        return None, HttpResponse("Request too large.", status=413)
    try:
        verify_slack_request(
            intake.slack_signing_secret,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
            request.body,
        )
    except BadSignature as error:
        return None, HttpResponse(str(error), status=401)
    return intake, None


@csrf_exempt
def slack_shortcut(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    """Slack's interactivity URL: the "Send to Groundswell" message shortcut."""
    intake, refusal = _verified_slack_form(request, workspace_slug)
    if refusal is not None:
        return refusal
    try:
        payload = json.loads(request.POST.get("payload", ""))
    except json.JSONDecodeError:
        return HttpResponse("The payload field is not JSON.", status=400)
    if not isinstance(payload, dict) or payload.get("type") != "message_action":
        return _ephemeral("Groundswell only handles its “Send to Groundswell” message shortcut.")
    message = payload.get("message") or {}
    team = payload.get("team") or {}
    channel = payload.get("channel") or {}
    text = str(message.get("text") or "").strip()
    ts = str(message.get("ts") or payload.get("message_ts") or "")
    if not text or not ts or not team.get("id") or not channel.get("id"):
        return _ephemeral("This message has no text that Groundswell can keep.")
    profile = message.get("user_profile") or {}
    slack_message = services.SlackMessage(
        team_id=str(team["id"]),
        team_domain=str(team.get("domain") or ""),
        channel_id=str(channel["id"]),
        ts=ts,
        user_id=str(message.get("user") or message.get("bot_id") or "unknown"),
        user_name=str(
            profile.get("real_name") or profile.get("display_name") or message.get("username") or ""
        )[:150],
        text=text,
    )
    external_id = f"{slack_message.team_id}:{slack_message.channel_id}:{ts}"
    slack_message = _with_author(intake, slack_message, has_user=bool(message.get("user")))
    item = services.file_slack_message(intake.workspace, slack_message, external_id)
    confirmation = (
        f"Sent to {_slack_escape(intake.workspace.name)}'s Groundswell inbox "
        f"(item {item.pk}): {_inbox_url(intake)}"
    )
    # Slack shows nothing of this answer's body for a shortcut; the confirmation the
    # person sees goes to response_url. The body stays for logs and older clients.
    queue_slack_confirmation(str(payload.get("response_url") or ""), confirmation)
    return _ephemeral(confirmation)


@csrf_exempt
def slack_command(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    """Slack's slash command URL: `/feedback [customer@example.com] what they said`."""
    intake, refusal = _verified_slack_form(request, workspace_slug)
    if refusal is not None:
        return refusal
    form = request.POST
    if form.get("ssl_check"):
        return HttpResponse("")
    text = (form.get("text") or "").strip()
    if not text:
        return _ephemeral(
            f"Usage: {_slack_escape(form.get('command') or '/feedback')} "
            "[customer@example.com] what the customer said"
        )
    user_id = form.get("user_id") or "unknown"
    slack_message = services.SlackMessage(
        team_id=form.get("team_id") or "unknown",
        team_domain=form.get("team_domain") or "",
        channel_id=form.get("channel_id") or "",
        ts="",
        user_id=user_id,
        user_name=(form.get("user_name") or "")[:150],
        text=text,
    )
    email, words = _leading_email(text)
    external_id = (
        f"{slack_message.team_id}:{slack_message.channel_id}:command:{form.get('trigger_id')}"
        if form.get("trigger_id")
        else ""
    )
    if email:
        item = services.file_slack_command(intake.workspace, words, email, external_id)
    else:
        slack_message = _with_author(intake, slack_message, has_user=user_id != "unknown")
        item = services.file_slack_message(intake.workspace, slack_message, external_id)
    return _ephemeral(
        f"Sent to {_slack_escape(intake.workspace.name)}'s Groundswell inbox "
        f"(item {item.pk}): {_inbox_url(intake)}"
    )


def _with_author(
    intake: IntakeSettings, message: services.SlackMessage, *, has_user: bool
) -> services.SlackMessage:
    """The author's real email and name, when the workspace's bot token can look them up."""
    if not (has_user and intake.slack_bot_token):
        return message
    profile = slack_api.look_up_user(intake.slack_bot_token, message.user_id)
    if profile is None:
        return message
    return replace(message, user_email=profile.email, user_name=profile.name or message.user_name)


def _leading_email(text: str) -> tuple[str, str]:
    """`/feedback dana@initech.example wants SSO` files Dana's words under Dana."""
    first, _, rest = text.partition(" ")
    first = first.strip("<>").removeprefix("mailto:").split("|")[0]
    try:
        validate_email(first)
    except DjangoValidationError:
        return "", text
    return (first, rest.strip()) if rest.strip() else ("", text)


# Generic webhook ---------------------------------------------------------------------


def _valid_email(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError("Enter a valid email address.") from None
    return value


def _valid_url(value: str) -> str:
    value = value.strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError("Enter an http(s) URL.") from None
    return value


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("The feedback text is empty.")
    return value


class WebhookFeedback(BaseModel):
    """One piece of feedback posted by another system; unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    text: Annotated[
        str, Field(max_length=TEXT_MAX_CHARS), AfterValidator(_not_blank), AfterValidator(_storable)
    ]
    email: Annotated[str, Field(max_length=254), AfterValidator(_valid_email)]
    name: Annotated[str, Field(max_length=150), AfterValidator(_storable)] = ""
    company: Annotated[str, Field(max_length=200), AfterValidator(_storable)] = ""
    source_url: Annotated[str, Field(max_length=2000), AfterValidator(_valid_url)] = ""
    external_id: Annotated[str, Field(max_length=255), AfterValidator(_storable)] = ""
    received_at: Annotated[datetime | None, AfterValidator(_aware)] = None


@csrf_exempt
def inbound_webhook(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    """POST /intake/webhook/<workspace>/ with a JSON body signed by Groundswell-Signature."""
    if request.method != "POST":
        response = _problem(405, "Method not allowed", "POST the feedback here.", "method")
        response["Allow"] = "POST"
        return response
    intake = _intake_for(workspace_slug)
    if intake is None:
        return _problem(404, "Not found", "No workspace with an inbound webhook here.", "not_found")
    if _too_large(request, WEBHOOK_MAX_BYTES):
        return _problem(
            413,
            "Payload too large",
            f"Send at most {WEBHOOK_MAX_BYTES} bytes: one piece of feedback per call.",
            "too_large",
        )
    body = request.body
    try:
        verify_webhook_request(
            services.webhook_secret(intake), request.headers.get("Groundswell-Signature"), body
        )
    except BadSignature as error:
        code = "stale_signature" if isinstance(error, StaleRequest) else "bad_signature"
        return _problem(401, "Unauthorized", str(error), code)
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _problem(400, "Bad request", "The body is not valid JSON.", "malformed_json")
    if not isinstance(data, dict):
        return _problem(400, "Bad request", "Send one JSON object.", "malformed_json")
    try:
        feedback = WebhookFeedback.model_validate(data)
    except ValidationError as error:
        errors = [
            {"field": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
            for e in error.errors(include_url=False, include_input=False)
        ]
        return _problem(
            422, "Invalid input", "Some fields are not valid.", "invalid_input", errors=errors
        )
    item, created = services.file_webhook_feedback(
        intake.workspace,
        text=feedback.text,
        email=feedback.email,
        name=feedback.name.strip(),
        company=feedback.company.strip(),
        source_url=feedback.source_url,
        external_id=feedback.external_id.strip(),
        received_at=feedback.received_at,
    )
    return JsonResponse(
        {"id": item.pk, "status": "created" if created else "already_received"},
        status=201 if created else 200,
    )


# Email providers (django-anymail) ------------------------------------------------------


def on_provider_inbound_email(sender, event, esp_name: str, **kwargs) -> None:
    """anymail's `inbound` signal: read the message like any other and file it.

    What is not feedback (unknown address, auto-reply, too large) is logged and
    acknowledged, so the provider does not retry it forever; a database error
    propagates, the provider gets a 500 and retries later.
    """
    message = event.message
    envelope = (message.envelope_recipient,) if message.envelope_recipient else ()
    try:
        email = parse_email(message.as_bytes(), envelope, message.envelope_sender)
        services.file_email(email, any_domain=True)
    except IntakeError as error:
        logger.info("%s inbound email not filed: %s", esp_name, error)


# Providers anymail supports officially, with a documented inbound webhook.
PROVIDER_VIEWS = {
    "postmark": PostmarkInboundWebhookView,
    "mailgun": MailgunInboundWebhookView,
}


@csrf_exempt
def provider_inbound_email(request: HttpRequest, provider: str) -> HttpResponse:
    """Anymail's inbound view for the provider, refused unless basic auth is configured
    (anymail itself would accept anyone, with only a warning)."""
    anymail = getattr(settings, "ANYMAIL", {})
    view_class = PROVIDER_VIEWS.get(provider)
    if view_class is None or not anymail.get("WEBHOOK_SECRET"):
        return _problem(404, "Not found", "This email provider is not set up.", "not_found")
    if provider == "mailgun" and not anymail.get("MAILGUN_WEBHOOK_SIGNING_KEY"):
        return _problem(404, "Not found", "Mailgun's signing key is not set.", "not_found")
    try:
        return view_class.as_view()(request)
    except AnymailWebhookValidationFailure:
        response = _problem(
            401, "Unauthorized", "Missing or wrong basic auth (or signature).", "bad_credentials"
        )
        response["WWW-Authenticate"] = 'Basic realm="groundswell-inbound-email"'
        return response
