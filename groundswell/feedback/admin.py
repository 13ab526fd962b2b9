"""Back office for boards, ideas and what hangs off them.

Built for large workspaces: foreign keys are raw ids or autocompletes (never a
select of 100k rows), list pages join what they display, and the idea list skips
the full count.
"""

from django.contrib import admin, messages

from groundswell.feedback import services
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.models import (
    Board,
    Comment,
    Follow,
    Idea,
    IdeaEvent,
    IdeaMerge,
    Status,
    Tag,
    Vote,
)


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "slug", "is_public", "position", "created_at"]
    list_filter = ["is_public"]
    list_select_related = ["workspace"]
    search_fields = ["name", "slug", "workspace__name", "workspace__slug"]
    autocomplete_fields = ["workspace"]


@admin.register(Status)
class StatusAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "meaning", "colour", "position", "is_default"]
    list_filter = ["meaning", "is_default"]
    list_select_related = ["workspace"]
    search_fields = ["name", "slug", "workspace__name", "workspace__slug"]
    autocomplete_fields = ["workspace"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "slug", "colour"]
    list_select_related = ["workspace"]
    search_fields = ["name", "slug", "workspace__name", "workspace__slug"]
    autocomplete_fields = ["workspace"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "workspace",
        "board",
        "status",
        "vote_count",
        "comment_count",
        "created_at",
    ]
    list_filter = ["status__meaning", "board__is_public"]
    list_select_related = ["workspace", "board", "status"]
    search_fields = ["=id", "title", "author__email"]
    raw_id_fields = ["author"]
    autocomplete_fields = ["workspace", "board", "status", "tags"]
    readonly_fields = [
        "vote_count",
        "comment_count",
        "merged_into",
        "merged_at",
        "created_at",
        "updated_at",
    ]
    ordering = ["-id"]
    show_full_result_count = False
    list_per_page = 50
    actions = ["merge_into_most_voted", "unmerge"]

    @admin.action(description="Merge selected ideas into the most-voted one")
    def merge_into_most_voted(self, request, queryset):
        ideas = list(queryset.filter(merged_into__isnull=True).order_by("-vote_count", "id"))
        if len(ideas) < 2 or len({idea.workspace_id for idea in ideas}) > 1:
            self.message_user(
                request, "Select two or more unmerged ideas of one workspace.", messages.ERROR
            )
            return
        survivor, *others = ideas
        for idea in others:
            try:
                services.merge_ideas(idea, survivor, request.user)
            except FeedbackError as error:
                self.message_user(request, f"{idea}: {error}", messages.ERROR)
        self.message_user(request, f"Merged {len(others)} idea(s) into “{survivor}”.")

    @admin.action(description="Unmerge selected ideas")
    def unmerge(self, request, queryset):
        for idea in queryset.filter(merged_into__isnull=False):
            try:
                services.unmerge_idea(idea, request.user)
            except FeedbackError as error:
                self.message_user(request, f"{idea}: {error}", messages.ERROR)


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["idea", "voter", "source", "cast_by", "created_at"]
    list_filter = ["source"]
    list_select_related = ["idea", "voter", "cast_by"]
    search_fields = ["=idea__id", "voter__email"]
    raw_id_fields = ["idea", "voter", "cast_by"]
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "idea", "is_internal", "hidden_at", "created_at"]
    list_filter = ["is_internal", ("hidden_at", admin.EmptyFieldListFilter)]
    list_select_related = ["idea", "author"]
    search_fields = ["=idea__id", "author__email", "body"]
    raw_id_fields = ["idea", "author", "hidden_by"]
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(IdeaEvent)
class IdeaEventAdmin(admin.ModelAdmin):
    list_display = ["kind", "idea", "actor", "status", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["idea", "actor", "status"]
    search_fields = ["=idea__id", "actor__email"]
    raw_id_fields = ["idea", "actor", "status", "previous_status"]
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(IdeaMerge)
class IdeaMergeAdmin(admin.ModelAdmin):
    """Merges are made and undone through the idea actions, never edited by hand."""

    list_display = ["source", "target", "actor", "created_at", "undone_at"]
    list_select_related = ["source", "target", "actor"]
    search_fields = ["=source__id", "=target__id"]
    ordering = ["-id"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["person", "idea", "created_at"]
    list_select_related = ["person", "idea"]
    search_fields = ["=idea__id", "person__email"]
    raw_id_fields = ["idea", "person"]
    ordering = ["-id"]
    show_full_result_count = False
