"""The widget's panel, under /widget/<public key>/, shown in an iframe on the customer's
own site, and /widget.js, the one script tag that puts it there.

No cookie is used or trusted here (third-party cookies are blocked in iframes, and
a Groundswell session must not act through a page framed by someone else): who the
visitor is comes only from the signed widget session the panel sends with each
request, in the X-Groundswell-Widget header (htmx) or the widget_session field.
That signature is the CSRF protection, so only these views are CSRF-exempt, and
only these may be framed, by the sites the workspace allows.
"""

import json
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from groundswell.accounts.errors import RateLimited
from groundswell.accounts.models import User
from groundswell.accounts.ratelimit import client_address, hit
from groundswell.changelog import queries as changelog
from groundswell.duplicates.queries import similar_ideas
from groundswell.feedback import queries as feedback_queries
from groundswell.feedback import services as feedback
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.forms import SimilarIdeasForm
from groundswell.feedback.models import Idea
from groundswell.feedback.views import SIMILAR_IDEAS_SHOWN
from groundswell.widget import queries, services
from groundswell.widget.errors import InvalidIdentifyToken, InvalidWidgetSession, WidgetError
from groundswell.widget.forms import WidgetIdeaForm
from groundswell.widget.models import WidgetKeys
from groundswell.widget.tokens import read_widget_session, sign_widget_session

SESSION_HEADER = "X-Groundswell-Widget"
SESSION_FIELD = "widget_session"
SCRIPT = Path(__file__).parent / "static" / "widget" / "widget.js"

# The panel's tabs, in order.
PANEL_TABS = [
    ("ideas", "Ideas", "widget:ideas"),
    ("post", "Post an idea", "widget:post"),
    ("news", "What's new", "widget:news"),
]
# How many changelog entries the "What's new" tab shows; the portal has the rest.
NEWS_ENTRIES = 10

PanelView = Callable[..., HttpResponse]


@lru_cache(maxsize=1)
def _script_source() -> bytes:
    return SCRIPT.read_bytes()


@require_GET
def widget_script(request: HttpRequest) -> HttpResponse:
    """/widget.js: small, hand-written, cached briefly so a fix reaches every site soon."""
    response = HttpResponse(_script_source(), content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=300)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def panel_view(view: PanelView) -> PanelView:
    """Resolve the public key, and let the panel be framed by the workspace's sites only.

    The wrapped view receives the WidgetKeys instead of the public key.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, public_key: str, **kwargs) -> HttpResponse:
        keys = queries.keys_for_public_key(public_key)
        if keys is None:
            raise Http404("No widget has this key.")
        response = view(request, keys, **kwargs)
        response["Content-Security-Policy"] = f"frame-ancestors {' '.join(keys.origins) or '*'}"
        patch_vary_headers(response, [SESSION_HEADER])
        patch_cache_control(response, private=True, no_store=True)
        return response

    return xframe_options_exempt(csrf_exempt(wrapper))


class Visitor:
    """Who is using the panel: an identified person, or an anonymous visitor."""

    def __init__(self, keys: WidgetKeys, person: User | None, notice: str = "") -> None:
        self.keys, self.person, self.notice = keys, person, notice

    @property
    def identified(self) -> bool:
        return self.person is not None

    @property
    def user(self) -> User | AnonymousUser:
        return self.person or AnonymousUser()


def _visitor(request: HttpRequest, keys: WidgetKeys, *, required: bool) -> Visitor:
    """The visitor the request's widget session names. A missing or bad session is an
    error for writes (required) and an anonymous visitor, with a notice, for reads."""
    token = request.headers.get(SESSION_HEADER) or request.POST.get(SESSION_FIELD, "")
    try:
        session = read_widget_session(keys, token)
        person = None
        if session.person_id is not None:
            person = User.objects.filter(pk=session.person_id, is_active=True).first()
            if person is None:
                raise InvalidWidgetSession("This account is closed.")
    except InvalidWidgetSession as error:
        if required:
            raise
        return Visitor(keys, None, str(error) if token else "")
    return Visitor(keys, person)


def _panel(
    request: HttpRequest,
    visitor: Visitor,
    tab: str,
    context: dict | None = None,
    *,
    template: str = "widget/panel.html",
    status: int = 200,
) -> TemplateResponse:
    keys = visitor.keys
    session = sign_widget_session(keys, visitor.person.pk if visitor.person else None)
    base = {
        "workspace": keys.workspace,
        "keys": keys,
        "visitor": visitor,
        "user": visitor.user,  # the widget's person, never a Groundswell cookie session
        "tab": tab,
        "tabs": [
            (name, label, reverse(url, args=[keys.public_key])) for name, label, url in PANEL_TABS
        ],
        "session": session,
        "session_headers": json.dumps({SESSION_HEADER: session}),
        "allowed_origins": keys.origins,
        "portal_url": settings.SITE_URL
        + reverse("feedback:workspace_home", args=[keys.workspace.slug]),
    }
    return TemplateResponse(request, template, {**base, **(context or {})}, status=status)


def _with_widget_links(keys: WidgetKeys, ideas: list[Idea]) -> list[Idea]:
    """Point each idea's links (as the portal's fragments use them) at the panel."""
    for idea in ideas:
        args = [keys.public_key, idea.pk]
        idea.url = reverse("widget:idea", args=args)
        idea.vote_url = reverse("widget:vote", args=args)
        idea.unvote_url = reverse("widget:unvote", args=args)
        idea.sign_in_to_vote_url = idea.url
    return ideas


def _ideas_context(visitor: Visitor) -> dict:
    ideas = queries.top_ideas(visitor.keys.workspace, visitor.person)
    return {"ideas": _with_widget_links(visitor.keys, ideas)}


@require_GET
@panel_view
def ideas(request: HttpRequest, keys: WidgetKeys) -> HttpResponse:
    visitor = _visitor(request, keys, required=False)
    context = _ideas_context(visitor)
    context["connecting"] = request.GET.get("identify") == "1" and not visitor.identified
    return _panel(request, visitor, "ideas", context)


@require_GET
@panel_view
def news(request: HttpRequest, keys: WidgetKeys) -> HttpResponse:
    """The changelog's latest published entries, with only the ideas anyone may see."""
    visitor = _visitor(request, keys, required=False)
    entries = changelog.published_entries(keys.workspace, AnonymousUser())[:NEWS_ENTRIES]
    return _panel(
        request,
        visitor,
        "news",
        {
            "entries": entries,
            "changelog_url": settings.SITE_URL
            + reverse("changelog:index", args=[keys.workspace.slug]),
        },
    )


