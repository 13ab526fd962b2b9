from django.urls import path

from groundswell.changelog import team_views

app_name = "changelog_team"

urlpatterns = [
    path("", team_views.entries, name="entries"),
    path("new/", team_views.create_entry, name="create"),
    path("<int:entry_id>/", team_views.edit_entry, name="edit"),
    path("<int:entry_id>/ideas/", team_views.pick_ideas, name="ideas"),
    path("<int:entry_id>/publish/", team_views.publish_entry, name="publish"),
    path("<int:entry_id>/delete/", team_views.delete_entry, name="delete"),
]
