"""`groundswell seed`: benchmark-scale data (100,000 ideas and 1,000,000 votes in minutes).

The workspace, its owner, boards and tags are made by the services, like any
other. The bulk rows (people, ideas, tags on ideas, history, votes, comments)
are written as data in batches: bulk_create, or COPY on PostgreSQL. That is the
one accepted bypass of the services, because calling add_vote a million times
would take hours; the command therefore computes every idea's vote_count and
comment_count before writing the rows they count, and checks them at the end.
"""

import io
import random
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.db import connection, transaction
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.feedback import services as feedback
from groundswell.feedback.markdown import render_markdown
from groundswell.feedback.models import (
    Idea,
    IdeaEventKind,
    StatusMeaning,
    VoteSource,
)
from groundswell.feedback.search import SQLITE_SETUP
from groundswell.workspaces.models import RESERVED_SLUGS, Workspace
from groundswell.workspaces.services import create_workspace

BATCH = 5_000
# Columns written as plain rows; the others (nullable, added later) keep their NULL default.
IDEA_COLUMNS = (
    "id", "workspace_id", "board_id", "title", "body", "body_html", "author_id", "status_id",
    "vote_count", "comment_count", "created_at", "updated_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "idea_id", "kind", "actor_id", "status_id", "previous_status_id", "message", "message_html",
    "created_at",
)  # fmt: skip
COMMENT_COLUMNS = ("idea_id", "author_id", "body", "body_html", "is_internal", "created_at")
YEAR = timedelta(days=365)
RECENT = timedelta(days=14)
# How often each status meaning appears, as a board that has lived for a year.
STATUS_SHARE = {
    StatusMeaning.OPEN: 50,
    StatusMeaning.UNDER_REVIEW: 15,
    StatusMeaning.PLANNED: 10,
    StatusMeaning.IN_PROGRESS: 8,
    StatusMeaning.SHIPPED: 10,
    StatusMeaning.CLOSED: 7,
}
SUBJECTS = (
    "dark mode", "CSV export", "single sign-on", "recurring tasks", "Android app",
    "keyboard shortcuts", "two-factor login", "Slack alerts", "custom fields", "bulk edit",
    "calendar view", "webhooks", "Zapier", "GitHub sync", "Teams app", "audit log",
    "saved filters", "PDF reports", "time tracking", "offline mode", "guest access",
    "API rate limits", "invoices", "Gantt chart", "email digests", "public roadmap",
)  # fmt: skip
VERBS = ("Add", "Support", "Improve", "Allow", "Fix", "Speed up", "Rethink", "Bring back")
QUALIFIERS = (
    "for teams", "on mobile", "for admins", "in reports", "for guests", "per project",
    "everywhere", "in the API", "for enterprise", "by default",
)  # fmt: skip
SENTENCES = (
    "Our team asks for this every week.",
    "We would **pay more** for this.",
    "It is the main thing holding back our roll-out.",
    "We worked around it with a script, but a built-in option would be better.",
    "Customers mention it in almost every call.",
    "This would save us hours each month.",
    "Competitors already have it.",
    "Please consider it for the next quarter.",
)
COMMENTS = (
    "+1, we need this too.",
    "Any update on this?",
    "Same here: our customers ask about it every week.",
    "We'd love this, especially on mobile.",
    "This is the one thing that would make us upgrade.",
    "Thanks for looking into it!",
)


