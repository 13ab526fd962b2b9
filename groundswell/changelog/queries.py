"""Reads of the changelog shared by the public pages, the feed and the team pages."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, QuerySet

from groundswell.accounts.models import User
from groundswell.changelog.models import ChangelogEntry
from groundswell.feedback.models import Idea
from groundswell.feedback.queries import visible_ideas
from groundswell.workspaces.models import Workspace


def with_visible_ideas(
    entries: QuerySet[ChangelogEntry], workspace: Workspace, user: User | AnonymousUser
) -> QuerySet[ChangelogEntry]:
    """Attach `visible_ideas`: the linked ideas this person may see (private boards' only
    for the team), in one query for the whole page."""
    ideas = visible_ideas(workspace, user).select_related("status").order_by("pk")
    return entries.prefetch_related(Prefetch("ideas", queryset=ideas, to_attr="visible_ideas"))


def published(workspace: Workspace) -> QuerySet[ChangelogEntry]:
    """The workspace's published entries, newest first (the feed needs no ideas)."""
    return (
        ChangelogEntry.objects.filter(workspace=workspace, published_at__isnull=False)
        .select_related("workspace")
        .order_by("-published_at", "-pk")
    )


def published_entries(workspace: Workspace, user: User | AnonymousUser) -> QuerySet[ChangelogEntry]:
    """The workspace's published entries, newest first, with the ideas this person may see."""
    return with_visible_ideas(published(workspace), workspace, user)


def team_entries(workspace: Workspace) -> QuerySet[ChangelogEntry]:
    """Every entry, drafts first, then published newest first."""
    return (
        ChangelogEntry.objects.filter(workspace=workspace)
        .select_related("author")
        .order_by(F("published_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def idea_choices(workspace: Workspace) -> QuerySet[Idea]:
    """Ideas an entry may link: the workspace's own, unmerged."""
    return Idea.objects.filter(workspace=workspace, merged_into__isnull=True)
