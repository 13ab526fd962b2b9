"""Every write to boards, ideas, votes, comments, tags and statuses.

Views, the API, the CLI and the demo data all call these functions; nothing
else writes these models. Each function owns its transaction, keeps counters in
step with the rows they count, and records an IdeaEvent where history matters.
Services trust their arguments: permission checks happen at the edge.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from groundswell.accounts.models import User
from groundswell.duplicates.tasks import queue_embedding
from groundswell.feedback.errors import (
    AlreadyMerged,
    MergeCycle,
    NotMerged,
    SlugTaken,
    StatusInUse,
    VotingClosed,
    WrongWorkspace,
)
from groundswell.feedback.markdown import render_markdown
from groundswell.feedback.models import (
    Board,
    Comment,
    Follow,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaMerge,
    Status,
    StatusMeaning,
    Tag,
    Vote,
    VoteSource,
)
from groundswell.feedback.signals import demand_changed
from groundswell.notifications.services import record_comment, record_status_change
from groundswell.webhooks import services as webhooks
from groundswell.workspaces.models import Workspace

DEFAULT_STATUSES = [
    ("Open", StatusMeaning.OPEN, "#64748b"),
    ("Under review", StatusMeaning.UNDER_REVIEW, "#d97706"),
    ("Planned", StatusMeaning.PLANNED, "#2563eb"),
    ("In progress", StatusMeaning.IN_PROGRESS, "#7c3aed"),
    ("Shipped", StatusMeaning.SHIPPED, "#16a34a"),
    ("Closed", StatusMeaning.CLOSED, "#6b7280"),
]


def unique_slug(model, workspace: Workspace, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:50] or "item"
    slug, n = base, 2
    existing = model.objects.filter(workspace=workspace)
    if exclude_pk:
        existing = existing.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Boards, statuses and tags -------------------------------------------------


def create_default_statuses(workspace: Workspace) -> list[Status]:
    return [
        Status.objects.create(
            workspace=workspace,
            name=name,
            slug=slugify(name),
            meaning=meaning,
            colour=colour,
            position=index,
            is_default=index == 0,
        )
        for index, (name, meaning, colour) in enumerate(DEFAULT_STATUSES)
    ]


def create_board(
    workspace: Workspace, name: str, description: str = "", is_public: bool = True
) -> Board:
    with transaction.atomic():
        position = workspace.boards.count()
        return Board.objects.create(
            workspace=workspace,
            name=name,
            slug=unique_slug(Board, workspace, name),
            description=description,
            is_public=is_public,
            position=position,
        )


def update_board(
    board: Board, *, name: str, description: str, is_public: bool, slug: str | None = None
) -> Board:
    new_slug = slug or board.slug
    if Board.objects.filter(workspace=board.workspace, slug=new_slug).exclude(pk=board.pk).exists():
        raise SlugTaken(f"Another board already uses the address “{new_slug}”.")
    board.name, board.description, board.is_public, board.slug = (
        name,
        description,
        is_public,
        new_slug,
    )
    board.save()
    return board


def delete_board(board: Board) -> None:
    board.delete()


def create_status(workspace: Workspace, name: str, meaning: str, colour: str = "#64748b") -> Status:
    with transaction.atomic():
        return Status.objects.create(
            workspace=workspace,
            name=name,
            slug=unique_slug(Status, workspace, name),
            meaning=meaning,
            colour=colour,
            position=workspace.statuses.count(),
        )


def update_status(
    status: Status, *, name: str, meaning: str, colour: str, position: int | None = None
) -> Status:
    status.name, status.meaning, status.colour = name, meaning, colour
    if position is not None:
        status.position = position
    status.save()
    return status


def make_default_status(status: Status) -> None:
    with transaction.atomic():
        Status.objects.filter(workspace=status.workspace).update(is_default=False)
        Status.objects.filter(pk=status.pk).update(is_default=True)
    status.is_default = True


def delete_status(status: Status) -> None:
    if status.is_default:
        raise StatusInUse("This is the status new ideas get; make another the default first.")
    if status.ideas.exists():
        raise StatusInUse("Ideas still have this status; move them to another status first.")
    status.delete()


def default_status(workspace: Workspace) -> Status:
    status = workspace.statuses.filter(is_default=True).first() or workspace.statuses.first()
    if status is None:
        status = create_default_statuses(workspace)[0]
    return status


def create_tag(workspace: Workspace, name: str, colour: str = "#0ea5e9") -> Tag:
    return Tag.objects.create(
        workspace=workspace, name=name, slug=unique_slug(Tag, workspace, name), colour=colour
    )


def update_tag(tag: Tag, *, name: str, colour: str) -> Tag:
    tag.name, tag.colour = name, colour
    tag.save()
    return tag


def delete_tag(tag: Tag) -> None:
    tag.delete()


# Ideas ---------------------------------------------------------------------


def create_idea(
    board: Board,
    author: User | None,
    title: str,
    body: str = "",
    *,
    tags: Iterable[Tag] = (),
    vote_for_it: bool = True,
    created_at=None,
) -> Idea:
    """Post an idea; its author's vote is counted, as people expect on feedback boards."""
    now = created_at or timezone.now()
    with transaction.atomic():
        idea = Idea.objects.create(
            workspace_id=board.workspace_id,
            board=board,
            title=title.strip(),
            body=body,
            body_html=render_markdown(body),
            author=author,
            status=default_status(board.workspace),
            created_at=now,
            updated_at=now,
        )
        tag_list = list(tags)
        _check_same_workspace(board.workspace_id, tag_list)
        if tag_list:
            idea.tags.add(*tag_list)
        IdeaEvent.objects.create(
            idea=idea, kind=IdeaEventKind.CREATED, actor=author, created_at=now
        )
        if author is not None and vote_for_it:
            Vote.objects.create(idea=idea, voter=author, created_at=now)
            Idea.objects.filter(pk=idea.pk).update(vote_count=1)
            idea.vote_count = 1
        if author is not None:
            Follow.objects.create(idea=idea, person=author, created_at=now)
        webhooks.record_idea_created(idea)
        queue_embedding(idea.pk)
    return idea


