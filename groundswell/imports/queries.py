"""Reads of the import pages: jobs of one workspace, and a job's report."""

import csv
import io

from django.db.models import QuerySet

from groundswell.imports.models import ImportJob
from groundswell.workspaces.models import Workspace


def recent_jobs(workspace: Workspace, limit: int = 20) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.filter(workspace=workspace)
        .defer("content", "headers")
        .select_related("created_by", "board")[:limit]
    )


def job_or_none(workspace: Workspace, job_id: int) -> ImportJob | None:
    return (
        ImportJob.objects.filter(workspace=workspace, pk=job_id)
        .select_related("board", "created_by")
        .first()
    )


def report_csv(job: ImportJob, headers: list[str] | None = None) -> str:
    """Every row that was not imported: its line, the reason, then its cells as they were."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["line", "reason", *(job.headers if headers is None else headers)])
    for problem in job.problems.all():
        writer.writerow([problem.line, problem.reason, *map(_inert, problem.values)])
    return out.getvalue()


def _inert(cell: str) -> str:
    # A spreadsheet would run a cell starting like a formula; the quote keeps it text.
    return f"'{cell}" if cell[:1] in ("=", "+", "@", "\t", "\r") else cell
