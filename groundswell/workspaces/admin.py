"""Back office for workspaces, their team, invitations and API keys.

Secrets never show: API keys and invitations are created on the team pages,
which hand the secret to the person once; here they can only be read and revoked.
"""

from django.contrib import admin
from django.utils import timezone

from groundswell.workspaces.models import ApiKey, Invitation, Membership, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "accent_colour", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "user_email", "workspace", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "workspace"]
    search_fields = ["user__email", "user__name", "workspace__name", "workspace__slug"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["workspace"]

    @admin.display(description="Email", ordering="user__email")
    def user_email(self, membership: Membership) -> str:
        return membership.user.email


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["workspace", "invited_by"]
    search_fields = ["email", "workspace__name", "workspace__slug"]
    exclude = ["token_hash"]
    readonly_fields = ["workspace", "email", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request) -> bool:
        # The token is only ever in the email; invite from the team's Members page.
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "key_prefix",
        "workspace",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["workspace", "created_by"]
    search_fields = ["name", "key_prefix", "workspace__name", "workspace__slug"]
    exclude = ["key_hash"]
    readonly_fields = [
        "workspace",
        "key_prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        # The secret is shown once on the team's API keys page; it cannot be made here.
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset) -> None:
        from groundswell.workspaces.services import revoke_api_key

        for key in queryset.filter(revoked_at__isnull=True):
            revoke_api_key(key)
        self.message_user(request, f"Revoked at {timezone.now():%Y-%m-%d %H:%M} UTC.")
