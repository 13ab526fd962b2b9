"""Micro-caching of public pages: for signed-out visitors, and shared by signed-in people.

A signed-out visitor's page carries nothing personal (no CSRF token, no vote
state), so the same rendering serves every visitor for a second or two. The
first visitor in each interval pays for the rendering; the rest get a copy.

A signed-in person's board differs from everyone else's in three things only:
which ideas they voted for, their unread-notification badge and their CSRF
token. `shared_with_people` renders such a page once per interval for nobody in
particular (`SharedParticipant`: signed in, no id, no votes), once for the
people outside the team and once for the team (who also see private boards),
with markers where those three things go, and fills them in for each person
with two small queries. Personal data cannot leak into a shared copy: it is
never rendered for a real person. Whoever has just changed something (any
successful POST) gets pages rendered anew for the interval, so they see their
own vote counted (see `FreshAfterWritesMiddleware`); each such rendering is
shared from then on. A board's rows are cached apart, by what they show
(feedback's `idea_row` tag), so a new rendering redraws only the rows that changed.
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from groundswell.workspaces.models import Membership, Role, Workspace
from groundswell.workspaces.permissions import team_workspace_id

View = Callable[..., HttpResponse]

FRESH_COOKIE = "gs_fresh"

# Per process, unguessable: text a person typed can never be taken for a marker.
_NONCE = secrets.token_hex(8)
CSRF_PLACEHOLDER = f"gs{_NONCE}csrf"
UNREAD_MARKER = f"<!--gs:{_NONCE}:unread-->"
_VOTE_BUTTONS = re.compile(
    rf"<!--gs:{_NONCE}:vote (\d+)-->(.*?)<!--gs:{_NONCE}:voted-->(.*?)<!--gs:{_NONCE}:end-->",
    re.DOTALL,
)


def _variant(prefix: str, request: HttpRequest) -> str:
    """The cache key of this address as this kind of request (page or htmx fragment)."""
    variant = "|".join(
        [
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        ]
    )
    return prefix + hashlib.sha256(variant.encode()).hexdigest()


def cached_for_visitors(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.VISITOR_PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or request.user.is_authenticated
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        key = _variant("visitor-page:", request)
        cache = caches["pages"]
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["Cache-Control"] = f"public, max-age={seconds}"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            if hasattr(response, "render"):
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), seconds)
            response["Cache-Control"] = f"public, max-age={seconds}"
        return response

    return wrapper


class SharedParticipant(AnonymousUser):
    """Whom a page shared by signed-in people is rendered for: signed in, but no one.

    It has no id, so it has voted for nothing and follows nothing. It is on the
    team of `team_of` (a workspace id) as a plain member, or on no team
    (workspaces.permissions.membership_for asks membership_in). A shared page
    therefore never shows admin-only controls: those belong on the team pages.
    """

    def __init__(self, team_of: int | None = None):
        self.team_of = team_of

    def membership_in(self, workspace: Workspace) -> Membership | None:
        if workspace.pk != self.team_of:
            return None
        return Membership(workspace=workspace, role=Role.MEMBER)

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False


@dataclass(frozen=True)
class SharedPage:
    """A rendering for nobody in particular, cut where a person's vote state goes.

    `pieces` alternates text and (idea id, button if not voted, button if voted).
    """

    pieces: tuple[str | tuple[int, str, str], ...]
    idea_ids: tuple[int, ...]
    content_type: str

    @classmethod
    def cut(cls, content: str, content_type: str) -> "SharedPage":
        parts = _VOTE_BUTTONS.split(content)
        pieces: list[str | tuple[int, str, str]] = []
        for index in range(0, len(parts), 4):
            pieces.append(parts[index])
            if index + 3 < len(parts):
                pieces.append((int(parts[index + 1]), parts[index + 2], parts[index + 3]))
        ids = tuple(piece[0] for piece in pieces if isinstance(piece, tuple))
        return cls(tuple(pieces), ids, content_type)

    def for_person(self, request: HttpRequest) -> HttpResponse:
        from groundswell.notifications.templatetags.notifications import unread_badge

        voted, unread = _personal_marks(request.user, self.idea_ids)
        content = "".join(
            piece if isinstance(piece, str) else piece[2 if piece[0] in voted else 1]
            for piece in self.pieces
        )
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        content = content.replace(UNREAD_MARKER, unread_badge(unread))
        return HttpResponse(content, content_type=self.content_type)


def _personal_marks(person, idea_ids: tuple[int, ...]) -> tuple[set[int], int]:
    """Which of the page's ideas the person voted for, and their unread count: the
    queries of feedback.queries.voted_idea_ids and notifications.queries.unread_count,
    read in one round trip (on PostgreSQL each round trip was a tenth of a page)."""
    from groundswell.feedback.queries import voted_ideas_query
    from groundswell.notifications.queries import unread_count_query

    unread_sql, params = unread_count_query(person.pk)
    sql = f"SELECT 1, ({unread_sql})"
    if idea_ids:
        voted_sql, voted_params = voted_ideas_query(person.pk, list(idea_ids))
        sql = f"SELECT 0, voted.idea_id FROM ({voted_sql}) voted UNION ALL {sql}"  # noqa: S608 - our queries
        params = [*voted_params, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    voted, unread = set(), 0
    for kind, value in rows:
        if kind == 0:
            voted.add(value)
        else:
            unread = value
    return voted, unread


def shared_with_people(view: View) -> View:
    """Share the view's rendering among signed-in people: the team's among the team,
    everyone else's among everyone else.

    The view takes `workspace_slug` and answers with a TemplateResponse whose
    templates mark the personal parts when `shared_rendering` is set (see
    feedback/vote_button.html and the unread badge in base.html).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.SIGNED_IN_PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or not request.user.is_authenticated
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        team_of = team_workspace_id(request.user, kwargs["workspace_slug"])
        key = _variant(f"shared-page:{team_of}:", request)
        cache = caches["pages"]
        # Whoever has just changed something gets a copy rendered now, which then
        # serves everyone else too.
        page = None if FRESH_COOKIE in request.COOKIES else cache.get(key)
        if page is None:
            response = _render_for_nobody(SharedParticipant(team_of), view, request, args, kwargs)
            if response.status_code != 200:
                return response  # errors and redirects are the same for everyone
            if response.cookies or not hasattr(response, "render"):
                return view(request, *args, **kwargs)  # not shareable: the person's own
            page = SharedPage.cut(response.render().content.decode(), response["Content-Type"])
            cache.set(key, page, seconds)
        return page.for_person(request)

    return wrapper


def _render_for_nobody(
    nobody: SharedParticipant, view: View, request: HttpRequest, args, kwargs
) -> HttpResponse:
    person = request.user
    request.user = nobody
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "context_data"):
            response.context_data.update(
                shared_rendering=_NONCE,
                csrf_token=CSRF_PLACEHOLDER,
                messages=[],  # the person's own messages never go into a shared copy
            )
            response.render()  # while request.user is still nobody
        return response
    finally:
        request.user = person


class FreshAfterWritesMiddleware:
    """After a signed-in person changes something, show them pages rendered anew for
    the interval a shared copy may be old, so their own vote or comment is counted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        seconds = settings.SIGNED_IN_PAGE_CACHE_SECONDS
        if (
            seconds
            and request.method == "POST"
            and response.status_code < 400
            and request.user.is_authenticated
        ):
            response.set_cookie(
                FRESH_COOKIE,
                "1",
                max_age=seconds + 1,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
