"""The team's inbox, under /<workspace>/manage/inbox/: feedback from every channel,
each item with the ideas it most looks like, to link, turn into a new idea or archive.

Views check the team, find items only inside the workspace (anything else is a
404), validate with a form, call one service and turn domain errors into messages.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.models import Idea
from groundswell.inbox import queries, services
from groundswell.inbox.forms import CompanyForm, LinkForm, LinkSelectedForm, NewIdeaForm
from groundswell.inbox.models import Company, FeedbackItem
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import is_workspace_admin
from groundswell.workspaces.views import team_page

# At most this many items are archived or linked by one bulk request.
MAX_SELECTED = 200


def _inbox_url(workspace: Workspace) -> str:
    return reverse("workspaces:inbox", kwargs={"workspace_slug": workspace.slug})


def _item_or_404(workspace: Workspace, item_id: int) -> FeedbackItem:
    item = queries.item_or_none(workspace, item_id)
    if item is None:
        raise Http404("No such feedback in this workspace.")
    return item


def _done(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """After an action: htmx removes the item from the list, a plain post reloads the inbox."""
    if request.htmx:
        return HttpResponse("")
    return redirect(_inbox_url(workspace))


@team_page(admin_only=False)
def inbox(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    entries = queries.inbox_entries(workspace)
    boards = list(workspace.boards.all())
    return TemplateResponse(
        request,
        "inbox/inbox.html",
        {
            "workspace": workspace,
            "is_team": True,
            "is_admin": is_workspace_admin(request.user, workspace),
            "section": "inbox",
            "entries": entries,
            "boards": boards,
        },
    )


@require_POST
@team_page(admin_only=False)
def link_item(request: HttpRequest, workspace: Workspace, item_id: int) -> HttpResponse:
    item = _item_or_404(workspace, item_id)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an idea to link this feedback to.")
        return redirect(_inbox_url(workspace))
    idea = Idea.objects.filter(workspace=workspace, pk=form.cleaned_data["idea"]).first()
    if idea is None:
        raise Http404("No such idea in this workspace.")
    try:
        services.link_item_to_idea(item, idea, request.user)
    except FeedbackError as error:
        messages.error(request, str(error))
        return redirect(_inbox_url(workspace))
    messages.success(
        request, f"Linked {item.person.display_name}’s feedback to “{item.idea.title}”."
    )
    return _done(request, workspace)


@require_POST
@team_page(admin_only=False)
def create_idea(request: HttpRequest, workspace: Workspace, item_id: int) -> HttpResponse:
    item = _item_or_404(workspace, item_id)
    form = NewIdeaForm(workspace, request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a board and give the new idea a title.")
        return redirect(_inbox_url(workspace))
    try:
        idea = services.create_idea_from_item(
            item, form.cleaned_data["board"], form.cleaned_data["title"], request.user
        )
    except FeedbackError as error:
        messages.error(request, str(error))
        return redirect(_inbox_url(workspace))
    messages.success(request, f"Posted “{idea.title}” for {item.person.display_name}.")
    return _done(request, workspace)


@require_POST
@team_page(admin_only=False)
def archive_item(request: HttpRequest, workspace: Workspace, item_id: int) -> HttpResponse:
    item = _item_or_404(workspace, item_id)
    services.archive_item(item, request.user)
    return _done(request, workspace)


def _ids(values: list[str]) -> list[int]:
    """The well-formed ids among the posted values; junk is ignored."""
    return [int(v) for v in values[:MAX_SELECTED] if v.isascii() and v.isdigit() and len(v) < 19]


@require_POST
@team_page(admin_only=False)
def archive_selected(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    ids = _ids(request.POST.getlist("item"))
    if not ids:
        messages.error(request, "Select at least one item to archive.")
        return redirect(_inbox_url(workspace))
    items = FeedbackItem.objects.filter(workspace=workspace, pk__in=ids).order_by("pk")
    archived = services.archive_items(items, request.user)
    messages.success(request, f"Archived {archived} item{'s' if archived != 1 else ''}.")
    return redirect(_inbox_url(workspace))


@require_POST
@team_page(admin_only=False)
def link_selected(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """Link every selected item to one idea (by its number), each counting as that
    person's vote given on their behalf."""
    ids = _ids(request.POST.getlist("item"))
    form = LinkSelectedForm(request.POST)
    if not ids:
        messages.error(request, "Select at least one item to link.")
        return redirect(_inbox_url(workspace))
    if not form.is_valid():
        messages.error(request, "Give the number of the idea to link the selected items to.")
        return redirect(_inbox_url(workspace))
    idea = Idea.objects.filter(workspace=workspace, pk=form.cleaned_data["idea"]).first()
    if idea is None:
        messages.error(request, f"There is no idea number {form.cleaned_data['idea']} here.")
        return redirect(_inbox_url(workspace))
    items = FeedbackItem.objects.filter(workspace=workspace, pk__in=ids).order_by("pk")
    items = items.select_related("person")
    try:
        result = services.link_items_to_idea(items, idea, request.user)
    except FeedbackError as error:
        messages.error(request, str(error))
        return redirect(_inbox_url(workspace))
    target = idea.merged_into or idea
    text = f"Linked {result.linked} item{pluralize(result.linked)} to “{target.title}”"
    text += f" ({result.votes_added} new vote{pluralize(result.votes_added)})."
    if result.skipped:
        text += f" {result.skipped} archived item{pluralize(result.skipped)} left as they were."
    messages.success(request, text)
    return redirect(_inbox_url(workspace))


# Companies ------------------------------------------------------------------------

COMPANIES_PER_PAGE = 50


def _company_or_404(workspace: Workspace, company_id: int) -> Company:
    company = queries.company_or_none(workspace, company_id)
    if company is None:
        raise Http404("No such company in this workspace.")
    return company


@team_page(admin_only=False)
def companies(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """The customers' companies with their people, revenue and the ideas they want."""
    page = Paginator(queries.workspace_companies(workspace), COMPANIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    wanted = queries.ideas_wanted_counts(workspace, list(page))
    for company in page:
        company.ideas_wanted = wanted.get(company.pk, 0)
    return TemplateResponse(
        request,
        "inbox/companies.html",
        {
            "workspace": workspace,
            "is_team": True,
            "is_admin": is_workspace_admin(request.user, workspace),
            "section": "companies",
            "page": page,
        },
    )


@team_page(admin_only=False)
def company(request: HttpRequest, workspace: Workspace, company_id: int) -> HttpResponse:
    company = _company_or_404(workspace, company_id)
    if request.method == "POST":
        form = CompanyForm(request.POST, instance=Company(workspace=workspace))
        if form.is_valid():
            services.update_company(
                company,
                plan=form.cleaned_data["plan"],
                mrr=form.cleaned_data["mrr"],
                segment=form.cleaned_data["segment"],
            )
            messages.success(request, f"Saved {company.name}.")
            return redirect(
                "workspaces:company", workspace_slug=workspace.slug, company_id=company.pk
            )
    else:
        form = CompanyForm(instance=company)
    return TemplateResponse(
        request,
        "inbox/company.html",
        {
            "workspace": workspace,
            "is_team": True,
            "is_admin": is_workspace_admin(request.user, workspace),
            "section": "companies",
            "company": company,
            "form": form,
            "people": queries.company_people(company),
            "ideas": queries.company_wanted_ideas(company),
            "feedback": queries.company_feedback(workspace, company),
        },
        status=400 if form.errors else 200,
    )
