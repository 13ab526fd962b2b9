"""Every write of the intake channels: the workspace's channel settings, and filing
what arrived (an email, a Slack message, a webhook call) into the inbox.

Filing always goes through inbox.services.receive_feedback with the source's own
id, so a retried delivery (SMTP re-send, provider webhook retry, Slack replay,
webhook re-post) stores one item. Services trust their arguments: signatures and
permissions are checked at the edge.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from groundswell.inbox.models import Channel, FeedbackItem
from groundswell.inbox.services import receive_feedback
from groundswell.intake.errors import UnknownAddress
from groundswell.intake.inbound_email import InboundEmail
from groundswell.intake.models import IntakeSettings, new_email_token, new_webhook_salt
from groundswell.workspaces.models import Membership, Workspace

WEBHOOK_SECRET_PREFIX = "gswh_"  # noqa: S105


def intake_settings(workspace: Workspace) -> IntakeSettings:
    """The workspace's channel settings, created with a fresh address and secret on first use."""
    found, _ = IntakeSettings.objects.get_or_create(workspace=workspace)
    return found


def inbound_address(intake: IntakeSettings) -> str:
    return f"{intake.email_token}@{settings.INBOUND_EMAIL_DOMAIN}"


def webhook_secret(intake: IntakeSettings) -> str:
    """The generic webhook's secret, derived from SECRET_KEY and the row's salt (never stored)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"groundswell-intake-webhook:{intake.workspace_id}:{intake.webhook_salt}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return WEBHOOK_SECRET_PREFIX + digest


def rotate_webhook_secret(intake: IntakeSettings) -> str:
    """A new secret; the old one stops working at once. Returns the new secret."""
    intake.webhook_salt = new_webhook_salt()
    intake.webhook_rotated_at = timezone.now()
    intake.save(update_fields=["webhook_salt", "webhook_rotated_at"])
    return webhook_secret(intake)


def rotate_email_address(intake: IntakeSettings) -> str:
    """A new inbound address (when the old one attracts spam); the old one is refused."""
    intake.email_token = new_email_token()
    intake.save(update_fields=["email_token"])
    return inbound_address(intake)


def set_slack_signing_secret(intake: IntakeSettings, secret: str) -> None:
    """Store the signing secret of the workspace's Slack app; empty turns Slack off."""
    intake.slack_signing_secret = secret.strip()
    intake.save(update_fields=["slack_signing_secret"])


def set_slack_bot_token(intake: IntakeSettings, token: str) -> None:
    """Store the optional bot token used to look authors up; empty forgets it."""
    intake.slack_bot_token = token.strip()
    intake.save(update_fields=["slack_bot_token"])


# Email -------------------------------------------------------------------------


def email_token_of(address: str, *, any_domain: bool = False) -> str | None:
    """The token an address carries: `<token>@INBOUND_EMAIL_DOMAIN`, or, for providers
    whose inbound addresses use plus-addressing (`inbox+<token>@provider`), the part
    after the plus when `any_domain` is set."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at or not local:
        return None
    if domain == settings.INBOUND_EMAIL_DOMAIN.lower():
        return local
    if any_domain and "+" in local:
        return local.rpartition("+")[2]
    return None


def workspace_for_address(address: str, *, any_domain: bool = False) -> Workspace:
    token = email_token_of(address, any_domain=any_domain)
    intake = (
        IntakeSettings.objects.select_related("workspace").filter(email_token=token).first()
        if token
        else None
    )
    if intake is None:
        raise UnknownAddress(f"No workspace receives feedback at {address}.")
    return intake.workspace


def file_email(email: InboundEmail, *, any_domain: bool = False) -> list[FeedbackItem]:
    """File the email in the inbox of every workspace it was addressed to (usually one).

    Raises UnknownAddress when none of its recipients is a workspace's address.
    """
    workspaces: dict[int, Workspace] = {}
    for address in email.recipients:
        try:
            workspace = workspace_for_address(address, any_domain=any_domain)
        except UnknownAddress:
            continue
        workspaces.setdefault(workspace.pk, workspace)
    if not workspaces:
        raise UnknownAddress("None of the message's recipients is a Groundswell address.")
    return [_file_email_in(workspace, email) for workspace in workspaces.values()]


def _file_email_in(workspace: Workspace, email: InboundEmail) -> FeedbackItem:
    """A team member forwarding a customer's email files the customer's words under the
    customer; anyone else's email is filed under its sender, forward or not."""
    forwarded = email.forwarded
    if forwarded is not None and forwarded.body and _is_team_address(email.sender_email, workspace):
        return receive_feedback(
            workspace,
            forwarded.feedback_text,
            Channel.EMAIL,
            forwarded.sender_email,
            name=forwarded.sender_name,
            received_at=email.sent_at,
            external_id=email.message_id,
        )
    return receive_feedback(
        workspace,
        email.feedback_text,
        Channel.EMAIL,
        email.sender_email,
        name=email.sender_name,
        received_at=email.sent_at,
        external_id=email.message_id,
    )


def _is_team_address(email: str, workspace: Workspace) -> bool:
    return Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists()


# Slack -------------------------------------------------------------------------


@dataclass(frozen=True)
class SlackMessage:
    team_id: str
    team_domain: str
    channel_id: str
    ts: str  # the message's timestamp, Slack's id for it within the channel
    user_id: str
    user_name: str
    text: str
    user_email: str = ""  # known only when the workspace's bot token could look it up

    @property
    def permalink(self) -> str:
        """Slack's documented permalink shape, built without an API call."""
        if not self.team_domain or not self.ts:
            return ""
        return (
            f"https://{self.team_domain}.slack.com/archives/{self.channel_id}/"
            f"p{self.ts.replace('.', '')}"
        )

    @property
    def placeholder_email(self) -> str:
        """Slack does not tell us the author's email without a bot token. The person is
        filed under a stable address that can never receive mail (RFC 2606 `.invalid`),
        one per Slack user and Slack workspace, so their items and votes stay together."""
        return f"{self.user_id}@{self.team_id}.slack.invalid".lower()


def file_slack_message(
    workspace: Workspace, message: SlackMessage, external_id: str
) -> FeedbackItem:
    return receive_feedback(
        workspace,
        message.text,
        Channel.SLACK,
        message.user_email or message.placeholder_email,
        name=message.user_name or f"Slack user {message.user_id}",
        source_url=message.permalink,
        received_at=_slack_time(message.ts),
        external_id=external_id,
    )


def _slack_time(ts: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), tz=timezone.UTC)
    except (TypeError, ValueError, OverflowError):
        return None


# Generic webhook -----------------------------------------------------------------


def file_webhook_feedback(
    workspace: Workspace,
    *,
    text: str,
    email: str,
    name: str = "",
    company: str = "",
    source_url: str = "",
    external_id: str = "",
    received_at: datetime | None = None,
) -> tuple[FeedbackItem, bool]:
    """File a webhook call; returns the item and whether it is new (False for a re-send)."""
    already = (
        bool(external_id)
        and FeedbackItem.objects.filter(
            workspace=workspace, channel=Channel.API, external_id=external_id
        ).exists()
    )
    item = receive_feedback(
        workspace,
        text,
        Channel.API,
        email,
        name=name,
        company_name=company,
        source_url=source_url,
        received_at=received_at,
        external_id=external_id,
    )
    return item, not already


def file_slack_command(
    workspace: Workspace, text: str, email: str, external_id: str
) -> FeedbackItem:
    """A slash command naming the customer (`/feedback dana@initech.example …`)."""
    return receive_feedback(workspace, text, Channel.SLACK, email, external_id=external_id)
