from django.urls import include, path

from groundswell.duplicates import views as duplicates
from groundswell.imports import urls as imports
from groundswell.inbox import urls as inbox
from groundswell.intake import urls as intake
from groundswell.webhooks import urls as webhooks
from groundswell.widget import urls as widget
from groundswell.workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.workspace_settings, name="settings"),
    path("duplicates/", duplicates.merge_queue, name="merge_queue"),
    path("duplicates/selected/", duplicates.decide_selected, name="decide_suggestions"),
    path(
        "duplicates/<int:suggestion_id>/merge/",
        duplicates.accept_suggestion,
        name="accept_suggestion",
    ),
    path(
        "duplicates/<int:suggestion_id>/dismiss/",
        duplicates.dismiss_suggestion,
        name="dismiss_suggestion",
    ),
    path("inbox/", include(inbox.urlpatterns)),
    path("channels/", include(intake.team_urlpatterns)),
    path("import/", include(imports.urlpatterns)),
    path("companies/", include(inbox.company_urlpatterns)),
    path("boards/", views.boards, name="boards"),
    path("boards/new/", views.create_board, name="create_board"),
    path("boards/<int:board_id>/", views.edit_board, name="edit_board"),
    path("boards/<int:board_id>/delete/", views.delete_board, name="delete_board"),
    path("statuses/", views.statuses, name="statuses"),
    path("statuses/new/", views.create_status, name="create_status"),
    path("statuses/<int:status_id>/", views.edit_status, name="edit_status"),
    path("statuses/<int:status_id>/default/", views.make_default_status, name="default_status"),
    path("statuses/<int:status_id>/delete/", views.delete_status, name="delete_status"),
    path("tags/", views.tags, name="tags"),
    path("tags/new/", views.create_tag, name="create_tag"),
    path("tags/<int:tag_id>/", views.edit_tag, name="edit_tag"),
    path("tags/<int:tag_id>/delete/", views.delete_tag, name="delete_tag"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite_member, name="invite_member"),
    path("members/<int:membership_id>/role/", views.change_role, name="change_role"),
    path("members/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/new/", views.create_api_key, name="create_api_key"),
    path("api-keys/<int:key_id>/revoke/", views.revoke_api_key, name="revoke_api_key"),
    path("widget/", include(widget.team_urlpatterns)),
    path("webhooks/", include(webhooks.urlpatterns)),
]
