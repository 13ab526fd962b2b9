"""Outbound webhooks: where a workspace wants to hear about events, and each delivery.

A WebhookDelivery is written in the same transaction as the change it describes
(the outbox), one per subscribed endpoint; the worker claims and sends it, and
every try is kept as a WebhookAttempt for the team's delivery log.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groundswell.workspaces.models import Workspace


class EndpointKind(models.TextChoices):
    GENERIC = "generic", "JSON webhook (signed)"
    SLACK = "slack", "Slack incoming webhook"


class WebhookEventKind(models.TextChoices):
    """What an endpoint can subscribe to. The values are the payload's `kind`: stable."""

    IDEA_CREATED = "idea.created", "Idea created"
    STATUS_CHANGED = "idea.status_changed", "Status changed"
    IDEA_MERGED = "idea.merged", "Ideas merged"
    VOTE_ADDED = "vote.added", "Vote added"
    COMMENT_ADDED = "comment.added", "Comment added"
    CHANGELOG_PUBLISHED = "changelog.published", "Changelog entry published"


# The "send a test event" button's kind; never subscribed to.
TEST_EVENT_KIND = "webhook.test"


def new_signing_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField("URL", max_length=2000)
    kind = models.CharField(max_length=10, choices=EndpointKind.choices)
    events = models.JSONField(default=list, help_text="WebhookEventKind values")
    # Kept in the clear because every delivery is signed with it; shown only on request.
    secret = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # Every vote, idea and comment asks this: one small index scan, usually empty.
            models.Index(
                fields=["workspace"], condition=Q(is_active=True), name="webhook_endpoint_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.display_url}"

    @property
    def is_signed(self) -> bool:
        return self.kind == EndpointKind.GENERIC

    @property
    def display_url(self) -> str:
        """The URL without what may be a credential: Slack's path is its secret, and
        tokens often ride in a query string or a long path."""
        scheme, _, rest = self.url.partition("://")
        host, _, path = rest.partition("/")
        path, query, _ = path.partition("?")
        if self.kind == EndpointKind.SLACK or len(path) > 40:
            return f"{scheme}://{host}/{path[:12]}…" if path else f"{scheme}://{host}"
        return f"{scheme}://{host}/{path}" + ("?…" if query else "")

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEventKind.choices)
        return [labels.get(kind, kind) for kind in self.events]


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Given up"


class WebhookDelivery(models.Model):
    """One event for one endpoint: the durable queue row and its latest outcome."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField()
    kind = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10,
        choices=WebhookDeliveryStatus.choices,
        default=WebhookDeliveryStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    replay_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The worker's queue: only rows still to send (or stuck sending) are indexed.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="webhook_delivery_queue",
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to endpoint {self.endpoint_id}"

    @property
    def is_waiting(self) -> bool:
        return self.status in (WebhookDeliveryStatus.PENDING, WebhookDeliveryStatus.SENDING)


class WebhookAttempt(models.Model):
    """One try at sending a delivery: what the receiver answered, and how fast."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_body = models.TextField(blank=True, help_text="The first 1,000 characters")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"attempt on delivery {self.delivery_id}: {self.status_code or self.error[:40]}"
