"""Boards, ideas, votes, comments, tags, statuses and each idea's history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groundswell.workspaces.models import Workspace, hex_colour


class Board(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60)
    description = models.TextField(blank=True)
    is_public = models.BooleanField(default=True, help_text="Private boards show to the team only.")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="board_slug_per_workspace")
        ]

    def __str__(self) -> str:
        return self.name


class StatusMeaning(models.TextChoices):
    """The fixed meanings a workspace's own statuses map to."""

    OPEN = "open", "Open"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    SHIPPED = "shipped", "Shipped"
    CLOSED = "closed", "Closed"


class Status(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="statuses")
    name = models.CharField(max_length=50)
    slug = models.SlugField(max_length=60)
    colour = models.CharField(max_length=7, default="#64748b", validators=[hex_colour])
    position = models.PositiveIntegerField(default=0)
    meaning = models.CharField(max_length=20, choices=StatusMeaning.choices)
    is_default = models.BooleanField(default=False, help_text="Given to new ideas.")

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "statuses"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="status_slug_per_workspace")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_be_voted(self) -> bool:
        return self.meaning not in (StatusMeaning.SHIPPED, StatusMeaning.CLOSED)


class Tag(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=50)
    slug = models.SlugField(max_length=60)
    colour = models.CharField(max_length=7, default="#0ea5e9", validators=[hex_colour])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="tag_slug_per_workspace")
        ]

    def __str__(self) -> str:
        return self.name


class Idea(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="ideas")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="ideas"
    )
    status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="ideas")
    tags = models.ManyToManyField(Tag, blank=True, related_name="ideas")
    # Counters kept by the services in the same transaction as the rows they count.
    # vote_count is the number of distinct people who voted for the idea or for anything
    # merged into it. A merged idea counts 0: its votes count for the idea it was merged into.
    vote_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
        help_text="The surviving idea this one was merged into (always itself unmerged).",
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["board", "-vote_count", "-id"], name="idea_board_top"),
            models.Index(fields=["board", "-created_at", "-id"], name="idea_board_new"),
            models.Index(
                fields=["board", "status", "-vote_count", "-id"], name="idea_board_status_top"
            ),
            models.Index(fields=["workspace", "-vote_count", "-id"], name="idea_workspace_top"),
            models.Index(fields=["workspace", "-created_at", "-id"], name="idea_workspace_new"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def can_be_voted(self) -> bool:
        return self.status.can_be_voted

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def survivor_id(self) -> int:
        """The idea whose demand this idea's votes count towards."""
        return self.merged_into_id or self.pk


class IdeaMerge(models.Model):
    """A merge of one idea into another, with what undoing it must restore."""

    source = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_out")
    target = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_in")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    carried_ideas = models.JSONField(
        default=list, help_text="Ideas merged into the source earlier, moved along with it."
    )
    carried_tags = models.JSONField(default=list, help_text="Tags the merge added to the target.")
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=Q(undone_at__isnull=True), name="one_active_merge"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} into {self.target_id}"


class VoteSource(models.TextChoices):
    PORTAL = "portal", "Portal"
    API = "api", "API"
    ON_BEHALF = "on_behalf", "On behalf, by the team"


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    source = models.CharField(max_length=20, choices=VoteSource.choices, default=VoteSource.PORTAL)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who recorded this vote for the voter, when not the voter.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "voter"], name="one_vote_per_person_per_idea")
        ]
        indexes = [
            models.Index(fields=["created_at", "idea"], name="vote_recent"),
            models.Index(fields=["voter", "-created_at"], name="vote_by_person"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} for {self.idea}"


class Follow(models.Model):
    """A person who wants to hear about an idea. Following an idea also means following
    whatever it is merged into; the followers stay on their idea, so unmerge returns them."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="one_follow_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} follows {self.idea}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="comments"
    )
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    is_internal = models.BooleanField(default=False, help_text="Shown to the team only.")
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["idea", "created_at"], name="comment_by_idea"),
            models.Index(fields=["author", "-created_at"], name="comment_by_person"),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.idea}"

    @property
    def is_public(self) -> bool:
        return not self.is_internal and self.hidden_at is None


class IdeaEventKind(models.TextChoices):
    CREATED = "created", "Created"
    STATUS_CHANGED = "status_changed", "Status changed"
    EDITED = "edited", "Edited"
    MOVED = "moved", "Moved"
    MERGED = "merged", "Another idea merged into it"
    MERGED_INTO = "merged_into", "Merged into another idea"
    UNMERGED = "unmerged", "A merged idea taken out again"
    UNMERGED_FROM = "unmerged_from", "Taken out of the idea it was merged into"


class IdeaEvent(models.Model):
    """What happened to an idea, who did it and when: its history and audit trail."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=IdeaEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.ForeignKey(
        Status, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous_status = models.ForeignKey(
        Status, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(blank=True, help_text="Public message, Markdown.")
    message_html = models.TextField(blank=True, editable=False)
    other_idea = models.ForeignKey(
        Idea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For merges: the idea on the other side.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"], name="event_by_idea")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="status_changed") | Q(status__isnull=False),
                name="status_change_names_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.idea}"
