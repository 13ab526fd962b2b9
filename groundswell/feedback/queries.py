"""Reads that the portal, the team pages and the API share, so they show the same numbers.

Counts come from the counters on Idea; lists use keyset pagination so a page
costs the same on the first page and the thousandth, whatever the board's size.
"""

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from groundswell.accounts.models import User
from groundswell.feedback.models import (
    Board,
    Comment,
    Follow,
    Idea,
    IdeaEvent,
    IdeaMerge,
    Status,
    Vote,
    VoteSource,
)
from groundswell.feedback.search import filter_by_search
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import is_team_member

SORTS = ("top", "new", "trending")
TRENDING_WINDOW = timedelta(days=14)
PAGE_SIZE = 20


class BadCursor(ValueError):
    pass


def visible_boards(workspace: Workspace, user: User | AnonymousUser) -> QuerySet[Board]:
    boards = Board.objects.filter(workspace=workspace)
    if not is_team_member(user, workspace):
        boards = boards.filter(is_public=True)
    return boards


def visible_ideas(workspace: Workspace, user: User | AnonymousUser) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(workspace=workspace)
    if not is_team_member(user, workspace):
        ideas = ideas.filter(board__is_public=True)
    return ideas


@dataclass
class IdeaPage:
    ideas: list[Idea]
    next_cursor: str | None


