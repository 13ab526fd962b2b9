from django.urls import path

from groundswell.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_centre, name="centre"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:delivery_id>/read/", views.mark_read, name="mark_read"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("settings/", views.notification_settings, name="settings"),
    path("ideas/<int:idea_id>/level/", views.idea_level, name="idea_level"),
    path("ideas/<int:idea_id>/level/remove/", views.forget_idea_level, name="forget_idea_level"),
]
