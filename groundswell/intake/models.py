"""How each workspace receives feedback from outside: its inbound email address,
its Slack app's signing secret and its generic webhook's secret.

May import workspaces. Writes go through intake/services.py.
"""

import secrets

from django.db import models
from django.utils import timezone

from groundswell.workspaces.models import Workspace

# Lower-case letters and digits only: mail systems treat local parts case-insensitively.
TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105


def new_email_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(16))


def new_webhook_salt() -> str:
    return secrets.token_urlsafe(24)


class IntakeSettings(models.Model):
    """One row per workspace, created when an admin first opens the channels page
    (or when a channel needs it).

    The webhook secret itself is never stored: it is derived from SECRET_KEY and
    `webhook_salt` (see services.webhook_secret), so a database copy alone cannot
    forge webhooks, and rotating it means choosing a new salt. The Slack signing
    secret is Slack's, entered by the admin; verifying Slack's signatures needs it
    as it is, so it is kept as entered and never shown again in full; so is the
    optional Slack bot token, used only to look message authors up (users.info).
    """

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="intake_settings"
    )
    email_token = models.CharField(
        max_length=40, unique=True, default=new_email_token, help_text="<token>@inbound domain"
    )
    slack_signing_secret = models.CharField(max_length=200, blank=True)
    slack_bot_token = models.CharField(
        max_length=255,
        blank=True,
        help_text="Optional xoxb- token with users:read.email, to learn message authors' emails.",
    )
    webhook_salt = models.CharField(max_length=64, default=new_webhook_salt)
    webhook_rotated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "intake settings"
        verbose_name_plural = "intake settings"

    def __str__(self) -> str:
        return f"Intake for {self.workspace}"

    @property
    def slack_configured(self) -> bool:
        return bool(self.slack_signing_secret)
