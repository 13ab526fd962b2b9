"""REST API for the boards, ideas, votes, comments, statuses and tags of the key's workspace.

Every handler parses its input with a Schema, looks objects up only inside
request.workspace (anything else is a 404, so other workspaces stay invisible),
and writes through one service function. The key belongs to the team, so the
API sees private boards and internal comments. Errors become problem details in
groundswell/api.py.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja import Status as WithStatus
from pydantic import AfterValidator, StringConstraints, model_validator

from groundswell.accounts.models import User, normalize_email_address
from groundswell.accounts.services import find_person, person_for_email
from groundswell.feedback import queries, services
from groundswell.feedback.models import (
    Board,
    Comment,
    Idea,
    StatusMeaning,
    Tag,
    Vote,
    VoteSource,
)
from groundswell.inbox.attributes import check_storable as _storable
from groundswell.workspaces.api import responses

router = Router()
boards = Router(tags=["boards"])
ideas = Router(tags=["ideas"])
votes = Router(tags=["votes"])
comments = Router(tags=["comments"])
statuses = Router(tags=["statuses"])
tags = Router(tags=["tags"])
merges = Router(tags=["merges"])

# Input types ------------------------------------------------------------------

# Row ids are 64-bit; a larger number would overflow the database driver.
MAX_ID = 2**63 - 1


# Neither database stores NUL, and lone surrogates cannot be encoded as UTF-8.
def _email_address(value: str) -> str:
    try:
        validate_email(value)
    except DjangoValidationError as error:
        raise ValueError("Enter a valid email address.") from error
    return normalize_email_address(value)


def line(max_length: int) -> object:
    """A type for one line of text: trimmed, not empty."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_storable),
    ]


