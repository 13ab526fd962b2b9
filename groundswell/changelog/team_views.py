"""The team's changelog pages, under /<workspace>/manage/changelog/.

Admins and owners only, the same rule as managing boards: writing the changelog
ships ideas and emails every subscriber.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from groundswell.changelog import queries, services
from groundswell.changelog.errors import ChangelogError
from groundswell.changelog.forms import EntryForm, PickIdeasForm
from groundswell.changelog.models import ChangelogEntry
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.views import team_page

SECTION = "changelog"
IDEAS_SHOWN = 50


def _page(
    request: HttpRequest, template: str, workspace: Workspace, context: dict, status: int = 200
) -> TemplateResponse:
    base = {"workspace": workspace, "is_team": True, "is_admin": True, "section": SECTION}
    return TemplateResponse(request, template, {**base, **context}, status=status)


def _entry_or_404(workspace: Workspace, entry_id: int) -> ChangelogEntry:
    entry = ChangelogEntry.objects.filter(workspace=workspace, pk=entry_id).first()
    if entry is None:
        raise Http404("No such changelog entry in this workspace.")
    return entry


def _entries_url(workspace: Workspace) -> str:
    return reverse("changelog_team:entries", args=[workspace.slug])


@team_page(admin_only=True)
def entries(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    return _page(
        request,
        "changelog/team_entries.html",
        workspace,
        {"entries": queries.team_entries(workspace)},
    )


def _entry_form_page(
    request: HttpRequest, workspace: Workspace, form: EntryForm, title: str, submit: str
) -> TemplateResponse:
    return _page(
        request,
        "workspaces/form_page.html",
        workspace,
        {"form": form, "title": title, "submit": submit, "cancel_url": _entries_url(workspace)},
        status=400 if form.errors else 200,
    )


@team_page(admin_only=True)
def create_entry(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = services.create_entry(workspace, request.user, **form.cleaned_data)
        messages.success(request, f"Draft “{entry.title}” saved. Link the ideas it ships.")
        return redirect("changelog_team:ideas", workspace.slug, entry.pk)
    return _entry_form_page(request, workspace, form, "New changelog entry", "Save draft")


@team_page(admin_only=True)
def edit_entry(request: HttpRequest, workspace: Workspace, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(workspace, entry_id)
    form = EntryForm(
        request.POST or None,
        initial={"title": entry.title, "body": entry.body, "labels": entry.labels},
    )
    if request.method == "POST" and form.is_valid():
        services.update_entry(entry, **form.cleaned_data)
        messages.success(request, f"“{entry.title}” saved.")
        return redirect(_entries_url(workspace))
    return _entry_form_page(request, workspace, form, f"Edit “{entry.title}”", "Save")


@team_page(admin_only=True)
def pick_ideas(request: HttpRequest, workspace: Workspace, entry_id: int) -> HttpResponse:
    """Search the workspace's ideas and tick the ones the entry ships.

    The page lists the linked ideas and the search results; saving links exactly
    the ticked ones. Any idea of the workspace is accepted, none of another's.
    """
    entry = _entry_or_404(workspace, entry_id)
    choices = queries.idea_choices(workspace)
    form = PickIdeasForm(request.POST or None, ideas=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_entry_ideas(entry, form.cleaned_data["ideas"])
        except ChangelogError as error:
            form.add_error("ideas", str(error))
        else:
            messages.success(request, f"Ideas linked to “{entry.title}” saved.")
            return redirect(_entries_url(workspace))
    search = request.GET.get("q", "").strip()[:200]
    linked = list(entry.ideas.select_related("status").order_by("title"))
    found = choices.select_related("status").exclude(pk__in=[idea.pk for idea in linked])
    if search:
        found = found.filter(title__icontains=search)
    found = list(found.order_by("-vote_count", "-pk")[:IDEAS_SHOWN])
    return _page(
        request,
        "changelog/pick_ideas.html",
        workspace,
        {"entry": entry, "form": form, "linked": linked, "found": found, "search": search},
        status=400 if form.errors else 200,
    )


@team_page(admin_only=True)
def publish_entry(request: HttpRequest, workspace: Workspace, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(workspace, entry_id)
    if request.method == "POST":
        try:
            published = services.publish_entry(entry, request.user)
        except ChangelogError as error:
            messages.error(request, str(error))
            return redirect(_entries_url(workspace))
        if published:
            messages.success(request, f"“{entry.title}” is published.")
        else:
            messages.info(request, f"“{entry.title}” was already published.")
        return redirect(_entries_url(workspace))
    count = entry.ideas.count()
    return _page(
        request,
        "workspaces/confirm.html",
        workspace,
        {
            "title": f"Publish “{entry.title}”?",
            "explanation": (
                f"It shows on the public changelog and its feed, its {count} linked "
                f"idea{'s' if count != 1 else ''} move to shipped (their voters and followers "
                "hear about it), and subscribers get it by email."
            ),
            "action": "Publish",
            "cancel_url": _entries_url(workspace),
        },
    )


@team_page(admin_only=True)
def delete_entry(request: HttpRequest, workspace: Workspace, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(workspace, entry_id)
    if request.method == "POST":
        services.delete_entry(entry)
        messages.success(request, f"“{entry.title}” deleted.")
        return redirect(_entries_url(workspace))
    return _page(
        request,
        "workspaces/confirm.html",
        workspace,
        {
            "title": f"Delete “{entry.title}”?",
            "explanation": (
                "It disappears from the changelog and its feed. Ideas it shipped stay shipped. "
                "This cannot be undone."
            ),
            "action": "Delete",
            "cancel_url": _entries_url(workspace),
        },
    )