class Command(BaseCommand):
    help = (
        "Create benchmark-scale data in a new workspace: ideas, votes and comments, "
        "written in batches. Example: groundswell seed --ideas 100000 --votes 1000000"
    )

    def add_arguments(self, parser):
        parser.add_argument("--ideas", type=int, default=1_000, help="Ideas to create.")
        parser.add_argument("--votes", type=int, default=10_000, help="Votes to create.")
        parser.add_argument("--comments", type=int, default=1_000, help="Comments to create.")
        parser.add_argument("--workspace", default="bench", help="Slug of the new workspace.")
        parser.add_argument("--boards", type=int, default=5, help="Boards to spread ideas over.")
        parser.add_argument(
            "--people",
            type=int,
            default=None,
            help="People who post, vote and comment (default: enough for the votes).",
        )
        parser.add_argument("--random-seed", type=int, default=1, help="For repeatable data.")

    def handle(self, *, ideas, votes, comments, workspace, boards, people, random_seed, **options):
        people = people if people is not None else max(100, min(20_000, votes // 50 + 1))
        self.check_arguments(ideas, votes, comments, workspace, boards, people)
        self.random = random.Random(random_seed)
        self.now = timezone.now()
        self.started = started = time.monotonic()
        with transaction.atomic():
            space = self.create_workspace(workspace, boards)
            voters = self.create_people(workspace, people)
            vote_counts = self.spread(votes, ideas, people)
            comment_counts = self.spread(comments, ideas, None)
            with search_index_paused():
                idea_rows = self.create_ideas(space, ideas, voters, vote_counts, comment_counts)
            self.create_votes(idea_rows, voters, votes)
            self.create_comments(idea_rows, voters, comments)
        check_search_index()
        update_planner_statistics()
        mismatches = count_counter_mismatches(space.pk)
        elapsed = time.monotonic() - started
        if mismatches:
            raise CommandError(f"{mismatches} ideas have counters that differ from their rows.")
        self.stdout.write(
            f"Seeded /{space.slug}/: {ideas:,} ideas, {votes:,} votes, {comments:,} comments, "
            f"{people:,} people, {boards} boards in {elapsed:.1f}s; counters match the rows."
        )

    def check_arguments(self, ideas, votes, comments, slug, boards, people) -> None:
        for name, value in [("--ideas", ideas), ("--votes", votes), ("--comments", comments)]:
            if value < 0:
                raise CommandError(f"{name} must be 0 or more (got {value}).")
        if boards < 1:
            raise CommandError(f"--boards must be 1 or more (got {boards}).")
        if people < 1:
            raise CommandError(f"--people must be 1 or more (got {people}).")
        if (votes or comments) and not ideas:
            raise CommandError("Votes and comments need ideas: give --ideas 1 or more.")
        if votes > ideas * people:
            raise CommandError(
                f"{votes:,} votes cannot fit: each of the {people:,} people votes at most once "
                f"per idea, so {ideas:,} ideas take at most {ideas * people:,}. "
                "Raise --people or --ideas, or lower --votes."
            )
        try:
            validate_slug(slug)
        except Exception:  # noqa: BLE001 - any validation failure is the same advice
            raise CommandError(
                f"--workspace {slug!r} is not a valid address; use letters, digits and -."
            ) from None
        if slug.lower() in RESERVED_SLUGS:
            raise CommandError(f"--workspace {slug!r} is reserved; choose another.")
        if Workspace.objects.filter(slug=slug.lower()).exists():
            raise CommandError(
                f"Workspace /{slug}/ already exists; give another --workspace "
                "(seed only creates new workspaces)."
            )

    def progress(self, what: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        elapsed = time.monotonic() - self.started
        self.stdout.write(f"  {what}: {done:,}/{total:,} ({percent}%) {elapsed:.1f}s")
        self.stdout.flush()

    # The workspace and its fixtures go through the services ----------------

    def create_workspace(self, slug: str, board_total: int) -> Workspace:
        owner_email = f"owner@{slug}.seed.example"
        owner = User.objects.filter(email=owner_email).first() or User.objects.create_user(
            owner_email, name="Seed Owner"
        )
        space = create_workspace(slug.capitalize(), slug, owner)
        self.boards = [
            feedback.create_board(space, f"Board {n + 1}", f"Seeded board {n + 1}.")
            for n in range(board_total)
        ]
        self.tags = [
            feedback.create_tag(space, name, colour)
            for name, colour in [
                ("Enterprise", "#9333ea"),
                ("Mobile", "#0891b2"),
                ("Quick win", "#16a34a"),
                ("Integrations", "#d97706"),
            ]
        ]
        self.statuses = {status.meaning: status for status in space.statuses.all()}
        self.owner = owner
        return space

    def create_people(self, slug: str, total: int) -> list[int]:
        domain = f"@{slug}.seed.example"
        existing = set(User.objects.filter(email__endswith=domain).values_list("email", flat=True))
        wanted = [f"person{n}{domain}" for n in range(total)]
        missing = [email for email in wanted if email not in existing]
        unusable = make_password(None)  # seeded people sign in by magic link, if ever
        for start in range(0, len(missing), BATCH):
            User.objects.bulk_create(
                [
                    User(email=email, name=f"Person {email[6:].split('@')[0]}", password=unusable)
                    for email in missing[start : start + BATCH]
                ],
                batch_size=BATCH,
            )
        self.progress("people", total, total)
        ids = dict(User.objects.filter(email__in=wanted).values_list("email", "id"))
        return [ids[email] for email in wanted]

    # Counts are decided first, so each counter is written once and right ------

    def spread(self, total: int, ideas: int, cap: int | None) -> list[int]:
        """Split total over the ideas with a long tail, as real boards have; at most cap each."""
        if not ideas:
            return []
        weights = [self.random.paretovariate(1.1) for _ in range(ideas)]
        scale = total / sum(weights)
        counts = [int(weight * scale) for weight in weights]
        if cap is not None:
            counts = [min(count, cap) for count in counts]
        left = total - sum(counts)
        while left > 0:
            index = self.random.randrange(ideas)
            if cap is None or counts[index] < cap:
                counts[index] += 1
                left -= 1
        return counts

    def create_ideas(self, space, total, voters, vote_counts, comment_counts) -> list[tuple]:
        """Ideas, their tags and history; returns (id, created_at) per idea."""
        meanings = list(STATUS_SHARE)
        shares = list(STATUS_SHARE.values())
        opened = self.statuses[StatusMeaning.OPEN].pk
        # The first board is the biggest: half the ideas, the rest shared out.
        board_ids = [board.pk for board in self.boards]
        board_weights = [len(board_ids)] + [1] * (len(board_ids) - 1)
        tag_ids = [tag.pk for tag in self.tags]
        bodies: dict[str, str] = {}
        rows: list[tuple] = []
        ids = reserve_ids("feedback_idea", total)
        for start in range(0, total, BATCH):
            ideas, events, tags = [], [], []
            for n in range(start, min(start + BATCH, total)):
                idea_id, author_id = ids[n], self.random.choice(voters)
                created = self.now - YEAR * self.random.random()
                body = " ".join(self.random.sample(SENTENCES, 2))
                if body not in bodies:
                    bodies[body] = render_markdown(body)
                status_id = self.statuses[self.random.choices(meanings, shares)[0]].pk
                title = (
                    f"{self.random.choice(VERBS)} {self.random.choice(SUBJECTS)} "
                    f"{self.random.choice(QUALIFIERS)} #{n + 1}"
                )
                board_id = self.random.choices(board_ids, board_weights)[0]
                ideas.append(
                    (idea_id, space.pk, board_id, title, body, bodies[body], author_id, status_id,
                     vote_counts[n], comment_counts[n], created, created)
                )  # fmt: skip
                events.append((idea_id, IdeaEventKind.CREATED.value, author_id, None, None,
                               "", "", created))  # fmt: skip
                if status_id != opened:
                    changed = created + (self.now - created) / 2
                    events.append((idea_id, IdeaEventKind.STATUS_CHANGED.value, self.owner.pk,
                                   status_id, opened, "", "", changed))  # fmt: skip
                if self.random.random() < 0.3:
                    tags.append((idea_id, self.random.choice(tag_ids)))
                rows.append((idea_id, created))
            insert_rows("feedback_idea", IDEA_COLUMNS, ideas)
            insert_rows("feedback_ideaevent", EVENT_COLUMNS, events)
            insert_rows(Idea.tags.through._meta.db_table, ("idea_id", "tag_id"), tags)
            self.progress("ideas", len(rows), total)
        self.vote_counts = vote_counts
        self.comment_counts = comment_counts
        return rows

    def vote_time(self, idea_created: datetime) -> datetime:
        """Spread over the idea's life, with one vote in ten in the last 14 days (trending)."""
        since = max(idea_created, self.now - RECENT) if self.random.random() < 0.1 else idea_created
        return since + (self.now - since) * self.random.random()

    def create_votes(self, idea_rows: list[tuple], voters: list[int], total: int) -> None:
        done, pending = 0, []
        for (idea_id, created), count in zip(idea_rows, self.vote_counts, strict=True):
            if not count:
                continue
            for voter_id in sorted(self.random.sample(voters, count)):
                pending.append((idea_id, voter_id, self.vote_time(created)))
            if len(pending) >= BATCH * 4:
                self.write_votes(pending)
                done += len(pending)
                pending = []
                self.progress("votes", done, total)
        if pending:
            self.write_votes(pending)
            done += len(pending)
            self.progress("votes", done, total)

    def write_votes(self, rows: list[tuple]) -> None:
        insert_rows(
            "feedback_vote",
            ("idea_id", "voter_id", "source", "created_at"),
            [(idea, voter, VoteSource.PORTAL.value, at) for idea, voter, at in rows],
        )

    def create_comments(self, idea_rows: list[tuple], voters: list[int], total: int) -> None:
        """Public comments only, so comment_count (public, not hidden) equals the rows."""
        rendered = {text: render_markdown(text) for text in COMMENTS}
        done, pending = 0, []
        for (idea_id, created), count in zip(idea_rows, self.comment_counts, strict=True):
            for _ in range(count):
                text = self.random.choice(COMMENTS)
                at = created + (self.now - created) * self.random.random()
                pending.append(
                    (idea_id, self.random.choice(voters), text, rendered[text], False, at)
                )
            if len(pending) >= BATCH:
                insert_rows("feedback_comment", COMMENT_COLUMNS, pending)
                done += len(pending)
                pending = []
                self.progress("comments", done, total)
        if pending:
            insert_rows("feedback_comment", COMMENT_COLUMNS, pending)
            self.progress("comments", total, total)


@contextmanager
def search_index_paused():
    """On SQLite, index the new ideas in one rebuild instead of one trigger call per idea.

    Measured with 30,000 ideas: 40% less time. The caller's transaction holds
    SQLite's write lock, so no other idea can be written while the trigger is
    gone, and a failure rolls back the trigger's removal with everything else.
    """
    if connection.vendor != "sqlite":
        yield
        return
    (create_trigger,) = [sql for sql in SQLITE_SETUP if "feedback_idea_fts_insert" in sql]
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS feedback_idea_fts_insert")
    yield
    with connection.cursor() as cursor:
        cursor.execute(create_trigger)
        cursor.execute("INSERT INTO feedback_idea_fts(feedback_idea_fts) VALUES ('rebuild')")


def update_planner_statistics() -> None:
    """Refresh the query planner's statistics after the bulk load.

    Without them PostgreSQL guessed one row per board and joined all 55,000 of
    the biggest board's ideas before sorting: 380 ms for the board page's
    query, 1 ms after ANALYZE. SQLite's planner finds the index without help;
    PRAGMA optimize is its cheap equivalent.
    """
    tables = ["feedback_idea", "feedback_vote", "feedback_comment", "feedback_ideaevent",
              Idea.tags.through._meta.db_table, "accounts_user"]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


def check_search_index() -> None:
    """SQLite's FTS5 integrity check compares the index with the ideas; it raises if they differ."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO feedback_idea_fts(feedback_idea_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )


def count_counter_mismatches(workspace_id: int) -> int:
    """Ideas whose vote_count or comment_count differs from their rows, in one query."""
    sql = """
        SELECT COUNT(*) FROM feedback_idea i
        WHERE i.workspace_id = %s AND (
            i.vote_count != (SELECT COUNT(*) FROM feedback_vote v WHERE v.idea_id = i.id)
            OR i.comment_count != (
                SELECT COUNT(*) FROM feedback_comment c
                WHERE c.idea_id = i.id AND NOT c.is_internal AND c.hidden_at IS NULL
            )
        )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace_id])
        return cursor.fetchone()[0]


def reserve_ids(table: str, count: int) -> list[int]:
    """Ids for rows about to be written, so related rows can point at them without a read-back.

    PostgreSQL hands them out from the table's sequence. On SQLite the caller's
    transaction holds the write lock, so the ids after the highest ever used are ours.
    """
    if not count:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        highest = max(highest, cursor.fetchone()[0])
    return list(range(highest + 1, highest + 1 + count))


def insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows without the ORM: COPY on PostgreSQL, executemany elsewhere.

    Times must be aware datetimes in UTC.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_rows(table, columns, rows)
        return
    # SQLite stores times as naive UTC text, the way Django writes them.
    rows = [
        tuple(str(v.replace(tzinfo=None)) if isinstance(v, datetime) else v for v in row)
        for row in rows
    ]
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _copy_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in row) + "\n")
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


# COPY's text format: backslash, tab, newline and carriage return are escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