def encode_cursor(values: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadCursor("The cursor is not valid; start again from the first page.") from error
    if not isinstance(values, dict) or not values:
        raise BadCursor("The cursor is not valid; start again from the first page.")
    return values


def _with_display_relations(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    return ideas.select_related("status", "board", "author").prefetch_related("tags")


def list_ideas(
    ideas: QuerySet[Idea],
    *,
    sort: str = "top",
    status: str | None = None,
    tag: str | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> IdeaPage:
    """One page of ideas, filtered and sorted; the cursor continues where the last page ended.

    Merged ideas are left out: their demand shows on the idea they were merged into.
    """
    ideas = ideas.filter(merged_into__isnull=True)
    if status:
        ideas = ideas.filter(status__slug=status)
    if tag:
        ideas = ideas.filter(tags__slug=tag)
    if search:
        ideas = filter_by_search(ideas, search)
    position = decode_cursor(cursor) if cursor else None
    try:
        if sort == "new":
            return _page_by_newest(ideas, position, limit)
        if sort == "trending":
            return _page_by_trending(ideas, position, limit)
        return _page_by_votes(ideas, position, limit)
    except (KeyError, TypeError, ValueError) as error:
        raise BadCursor("The cursor is not valid; start again from the first page.") from error


def _page_by_votes(ideas: QuerySet[Idea], position: dict | None, limit: int) -> IdeaPage:
    if position:
        votes, last_id = int(position["v"]), int(position["id"])
        ideas = ideas.filter(Q(vote_count__lt=votes) | Q(vote_count=votes, id__lt=last_id))
    rows = list(_with_display_relations(ideas.order_by("-vote_count", "-id"))[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = encode_cursor({"v": rows[-1].vote_count, "id": rows[-1].id}) if more else None
    return IdeaPage(rows, cursor)


def _page_by_newest(ideas: QuerySet[Idea], position: dict | None, limit: int) -> IdeaPage:
    if position:
        created = parse_datetime(position["t"])
        if created is None:
            raise ValueError("bad time")
        last_id = int(position["id"])
        ideas = ideas.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=last_id))
    rows = list(_with_display_relations(ideas.order_by("-created_at", "-id"))[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = (
        encode_cursor({"t": rows[-1].created_at.isoformat(), "id": rows[-1].id}) if more else None
    )
    return IdeaPage(rows, cursor)


def _page_by_trending(ideas: QuerySet[Idea], position: dict | None, limit: int) -> IdeaPage:
    """Most votes in the last 14 days; only ideas that had votes in that window."""
    offset = int(position["o"]) if position else 0
    if offset < 0:
        raise ValueError("negative offset")
    since = timezone.now() - TRENDING_WINDOW
    ranked = list(
        Vote.objects.filter(created_at__gte=since, idea__in=ideas.values("pk"))
        .values("idea_id")
        .annotate(recent=Count("id"))
        .order_by("-recent", "-idea_id")[offset : offset + limit + 1]
    )
    more = len(ranked) > limit
    ranked = ranked[:limit]
    by_id = _with_display_relations(Idea.objects.filter(pk__in=[r["idea_id"] for r in ranked]))
    ideas_by_id = {idea.pk: idea for idea in by_id}
    rows = []
    for row in ranked:
        idea = ideas_by_id[row["idea_id"]]
        idea.recent_votes = row["recent"]
        rows.append(idea)
    return IdeaPage(rows, encode_cursor({"o": offset + limit}) if more else None)


def mark_voted(user: User | AnonymousUser, ideas: list[Idea]) -> list[Idea]:
    """Set idea.viewer_voted on each idea, in one query."""
    voted = voted_idea_ids(user, [idea.pk for idea in ideas])
    for idea in ideas:
        idea.viewer_voted = idea.pk in voted
    return ideas


def voted_idea_ids(user: User | AnonymousUser, idea_ids: Iterable[int]) -> set[int]:
    """Which of these ideas the person voted for, in one query. A vote for an idea
    merged into one of them counts as a vote for it."""
    ids = [int(pk) for pk in idea_ids]
    if not (user.is_authenticated and user.pk and ids):
        return set()
    sql, params = voted_ideas_query(user.pk, ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def voted_ideas_query(person_id: int, idea_ids: list[int]) -> tuple[str, list]:
    """voted_idea_ids as SQL and its parameters (one idea id a row), to be read
    together with other reads in one round trip (groundswell.pagecache)."""
    marks = ", ".join(["%s"] * len(idea_ids))
    # Two probes per idea on the (idea, voter) and merged_into indexes, rather than
    # reading through everything the person ever voted for.
    sql = (
        f"SELECT idea_id FROM feedback_vote WHERE voter_id = %s AND idea_id IN ({marks})"  # noqa: S608 - placeholders only
        " UNION ALL SELECT i.merged_into_id FROM feedback_idea i"
        f" WHERE i.merged_into_id IN ({marks})"
        " AND EXISTS (SELECT 1 FROM feedback_vote v WHERE v.idea_id = i.id AND v.voter_id = %s)"
    )
    return sql, [person_id, *idea_ids, *idea_ids, person_id]


def idea_for_page(idea_id: int, workspace: Workspace) -> Idea | None:
    return (
        _with_display_relations(Idea.objects.filter(workspace=workspace, pk=idea_id))
        .select_related("workspace")
        .first()
    )


def idea_for_action(idea_id: int, workspace_slug: str) -> Idea | None:
    """An idea with its workspace, board and status, found by the portal's address."""
    return (
        Idea.objects.select_related("workspace", "board", "status")
        .filter(pk=idea_id, workspace__slug=workspace_slug)
        .first()
    )


# The columns a vote needs, read by hand (votes are the hottest request). Only columns
# that need no conversion from the database; any other field loads on first use.
_VOTE_TABLES = {Idea: "i", Board: "b", Status: "s", Workspace: "w"}
_VOTE_COLUMNS = {
    # In each model's field order, as Model.from_db expects.
    model: [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname in wanted
    ]
    for model, wanted in {
        Idea: {"id", "workspace_id", "board_id", "status_id", "author_id", "merged_into_id",
               "title", "vote_count", "comment_count"},
        Board: {"id", "workspace_id", "name", "slug", "is_public"},
        Status: {"id", "workspace_id", "name", "colour", "meaning"},
        Workspace: {"id", "name", "slug", "accent_colour"},
    }.items()
}  # fmt: skip
_VOTE_SELECT = ", ".join(
    f"{alias}.{column}" for model, alias in _VOTE_TABLES.items() for column in _VOTE_COLUMNS[model]
)
IDEA_FOR_VOTE = (
    f"SELECT {_VOTE_SELECT} FROM feedback_idea i"  # noqa: S608 - the models' own column names
    " JOIN workspaces_workspace w ON w.id = i.workspace_id"
    " JOIN feedback_board b ON b.id = i.board_id"
    " JOIN feedback_status s ON s.id = i.status_id"
    " WHERE i.id = %s AND w.slug = %s"
)


def idea_for_vote(idea_id: int, workspace_slug: str) -> Idea | None:
    """idea_for_action for the vote buttons: the same idea, workspace, board and status in
    one hand-written query, with only the columns a vote shows or checks loaded."""
    with connection.cursor() as cursor:
        cursor.execute(IDEA_FOR_VOTE, [idea_id, workspace_slug])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, start = {}, 0
    for model in _VOTE_TABLES:
        columns = _VOTE_COLUMNS[model]
        values = list(row[start : start + len(columns)])
        start += len(columns)
        if model is Board:
            values[columns.index("is_public")] = bool(values[columns.index("is_public")])
        objects[model] = model.from_db(connection.alias, columns, values)
    idea, board = objects[Idea], objects[Board]
    board.workspace = idea.workspace = objects[Workspace]
    idea.board, idea.status = board, objects[Status]
    return idea


def cluster_ids(idea: Idea) -> list[int]:
    """The idea and every idea merged into it."""
    return [idea.pk, *Idea.objects.filter(merged_into=idea).values_list("pk", flat=True)]


def idea_comments(idea: Idea, user: User | AnonymousUser) -> QuerySet[Comment]:
    """Comments on the idea and on everything merged into it (each knows its own idea)."""
    comments = Comment.objects.filter(idea_id__in=cluster_ids(idea)).select_related(
        "author", "idea"
    )
    if not is_team_member(user, idea.workspace):
        comments = comments.filter(is_internal=False, hidden_at__isnull=True)
    return comments


def followers(idea: Idea) -> QuerySet[User]:
    """Everyone following the idea or any idea merged into it, each once."""
    return User.objects.filter(follows__idea_id__in=cluster_ids(idea)).distinct()


def demand_breakdown(idea: Idea) -> dict:
    """Where the idea's demand comes from: each merged idea and each channel, in people."""
    ids = cluster_ids(idea)
    if len(ids) == 1 and idea.vote_count == 0:
        return {"ideas": [], "sources": []}
    votes = Vote.objects.filter(idea_id__in=ids)
    per_idea = {
        row["idea_id"]: row["people"]
        for row in votes.values("idea_id").annotate(people=Count("voter", distinct=True))
    }
    merged = Idea.objects.filter(pk__in=ids).exclude(pk=idea.pk).only("pk", "title")
    sources = votes.values("source").annotate(people=Count("voter", distinct=True))
    labels = dict(VoteSource.choices)
    return {
        "own": per_idea.get(idea.pk, 0),
        "ideas": [(other, per_idea.get(other.pk, 0)) for other in merged],
        "sources": [(labels.get(row["source"], row["source"]), row["people"]) for row in sources],
    }


def active_merges(idea: Idea) -> QuerySet[IdeaMerge]:
    return IdeaMerge.objects.filter(
        source__merged_into=idea, undone_at__isnull=True
    ).select_related("source", "actor")


def idea_history(idea: Idea) -> QuerySet[IdeaEvent]:
    """What the people behind an idea see happen to it: status changes and merges."""
    kinds = ["status_changed", "merged", "merged_into", "unmerged", "unmerged_from"]
    return idea.events.filter(kind__in=kinds).select_related(
        "actor", "status", "previous_status", "other_idea"
    )


def is_following(user: User | AnonymousUser, idea: Idea) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(person=user, idea_id__in=cluster_ids(idea)).exists()


def person_activity(workspace: Workspace, person: User, viewer: User | AnonymousUser) -> dict:
    """A person's ideas, votes and comments in a workspace, as the viewer may see them."""
    ideas = visible_ideas(workspace, viewer)
    team = is_team_member(viewer, workspace)
    comments = Comment.objects.filter(author=person, idea__in=ideas)
    if not team:
        comments = comments.filter(is_internal=False, hidden_at__isnull=True)
    return {
        "ideas": _with_display_relations(ideas.filter(author=person).order_by("-created_at"))[:50],
        "voted": _with_display_relations(
            ideas.filter(votes__voter=person).order_by("-votes__created_at")
        )[:50],
        "comments": comments.select_related("idea").order_by("-created_at")[:50],
    }


def boards_with_counts(boards: QuerySet[Board]) -> QuerySet[Board]:
    return boards.annotate(idea_total=Count("ideas"))
