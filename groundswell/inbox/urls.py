"""The inbox's team pages, included by workspaces/urls.py under /<workspace>/manage/inbox/."""

from django.urls import path

from groundswell.inbox import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("selected/archive/", views.archive_selected, name="archive_inbox_items"),
    path("<int:item_id>/link/", views.link_item, name="link_inbox_item"),
    path("<int:item_id>/new-idea/", views.create_idea, name="create_idea_from_inbox_item"),
    path("<int:item_id>/archive/", views.archive_item, name="archive_inbox_item"),
]
