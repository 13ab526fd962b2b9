"""The changelog: entries announcing what shipped, and the people subscribed by email.

An entry is a draft until it is published (`published_at`). Publishing marks its
linked ideas shipped and writes one ChangelogEmail row per confirmed subscriber
in the same transaction; the worker sends those rows (groundswell.outbox).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groundswell.feedback.models import Idea
from groundswell.outbox import QueuedEmail, QueueStatus
from groundswell.workspaces.models import Workspace


class Label(models.TextChoices):
    NEW = "new", "New"
    IMPROVED = "improved", "Improved"
    FIXED = "fixed", "Fixed"


class ChangelogEntry(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="changelog_entries"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    # A few values of Label, in Label's order; a list is all a handful of fixed labels needs.
    labels = models.JSONField(default=list, blank=True)
    ideas = models.ManyToManyField(Idea, blank=True, related_name="changelog_entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="Empty while a draft.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "changelog entries"
        indexes = [
            models.Index(
                fields=["workspace", "-published_at", "-id"],
                condition=Q(published_at__isnull=False),
                name="changelog_published",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def label_names(self) -> list[str]:
        return [Label(value).label for value in self.labels if value in Label.values]


class ChangelogSubscriber(models.Model):
    """An address that confirmed it wants the workspace's changelog by email (double opt-in).

    Rows exist only once confirmed: asking to subscribe stores nothing.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    confirmed_at = models.DateTimeField(default=timezone.now)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "email"], name="one_changelog_subscription"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.workspace}"

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None


EmailStatus = QueueStatus


class ChangelogEmail(QueuedEmail):
    """One subscriber hearing about one published entry: a durable row the worker sends."""

    entry = models.ForeignKey(ChangelogEntry, on_delete=models.CASCADE, related_name="emails")
    subscriber = models.ForeignKey(
        ChangelogSubscriber, on_delete=models.CASCADE, related_name="emails"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "subscriber"], name="one_changelog_email_per_subscriber"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="changelog_email_queue",
            )
        ]

    def __str__(self) -> str:
        return f"entry {self.entry_id} to subscriber {self.subscriber_id}"
