"""The public changelog: published entries, one entry, the Atom feed, email subscription.

Anyone may read a workspace's published entries; linked ideas on private boards
show only to its team. Subscribing is double opt-in and rate-limited; the
confirmation and unsubscribe links are signed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from groundswell.accounts import ratelimit
from groundswell.accounts.errors import RateLimited
from groundswell.changelog import queries, services
from groundswell.changelog.errors import BadSubscriptionLink
from groundswell.changelog.forms import SubscribeForm
from groundswell.changelog.models import ChangelogEntry
from groundswell.pagecache import cached_for_visitors
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import is_team_member
from groundswell.workspaces.queries import workspace_or_404

PAGE_SIZE = 10
FEED_SIZE = 30


def _index(
    request: HttpRequest, workspace: Workspace, form: SubscribeForm, status: int = 200
) -> TemplateResponse:
    paginator = Paginator(queries.published_entries(workspace, request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "changelog/index.html",
        {
            "workspace": workspace,
            "is_team": is_team_member(request.user, workspace),
            "page": page,
            "form": form,
        },
        status=status,
    )


# Not cached for visitors: the subscribe form carries a CSRF token.
def index(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    email = request.user.email if request.user.is_authenticated else ""
    return _index(request, workspace, SubscribeForm(initial={"email": email}))


@cached_for_visitors
def entry_detail(request: HttpRequest, workspace_slug: str, entry_id: int) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    is_team = is_team_member(request.user, workspace)
    entries = ChangelogEntry.objects.filter(workspace=workspace, pk=entry_id)
    if not is_team:  # the team may preview drafts
        entries = entries.filter(published_at__isnull=False)
    entry = queries.with_visible_ideas(entries, workspace, request.user).first()
    if entry is None:
        raise Http404("No such changelog entry.")
    return TemplateResponse(
        request,
        "changelog/entry.html",
        {"workspace": workspace, "is_team": is_team, "entry": entry},
    )


@require_POST
def subscribe(request: HttpRequest, workspace_slug: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _index(request, workspace, form, status=400)
    email = form.cleaned_data["email"]
    try:
        what = "subscription requests"
        ratelimit.hit(
            "changelog-ip", ratelimit.client_address(request), settings.EMAIL_RATE_LIMIT, what
        )
        ratelimit.hit("changelog-to", email.strip().lower(), settings.EMAIL_RATE_LIMIT, what)
    except RateLimited as limited:
        form.add_error(None, str(limited))
        response = _index(request, workspace, form, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    services.request_subscription(workspace, email)
    # The same answer whether or not the address is already subscribed.
    messages.success(request, f"Almost there: we emailed a link to {email}. Follow it to confirm.")
    return redirect("changelog:index", workspace.slug)


# A GET only shows a button, so a mail scanner opening the link subscribes nobody.
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, workspace_slug: str, token: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    try:
        if request.method == "POST":
            services.confirm_subscription(workspace, token)
            return TemplateResponse(request, "changelog/confirmed.html", {"workspace": workspace})
        email, _ = services.read_confirmation_token(workspace, token)
    except BadSubscriptionLink as error:
        return _invalid_link(request, error)
    return TemplateResponse(
        request,
        "changelog/confirm.html",
        {"workspace": workspace, "email": email, "token": token},
    )


# Mail clients POST here without cookies or a CSRF token (RFC 8058 one-click);
# the signed token is what authorises the change.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, workspace_slug: str, token: str) -> HttpResponse:
    workspace = workspace_or_404(workspace_slug)
    try:
        subscriber = services.read_unsubscribe_token(token)
        if subscriber.workspace_id != workspace.pk:
            raise BadSubscriptionLink("This unsubscribe link is for another workspace.")
    except BadSubscriptionLink as error:
        return _invalid_link(request, error)
    if request.method == "POST":
        services.unsubscribe(token)
        return TemplateResponse(request, "changelog/unsubscribed.html", {"workspace": workspace})
    return TemplateResponse(
        request,
        "changelog/unsubscribe.html",
        {"workspace": workspace, "token": token, "email": subscriber.email},
    )


def _invalid_link(request: HttpRequest, error: Exception) -> HttpResponse:
    return TemplateResponse(
        request, "notifications/unsubscribe_invalid.html", {"error": str(error)}, status=400
    )


class AtomFeedWithContent(Atom1Feed):
    """Atom with each entry's full HTML in <content type="html"> (Django writes only
    <summary>, which readers show as a teaser)."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ChangelogFeed(Feed):
    """Atom feed of published entries, each with its full HTML body."""

    feed_type = AtomFeedWithContent

    def get_object(self, request: HttpRequest, workspace_slug: str) -> Workspace:
        return workspace_or_404(workspace_slug)

    def title(self, workspace: Workspace) -> str:
        return f"{workspace.name} changelog"

    def subtitle(self, workspace: Workspace) -> str:
        return f"What {workspace.name} shipped, newest first."

    def author_name(self, workspace: Workspace) -> str:
        return workspace.name

    def link(self, workspace: Workspace) -> str:
        return reverse("changelog:index", args=[workspace.slug])

    def feed_url(self, workspace: Workspace) -> str:
        return reverse("changelog:feed", args=[workspace.slug])

    def items(self, workspace: Workspace):
        return list(queries.published(workspace)[:FEED_SIZE])

    def item_title(self, entry: ChangelogEntry) -> str:
        return entry.title

    def item_description(self, entry: ChangelogEntry) -> None:
        return None  # the body goes in <content>, see item_extra_kwargs

    def item_extra_kwargs(self, entry: ChangelogEntry) -> dict:
        return {"content_html": entry.body_html}

    def item_link(self, entry: ChangelogEntry) -> str:
        return reverse("changelog:entry", args=[entry.workspace.slug, entry.pk])

    def item_guid(self, entry: ChangelogEntry) -> str:
        return services.entry_url(entry)

    item_guid_is_permalink = False

    def item_pubdate(self, entry: ChangelogEntry):
        return entry.published_at

    def item_updateddate(self, entry: ChangelogEntry):
        return max(entry.updated_at, entry.published_at)

    def item_categories(self, entry: ChangelogEntry) -> list[str]:
        return entry.label_names


feed = ChangelogFeed()
