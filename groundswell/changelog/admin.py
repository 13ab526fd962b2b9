"""Back office for the changelog. Entries are written and published on the team pages
(publishing ships ideas and emails subscribers), so here they are read and searched;
subscribers can be unsubscribed; queued emails are read-only."""

from django.contrib import admin

from groundswell.changelog import services
from groundswell.changelog.models import ChangelogEmail, ChangelogEntry, ChangelogSubscriber


@admin.register(ChangelogEntry)
class ChangelogEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "workspace", "published_at", "author", "created_at"]
    list_filter = [("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["workspace", "author"]
    search_fields = ["=id", "title", "workspace__slug"]
    raw_id_fields = ["author", "ideas"]
    ordering = ["-id"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ChangelogSubscriber)
class ChangelogSubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "confirmed_at", "unsubscribed_at"]
    list_filter = [("unsubscribed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["workspace"]
    search_fields = ["email", "workspace__slug"]
    ordering = ["-id"]
    show_full_result_count = False
    actions = ["unsubscribe"]

    def has_add_permission(self, request) -> bool:
        return False  # only the address's owner subscribes it (double opt-in)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Unsubscribe selected addresses")
    def unsubscribe(self, request, queryset):
        count = services.unsubscribe_subscribers(queryset)
        self.message_user(request, f"Unsubscribed {count} address(es).")


@admin.register(ChangelogEmail)
class ChangelogEmailAdmin(admin.ModelAdmin):
    list_display = ["entry", "subscriber", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["entry", "subscriber"]
    search_fields = ["=entry__id", "subscriber__email"]
    ordering = ["-id"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
