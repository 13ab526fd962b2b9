"""Moving a whole board from another tool: the shape every exporter is read into, and
the one writer that puts it into a workspace through the feedback services.

Each source module (sources/canny.py, fider.py, uservoice.py) only reads its files
into an Export; import_export writes it. Every post, vote, comment, status and
merge is remembered by the source's own id, so running an import again adds only
what is new, and anything that cannot be imported is listed with the reason.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from groundswell.accounts.models import User
from groundswell.accounts.services import person_for_email
from groundswell.feedback import services as feedback
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.models import Board, Idea, StatusMeaning, VoteSource
from groundswell.imports.services import (
    ALREADY_IMPORTED,
    IMPORTED,
    imported_object_id,
    remember,
    status_for_meaning,
    tags_named,
)
from groundswell.workspaces.models import Workspace


@dataclass
class Person:
    email: str
    name: str = ""


@dataclass
class Post:
    id: str
    board: str
    title: str
    body: str = ""
    author: Person | None = None
    created_at: datetime | None = None
    status: str = StatusMeaning.OPEN  # a StatusMeaning value
    status_changed_at: datetime | None = None
    status_message: str = ""  # the team's public note with the status
    tags: list[str] = field(default_factory=list)
    merged_into: str = ""  # the source id of the post this one duplicates


@dataclass
class Vote:
    id: str
    post_id: str
    voter: Person | None
    created_at: datetime | None = None
    on_behalf: bool = False  # cast by the team for the voter


@dataclass
class Comment:
    id: str
    post_id: str
    author: Person | None
    body: str
    created_at: datetime | None = None
    internal: bool = False


@dataclass
class Export:
    source: str  # canny, fider, uservoice
    posts: list[Post] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what could not even be read
    ignored: list[str] = field(default_factory=list)  # files that are not part of the export


@dataclass
class Counts:
    imported: int = 0
    already_imported: int = 0


@dataclass
class Summary:
    ideas: Counts = field(default_factory=Counts)
    votes: Counts = field(default_factory=Counts)
    comments: Counts = field(default_factory=Counts)
    statuses: Counts = field(default_factory=Counts)
    merges: Counts = field(default_factory=Counts)
    problems: list[str] = field(default_factory=list)


Progress = Callable[[str], None]


def import_export(
    workspace: Workspace,
    actor: User | None,
    export: Export,
    board: Board | None = None,
    on_progress: Progress | None = None,
) -> Summary:
    """Write the export into the workspace; ideas go to `board`, or to boards named as
    in the source (created when missing)."""
    writer = _Writer(workspace, actor, export.source, board, on_progress or (lambda _: None))
    writer.summary.problems.extend(export.problems)
    writer.run(export)
    return writer.summary


class _Writer:
    def __init__(self, workspace, actor, source, board, on_progress):
        self.workspace, self.actor, self.source = workspace, actor, source
        self.board, self.on_progress = board, on_progress
        self.summary = Summary()
        self.boards: dict[str, Board] = {}

    def run(self, export: Export) -> None:
        posts = {post.id: post for post in export.posts}
        self._each("ideas", export.posts, self.summary.ideas, self._post, lambda p: f"post {p.id}")
        self._each("votes", export.votes, self.summary.votes, self._vote, lambda v: f"vote {v.id}")
        self._each(
            "comments",
            export.comments,
            self.summary.comments,
            self._comment,
            lambda c: f"comment {c.id}",
        )
        # Statuses last: shipped and closed ideas take no votes.
        self._each(
            "statuses", export.posts, self.summary.statuses, self._status, lambda p: f"post {p.id}"
        )
        merged = [post for post in export.posts if post.merged_into]
        self._each(
            "merges",
            merged,
            self.summary.merges,
            lambda post: self._merge(post, posts),
            lambda p: f"post {p.id}",
        )

    def _each(self, what, items, counts: Counts, write, describe) -> None:
        for index, item in enumerate(items, start=1):
            try:
                outcome = write(item)
            except _Skip:
                continue
            except (_Rejected, FeedbackError) as error:
                self.summary.problems.append(f"{describe(item)}: {error}")
                continue
            if outcome == IMPORTED:
                counts.imported += 1
            elif outcome == ALREADY_IMPORTED:
                counts.already_imported += 1
            if index % 100 == 0:
                self.on_progress(f"{what}: {index} of {len(items)}")
        if items:
            self.on_progress(f"{what}: {len(items)} of {len(items)}")

    def _remember(self, key: str, write) -> str:
        return remember(self.workspace, self.source, key, write)

    def _person(self, person: Person | None, role: str) -> User:
        if person is None or not person.email:
            raise _Rejected(f"the {role} has no email address, so they cannot be kept")
        try:
            validate_email(person.email)
        except ValidationError:
            raise _Rejected(f"the {role}'s email “{person.email}” is not valid") from None
        return person_for_email(person.email, person.name)

    def _idea(self, post_id: str) -> Idea:
        idea_id = imported_object_id(self.workspace, self.source, f"post:{post_id}")
        idea = Idea.objects.filter(workspace=self.workspace, pk=idea_id).first()
        if idea is None:
            raise _Rejected(f"its post {post_id} is not in the export")
        return idea

    def _board_for(self, post: Post) -> Board:
        if self.board is not None:
            return self.board
        name = (post.board or "Imported ideas")[:100]
        if name not in self.boards:
            board = Board.objects.filter(workspace=self.workspace, name__iexact=name).first()
            self.boards[name] = board or feedback.create_board(self.workspace, name)
        return self.boards[name]

    def _post(self, post: Post) -> str:
        if not post.title.strip():
            raise _Rejected("it has no title")

        def write():
            author = self._person(post.author, "author") if post.author else None
            idea = feedback.create_idea(
                self._board_for(post),
                author,
                post.title[:200],
                post.body,
                tags=tags_named(self.workspace, post.tags),
                vote_for_it=False,  # the export's own votes say who voted
                created_at=post.created_at,
            )
            return "idea", idea.pk, True

        return self._remember(f"post:{post.id}", write)

    def _vote(self, vote: Vote) -> str:
        def write():
            idea = self._idea(vote.post_id)
            voter = self._person(vote.voter, "voter")
            added = feedback.add_vote(
                idea,
                voter,
                source=VoteSource.ON_BEHALF if vote.on_behalf else VoteSource.PORTAL,
                cast_by=self.actor if vote.on_behalf else None,
                created_at=vote.created_at,
            )
            return "vote", idea.pk, added

        return self._remember(f"vote:{vote.id}", write)

    def _comment(self, comment: Comment) -> str:
        if not comment.body.strip():
            raise _Rejected("it is empty")

        def write():
            idea = self._idea(comment.post_id)
            author = self._person(comment.author, "comment's author")
            created = feedback.add_comment(
                idea,
                author,
                comment.body,
                is_internal=comment.internal,
                created_at=comment.created_at,
                notify=False,
            )
            return "comment", created.pk, True

        return self._remember(f"comment:{comment.id}", write)

    def _status(self, post: Post) -> str:
        if post.status == StatusMeaning.OPEN:
            raise _Skip

        def write():
            idea = self._idea(post.id)
            status = status_for_meaning(self.workspace, post.status)
            event = feedback.change_status(
                idea,
                status,
                self.actor,
                post.status_message,
                notify=False,
                changed_at=post.status_changed_at or post.created_at,
            )
            return "status", idea.pk, event is not None

        return self._remember(f"status:{post.id}", write)

    def _merge(self, post: Post, posts: dict[str, Post]) -> str:
        if post.merged_into not in posts and not imported_object_id(
            self.workspace, self.source, f"post:{post.merged_into}"
        ):
            raise _Rejected(f"it duplicates post {post.merged_into}, which is not in the export")

        def write():
            duplicate, original = self._idea(post.id), self._idea(post.merged_into)
            merge = feedback.merge_ideas(duplicate, original, self.actor)
            return "merge", merge.pk, True

        return self._remember(f"merge:{post.id}", write)


class _Rejected(Exception):
    pass


class _Skip(Exception):
    pass
