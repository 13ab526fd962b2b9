"""Closing the loop: events worth telling people about, who hears of them, and how.

An Event is written in the same transaction as the change it describes (the
outbox); the worker fans it out into Delivery rows, one per person and channel,
and sends the email ones. The Delivery rows are the durable queue.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groundswell.feedback.models import Idea, StatusMeaning
from groundswell.outbox import QueuedEmail, QueueStatus
from groundswell.workspaces.models import Workspace


class NotificationLevel(models.TextChoices):
    ALL = "all", "Everything about ideas I take part in"
    STATUS = "status", "Status changes"
    SHIPPED_ONLY = "shipped_only", "Only when an idea ships"
    NONE = "none", "Nothing"


class NotificationPreference(models.Model):
    """How much a person wants to hear from one workspace. No row means STATUS."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(
        max_length=20, choices=NotificationLevel.choices, default=NotificationLevel.STATUS
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "workspace"], name="one_notification_preference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} hears {self.level} from {self.workspace}"

    @staticmethod
    def levels_that_hear(meaning: str) -> list[str]:
        """The levels whose people hear about a status change to this meaning."""
        levels = [NotificationLevel.ALL, NotificationLevel.STATUS]
        if meaning == StatusMeaning.SHIPPED:
            levels.append(NotificationLevel.SHIPPED_ONLY)
        return levels


class IdeaNotificationPreference(models.Model):
    """How much a person wants to hear about one idea, chosen when they voted or posted
    or on their settings page. It overrides their workspace level for that idea and for
    the idea it is merged into; within a merged cluster the most recent choice counts."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idea_notification_preferences",
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=20, choices=NotificationLevel.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "idea"], name="one_idea_notification_level")
        ]
        indexes = [models.Index(fields=["idea", "person"], name="idea_level_by_idea")]

    def __str__(self) -> str:
        return f"{self.person} hears {self.level} about {self.idea_id}"


class EventKind(models.TextChoices):
    STATUS_CHANGED = "status_changed", "Status changed"
    COMMENT_ADDED = "comment_added", "New comment"
    OFFICIAL_REPLY = "official_reply", "Reply from the team"

    @classmethod
    def about_comments(cls) -> tuple[str, ...]:
        return (cls.COMMENT_ADDED, cls.OFFICIAL_REPLY)


class Event(models.Model):
    """Something people should hear about, written in the transaction that made it happen."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(fanned_out_at__isnull=True),
                name="event_awaiting_fan_out",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.idea_id}"

    @property
    def levels_that_hear(self) -> list[str]:
        """The notification levels whose people hear about this event."""
        if self.kind in EventKind.about_comments():
            return [NotificationLevel.ALL]
        return NotificationPreference.levels_that_hear(self.payload.get("meaning", ""))


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    IN_APP = "in_app", "In the app"


DeliveryStatus = QueueStatus


class Delivery(QueuedEmail):
    """One person hearing about one event through one channel."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "channel"], name="one_delivery_per_channel"
            )
        ]
        indexes = [
            # The worker's queue: only rows still to send (or stuck sending) are indexed.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="delivery_queue",
            ),
            models.Index(
                fields=["person", "-created_at"],
                condition=Q(channel="in_app"),
                name="delivery_in_app_by_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.person_id} for event {self.event_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
