"""Back office for webhook endpoints and their deliveries.

Signing secrets are not shown here: admins reveal them on the team's pages.
Deliveries are read-only; replays go through the team's pages too.
"""

from django.contrib import admin

from groundswell.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["display_url", "workspace", "kind", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["workspace"]
    search_fields = ["url", "workspace__name", "workspace__slug"]
    autocomplete_fields = ["workspace"]
    raw_id_fields = ["created_by"]
    exclude = ["secret"]


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["started_at", "status_code", "duration_ms", "error", "response_body"]
    readonly_fields = fields


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["kind", "endpoint", "status", "attempts", "last_status_code", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["endpoint"]
    search_fields = ["event_id", "endpoint__url"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False