def text(max_length: int) -> object:
    """A type for Markdown or free text, kept as written."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length),
        AfterValidator(_storable),
    ]


BoardName = line(100)
IdeaTitle = line(200)
LabelName = line(50)
Description = text(5000)
Markdown = text(20_000)
SearchWords = text(200)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254),
    Field(json_schema_extra={"format": "email"}),
    AfterValidator(_email_address),
]
PersonName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=150), AfterValidator(_storable)
]
IdeaId = Annotated[int, Path(ge=1, le=MAX_ID, description="The idea's id.")]
BoardId = Annotated[int, Path(ge=1, le=MAX_ID, description="The board's id.")]
TagSlug = Annotated[
    str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="The tag's slug.")
]


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


# Output types -----------------------------------------------------------------


class PersonOut(Schema):
    email: str
    name: str


class BoardOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    is_public: bool
    position: int
    created_at: datetime


class BoardRef(Schema):
    id: int
    name: str
    slug: str


class StatusOut(Schema):
    id: int
    name: str
    slug: str
    colour: str
    position: int
    meaning: StatusMeaning
    is_default: bool
    can_be_voted: bool


class StatusRef(Schema):
    id: int
    name: str
    slug: str
    meaning: StatusMeaning


class TagOut(Schema):
    id: int
    name: str
    slug: str
    colour: str


class IdeaOut(Schema):
    id: int
    board: BoardRef
    title: str
    body: str
    body_html: str
    status: StatusRef
    tags: list[TagOut]
    author: PersonOut | None
    vote_count: int = Field(
        description="Distinct people who voted for it or for any idea merged into it."
    )
    comment_count: int
    merged_into_id: int | None = Field(
        description="Set when this idea was merged: its votes count for that idea."
    )
    created_at: datetime
    updated_at: datetime


class IdeaPageOut(Schema):
    items: list[IdeaOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class StatusChangeOut(Schema):
    changed: bool
    idea: IdeaOut


class VoteOut(Schema):
    voter: PersonOut
    source: VoteSource
    cast_by: PersonOut | None
    created_at: datetime


class VotePageOut(Schema):
    items: list[VoteOut]
    count: int


VoteCount = Annotated[
    int,
    Field(description="Distinct people counted for the idea, or for the one it was merged into."),
]


class VoteAdded(Schema):
    created: bool = Field(description="False when the person had already voted.")
    vote_count: VoteCount


class VoteRemoved(Schema):
    removed: bool = Field(description="False when the person had not voted.")
    vote_count: VoteCount


class CommentOut(Schema):
    id: int
    author: PersonOut | None
    body: str
    body_html: str
    is_internal: bool
    hidden_at: datetime | None
    created_at: datetime


class CommentPageOut(Schema):
    items: list[CommentOut]
    count: int


# Lookups inside the key's workspace -------------------------------------------


def _board(request: HttpRequest, board_id: int) -> Board:
    board = request.workspace.boards.filter(pk=board_id).first()
    if board is None:
        raise Http404("No such board.")
    return board


def _idea(request: HttpRequest, idea_id: int) -> Idea:
    idea = queries.idea_for_page(idea_id, request.workspace)
    if idea is None:
        raise Http404("No such idea.")
    return idea


def _idea_to_vote_on(request: HttpRequest, idea_id: int) -> Idea:
    """The idea with only what a vote checks, in one query (votes are the hottest write)."""
    idea = queries.idea_for_vote(idea_id, request.workspace.slug)
    if idea is None:
        raise Http404("No such idea.")
    return idea


def _tag(request: HttpRequest, slug: str) -> Tag:
    tag = request.workspace.tags.filter(slug=slug).first()
    if tag is None:
        raise Http404(f"No tag “{slug}” in this workspace.")
    return tag


def _actor(request: HttpRequest) -> User | None:
    """Team actions taken with a key are recorded as done by the person who created it."""
    return request.api_key.created_by


def _page(rows: QuerySet, page: PageQuery) -> dict:
    return {"items": list(rows[page.offset : page.offset + page.limit]), "count": rows.count()}


# Boards -------------------------------------------------------------------------


class BoardIn(Schema):
    name: BoardName
    description: Description = ""
    is_public: bool = True


class BoardPatch(Schema):
    name: BoardName | None = None
    slug: Slug | None = None
    description: Description | None = None
    is_public: bool | None = None


@boards.get("/boards", response=responses({200: list[BoardOut]}), summary="List boards")
def list_boards(request: HttpRequest):
    return request.workspace.boards.all()


@boards.get("/boards/{board_id}", response=responses({200: BoardOut}, 404), summary="Get a board")
def get_board(request: HttpRequest, board_id: BoardId):
    return _board(request, board_id)


@boards.post("/boards", response=responses({201: BoardOut}), summary="Create a board")
def create_board(request: HttpRequest, payload: BoardIn):
    board = services.create_board(
        request.workspace, payload.name, payload.description, payload.is_public
    )
    return WithStatus(201, board)


@boards.patch(
    "/boards/{board_id}", response=responses({200: BoardOut}, 404, 409), summary="Update a board"
)
def update_board(request: HttpRequest, board_id: BoardId, payload: BoardPatch):
    board = _board(request, board_id)
    return services.update_board(
        board,
        name=payload.name if payload.name is not None else board.name,
        description=(payload.description if payload.description is not None else board.description),
        is_public=payload.is_public if payload.is_public is not None else board.is_public,
        slug=payload.slug,
    )


# Ideas --------------------------------------------------------------------------


class IdeaFilters(Schema):
    board: Id | None = Field(None, description="Only ideas on this board (its id).")
    status: Slug | None = Field(None, description="Only ideas with this status (its slug).")
    tag: Slug | None = Field(None, description="Only ideas with this tag (its slug).")
    q: SearchWords | None = Field(None, description="Words to search titles and bodies for.")
    sort: Literal["top", "new", "trending"] = "top"
    cursor: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=500)] | None
    ) = Field(None, description="The `next_cursor` of the previous page.")
    limit: int = Field(queries.PAGE_SIZE, ge=1, le=100)


class IdeaIn(Schema):
    board_id: Id
    title: IdeaTitle
    body: Markdown = ""
    author_email: Email = Field(description="The person who gave this feedback.")
    author_name: PersonName = Field("", description="Used only when the person is new.")
    tags: list[Slug] = Field([], max_length=20, description="Slugs of the workspace's tags.")
    vote_for_it: bool = Field(True, description="Count the author's vote, as the portal does.")


class IdeaPatch(Schema):
    title: IdeaTitle | None = None
    body: Markdown | None = None


class StatusChangeIn(Schema):
    status_id: Id | None = None
    status_slug: Slug | None = None
    message: Markdown = Field("", description="Public message shown with the change.")

    @model_validator(mode="after")
    def one_status(self) -> "StatusChangeIn":
        if (self.status_id is None) == (self.status_slug is None):
            raise ValueError("Give either status_id or status_slug.")
        return self


@ideas.get(
    "/ideas",
    response=responses({200: IdeaPageOut}, 400, 404),
    summary="List ideas, filtered, sorted and a page at a time",
)
def list_ideas(request: HttpRequest, filters: Query[IdeaFilters]):
    rows = Idea.objects.filter(workspace=request.workspace)
    if filters.board is not None:
        rows = rows.filter(board=_board(request, filters.board))
    page = queries.list_ideas(
        rows,
        sort=filters.sort,
        status=filters.status,
        tag=filters.tag,
        search=filters.q,
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": page.ideas, "next_cursor": page.next_cursor}


@ideas.get("/ideas/{idea_id}", response=responses({200: IdeaOut}, 404), summary="Get an idea")
def get_idea(request: HttpRequest, idea_id: IdeaId):
    return _idea(request, idea_id)


@ideas.post("/ideas", response=responses({201: IdeaOut}, 404), summary="Post an idea for a person")
def create_idea(request: HttpRequest, payload: IdeaIn):
    board = _board(request, payload.board_id)
    wanted = set(payload.tags)
    found = list(request.workspace.tags.filter(slug__in=wanted))
    missing = wanted - {tag.slug for tag in found}
    if missing:
        raise Http404(f"No tag “{sorted(missing)[0]}” in this workspace.")
    author = person_for_email(payload.author_email, payload.author_name)
    idea = services.create_idea(
        board, author, payload.title, payload.body, tags=found, vote_for_it=payload.vote_for_it
    )
    return WithStatus(201, _idea(request, idea.pk))


@ideas.patch("/ideas/{idea_id}", response=responses({200: IdeaOut}, 404), summary="Edit an idea")
def update_idea(request: HttpRequest, idea_id: IdeaId, payload: IdeaPatch):
    idea = _idea(request, idea_id)
    services.update_idea(
        idea,
        _actor(request),
        title=payload.title if payload.title is not None else idea.title,
        body=payload.body if payload.body is not None else idea.body,
    )
    return _idea(request, idea_id)


@ideas.post(
    "/ideas/{idea_id}/status",
    response=responses({200: StatusChangeOut}, 404, 422),
    summary="Change an idea's status",
)
def change_status(request: HttpRequest, idea_id: IdeaId, payload: StatusChangeIn):
    idea = _idea(request, idea_id)
    if payload.status_id is not None:
        status = request.workspace.statuses.filter(pk=payload.status_id).first()
    else:
        status = request.workspace.statuses.filter(slug=payload.status_slug).first()
    if status is None:
        raise Http404("No such status in this workspace.")
    event = services.change_status(idea, status, _actor(request), payload.message)
    return {"changed": event is not None, "idea": _idea(request, idea_id)}


# Votes ----------------------------------------------------------------------------


class VoteIn(Schema):
    email: Email = Field(description="The person the vote is for.")
    name: PersonName = Field("", description="Used only when the person is new.")
    source: Literal["on_behalf", "api"] = Field(
        "on_behalf",
        description="`on_behalf`: the team records a customer's vote; `api`: an integration.",
    )


class VoterQuery(Schema):
    email: Email


@votes.get(
    "/ideas/{idea_id}/votes",
    response=responses({200: VotePageOut}, 404),
    summary="List an idea's voters, newest first",
)
def list_votes(request: HttpRequest, idea_id: IdeaId, page: Query[PageQuery]):
    idea = _idea(request, idea_id)
    rows = Vote.objects.filter(idea=idea).select_related("voter", "cast_by")
    return _page(rows.order_by("-created_at", "-id"), page)


@votes.post(
    "/ideas/{idea_id}/votes",
    response=responses({200: VoteAdded, 201: VoteAdded}, 404, 409),
    summary="Vote for an idea on a person's behalf",
    description="Idempotent: 201 when the vote is new, 200 when the person had already voted.",
)
def add_vote(request: HttpRequest, idea_id: IdeaId, payload: VoteIn):
    idea = _idea_to_vote_on(request, idea_id)
    voter = person_for_email(payload.email, payload.name)
    cast_by = _actor(request) if payload.source == VoteSource.ON_BEHALF else None
    created = services.add_vote(idea, voter, source=payload.source, cast_by=cast_by)
    return WithStatus(201 if created else 200, {"created": created, "vote_count": idea.vote_count})


@votes.delete(
    "/ideas/{idea_id}/votes",
    response=responses({200: VoteRemoved}, 404),
    summary="Take back a person's vote",
    description="Idempotent: `removed` is false when the person had not voted.",
)
def remove_vote(request: HttpRequest, idea_id: IdeaId, voter: Query[VoterQuery]):
    idea = _idea_to_vote_on(request, idea_id)
    person = find_person(voter.email)
    removed = person is not None and services.remove_vote(idea, person)
    return {"removed": removed, "vote_count": idea.vote_count}


# Comments -------------------------------------------------------------------------


class CommentIn(Schema):
    author_email: Email
    author_name: PersonName = Field("", description="Used only when the person is new.")
    body: Markdown
    is_internal: bool = Field(False, description="Shown to the team only.")

    @model_validator(mode="after")
    def not_blank(self) -> "CommentIn":
        if not self.body.strip():
            raise ValueError("Write something in the comment.")
        return self


@comments.get(
    "/ideas/{idea_id}/comments",
    response=responses({200: CommentPageOut}, 404),
    summary="List an idea's comments, internal and hidden ones included",
)
def list_comments(request: HttpRequest, idea_id: IdeaId, page: Query[PageQuery]):
    idea = _idea(request, idea_id)
    return _page(Comment.objects.filter(idea=idea).select_related("author"), page)


@comments.post(
    "/ideas/{idea_id}/comments",
    response=responses({201: CommentOut}, 404),
    summary="Comment on an idea for a person",
)
def add_comment(request: HttpRequest, idea_id: IdeaId, payload: CommentIn):
    idea = _idea(request, idea_id)
    author = person_for_email(payload.author_email, payload.author_name)
    comment = services.add_comment(idea, author, payload.body, is_internal=payload.is_internal)
    return WithStatus(201, comment)


# Statuses and tags -------------------------------------------------------------------


class StatusIn(Schema):
    name: LabelName
    meaning: StatusMeaning = Field(description="What the status means to voting and the roadmap.")
    colour: Colour = "#64748b"


class TagIn(Schema):
    name: LabelName
    colour: Colour = "#0ea5e9"


@statuses.get("/statuses", response=responses({200: list[StatusOut]}), summary="List statuses")
def list_statuses(request: HttpRequest):
    return request.workspace.statuses.all()


@statuses.post("/statuses", response=responses({201: StatusOut}), summary="Create a status")
def create_status(request: HttpRequest, payload: StatusIn):
    status = services.create_status(
        request.workspace, payload.name, payload.meaning, payload.colour
    )
    return WithStatus(201, status)


@tags.get("/tags", response=responses({200: list[TagOut]}), summary="List tags")
def list_tags(request: HttpRequest):
    return request.workspace.tags.all()


@tags.post("/tags", response=responses({201: TagOut}), summary="Create a tag")
def create_tag(request: HttpRequest, payload: TagIn):
    return WithStatus(201, services.create_tag(request.workspace, payload.name, payload.colour))


@tags.put(
    "/ideas/{idea_id}/tags/{tag_slug}",
    response=responses({200: IdeaOut}, 404),
    summary="Tag an idea (idempotent)",
)
def tag_idea(request: HttpRequest, idea_id: IdeaId, tag_slug: TagSlug):
    services.tag_idea(_idea(request, idea_id), _tag(request, tag_slug))
    return _idea(request, idea_id)


@tags.delete(
    "/ideas/{idea_id}/tags/{tag_slug}",
    response=responses({200: IdeaOut}, 404),
    summary="Untag an idea (idempotent)",
)
def untag_idea(request: HttpRequest, idea_id: IdeaId, tag_slug: TagSlug):
    services.untag_idea(_idea(request, idea_id), _tag(request, tag_slug))
    return _idea(request, idea_id)


# Merges -----------------------------------------------------------------------------


class MergeIn(Schema):
    into: int = Field(ge=1, le=MAX_ID, description="The idea to merge into (or its survivor).")


@merges.post(
    "/ideas/{idea_id}/merge",
    response=responses({200: IdeaOut}, 404, 409),
    summary="Merge an idea into another; returns the surviving idea",
)
def merge_idea(request: HttpRequest, idea_id: IdeaId, payload: MergeIn):
    idea = _idea(request, idea_id)
    target = _idea(request, payload.into)
    services.merge_ideas(idea, target, _actor(request))
    idea.refresh_from_db()
    return _idea(request, idea.merged_into_id)


@merges.delete(
    "/ideas/{idea_id}/merge",
    response=responses({200: IdeaOut}, 404, 409),
    summary="Unmerge an idea: it gets back exactly its own votes, comments and tags",
)
def unmerge_idea(request: HttpRequest, idea_id: IdeaId):
    services.unmerge_idea(_idea(request, idea_id), _actor(request))
    return _idea(request, idea_id)


for child in (boards, ideas, votes, comments, statuses, tags, merges):
    router.add_router("", child)
