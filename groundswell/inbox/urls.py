"""The inbox's team pages, included by workspaces/urls.py under /<workspace>/manage/inbox/,
and the companies pages under /<workspace>/manage/companies/."""

from django.urls import path

from groundswell.inbox import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("selected/archive/", views.archive_selected, name="archive_inbox_items"),
    path("selected/link/", views.link_selected, name="link_inbox_items"),
    path("<int:item_id>/link/", views.link_item, name="link_inbox_item"),
    path("<int:item_id>/new-idea/", views.create_idea, name="create_idea_from_inbox_item"),
    path("<int:item_id>/archive/", views.archive_item, name="archive_inbox_item"),
]

company_urlpatterns = [
    path("", views.companies, name="companies"),
    path("<int:company_id>/", views.company, name="company"),
]