@require_POST
@panel_view
def identify(request: HttpRequest, keys: WidgetKeys) -> HttpResponse:
    """Exchange the host application's identify token for a widget session."""
    try:
        person = services.identify_visitor(keys, request.POST.get("token", ""))
    except InvalidIdentifyToken as error:
        visitor = Visitor(keys, None, f"We could not sign you in: {error}")
        return _panel(request, visitor, "ideas", _ideas_context(visitor), status=error.http_status)
    visitor = Visitor(keys, person)
    return _panel(request, visitor, "ideas", _ideas_context(visitor))


def _refused(request: HttpRequest, keys: WidgetKeys, error: WidgetError) -> TemplateResponse:
    visitor = Visitor(keys, None, str(error))
    return _panel(request, visitor, "ideas", _ideas_context(visitor), status=error.http_status)


def _idea_form(visitor: Visitor, data=None) -> WidgetIdeaForm:
    boards = queries.public_boards(visitor.keys.workspace)
    return WidgetIdeaForm(
        data, boards=boards, identified=visitor.identified, initial={"board": boards.first()}
    )


@panel_view
def post(request: HttpRequest, keys: WidgetKeys) -> HttpResponse:
    if request.method == "GET":
        visitor = _visitor(request, keys, required=False)
        return _panel(request, visitor, "post", {"form": _idea_form(visitor)})
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    try:
        visitor = _visitor(request, keys, required=True)
    except InvalidWidgetSession as error:
        return _refused(request, keys, error)
    form = _idea_form(visitor, request.POST)
    if not form.is_valid():
        return _panel(request, visitor, "post", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        _limit_posting(request, visitor, data.get("email", ""))
    except RateLimited as error:
        context = {"form": form, "form_error": str(error)}
        return _panel(request, visitor, "post", context, status=429)
    if visitor.identified:
        idea = services.post_idea(data["board"], visitor.person, data["title"], data["body"])
        _with_widget_links(keys, [idea])
        idea.viewer_voted = True
        return _panel(request, visitor, "post", {"posted": idea, "form": _idea_form(visitor)})
    services.receive_anonymous_feedback(
        keys.workspace, data["email"], data["title"], data["body"], data.get("page_url", "")
    )
    return _panel(request, visitor, "post", {"received": True, "form": _idea_form(visitor)})


def _limit_posting(request: HttpRequest, visitor: Visitor, email: str) -> None:
    """Ideas per identified person; feedback per client address and per typed address
    (the host vouches for identified people, so an office behind one address is not
    limited as one visitor)."""
    limit, what = settings.WIDGET_POST_RATE_LIMIT, "posts from the widget"
    workspace_id = visitor.keys.workspace_id
    if visitor.person is not None:
        hit("widget-post-person", f"{workspace_id}:{visitor.person.pk}", limit, what)
        return
    hit("widget-post-ip", client_address(request), limit, what)
    hit("widget-post-email", f"{workspace_id}:{email.strip().lower()}", limit, what)


@require_GET
@panel_view
def similar(request: HttpRequest, keys: WidgetKeys) -> HttpResponse:
    """Ideas like what is being typed: the portal's suggestions, with the panel's links."""
    visitor = _visitor(request, keys, required=False)
    form = SimilarIdeasForm(request.GET)
    if not form.is_valid():
        return HttpResponse("Title or details are too long.", status=400)
    title, body = form.cleaned_data["title"], form.cleaned_data["body"]
    matches = similar_ideas(
        keys.workspace,
        title,
        body,
        viewer=AnonymousUser(),  # public boards only, as everywhere in the panel
        limit=SIMILAR_IDEAS_SHOWN,
        relevant_only=True,
    )
    found = [match.idea for match in matches]
    feedback_queries.mark_voted(visitor.user, found)
    _with_widget_links(keys, found)
    context = {"similar": matches, "searched": bool(title.strip() or body.strip())}
    return _panel(request, visitor, "post", context, template="feedback/similar_ideas.html")


def _public_idea_or_404(keys: WidgetKeys, idea_id: int) -> Idea:
    idea = queries.public_idea(keys.workspace, idea_id)
    if idea is None:
        raise Http404("No such idea.")
    return idea


@require_GET
@panel_view
def idea(request: HttpRequest, keys: WidgetKeys, idea_id: int) -> HttpResponse:
    visitor = _visitor(request, keys, required=False)
    shown = _public_idea_or_404(keys, idea_id)
    if shown.merged_into_id and shown.merged_into.board.is_public:
        shown = _public_idea_or_404(keys, shown.merged_into_id)
    return _idea_page(request, visitor, shown)


def _idea_page(
    request: HttpRequest, visitor: Visitor, shown: Idea, status: int = 200, **extra
) -> TemplateResponse:
    feedback_queries.mark_voted(visitor.user, [shown])
    _with_widget_links(visitor.keys, [shown])
    portal = reverse("feedback:idea", args=[visitor.keys.workspace.slug, shown.pk])
    context = {"idea": shown, "portal_idea_url": settings.SITE_URL + portal, **extra}
    return _panel(request, visitor, "ideas", context, template="widget/idea.html", status=status)


def _vote_view(add: bool) -> PanelView:
    @require_POST
    @panel_view
    def view(request: HttpRequest, keys: WidgetKeys, idea_id: int) -> HttpResponse:
        try:
            visitor = _visitor(request, keys, required=True)
        except InvalidWidgetSession as error:
            return _instead_of_button(request, _refused(request, keys, error))
        voted_idea = _public_idea_or_404(keys, idea_id)
        if not visitor.identified:
            error = "Sign in to the site you came from to vote."
            page = _idea_page(request, visitor, voted_idea, status=403, vote_error=error)
            return _instead_of_button(request, page)
        try:
            if add:
                feedback.add_vote(voted_idea, visitor.person)
            else:
                feedback.remove_vote(voted_idea, visitor.person)
        except FeedbackError as error:
            page = _idea_page(request, visitor, voted_idea, status=409, vote_error=str(error))
            return _instead_of_button(request, page)
        if request.htmx and not request.htmx.boosted:
            voted_idea.viewer_voted = add
            _with_widget_links(keys, [voted_idea])
            return _panel(
                request,
                visitor,
                "ideas",
                {"idea": voted_idea},
                template="feedback/vote_button.html",
            )
        return _idea_page(request, visitor, voted_idea)

    return view


def _instead_of_button(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A refused vote shows a page saying why; htmx, which asked for a button, swaps
    the whole panel instead."""
    if request.htmx and not request.htmx.boosted:
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response


vote = _vote_view(add=True)
unvote = _vote_view(add=False)