def update_idea(idea: Idea, actor: User | None, *, title: str, body: str) -> Idea:
    with transaction.atomic():
        idea.title, idea.body, idea.body_html = title.strip(), body, render_markdown(body)
        idea.updated_at = timezone.now()
        idea.save(update_fields=["title", "body", "body_html", "updated_at"])
        IdeaEvent.objects.create(idea=idea, kind=IdeaEventKind.EDITED, actor=actor)
        queue_embedding(idea.pk)
    return idea


def move_idea(idea: Idea, board: Board, actor: User) -> Idea:
    if board.workspace_id != idea.workspace_id:
        raise WrongWorkspace("An idea can only move to a board of its own workspace.")
    if board.pk == idea.board_id:
        return idea
    with transaction.atomic():
        idea.board = board
        idea.updated_at = timezone.now()
        idea.save(update_fields=["board", "updated_at"])
        IdeaEvent.objects.create(
            idea=idea, kind=IdeaEventKind.MOVED, actor=actor, message=f"Moved to {board.name}"
        )
    return idea


def delete_idea(idea: Idea) -> None:
    idea.delete()


def change_status(
    idea: Idea,
    status: Status,
    actor: User | None,
    message: str = "",
    link: str = "",
    *,
    notify: bool = True,
    changed_at: datetime | None = None,
) -> IdeaEvent | None:
    """Give the idea a new status, recording who did it, when and their public message.

    Setting the status it already has records nothing, unless there is a message.
    `link` (an absolute URL, such as a changelog entry's) goes into the notification.
    Importers pass the source's date and notify=False: history moved from another
    tool must not email every voter about changes made years ago.
    """
    if status.workspace_id != idea.workspace_id:
        raise WrongWorkspace("That status belongs to another workspace.")
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if locked.status_id == status.pk and not message.strip():
            return None
        previous_id = locked.status_id
        now = changed_at or timezone.now()
        Idea.objects.filter(pk=idea.pk).update(status=status, updated_at=now)
        event = IdeaEvent.objects.create(
            idea=idea,
            kind=IdeaEventKind.STATUS_CHANGED,
            actor=actor,
            status=status,
            previous_status_id=previous_id,
            message=message.strip(),
            message_html=render_markdown(message.strip()),
            created_at=now,
        )
        if notify:
            # The outbox: the worker tells people once this commits.
            record_status_change(idea, event, link=link)
            webhooks.record_status_changed(idea, event)
    idea.status, idea.updated_at = status, now
    return event


