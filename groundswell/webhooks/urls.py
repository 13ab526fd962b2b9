"""Webhook team pages, included by workspaces/urls.py under /<workspace>/manage/webhooks/."""

from django.urls import path

from groundswell.webhooks import views

urlpatterns = [
    path("", views.endpoints, name="webhooks"),
    path("new/", views.create_endpoint, name="create_webhook"),
    path("<int:endpoint_id>/", views.edit_endpoint, name="edit_webhook"),
    path("<int:endpoint_id>/delete/", views.delete_endpoint, name="delete_webhook"),
    path("<int:endpoint_id>/test/", views.send_test_event, name="test_webhook"),
    path("<int:endpoint_id>/secret/", views.reveal_secret, name="reveal_webhook_secret"),
    path("<int:endpoint_id>/secret/rotate/", views.rotate_secret, name="rotate_webhook_secret"),
    path("<int:endpoint_id>/deliveries/", views.deliveries, name="webhook_deliveries"),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/replay/",
        views.replay_delivery,
        name="replay_webhook_delivery",
    ),
]
