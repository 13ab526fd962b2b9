"""Back office for webhook endpoints and their deliveries.

Signing secrets are not shown here: admins reveal them on the team's pages.
Staff can turn an endpoint off or delete it; deliveries are read-only.
"""

from django.contrib import admin

from groundswell.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["display_url", "workspace", "kind", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["workspace"]
    search_fields = ["url", "workspace__name", "workspace__slug"]
    # Endpoints are made on the team's pages, which check the URL and create the secret;
    # here staff can only turn one off (or delete it).
    fields = ["workspace", "url", "kind", "events", "is_active", "created_by", "created_at"]
    readonly_fields = ["workspace", "url", "kind", "events", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False


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