def _check_same_workspace(workspace_id: int, tags: Iterable[Tag]) -> None:
    if any(tag.workspace_id != workspace_id for tag in tags):
        raise WrongWorkspace("That tag belongs to another workspace.")


def tag_idea(idea: Idea, tag: Tag) -> None:
    _check_same_workspace(idea.workspace_id, [tag])
    idea.tags.add(tag)


def untag_idea(idea: Idea, tag: Tag) -> None:
    idea.tags.remove(tag)


# Votes -----------------------------------------------------------------------


# Votes are the hottest write, so their path is hand-written SQL: a handful of
# short statements with no ORM query building (about a third of a vote's time).
# Every value is a query parameter. NO KEY UPDATE (PostgreSQL) does not block the
# KEY SHARE locks that inserting a vote takes; SQLite runs one write transaction
# at a time (IMMEDIATE), so the transaction itself is the lock there.
LOCK_IDEA = "SELECT merged_into_id, status_id, vote_count FROM feedback_idea WHERE id = %s"
LOCK_IDEA_POSTGRESQL = LOCK_IDEA + " FOR NO KEY UPDATE"
MERGED_INTO = "SELECT merged_into_id FROM feedback_idea WHERE id = %s"
# The unique constraint decides between simultaneous requests without an error, so the
# insert needs no savepoint: no row is inserted when the person already voted.
INSERT_VOTE = (
    "INSERT INTO feedback_vote (idea_id, voter_id, source, cast_by_id, created_at)"
    " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (idea_id, voter_id) DO NOTHING"
)
# Both probe the (idea_id, voter_id) unique index once per idea of the cluster (the
# survivor and the ideas merged into it) instead of walking every vote the person cast.
# The first counts the voter on the survivor unless another of their votes in the
# cluster already counts them: one statement, as it runs while the write lock is held.
COUNT_NEW_VOTER = (
    "UPDATE feedback_idea SET vote_count = vote_count + 1 WHERE id = %s AND NOT EXISTS"
    " (SELECT 1 FROM feedback_vote WHERE voter_id = %s AND idea_id != %s AND idea_id IN"
    " (SELECT %s UNION ALL SELECT id FROM feedback_idea WHERE merged_into_id = %s))"
)
DELETE_VOTES_IN_CLUSTER = (
    "DELETE FROM feedback_vote WHERE voter_id = %s AND idea_id IN"
    " (SELECT %s UNION ALL SELECT id FROM feedback_idea WHERE merged_into_id = %s)"
)
ADD_TO_VOTE_COUNT = "UPDATE feedback_idea SET vote_count = vote_count + %s WHERE id = %s"


@dataclass(frozen=True)
class _Survivor:
    """The locked row of the idea whose demand a vote counts towards."""

    pk: int
    status_id: int
    vote_count: int


def _lock_row(idea_id: int) -> tuple[int | None, int, int] | None:
    """Lock one idea's row; return its (merged_into_id, status_id, vote_count)."""
    sql = LOCK_IDEA_POSTGRESQL if connection.vendor == "postgresql" else LOCK_IDEA
    with connection.cursor() as cursor:
        cursor.execute(sql, [idea_id])
        return cursor.fetchone()


def _merged_into(idea_id: int) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(MERGED_INTO, [idea_id])
        row = cursor.fetchone()
    if row is None:
        raise Idea.DoesNotExist(f"Idea {idea_id} was deleted.")
    return row[0]


def _lock_survivor(idea: Idea) -> _Survivor:
    """Lock and return the idea whose demand `idea`'s votes count towards.

    Only that survivor's row is locked, never a merged idea's. If a merge moves
    the idea meanwhile, the attempt's savepoint is rolled back, which releases its
    lock, and the lookup starts again: a vote never holds one idea's lock while
    waiting for another's, so votes and merges cannot deadlock.
    """
    row = _lock_row(idea.pk)  # the common case: one query
    if row is None:
        raise Idea.DoesNotExist(f"Idea {idea.pk} was deleted.")
    if row[0] is None:
        return _Survivor(idea.pk, row[1], row[2])
    return until_clusters_settle(lambda: _lock_survivor_once(idea))


class ClustersChanged(Exception):
    """A merge or unmerge committed between reading who survives and locking them."""


