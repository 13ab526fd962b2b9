"""Back office for boards, ideas and what hangs off them.

Built for large workspaces: foreign keys are raw ids or autocompletes (never a
select of 100k rows), list pages join what they display, and the idea list skips
the full count.
"""

from django.contrib import admin

from groundswell.feedback.models import Board, Comment, Idea, IdeaEvent, Status, Tag, Vote


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
    readonly_fields = ["vote_count", "comment_count", "created_at", "updated_at"]
    ordering = ["-id"]
    show_full_result_count = False
    list_per_page = 50


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
