"""Every write of an import: CSV jobs, their rows, their reports.

The rows themselves become feedback items, ideas, votes and companies through the
inbox and feedback services (nothing here writes those models). Each source row
is written in one transaction together with its ImportedRow, so a row is either
imported and remembered, recognised as already imported, or reported with the
reason: nothing is dropped silently, and nothing is created twice.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.accounts.services import person_for_email
from groundswell.feedback import services as feedback
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.models import Board, Idea, Status, StatusMeaning, Tag, VoteSource
from groundswell.imports import csvfiles
from groundswell.imports.dates import parse_date
from groundswell.imports.errors import JobNotReady, NoBoard, UnreadableFile
from groundswell.imports.models import (
    ImportedRow,
    ImportJob,
    ImportKind,
    ImportProblem,
    JobStatus,
)
from groundswell.inbox import services as inbox
from groundswell.inbox.models import Channel
from groundswell.workspaces.models import Workspace

logger = logging.getLogger(__name__)

# Progress is saved to the job row every this many rows (and at the end).
PROGRESS_EVERY = 25

IMPORTED, ALREADY_IMPORTED, FAILED = "imported", "already_imported", "failed"


class RowRejected(Exception):
    """This row cannot be imported; the message is the reason in its report."""


# Jobs ----------------------------------------------------------------------


def create_job(
    workspace: Workspace,
    actor: User | None,
    kind: str,
    filename: str,
    content: bytes,
    board: Board | None = None,
) -> ImportJob:
    """Keep the uploaded file with a guessed column mapping, ready to preview.

    Raises FileTooLarge or UnreadableFile when there is nothing that could be imported.
    """
    csvfiles.check_size(len(content), settings.IMPORT_MAX_BYTES)
    parsed = csvfiles.parse(content)
    if not parsed.rows:
        raise UnreadableFile("The file has a header line but no rows to import.")
    return ImportJob.objects.create(
        workspace=workspace,
        created_by=actor,
        kind=kind,
        board=board,
        filename=filename[:255],
        content=content,
        headers=parsed.headers,
        mapping=csvfiles.guess_mapping(kind, parsed.headers),
        total=len(parsed.rows),
    )


def start_job(job: ImportJob, mapping: dict[str, str], *, run_in_background: bool = True) -> None:
    """Fix the column mapping and queue the job. Raises MissingColumns for a mapping
    without a required field, JobNotReady if the job was already started."""
    mapping = {header: mapping.get(header, "") for header in job.headers}
    csvfiles.check_mapping(job.kind, mapping)
    if job.kind == ImportKind.IDEAS and job.board_id is None and "board" not in mapping.values():
        raise NoBoard("Choose the board these ideas go to, or map a column to Board.")
    updated = ImportJob.objects.filter(pk=job.pk, status=JobStatus.MAPPING).update(
        mapping=mapping, status=JobStatus.QUEUED
    )
    if not updated:
        raise JobNotReady("This import was already started.")
    job.mapping, job.status = mapping, JobStatus.QUEUED
    if run_in_background:
        from groundswell.imports.tasks import run_import_job

        # The job row is committed already (views do not wrap requests in a
        # transaction), and the claim in run_job makes a second delivery a no-op.
        run_import_job.enqueue(job.pk)


def run_job(job_id: int, on_progress: Callable[[ImportJob], None] | None = None) -> ImportJob:
    """Import every row of a queued job, saving progress as it goes.

    The job is claimed with a conditional UPDATE, so a task delivered twice runs once.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        parsed = csvfiles.parse(bytes(job.content))
        job.total = len(parsed.rows)
        rows = RowImporter(job)
        for row in parsed.rows:
            outcome, reason = rows.import_row(parsed.headers, row)
            job.done += 1
            if outcome == IMPORTED:
                job.imported += 1
            elif outcome == ALREADY_IMPORTED:
                job.already_imported += 1
            else:
                job.failed += 1
                ImportProblem.objects.create(
                    job=job, line=row.line, values=row.cells, reason=reason
                )
            if job.done % PROGRESS_EVERY == 0:
                _save_progress(job)
                if on_progress:
                    on_progress(job)
        job.status = JobStatus.DONE
    except Exception as error:
        logger.exception("Import job %s failed", job.pk)
        job.status, job.error = JobStatus.FAILED, f"The import stopped: {error}"
    # The file is not kept once it has run: the report holds the rows that need attention.
    job.finished_at, job.content = timezone.now(), b""
    _save_progress(job, "status", "finished_at", "error", "content")
    if on_progress:
        on_progress(job)
    return job


def _save_progress(job: ImportJob, *extra: str) -> None:
    job.save(update_fields=["total", "done", "imported", "already_imported", "failed", *extra])


def row_key(kind: str, values: dict[str, str]) -> str:
    """The row's identity for re-imports: the source id if it has one, else its values."""
    if values.get("id"):
        key = f"id:{values['id']}"
        if len(key) <= 200:
            return key
    digest = hashlib.sha256(json.dumps([kind, sorted(values.items())]).encode()).hexdigest()
    return f"sha256:{digest}"