def until_clusters_settle[T](attempt: Callable[[], T]) -> T:
    """Run `attempt`, which reads who survives, locks the survivors and checks that the
    read still holds (raising ClustersChanged if not), in a savepoint, until it holds.
    A failed attempt's savepoint gives its locks back, so no lock is ever held while
    waiting for another: votes, merges and demand refreshes cannot deadlock."""
    for _ in range(20):
        try:
            with transaction.atomic():
                return attempt()
        except ClustersChanged:
            continue
    raise RuntimeError("These ideas keep changing clusters; try again.")


def _lock_survivor_once(idea: Idea) -> _Survivor:
    merged_into = _merged_into(idea.pk)
    survivor_id = merged_into or idea.pk
    row = _lock_row(survivor_id)
    if row is None or row[0] is not None:
        raise ClustersChanged  # the survivor was deleted or itself merged meanwhile
    if merged_into is not None and _merged_into(idea.pk) != survivor_id:
        raise ClustersChanged  # unmerged meanwhile
    return _Survivor(survivor_id, row[1], row[2])


def _survivor_status(idea: Idea, survivor: _Survivor) -> Status:
    if idea.status_id == survivor.status_id:
        return idea.status  # usually loaded with the idea already
    return Status.objects.get(pk=survivor.status_id)


def _count_new_voter(survivor_id: int, voter_id: int, voted_idea_id: int) -> bool:
    """Add the person to the survivor's vote_count unless they have a vote for the
    survivor or an idea merged into it other than the one for `voted_idea_id`;
    returns whether they were added."""
    with connection.cursor() as cursor:
        cursor.execute(
            COUNT_NEW_VOTER, [survivor_id, voter_id, voted_idea_id, survivor_id, survivor_id]
        )
        return cursor.rowcount == 1


