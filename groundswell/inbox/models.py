"""Feedback as it arrived from every channel, the people who gave it and their companies.

A FeedbackItem keeps the customer's own words verbatim; linking it to an idea
counts the person's vote there and keeps the item as the idea's evidence.
May import accounts, workspaces and feedback models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groundswell.feedback.models import Idea
from groundswell.workspaces.models import Workspace


class Company(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True)
    plan = models.CharField(max_length=100, blank=True)
    mrr = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="Monthly revenue."
    )
    segment = models.CharField(max_length=100, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="company_name_per_workspace")
        ]

    def __str__(self) -> str:
        return self.name


class CustomerProfile(models.Model):
    """What one workspace knows about a person: their company and custom attributes.

    Per workspace, because the same person may be a customer of several workspaces.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_profiles"
    )
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="customers"
    )
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "person"], name="one_profile_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.company or 'no company'}"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    CHAT = "chat", "Chat"
    SLACK = "slack", "Slack"
    API = "api", "API"
    CSV = "csv", "CSV import"
    WIDGET = "widget", "Widget"
    OTHER = "other", "Other"


class ItemStatus(models.TextChoices):
    NEW = "new", "New"
    LINKED = "linked", "Linked to an idea"
    ARCHIVED = "archived", "Archived"


class FeedbackItem(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="feedback_items"
    )
    text = models.TextField(help_text="The person's own words, kept verbatim.")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    source_url = models.URLField(max_length=2000, blank=True)
    external_id = models.CharField(
        max_length=255,
        blank=True,
        help_text="The source's own id (email Message-ID, Slack message, import row); "
        "receiving the same id twice on the same channel stores one item.",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_items"
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_items",
        help_text="The person's company when the feedback arrived.",
    )
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.NEW)
    idea = models.ForeignKey(
        Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["workspace", "-received_at", "-id"],
                condition=Q(status="new"),
                name="inbox_new_items",
            ),
            models.Index(fields=["workspace", "status", "-received_at"], name="inbox_by_status"),
            models.Index(fields=["idea", "-received_at"], name="inbox_evidence"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "channel", "external_id"],
                condition=~Q(external_id=""),
                name="one_item_per_source_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} from {self.person}"

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")[:200]


class DemandRollup(models.Model):
    """The companies behind a surviving idea, kept by inbox.services.refresh_demand in
    the transaction that changes them, so the team board can sort by revenue with an
    index instead of aggregating every vote. Only ideas with company demand have a row.
    """

    idea = models.OneToOneField(
        Idea, on_delete=models.CASCADE, primary_key=True, related_name="company_demand"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    people = models.PositiveIntegerField(default=0, help_text="People at a company, each once.")
    companies = models.PositiveIntegerField(default=0)
    mrr = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["workspace", "-mrr", "-companies", "-people", "-idea"],
                name="demand_by_revenue",
            ),
            models.Index(
                fields=["workspace", "-companies", "-mrr", "-people", "-idea"],
                name="demand_by_companies",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.companies} companies behind {self.idea_id}"
