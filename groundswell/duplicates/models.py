"""What the duplicate engine keeps about ideas: their embeddings and the team's merge queue."""

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from groundswell.feedback.models import Idea
from groundswell.workspaces.models import Workspace


class IdeaEmbedding(models.Model):
    """An idea's sentence embedding (float32, unit length) and its hubness, computed in
    the background whenever the idea is created or edited."""

    idea = models.OneToOneField(
        Idea, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    vector = models.BinaryField()
    hubness = models.FloatField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["workspace", "updated_at"], name="embedding_changes")]

    def __str__(self) -> str:
        return f"Embedding of idea {self.idea_id}"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Merged"
    DISMISSED = "dismissed", "Dismissed"
    UNDONE = "undone", "Merge undone"


class MergeSuggestion(models.Model):
    """ "`idea` may duplicate `similar_to`": a pair for the team to merge or dismiss.

    One row per pair, ever: a dismissed pair is never suggested again.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="merge_suggestions"
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="duplicate_suggestions")
    similar_to = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    passages = models.JSONField(
        default=list, help_text="Pairs of matching passages: [[from idea, from similar_to], …]."
    )
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "similar_to"], name="one_suggestion_per_pair"),
            models.CheckConstraint(condition=~Q(idea=models.F("similar_to")), name="not_itself"),
        ]
        indexes = [models.Index(fields=["workspace", "status", "-created_at"], name="queue")]

    def __str__(self) -> str:
        return f"{self.idea_id} may duplicate {self.similar_to_id} ({self.score:.2f})"