def _add_to_vote_count(idea_id: int, delta: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(ADD_TO_VOTE_COUNT, [delta, idea_id])


def _delete_votes_in_cluster(survivor_id: int, voter_id: int) -> int:
    """Delete the person's votes for the survivor and every idea merged into it;
    returns how many there were. Nothing refers to votes, so nothing cascades."""
    with connection.cursor() as cursor:
        cursor.execute(DELETE_VOTES_IN_CLUSTER, [voter_id, survivor_id, survivor_id])
        return cursor.rowcount


def add_vote(
    idea: Idea,
    voter: User,
    *,
    source: str = VoteSource.PORTAL,
    cast_by: User | None = None,
    created_at: datetime | None = None,
) -> bool:
    """Record the person's vote. Idempotent: returns False if they had already voted.

    The unique constraint decides between simultaneous requests: the loser inserts
    nothing and the counter moves only for the winner.
    A person who already voted for another idea of the same merged cluster is
    not counted twice. Afterwards idea.vote_count shows the demand it counts for.
    """
    with transaction.atomic():
        survivor = _lock_survivor(idea)
        status = _survivor_status(idea, survivor)
        if not status.can_be_voted:
            raise VotingClosed(f"“{status.name}” ideas no longer take votes.")
        with connection.cursor() as cursor:
            cursor.execute(
                INSERT_VOTE,
                [
                    idea.pk,
                    voter.pk,
                    source,
                    cast_by.pk if cast_by else None,
                    connection.ops.adapt_datetimefield_value(created_at or timezone.now()),
                ],
            )
            inserted = cursor.rowcount == 1
        vote_count = survivor.vote_count
        if not inserted:
            idea.vote_count = vote_count
            return False
        if _count_new_voter(survivor.pk, voter.pk, voted_idea_id=idea.pk):
            vote_count += 1
        webhooks.record_vote_added(idea, survivor.pk, voter, source)
        demand_changed.send(
            Idea, workspace_id=idea.workspace_id, idea_ids=[survivor.pk], person_id=voter.pk
        )
    idea.vote_count = vote_count
    return True


def remove_vote(idea: Idea, voter: User) -> bool:
    """Withdraw the person's support: their votes for the idea and for every idea
    merged with it. Idempotent: returns False if there was nothing to remove."""
    with transaction.atomic():
        survivor = _lock_survivor(idea)
        deleted = _delete_votes_in_cluster(survivor.pk, voter.pk)
        vote_count = survivor.vote_count
        if deleted:
            _add_to_vote_count(survivor.pk, -1)
            vote_count -= 1
            demand_changed.send(
                Idea, workspace_id=idea.workspace_id, idea_ids=[survivor.pk], person_id=voter.pk
            )
    idea.vote_count = vote_count
    return bool(deleted)


# Follows -------------------------------------------------------------------


def follow_idea(idea: Idea, person: User) -> bool:
    """Follow the idea; returns False if the person already did."""
    _, created = Follow.objects.get_or_create(idea=idea, person=person)
    return created


def unfollow_idea(idea: Idea, person: User) -> bool:
    """Stop following the idea and everything merged with it."""
    survivor_id = idea.merged_into_id or idea.pk
    deleted, _ = (
        Follow.objects.filter(person=person)
        .filter(Q(idea_id=survivor_id) | Q(idea__merged_into_id=survivor_id))
        .delete()
    )
    return bool(deleted)


# Merges --------------------------------------------------------------------


def _recount(idea_id: int) -> None:
    """Set an idea's counters from the rows of its cluster (0 for a merged idea)."""
    merged = Idea.objects.filter(pk=idea_id, merged_into__isnull=False).exists()
    if merged:
        Idea.objects.filter(pk=idea_id).update(vote_count=0, comment_count=0)
        return
    cluster = [idea_id, *Idea.objects.filter(merged_into_id=idea_id).values_list("pk", flat=True)]
    people = Vote.objects.filter(idea_id__in=cluster).values("voter").distinct().count()
    comments = Comment.objects.filter(
        idea_id__in=cluster, is_internal=False, hidden_at__isnull=True
    ).count()
    Idea.objects.filter(pk=idea_id).update(vote_count=people, comment_count=comments)


def _lock_in_order(ids: Iterable[int]) -> dict[int, Idea]:
    # NO KEY UPDATE: locks that do not block votes being inserted for these ideas (their
    # foreign keys take KEY SHARE locks), so merges and votes cannot deadlock.
    return {
        idea.pk: idea
        for idea in Idea.objects.select_for_update(no_key=True)
        .filter(pk__in=set(ids))
        .order_by("pk")
    }


def merge_ideas(source: Idea, target: Idea, actor: User | None) -> IdeaMerge:
    """Merge `source` into `target` (or into the idea `target` was merged into).

    Nothing is copied or deleted: votes, comments and followers stay on their idea
    and count for the survivor, so unmerge_idea can restore exactly what was there.
    Ideas merged into `source` earlier move along with it and are recorded.
    """
    if source.workspace_id != target.workspace_id:
        raise WrongWorkspace("Ideas can only be merged within one workspace.")
    with transaction.atomic():
        target_id = (
            Idea.objects.filter(pk=target.pk).values_list("merged_into_id", flat=True).get()
            or target.pk
        )
        locked = _lock_in_order([source.pk, target_id])
        if locked[source.pk].merged_into_id is not None:
            raise AlreadyMerged("This idea was already merged; unmerge it first.")
        if target_id == source.pk:
            raise MergeCycle("An idea cannot be merged into itself or into an idea merged into it.")
        if locked[target_id].merged_into_id is not None:
            raise AlreadyMerged("The target was merged meanwhile; try again.")
        now = timezone.now()
        carried_ideas = list(Idea.objects.filter(merged_into=source).values_list("pk", flat=True))
        Idea.objects.filter(pk__in=carried_ideas).update(merged_into_id=target_id)
        Idea.objects.filter(pk=source.pk).update(merged_into_id=target_id, merged_at=now)
        survivor = locked[target_id]
        new_tags = list(source.tags.exclude(pk__in=survivor.tags.values("pk")))
        survivor.tags.add(*new_tags)
        merge = IdeaMerge.objects.create(
            source=source,
            target=survivor,
            actor=actor,
            carried_ideas=carried_ideas,
            carried_tags=[tag.pk for tag in new_tags],
            created_at=now,
        )
        _recount(source.pk)
        _recount(target_id)
        demand_changed.send(
            Idea,
            workspace_id=source.workspace_id,
            idea_ids=[source.pk, target_id, *carried_ideas],
            person_id=None,
        )
        IdeaEvent.objects.bulk_create(
            [
                IdeaEvent(idea=source, kind=IdeaEventKind.MERGED_INTO, actor=actor,
                          other_idea=survivor, created_at=now),
                IdeaEvent(idea=survivor, kind=IdeaEventKind.MERGED, actor=actor,
                          other_idea=source, created_at=now),
            ]
        )  # fmt: skip
        webhooks.record_ideas_merged(source, survivor, actor)
    source.refresh_from_db()
    target.refresh_from_db()
    return merge


def unmerge_idea(idea: Idea, actor: User | None) -> IdeaMerge:
    """Undo the merge of `idea`: it leaves its survivor with the ideas it brought,
    and every count goes back to what its own rows say."""
    with transaction.atomic():
        merge = IdeaMerge.objects.filter(source=idea, undone_at__isnull=True).first()
        survivor_id = Idea.objects.filter(pk=idea.pk).values_list("merged_into_id", flat=True).get()
        if merge is None or survivor_id is None:
            raise NotMerged("This idea is not merged.")
        locked = _lock_in_order([idea.pk, survivor_id])
        if locked[idea.pk].merged_into_id != survivor_id:
            raise NotMerged("This idea changed meanwhile; reload the page and try again.")
        now = timezone.now()
        Idea.objects.filter(pk=idea.pk).update(merged_into=None, merged_at=None)
        Idea.objects.filter(pk__in=merge.carried_ideas, merged_into_id=survivor_id).update(
            merged_into_id=idea.pk
        )
        merge.target.tags.remove(*merge.carried_tags)
        updated = IdeaMerge.objects.filter(pk=merge.pk, undone_at__isnull=True).update(
            undone_at=now, undone_by=actor
        )
        if not updated:
            raise NotMerged("This merge was already undone.")
        _recount(idea.pk)
        _recount(survivor_id)
        # Imported here: the duplicates services build on this module.
        from groundswell.duplicates.services import record_merge_undone

        record_merge_undone([idea.pk, *merge.carried_ideas])
        demand_changed.send(
            Idea,
            workspace_id=idea.workspace_id,
            idea_ids=[idea.pk, survivor_id, *merge.carried_ideas],
            person_id=None,
        )
        IdeaEvent.objects.bulk_create(
            [
                IdeaEvent(idea=idea, kind=IdeaEventKind.UNMERGED_FROM, actor=actor,
                          other_idea_id=survivor_id, created_at=now),
                IdeaEvent(idea_id=survivor_id, kind=IdeaEventKind.UNMERGED, actor=actor,
                          other_idea=idea, created_at=now),
            ]
        )  # fmt: skip
    merge.refresh_from_db()
    idea.refresh_from_db()
    return merge


# Comments ------------------------------------------------------------------


def add_comment(
    idea: Idea,
    author: User,
    body: str,
    *,
    is_internal: bool = False,
    created_at: datetime | None = None,
    notify: bool = True,
) -> Comment:
    """Add a comment; importers pass the source's date and notify=False."""
    with transaction.atomic():
        comment = Comment.objects.create(
            idea=idea,
            author=author,
            body=body,
            body_html=render_markdown(body),
            is_internal=is_internal,
            created_at=created_at or timezone.now(),
        )
        if not is_internal:
            _count_comments(idea.pk, +1)
        if notify:
            # The outbox: people who asked for every update hear once this commits.
            record_comment(comment)
            webhooks.record_comment_added(comment, idea.workspace_id)
    return comment


def _count_comments(idea_id: int, change: int) -> None:
    """Public comments count on the idea whose page shows them: the survivor of a merge."""
    survivor_id = Idea.objects.filter(pk=idea_id).values_list("merged_into_id", flat=True).get()
    Idea.objects.filter(pk=survivor_id or idea_id).update(comment_count=F("comment_count") + change)


def hide_comment(comment: Comment, actor: User) -> None:
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, hidden_at__isnull=True).update(
            hidden_at=timezone.now(), hidden_by=actor
        )
        if updated and not comment.is_internal:
            _count_comments(comment.idea_id, -1)
    comment.refresh_from_db()


def unhide_comment(comment: Comment) -> None:
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, hidden_at__isnull=False).update(
            hidden_at=None, hidden_by=None
        )
        if updated and not comment.is_internal:
            _count_comments(comment.idea_id, +1)
    comment.refresh_from_db()