def remember(
    workspace: Workspace,
    source: str,
    key: str,
    write: Callable[[], tuple[str, int | None, bool]],
    job: ImportJob | None = None,
) -> str:
    """Run `write` for a source row not imported before and remember it, in one transaction.

    `write` returns (object type, object id, whether it created anything). Returns
    IMPORTED or ALREADY_IMPORTED; RowRejected and domain errors propagate, and
    then nothing of the row is kept.
    """
    known = ImportedRow.objects.filter(workspace=workspace, source=source, key=key)
    if known.exists():
        return ALREADY_IMPORTED
    try:
        with transaction.atomic():
            object_type, object_id, created = write()
            ImportedRow.objects.create(
                workspace=workspace,
                source=source,
                key=key,
                object_type=object_type,
                object_id=object_id,
                job=job,
            )
    except IntegrityError:
        if known.exists():  # the same row imported by a simultaneous run
            return ALREADY_IMPORTED
        raise
    return IMPORTED if created else ALREADY_IMPORTED


def imported_object_id(workspace: Workspace, source: str, key: str) -> int | None:
    return (
        ImportedRow.objects.filter(workspace=workspace, source=source, key=key)
        .values_list("object_id", flat=True)
        .first()
    )


# Rows ----------------------------------------------------------------------


class RowImporter:
    """Turns one CSV row of a job into a feedback item, idea, vote or company."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.workspace = job.workspace
        self.actor = job.created_by
        self.source = f"csv-{job.kind}"
        self.write = {
            ImportKind.FEEDBACK: self._feedback,
            ImportKind.IDEAS: self._idea,
            ImportKind.VOTES: self._vote,
            ImportKind.COMPANIES: self._company,
        }[job.kind]

    def import_row(self, headers: list[str], row: csvfiles.Row) -> tuple[str, str]:
        """Returns the outcome and, for a row that was not imported, the reason."""
        if row.problem:
            return FAILED, row.problem
        values = csvfiles.values_for(headers, row, self.job.mapping)
        missing = [
            spec.label
            for spec in csvfiles.required_fields(self.job.kind)
            if not values.get(spec.name)
        ]
        if missing:
            return FAILED, f"{' and '.join(missing)} {'are' if len(missing) > 1 else 'is'} empty."
        key = row_key(self.job.kind, values)
        try:
            return remember(
                self.workspace, self.source, key, lambda: self.write(values), self.job
            ), ""
        except RowRejected as error:
            return FAILED, str(error)
        except FeedbackError as error:
            return FAILED, str(error)
        except Exception as error:  # reported with the row, never lost
            logger.exception("Import job %s: line %s failed", self.job.pk, row.line)
            return FAILED, f"Unexpected error: {error}"

    # One method per kind: validate everything first, then write.

    def _feedback(self, values: dict[str, str]) -> tuple[str, int | None, bool]:
        email = _email(values["email"])
        source_url = values.get("source_url", "")
        if source_url:
            try:
                URLValidator()(source_url)
            except ValidationError:
                raise RowRejected(f"“{source_url}” is not a web address.") from None
        received_at = _date(values.get("received_at", ""))
        item = inbox.receive_feedback(
            self.workspace,
            values["text"],
            Channel.CSV,
            email,
            name=values.get("name", ""),
            company_name=values.get("company", ""),
            source_url=source_url,
            received_at=received_at,
            external_id=row_key(ImportKind.FEEDBACK, values),
        )
        return "feedback_item", item.pk, True

    def _idea(self, values: dict[str, str]) -> tuple[str, int | None, bool]:
        board = self._board(values.get("board", ""))
        title = values["title"]
        if len(title) > 200:
            raise RowRejected(f"The title is {len(title)} characters long; the limit is 200.")
        status = status_named(self.workspace, values["status"]) if values.get("status") else None
        created_at = _date(values.get("created_at", ""))
        author = None
        if values.get("author_email"):
            author = person_for_email(_email(values["author_email"]), values.get("author_name", ""))
        tags = tags_named(self.workspace, _split_tags(values.get("tags", "")))
        idea = feedback.create_idea(
            board, author, title, values.get("body", ""), tags=tags, created_at=created_at
        )
        if status is not None and status.pk != idea.status_id:
            feedback.change_status(idea, status, self.actor, notify=False, changed_at=created_at)
        return "idea", idea.pk, True

    def _vote(self, values: dict[str, str]) -> tuple[str, int | None, bool]:
        idea = self._find_idea(values["idea"])
        email = _email(values["email"])
        created_at = _date(values.get("created_at", ""))
        person = person_for_email(email, values.get("name", ""))
        if values.get("company"):
            inbox.file_under_company(self.workspace, person, values["company"])
        added = feedback.add_vote(
            idea, person, source=VoteSource.ON_BEHALF, cast_by=self.actor, created_at=created_at
        )
        return "vote", idea.pk, added

    def _company(self, values: dict[str, str]) -> tuple[str, int | None, bool]:
        name = values["name"]
        if len(name) > 200:
            raise RowRejected(f"The name is {len(name)} characters long; the limit is 200.")
        attributes = {
            key.split(":", 1)[1]: value
            for key, value in values.items()
            if key.startswith(f"{csvfiles.ATTRIBUTE}:") and value
        }
        company, changed = inbox.save_company(
            self.workspace,
            name,
            domain=values.get("domain", ""),
            plan=values.get("plan", ""),
            mrr=_money(values.get("mrr", "")),
            segment=values.get("segment", ""),
            attributes=attributes,
        )
        return "company", company.pk, changed

    def _board(self, name: str) -> Board:
        if name:
            board = Board.objects.filter(workspace=self.workspace, name__iexact=name).first()
            board = board or Board.objects.filter(workspace=self.workspace, slug=name).first()
            if board is None:
                raise RowRejected(f"There is no board “{name}” in this workspace.")
            return board
        if self.job.board_id is None:
            raise RowRejected("The row names no board and the import has no board chosen.")
        return self.job.board

    def _find_idea(self, reference: str) -> Idea:
        ideas = Idea.objects.filter(workspace=self.workspace)
        if self.job.board_id:
            ideas = ideas.filter(board_id=self.job.board_id)
        number = reference.lstrip("#")
        if number.isdigit():
            idea = ideas.filter(pk=int(number)).first()
            if idea is None:
                raise RowRejected(f"There is no idea number {number} here.")
            return idea
        matches = list(ideas.filter(title__iexact=reference)[:2])
        if not matches:
            raise RowRejected(f"No idea is titled “{reference}”.")
        if len(matches) > 1:
            raise RowRejected(f"Several ideas are titled “{reference}”; use the idea's number.")
        return matches[0]


# Values --------------------------------------------------------------------


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise RowRejected(f"“{value}” is not an email address.") from None
    return value


def _date(value: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise RowRejected(f"“{value}” is not a date; write it like 2024-03-01 or 2024-03-01 14:30.")
    if parsed > timezone.now():
        raise RowRejected(f"The date {value} is in the future.")
    return parsed


def _money(value: str) -> Decimal | None:
    if not value:
        return None
    cleaned = value.replace(",", "").replace(" ", "").lstrip("$€£")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise RowRejected(f"“{value}” is not an amount of money.") from None
    if amount < 0 or amount >= Decimal("1e10"):
        raise RowRejected(f"“{value}” is not a plausible monthly revenue.")
    return amount.quantize(Decimal("0.01"))


def _split_tags(value: str) -> list[str]:
    separator = ";" if ";" in value else ","
    return [tag.strip() for tag in value.split(separator) if tag.strip()]


# Statuses and tags by name ---------------------------------------------------

# Words other tools use for their statuses, by the meaning they have here.
STATUS_WORDS = {
    StatusMeaning.OPEN: ("open", "new", "active", "idea", "submitted"),
    StatusMeaning.UNDER_REVIEW: (
        "under review", "review", "reviewing", "considering", "needs review"
    ),
    StatusMeaning.PLANNED: ("planned", "accepted", "roadmap", "on the roadmap", "later", "next"),
    StatusMeaning.IN_PROGRESS: (
        "in progress", "started", "building", "doing", "in development", "working on it"
    ),
    StatusMeaning.SHIPPED: (
        "shipped", "complete", "completed", "done", "released", "live", "launched"
    ),
    StatusMeaning.CLOSED: (
        "closed", "declined", "rejected", "won't do", "wont do", "duplicate", "archived",
        "not planned",
    ),
}  # fmt: skip


def meaning_for(name: str) -> str | None:
    wanted = " ".join(name.lower().replace("_", " ").replace("-", " ").split())
    for meaning, words in STATUS_WORDS.items():
        if wanted in words or wanted == meaning:
            return meaning
    return None


def status_for_meaning(workspace: Workspace, meaning: str) -> Status:
    """The workspace's first status with this meaning, created if it has none."""
    status = workspace.statuses.filter(meaning=meaning).order_by("position", "pk").first()
    return status or feedback.create_status(workspace, StatusMeaning(meaning).label, meaning)


def status_named(workspace: Workspace, name: str) -> Status:
    """The status called `name` here, or the one whose meaning that word has elsewhere."""
    status = workspace.statuses.filter(name__iexact=name.strip()).first()
    if status is not None:
        return status
    meaning = meaning_for(name)
    if meaning is None:
        known = ", ".join(workspace.statuses.values_list("name", flat=True))
        raise RowRejected(f"Unknown status “{name}”; use one of: {known}.")
    return status_for_meaning(workspace, meaning)


def tags_named(workspace: Workspace, names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        name = name[:50]
        tag = workspace.tags.filter(name__iexact=name).first()
        tags.append(tag or feedback.create_tag(workspace, name))
    return tags
