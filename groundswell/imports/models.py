"""Imports: CSV jobs with their reports, and the record of every row already imported.

ImportJob is one CSV upload (the file, its column mapping, progress and counts);
ImportProblem is one row of its report (a row that was not imported, and why);
ImportedRow remembers each source row that was written, so importing the same
file or export again creates nothing twice. Only imports/services.py writes these;
the ideas, votes, comments, feedback and companies themselves are written through
the feedback and inbox services. May import accounts, workspaces and feedback models.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from groundswell.feedback.models import Board
from groundswell.workspaces.models import Workspace


class ImportKind(models.TextChoices):
    FEEDBACK = "feedback", "Feedback items"
    IDEAS = "ideas", "Ideas"
    VOTES = "votes", "Votes"
    COMPANIES = "companies", "Companies"


class JobStatus(models.TextChoices):
    MAPPING = "mapping", "Waiting for the column mapping"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    board = models.ForeignKey(
        Board,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where imported ideas go, and where votes look for their ideas.",
    )
    filename = models.CharField(max_length=255, blank=True)
    content = models.BinaryField(
        help_text="The uploaded file as it arrived; emptied once the job has run."
    )
    headers = models.JSONField(default=list, blank=True, help_text="The file's column headers.")
    mapping = models.JSONField(
        default=dict, blank=True, help_text="Column header → field; an empty field ignores it."
    )
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.MAPPING)
    total = models.PositiveIntegerField(default=0, help_text="Rows in the file.")
    done = models.PositiveIntegerField(default=0, help_text="Rows handled so far.")
    imported = models.PositiveIntegerField(default=0)
    already_imported = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0, help_text="Rows in the report.")
    error = models.TextField(blank=True, help_text="Why the whole job failed, if it did.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="import_jobs_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.filename or 'a file'}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class ImportProblem(models.Model):
    """A row that was not imported: its line in the file, its values and the reason."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    line = models.PositiveIntegerField()
    values = models.JSONField(default=list, help_text="The row's cells as they were in the file.")
    reason = models.TextField()

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportedRow(models.Model):
    """One source row already written: the same key from the same source is never imported
    twice. The key is the source's own id where it has one, else a hash of the row."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=40, help_text="csv-ideas, canny, fider, uservoice…")
    key = models.CharField(max_length=255)
    object_type = models.CharField(max_length=40, help_text="idea, vote, comment, company…")
    object_id = models.BigIntegerField(null=True, blank=True)
    job = models.ForeignKey(
        ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "source", "key"], name="one_import_per_source_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.key} → {self.object_type} {self.object_id}"
