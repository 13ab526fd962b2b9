"""groundswell import: CSV files and whole boards from Canny, Fider or UserVoice.

    groundswell import csv --workspace acme --kind ideas --board features ideas.csv \\
        [--map "Feature name=title" --map "Notes="] [--report not-imported.csv]
    groundswell import canny --workspace acme boards.json posts.json votes.json comments.json
    groundswell import fider --workspace acme backup.zip
    groundswell import uservoice --workspace acme suggestions.csv supporters.csv comments.csv

Exit status: 0 when every row was imported or already there, 1 when the input
cannot be imported at all (the message says what to fix), 2 when some rows were
not imported (they are listed, and written to --report for CSV files).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from groundswell.accounts.models import User
from groundswell.feedback.models import Board
from groundswell.imports import boards, csvfiles, queries, services
from groundswell.imports.errors import ImportFailed, MissingColumns, NoBoard
from groundswell.imports.models import ImportKind, JobStatus
from groundswell.imports.sources import canny, fider, uservoice
from groundswell.imports.sources.files import read_files
from groundswell.workspaces.models import Membership, Role, Workspace

SOURCES = {"canny": canny, "fider": fider, "uservoice": uservoice}
NAMES = {"canny": "Canny", "fider": "Fider", "uservoice": "UserVoice"}


class Command(BaseCommand):
    help = "Import a CSV file, or move a whole board from Canny, Fider or UserVoice."

    def add_arguments(self, parser):
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        sources.required = True
        csv_parser = sources.add_parser(
            "csv", help="feedback items, ideas, votes or companies from a CSV file"
        )
        self._common(csv_parser)
        csv_parser.add_argument("--kind", required=True, choices=ImportKind.values)
        csv_parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="say what a column holds (repeatable); COLUMN= ignores the column",
        )
        csv_parser.add_argument("--report", help="write the rows not imported to this CSV file")
        csv_parser.add_argument("file", metavar="FILE")
        for name in SOURCES:
            source = sources.add_parser(name, help=f"a whole board from {NAMES[name]}")
            self._common(source)
            source.add_argument("files", nargs="+", metavar="FILE")

    def _common(self, parser):
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("--board", help="the board's slug (ideas go there)")
        parser.add_argument(
            "--as", dest="actor", help="the team member recorded as doing it (default: an owner)"
        )

    def handle(self, *args, source, workspace, board=None, actor=None, **options):
        workspace_obj = Workspace.objects.filter(slug=workspace).first()
        if workspace_obj is None:
            raise CommandError(f"No workspace “{workspace}”; give the slug from its address.")
        board_obj = None
        if board:
            board_obj = Board.objects.filter(workspace=workspace_obj, slug=board).first()
            if board_obj is None:
                raise CommandError(f"No board “{board}” in {workspace_obj.name}.")
        actor_obj = self._actor(workspace_obj, actor)
        try:
            if source == "csv":
                failed = self._csv(workspace_obj, actor_obj, board_obj, **options)
            else:
                failed = self._board(source, workspace_obj, actor_obj, board_obj, options["files"])
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        if failed:
            sys.exit(2)

    def _actor(self, workspace: Workspace, email: str | None) -> User | None:
        memberships = Membership.objects.filter(workspace=workspace).select_related("user")
        if email:
            membership = memberships.filter(user__email__iexact=email).first()
            if membership is None:
                raise CommandError(f"{email} is not on {workspace.name}'s team.")
            return membership.user
        owner = memberships.filter(role=Role.OWNER).order_by("pk").first()
        return owner.user if owner else None

    def _csv(self, workspace, actor, board, *, kind, map, report, file, **options) -> int:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        job = services.create_job(workspace, actor, kind, path.name, path.read_bytes(), board)
        mapping = dict(job.mapping)
        for item in map:
            column, separator, field = item.partition("=")
            if not separator or column not in mapping:
                columns = ", ".join(mapping)
                raise CommandError(
                    f"--map {item}: use COLUMN=FIELD with one of the columns {columns}."
                )
            if field and field not in csvfiles.field_names(kind):
                fields = ", ".join(csvfiles.field_names(kind))
                raise CommandError(f"--map {item}: {field} is not a field of {kind}; use {fields}.")
            mapping[column] = field
        for column, field in mapping.items():
            self.stdout.write(f"  {column} → {field or '(ignored)'}")
        try:
            services.start_job(job, mapping, run_in_background=False)
        except NoBoard as error:
            raise CommandError(f"{error} Use --board SLUG.") from error
        except MissingColumns as error:
            fields = [spec.name for spec in csvfiles.required_fields(kind)]
            hint = " ".join(f"--map COLUMN={name}" for name in fields)
            raise CommandError(f"{error} Say which column holds it: {hint}") from error
        job = services.run_job(job.pk, on_progress=self._progress)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        self.stdout.write(
            f"Imported {job.imported}, already imported {job.already_imported}, "
            f"not imported {job.failed} (of {job.total} rows)."
        )
        if job.failed:
            for problem in job.problems.all()[:20]:
                self.stderr.write(f"line {problem.line}: {problem.reason}")
            if job.failed > 20:
                self.stderr.write(f"… and {job.failed - 20} more.")
            if report:
                Path(report).write_text(queries.report_csv(job), encoding="utf-8")
                self.stderr.write(f"The rows not imported are in {report}.")
        return job.failed

    def _progress(self, job) -> None:
        self.stdout.write(
            f"  {job.done}/{job.total} rows", ending="\r" if not job.is_finished else "\n"
        )

    def _board(self, source, workspace, actor, board, files) -> int:
        export = SOURCES[source].read_export(list(read_files(files)))
        if export.ignored:
            self.stdout.write(
                f"Not part of a {NAMES[source]} export, ignored: {', '.join(export.ignored)}"
            )
        self.stdout.write(
            f"Read {len(export.posts)} posts, {len(export.votes)} votes and "
            f"{len(export.comments)} comments from {NAMES[source]}."
        )
        summary = boards.import_export(
            workspace, actor, export, board, on_progress=lambda line: self.stdout.write(f"  {line}")
        )
        for label, counts in (
            ("ideas", summary.ideas),
            ("votes", summary.votes),
            ("comments", summary.comments),
            ("statuses", summary.statuses),
            ("merges", summary.merges),
        ):
            self.stdout.write(
                f"{label}: {counts.imported} imported, {counts.already_imported} already there"
            )
        for problem in summary.problems:
            self.stderr.write(f"not imported: {problem}")
        return len(summary.problems)
